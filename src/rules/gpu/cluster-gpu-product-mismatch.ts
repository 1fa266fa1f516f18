import { productMisses } from "../../cluster/diagnose.js";
import { FOUR_A100_NODES, TWO_H100_NODES } from "../../cluster/example-inventories.js";
import { analyzeGroup } from "../../cluster/placement.js";
import { dedent } from "../../util/dedent.js";
import { didYouMean } from "../../util/suggest.js";
import { clusterOf, defineRule } from "../types.js";

export default defineRule({
  id: "gpu/cluster-gpu-product-mismatch",
  category: "gpu",
  severity: "error",
  requires: ["cluster"],
  summary:
    "A GPU product selector (nvidia.com/gpu.product and the like) names a value no node of the cluster inventory carries",
  rationale:
    "GPU Feature Discovery labels each GPU node with its exact product name (`nvidia.com/gpu.product=NVIDIA-H100-80GB-HBM3`), and selectors must match it character for character. A hand-typed `H100`, a product the cluster does not have, or the name of another cloud's accelerator leaves the pod Pending forever. Checked only with `mlgate check --cluster nodes.json`.",
  remediation:
    "Use a product value the nodes carry (the message lists them, with their node counts), or select on a coarser label such as nvidia.com/gpu.family.",
  links: [
    {
      title: "NVIDIA GPU Feature Discovery: generated labels",
      url: "https://github.com/NVIDIA/k8s-device-plugin/blob/main/docs/gpu-feature-discovery/README.md",
    },
  ],
  examples: {
    valid: [
      {
        title: "The product the nodes carry",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            nodeSelector:
              nvidia.com/gpu.product: NVIDIA-A100-SXM4-80GB
            containers:
              - name: c
                image: i
                resources:
                  limits:
                    nvidia.com/gpu: 1
        `,
        options: { cluster: FOUR_A100_NODES },
      },
    ],
    invalid: [
      {
        title: "A short product name in a nodeSelector",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            nodeSelector:
              nvidia.com/gpu.product: NVIDIA-H100-80GB
            tolerations:
              - {key: nvidia.com/gpu, operator: Exists}
            containers:
              - name: c
                image: i
                resources:
                  limits:
                    nvidia.com/gpu: 1
        `,
        options: { cluster: TWO_H100_NODES },
        findings: [
          {
            line: 7,
            column: 29,
            message: /"NVIDIA-H100-80GB" matches no node.*did you mean "NVIDIA-H100-80GB-HBM3"/,
          },
        ],
      },
      {
        title: "Required node affinity on a product the cluster lacks",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            affinity:
              nodeAffinity:
                requiredDuringSchedulingIgnoredDuringExecution:
                  nodeSelectorTerms:
                    - matchExpressions:
                        - key: nvidia.com/gpu.product
                          operator: In
                          values: [NVIDIA-H200]
            containers:
              - name: c
                image: i
        `,
        options: { cluster: FOUR_A100_NODES },
        findings: [{ line: 13, column: 25, message: /NVIDIA-A100-SXM4-80GB \(4 nodes\)/ }],
      },
    ],
  },
  workload(w, ctx) {
    const inv = clusterOf(ctx);
    const seen = new Set<string>();
    for (const g of w.podGroups) {
      for (const miss of productMisses(analyzeGroup(g, inv), inv)) {
        const key = miss.path.join("/");
        if (seen.has(key)) continue;
        seen.add(key);
        const present = [...miss.present].sort((a, b) => b[1] - a[1]);
        const listed = present.map(([v, n]) => `${v} (${n} node${n === 1 ? "" : "s"})`).join(", ");
        const hint = miss.wanted.length === 1 ? didYouMean(miss.wanted[0] as string, miss.present.keys()) : undefined;
        const wanted = miss.wanted.map((v) => `"${v}"`).join(", ");
        ctx.report({
          resource: w.resource,
          path: miss.path,
          message:
            `${miss.label} ${wanted} matches no node of ${inv.source}` +
            (hint ? `; did you mean "${hint}"?` : ".") +
            (listed ? ` Values in this cluster: ${listed}.` : ` No node carries the label ${miss.label}.`),
        });
      }
    }
  },
});
