import { KNOWN_GROUPS } from "../../model/kinds.js";
import { formatPath } from "../../model/path.js";
import { asArray, getIn } from "../../model/resource.js";
import { checkShape } from "../../model/shape.js";
import { isPartial } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "schema/required-fields",
  category: "schema",
  severity: "error",
  summary:
    "A field the API server requires is missing: apiVersion, kind, metadata.name, containers, a container's name or image, and every field the kind's schema requires",
  rationale:
    "The API server rejects an object without apiVersion, kind or a name, a pod spec without containers, and a container without a name or an image. Beyond these, every field the kind's OpenAPI schema (or CRD) marks required is checked at every depth — a Deployment's template, a ServicePort's port, an env var's name, a configMapKeyRef's key, a PolicyRule's verbs — for the target release (`--kube-version`). Generated manifests drop such fields when a block is restructured.",
  remediation: "Add the missing field at the reported place.",
  links: [
    {
      title: "Required fields of a Kubernetes object",
      url: "https://kubernetes.io/docs/concepts/overview/working-with-objects/#required-fields",
    },
    {
      title: "Container (API reference)",
      url: "https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Container",
    },
  ],
  examples: {
    valid: [
      {
        title: "an LLMInferenceService's partial templates: the controller's presets supply the image",
        yaml: dedent`
          apiVersion: serving.kserve.io/v1alpha2
          kind: LLMInferenceService
          metadata:
            name: r1
          spec:
            model: {uri: "hf://deepseek-ai/DeepSeek-R1", name: r1}
            parallelism: {data: 16, dataLocal: 8, tensor: 1}
            template:
              containers:
                - name: main
                  resources:
                    limits: {nvidia.com/gpu: "8", rdma/roce_gdr: 1, memory: 512Gi}
                    requests: {nvidia.com/gpu: "8", rdma/roce_gdr: 1, memory: 256Gi}
            worker:
              containers:
                - name: main
                  resources:
                    limits: {nvidia.com/gpu: "8", rdma/roce_gdr: 1, memory: 512Gi}
                    requests: {nvidia.com/gpu: "8", rdma/roce_gdr: 1, memory: 256Gi}
        `,
      },
      {
        title:
          "an InferenceService transformer whose container sits under the unknown key `custom`: schema/unknown-field reports the cause, superseding this rule there",
        yaml: dedent`
          apiVersion: serving.kserve.io/v1beta1
          kind: InferenceService
          metadata:
            name: s
          spec:
            predictor:
              model:
                modelFormat: {name: sklearn}
                storageUri: gs://b/m
            transformer:
              custom:
                container:
                  name: t
                  image: t:1
        `,
      },
      {
        title: "a complete pod",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: main
                image: busybox:1.36
        `,
      },
    ],
    invalid: [
      {
        title: "no kind",
        yaml: dedent`
          apiVersion: v1
          metadata:
            name: p
        `,
        findings: [{ line: 1, column: 1, message: /kind/ }],
      },
      {
        title: "a container without an image",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: main
        `,
        findings: [{ line: 7, column: 7, message: /image/ }],
      },
      {
        title: "a Service port without its port, and an env var read from a ConfigMap without a key",
        yaml: dedent`
          apiVersion: v1
          kind: Service
          metadata:
            name: s
          spec:
            ports: [{name: http, targetPort: 8000}]
          ---
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: m
                image: m:1
                env:
                  - name: MODEL
                    valueFrom: {configMapKeyRef: {name: models}}
        `,
        findings: [
          { line: 6, column: 11, message: /port is required in spec.ports\[0\] of Service/ },
          {
            line: 18,
            column: 40,
            message: /key is required in spec.containers\[0\].env\[0\].valueFrom.configMapKeyRef of Pod/,
          },
        ],
      },
      {
        title: "a training worker with no containers",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: t
          spec:
            pytorchReplicaSpecs:
              Worker:
                template:
                  spec:
                    restartPolicy: OnFailure
        `,
        findings: [{ line: 10, column: 11, message: /no containers/ }],
      },
    ],
  },
  resource(r, ctx) {
    if (!r.apiVersion) ctx.report({ resource: r, path: [], message: "apiVersion is missing" });
    if (!r.kind) ctx.report({ resource: r, path: [], message: "kind is missing" });
    // Component configs (KubeSchedulerConfiguration …) share apiVersion/kind but are not API objects.
    // An embedded object (a Katib trial's job) is named by the controller that creates it.
    if (r.kind && KNOWN_GROUPS.has(r.group) && !r.kind.endsWith("List") && r.name === undefined && !r.embeddedIn) {
      ctx.report({
        resource: r,
        path: getIn(r.value, ["metadata"]) ? ["metadata"] : [],
        message: "metadata.name is missing",
      });
    }
    // An operator's mutating webhook may fill in what its CRD requires (JobSet names its failure
    // policy rules), and runs before the schema is checked: from a user's CRD, a warning.
    const fromCrd = ctx.set.crds?.kinds.has(`${r.apiVersion}/${r.kind}`) === true;
    for (const m of checkShape(r, ctx.options.kubeVersion, ctx.set.crds).missing) {
      // The checks below say these in the words of a pod.
      if (m.field === "containers") continue;
      const parent = m.path[m.path.length - 2];
      if (m.field === "name" && typeof parent === "string" && /^(initC|ephemeralC|c)ontainers$/.test(parent)) continue;
      ctx.report({
        resource: r,
        path: m.path,
        message: `${m.field} is required${m.path.length ? ` in ${formatPath(m.path)}` : ""} of ${r.kind}${fromCrd ? " by its CRD (unless the operator's mutating webhook sets it)" : ""}`,
        ...(fromCrd ? { severity: "warning" as const } : {}),
      });
    }
  },
  workload(w, ctx) {
    const r = w.resource;
    for (const g of w.podGroups) {
      const partial = isPartial(g); // an overlay: containers and images may come from its base
      if (
        !partial &&
        g.podSpecPath &&
        g.podSpec &&
        !g.containers.some((c) => c.role === "container" || c.role === "model")
      ) {
        if (asArray(g.podSpec.containers).length === 0) {
          ctx.report({ resource: r, path: g.podSpecPath, message: `pod group "${g.role}" has no containers` });
        }
      }
      for (const c of g.containers) {
        if (c.role !== "container" && c.role !== "initContainer") continue;
        if (typeof c.value.name !== "string" || c.value.name === "") {
          ctx.report({ resource: r, path: c.path, message: "container has no name" });
        }
        if (!partial && (typeof c.value.image !== "string" || c.value.image === "")) {
          // KServe fills in its own container's image; a Trainer runtime's `node` container takes
          // the TrainJob's spec.trainer.image.
          if (r.group === "serving.kserve.io" && c.name === "kserve-container") continue;
          if (r.group === "trainer.kubeflow.org" && c.name === "node") continue;
          ctx.report({ resource: r, path: c.path, message: `container "${c.name ?? "?"}" has no image` });
        }
      }
    }
  },
});
