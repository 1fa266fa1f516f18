import { GFD_PRODUCTS, GKE_ACCELERATOR_VALUE } from "../../catalog/accelerators.js";
import type { Path } from "../../model/path.js";
import { asArray, asObject, asString, getIn, type Resource } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { didYouMean } from "../../util/suggest.js";
import { defineRule, type RuleContext } from "../types.js";

const LABEL = "nvidia.com/gpu.product";
const LOWER = new Map(GFD_PRODUCTS.map((p) => [p.toLowerCase(), p]));

/** What is wrong with a gpu.product value, or undefined when it is known or no better value is known. */
export function productProblem(value: string): string | undefined {
  const base = value.replace(/-SHARED$/, "").replace(/-MIG-\d+g\.\d+gb$/, "");
  if (GFD_PRODUCTS.includes(base)) return undefined;
  const ci = LOWER.get(base.toLowerCase());
  if (ci) return `label values are case-sensitive; did you mean "${ci}"?`;
  for (const prefix of ["NVIDIA-", "Tesla-"]) {
    const p = LOWER.get(`${prefix}${base}`.toLowerCase());
    if (p) return `GPU Feature Discovery publishes the full product name; did you mean "${p}"?`;
  }
  const longer = GFD_PRODUCTS.filter((p) => p.toLowerCase().startsWith(`${base.toLowerCase()}-`));
  if (longer.length > 0)
    return `GPU Feature Discovery publishes the full product name, such as ${longer
      .slice(0, 3)
      .map((p) => `"${p}"`)
      .join(" or ")}; a selector matches only exact values`;
  if (GKE_ACCELERATOR_VALUE.test(value))
    return `"${value}" is a value of GKE's cloud.google.com/gke-accelerator label, not of ${LABEL}; select on that label instead, or use the GFD product name`;
  // A near miss is a typo inside one GPU model (A100 for A10O), never another model: V100 is not V100S.
  const hint = didYouMean(base, GFD_PRODUCTS);
  if (hint && modelOf(hint) === modelOf(base)) return `did you mean "${hint}"?`;
  return undefined;
}

/** The GPU model token of a product name: `V100` of Tesla-V100-DGXS-32GB, `H100` of NVIDIA-H100-80GB-HBM3. */
function modelOf(product: string): string | undefined {
  return /(?:^|-)((?:GH|GB|RTX-)?[A-Z]{1,2}\d{1,4}[A-Z]?)(?=-|$)/i
    .exec(product.replace(/^(NVIDIA|Tesla)-/i, "-"))?.[1]
    ?.toUpperCase();
}

function check(r: Resource, ctx: RuleContext, value: unknown, path: Path) {
  const v = asString(value);
  if (v === undefined) return;
  const problem = productProblem(v);
  if (!problem) return;
  ctx.report({
    resource: r,
    path,
    message: `no node is labelled ${LABEL}=${v}, so the pod stays Pending: ${problem}`,
  });
}

function checkAffinity(r: Resource, ctx: RuleContext, podSpec: Record<string, unknown>, base: Path) {
  const na = asObject(getIn(podSpec, ["affinity", "nodeAffinity"]));
  if (!na) return;
  const termsPath: [Path, unknown][] = [];
  const required = asArray(getIn(na, ["requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"]));
  for (const [i, t] of required.entries()) {
    termsPath.push([
      [...base, "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms", i],
      t,
    ]);
  }
  for (const [i, p] of asArray(na.preferredDuringSchedulingIgnoredDuringExecution).entries()) {
    termsPath.push([
      [...base, "affinity", "nodeAffinity", "preferredDuringSchedulingIgnoredDuringExecution", i, "preference"],
      asObject(p)?.preference,
    ]);
  }
  for (const [tp, term] of termsPath) {
    for (const [i, e] of asArray(asObject(term)?.matchExpressions).entries()) {
      const expr = asObject(e);
      if (!expr || expr.key !== LABEL || expr.operator !== "In") continue;
      for (const [j, v] of asArray(expr.values).entries())
        check(r, ctx, v, [...tp, "matchExpressions", i, "values", j]);
    }
  }
}

export default defineRule({
  id: "gpu/product-selector",
  category: "gpu",
  severity: "error",
  summary:
    "A nodeSelector or node affinity names an nvidia.com/gpu.product value GPU Feature Discovery does not publish",
  rationale:
    'GPU Feature Discovery labels each node with nvidia.com/gpu.product set to the full NVML product name with spaces turned into dashes ("NVIDIA-A100-SXM4-80GB", "NVIDIA-H100-80GB-HBM3", "Tesla-T4"). Selectors match exact, case-sensitive values, so "A100", "NVIDIA-H100" or GKE\'s "nvidia-tesla-t4" match no node and the pod stays Pending with "didn\'t match Pod\'s node affinity/selector".',
  remediation:
    "Use the exact value from `kubectl get nodes -L nvidia.com/gpu.product`, or select on a coarser label such as nvidia.com/gpu.family or nvidia.com/gpu.memory.",
  links: [
    {
      title: "GPU Feature Discovery labels",
      url: "https://github.com/NVIDIA/k8s-device-plugin/tree/main/docs/gpu-feature-discovery",
    },
  ],
  examples: {
    valid: [
      {
        title: "a DGX Station V100 (GFD publishes Tesla-V100-DGXS-32GB)",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            nodeSelector:
              nvidia.com/gpu.product: Tesla-V100-DGXS-32GB
            containers:
              - name: c
                image: x:1
        `,
      },
      {
        title: "an unlisted product of another model is not turned into a near miss of a listed one",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            nodeSelector:
              nvidia.com/gpu.product: NVIDIA-A2
            containers:
              - name: c
                image: x:1
        `,
      },
      {
        title: "exact product names",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            nodeSelector:
              nvidia.com/gpu.product: NVIDIA-H100-80GB-HBM3
            containers: [{name: m, image: i}]
          ---
          apiVersion: kueue.x-k8s.io/v1beta2
          kind: ResourceFlavor
          metadata:
            name: t4
          spec:
            nodeLabels:
              nvidia.com/gpu.product: Tesla-T4-SHARED
        `,
      },
    ],
    invalid: [
      {
        title: "a short name, a GKE accelerator value and a wrong case",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: d
          spec:
            template:
              spec:
                nodeSelector:
                  nvidia.com/gpu.product: NVIDIA-H100
                affinity:
                  nodeAffinity:
                    requiredDuringSchedulingIgnoredDuringExecution:
                      nodeSelectorTerms:
                        - matchExpressions:
                            - key: nvidia.com/gpu.product
                              operator: In
                              values: [nvidia-tesla-t4, nvidia-a100-sxm4-80gb]
                containers: [{name: m, image: i}]
        `,
        findings: [
          { line: 9, column: 33, message: /NVIDIA-H100.*"NVIDIA-H100-80GB-HBM3"/ },
          { line: 17, column: 30, message: /cloud.google.com\/gke-accelerator/ },
          { line: 17, column: 47, message: /case-sensitive; did you mean "NVIDIA-A100-SXM4-80GB"/ },
        ],
      },
    ],
  },
  workload(w, ctx) {
    for (const g of w.podGroups) {
      if (!g.podSpec || !g.podSpecPath) continue;
      const sel = asObject(g.podSpec.nodeSelector);
      if (sel && LABEL in sel) check(w.resource, ctx, sel[LABEL], [...g.podSpecPath, "nodeSelector", LABEL]);
      checkAffinity(w.resource, ctx, g.podSpec, g.podSpecPath);
    }
  },
  resource(r, ctx) {
    if (r.group === "kueue.x-k8s.io" && r.kind === "ResourceFlavor") {
      const labels = asObject(getIn(r.value, ["spec", "nodeLabels"]));
      if (labels && LABEL in labels) check(r, ctx, labels[LABEL], ["spec", "nodeLabels", LABEL]);
    }
  },
});
