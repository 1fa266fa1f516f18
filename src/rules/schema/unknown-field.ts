import { formatPath } from "../../model/path.js";
import { checkShape, SHAPE_RELEASES, shapeRelease } from "../../model/shape.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "schema/unknown-field",
  category: "schema",
  severity: "error",
  summary: "A field the kind does not have: a misspelt or misplaced key that the API server drops or rejects",
  rationale:
    "A renamed or misspelt key is the commonest mistake in generated configuration, and it fails silently. The API server prunes fields a custom resource's schema does not know (a PyTorchJob's `resoures:` simply vanishes), and for built-in kinds it drops them with a mere warning unless the client asks for strict field validation; either way the setting the author meant never takes effect: the GPU limit, the node selector or the toleration is just not there. The known fields come from each project's CRD (openAPIV3Schema of the served versions, see src/catalog/shapes/generated.ts) and, for built-in kinds — every kind the API server serves, not only workloads — from the OpenAPI document of the target release (`--kube-version`; 1.34, 1.35 and 1.36 are kept, see src/catalog/shapes/kubernetes-*.ts), so a field added in a later release is unknown to an older target. Places that take any key — labels, annotations, nodeSelector, ConfigMap data, rayStartParams, maps of additionalProperties — are not checked.",
  remediation:
    "Rename the key to the field it was meant to be (the message suggests the closest one), or move it to the level where it belongs: `resources` goes in a container, `nodeSelector` in the pod spec. Run `kubectl apply --dry-run=server --validate=strict` to see the API server's own verdict.",
  links: [
    {
      title: "Field validation (server-side, strict) in the Kubernetes API",
      url: "https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation",
    },
    {
      title: "Pruning of unknown fields in custom resources",
      url: "https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#field-pruning",
    },
  ],
  supersedes: [
    {
      rule: "schema/required-fields",
      cause:
        "a pod group whose containers are missing because its only content sits under an unknown key (KServe's old `custom:` block)",
    },
  ],
  examples: {
    valid: [
      {
        title: "a PyTorchJob whose every field is in its CRD",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: bert
            labels: {any-label: x}
          spec:
            pytorchReplicaSpecs:
              Worker:
                replicas: 2
                template:
                  spec:
                    nodeSelector: {gpu: a100}
                    containers:
                      - name: pytorch
                        image: bert:1
                        resources:
                          limits: {nvidia.com/gpu: 8}
        `,
      },
      {
        title:
          "a nicSelector key the SR-IOV operator does not know: network/sriov-policy reports it, superseding this rule there",
        yaml: dedent`
          apiVersion: sriovnetwork.openshift.io/v1
          kind: SriovNetworkNodePolicy
          metadata: {name: p, namespace: sriov-network-operator}
          spec:
            resourceName: vf
            numVfs: 4
            nicSelector:
              vendor: "15b3"
              pfName: ["ens1f0"]
            nodeSelector: {}
        `,
      },
      {
        title: "free-form maps: rayStartParams, ConfigMap data",
        yaml: dedent`
          apiVersion: ray.io/v1
          kind: RayCluster
          metadata:
            name: r
          spec:
            headGroupSpec:
              rayStartParams: {dashboard-host: 0.0.0.0, any-flag: "1"}
              template:
                spec:
                  containers: [{name: head, image: ray:2}]
          ---
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: c
          data:
            anything: goes
        `,
      },
    ],
    invalid: [
      {
        title: "a misspelt container field in a PyTorchJob",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: bert
          spec:
            pytorchReplicaSpecs:
              Worker:
                replicas: 2
                template:
                  spec:
                    containers:
                      - name: pytorch
                        image: bert:1
                        resoures:
                          limits: {nvidia.com/gpu: 8}
        `,
        findings: [{ line: 14, column: 15, message: /unknown field "resoures".*did you mean "resources"/ }],
      },
      {
        title: "nodeSelecter in a Deployment, and image written in the pod spec",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: vllm
          spec:
            selector: {matchLabels: {app: vllm}}
            template:
              metadata: {labels: {app: vllm}}
              spec:
                nodeSelecter: {gpu: h100}
                image: vllm/vllm-openai:v0.6.0
                containers:
                  - name: vllm
                    image: vllm/vllm-openai:v0.6.0
        `,
        findings: [
          { line: 10, column: 7, message: /"nodeSelecter".*did you mean "nodeSelector"/ },
          { line: 11, column: 7, message: /"image" is a field of containers\[\], one level down/ },
        ],
      },
      {
        title: "a pod spec field written in a container",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: m
                image: i
                tolerations:
                  - {key: nvidia.com/gpu, operator: Exists}
        `,
        findings: [{ line: 9, column: 7, message: /"tolerations" is a field of spec, one level up/ }],
      },
    ],
  },
  resource(r, ctx) {
    const unknown = checkShape(r, ctx.options.kubeVersion, ctx.set.crds).unknown;
    if (unknown.length === 0) return;
    // A field a later kept release has: say so, rather than guess at a spelling.
    const release = shapeRelease(ctx.options.kubeVersion);
    const ownCrd = ctx.set.crds?.kinds.has(`${r.apiVersion}/${r.kind}`) === true;
    const later = ownCrd ? [] : SHAPE_RELEASES.filter((v) => Number(v.split(".")[1]) > Number(release.split(".")[1]));
    const knownIn = (u: (typeof unknown)[number]) =>
      later.find((v) => !checkShape(r, v).unknown.some((o) => formatPath(o.path) === formatPath(u.path)));
    for (const u of unknown) {
      const where = u.path.length > 1 ? ` in ${formatPath(u.path.slice(0, -1))}` : "";
      const added = later.length ? knownIn(u) : undefined;
      const hint = added
        ? `Kubernetes ${release} does not have it; it is in ${added} (the target is --kube-version ${ctx.options.kubeVersion})`
        : u.hint;
      ctx.report({
        resource: r,
        path: u.path,
        at: "key",
        message: `unknown field "${u.key}"${where} of ${r.kind}${hint ? `: ${hint}` : ""}`,
      });
    }
  },
});
