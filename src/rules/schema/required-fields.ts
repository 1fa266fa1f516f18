import { KNOWN_GROUPS } from "../../model/kinds.js";
import { asArray, getIn } from "../../model/resource.js";
import { isPartial } from "../../model/workload.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "schema/required-fields",
  category: "schema",
  severity: "error",
  summary:
    "A field the API server requires is missing: apiVersion, kind, metadata.name, containers, a container's name or image",
  rationale:
    "The API server rejects an object without apiVersion, kind or a name, a pod spec without containers, and a container without a name or an image. Generated manifests drop such fields when a block is restructured.",
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
        yaml: `apiVersion: serving.kserve.io/v1alpha2
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
        yaml: "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: s\nspec:\n  predictor:\n    model:\n      modelFormat: {name: sklearn}\n      storageUri: gs://b/m\n  transformer:\n    custom:\n      container:\n        name: t\n        image: t:1\n",
      },
      {
        title: "a complete pod",
        yaml: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: main\n      image: busybox:1.36\n",
      },
    ],
    invalid: [
      {
        title: "no kind",
        yaml: "apiVersion: v1\nmetadata:\n  name: p\n",
        findings: [{ line: 1, column: 1, message: /kind/ }],
      },
      {
        title: "a container without an image",
        yaml: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: main\n",
        findings: [{ line: 7, column: 7, message: /image/ }],
      },
      {
        title: "a training worker with no containers",
        yaml: "apiVersion: kubeflow.org/v1\nkind: PyTorchJob\nmetadata:\n  name: t\nspec:\n  pytorchReplicaSpecs:\n    Worker:\n      template:\n        spec:\n          restartPolicy: OnFailure\n",
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
