import { gpuTaintProblem, nodeList } from "../../cluster/diagnose.js";
import { TWO_H100_NODES } from "../../cluster/example-inventories.js";
import { formatTaint } from "../../cluster/match.js";
import { analyzeGroup } from "../../cluster/placement.js";
import { dedent } from "../../util/dedent.js";
import { clusterOf, defineRule } from "../types.js";

export default defineRule({
  id: "gpu/cluster-missing-gpu-toleration",
  category: "gpu",
  severity: "error",
  requires: ["cluster"],
  summary: "A GPU pod does not tolerate a taint that every GPU node of the cluster inventory carries",
  rationale:
    "GPU node pools are usually tainted (`nvidia.com/gpu=present:NoSchedule` on GKE and many self-managed clusters) so that CPU pods stay off them. A pod that requests GPUs but lacks the matching toleration can land on no GPU node and stays Pending. Some clusters add the toleration automatically (the ExtendedResourceToleration admission plugin, enabled on GKE), others do not (AKS), so a manifest that worked on one cloud breaks on another. Checked only with `mlgate check --cluster nodes.json`.",
  remediation:
    "Add a toleration for the taint the message names, e.g. `{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}`, to the pod template. For a Kueue-managed workload (a warning), the toleration may instead come from the ResourceFlavor's `tolerations`.",
  links: [
    {
      title: "Kubernetes: Taints and Tolerations (special hardware)",
      url: "https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/#example-use-cases",
    },
    {
      title: "ExtendedResourceToleration admission controller",
      url: "https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#extendedresourcetoleration",
    },
    { title: "Azure/AKS#1449: no automatic GPU toleration on AKS", url: "https://github.com/Azure/AKS/issues/1449" },
  ],
  examples: {
    valid: [
      {
        title: "A toleration for the GPU taint",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            tolerations:
              - key: nvidia.com/gpu
                operator: Exists
                effect: NoSchedule
            containers:
              - name: c
                image: i
                resources:
                  limits:
                    nvidia.com/gpu: 1
        `,
        options: { cluster: TWO_H100_NODES },
      },
    ],
    invalid: [
      {
        title: "A Kueue-managed job may get the toleration from its ResourceFlavor (warning)",
        yaml: dedent`
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: ft
            labels:
              kueue.x-k8s.io/queue-name: team-a
          spec:
            template:
              spec:
                containers:
                  - name: c
                    image: i
                    resources:
                      limits:
                        nvidia.com/gpu: 1
        `,
        options: { cluster: TWO_H100_NODES },
        findings: [{ line: 10, column: 7, severity: "warning", message: /unless the Kueue ResourceFlavor/ }],
      },
      {
        title: "A GPU pod without tolerations on tainted GPU nodes",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: vllm
          spec:
            replicas: 1
            template:
              spec:
                containers:
                  - name: vllm
                    image: vllm/vllm-openai:v0.6.3
                    resources:
                      limits:
                        nvidia.com/gpu: 2
        `,
        options: { cluster: TWO_H100_NODES },
        findings: [
          {
            line: 9,
            column: 7,
            message:
              /do not tolerate nvidia.com\/gpu=present:NoSchedule, which all 2 nodes offering nvidia.com\/gpu carry/,
          },
        ],
      },
    ],
  },
  workload(w, ctx) {
    const inv = clusterOf(ctx);
    for (const g of w.podGroups) {
      if (g.replicas === 0) continue;
      const a = analyzeGroup(g, inv);
      const p = gpuTaintProblem(a, inv);
      if (!p) continue;
      const nodes = `${p.gpuNodes.length === 1 ? "the only node" : `all ${p.gpuNodes.length} nodes`} offering ${p.resource}`;
      const taints =
        p.common.length > 0
          ? `${p.common.map(formatTaint).join(", ")}, which ${nodes} carry (${nodeList(p.gpuNodes)})`
          : `the taints of ${nodes}: ${p.examples.map(([n, t]) => `${n.name} has ${formatTaint(t)}`).join(", ")}`;
      const t = p.common[0] ?? p.examples[0]?.[1];
      const fix = t ? `; add a toleration {key: ${t.key}, operator: Exists, effect: ${t.effect}}` : "";
      // Kueue injects a ResourceFlavor's tolerations when it admits the workload: then the manifest may rightly lack them.
      const kueue = w.scheduling.queue?.source === "kueue";
      ctx.report({
        resource: w.resource,
        path: a.req.tolerationsPath ?? g.podSpecPath ?? [],
        ...(kueue ? { severity: "warning" as const } : {}),
        message: `pods of "${g.role}" request ${p.resource} but do not tolerate ${taints}, so they can land on no GPU node${fix} (${kueue ? "unless the Kueue ResourceFlavor it is admitted to lists the toleration; " : ""}clusters with the ExtendedResourceToleration admission plugin add it for you; many do not)`,
      });
    }
  },
});
