/**
 * Karpenter's NodePool and EC2NodeClass, as data: the API groups, the labels its requirements use,
 * the disruption settings and their defaults, and the pod annotation that protects a pod. Read
 * 2026-12-04 (../shared/research/terraform-gpu.md §5):
 * - K1 aws/karpenter-provider-aws@1d927085dd81 website/content/en/docs/concepts/{disruption,nodepools,
 *   scheduling}.md, docs/reference/instance-types.md;
 * - K2 kubernetes-sigs/karpenter@2266468104f3 pkg/apis/v1/{nodepool,labels}.go, tags v1.0.0–v1.14.1.
 */

export const KARPENTER_GROUP = "karpenter.sh";
export const KARPENTER_AWS_GROUP = "karpenter.k8s.aws";

/** The node label Karpenter puts on every node it launches: the NodePool's name (K2 labels.go). */
export const NODEPOOL_LABEL = "karpenter.sh/nodepool";

/**
 * `spec.disruption.consolidationPolicy`: v1 `WhenEmpty` | `WhenEmptyOrUnderutilized` (the default) |
 * `Balanced` (v1.14); v1beta1 `WhenEmpty` | `WhenUnderutilized` (its default). Under the
 * underutilized policies Karpenter deletes or replaces a node whose pods fit elsewhere, evicting
 * them through the Eviction API (K1 disruption.md; K2 nodepool.go).
 */
export const CONSOLIDATES_BUSY_NODES: ReadonlySet<string> = new Set([
  "WhenEmptyOrUnderutilized",
  "WhenUnderutilized",
  "Balanced",
]);
export const DEFAULT_CONSOLIDATION_POLICY: Readonly<Record<string, string>> = {
  v1: "WhenEmptyOrUnderutilized",
  v1beta1: "WhenUnderutilized",
};
/** `consolidateAfter: Never` turns consolidation off (K1 disruption.md). */
export const CONSOLIDATE_NEVER = "Never";

/**
 * The pod annotation that keeps Karpenter from voluntarily disrupting the pod's node: `"true"`, or a
 * Go duration that protects the pod that long after it starts (K1 disruption.md, K2). A
 * `terminationGracePeriod` on the NodePool overrides it once the node is being drained.
 */
export const DO_NOT_DISRUPT = "karpenter.sh/do-not-disrupt";

/** Requirement keys that name an instance's accelerators (K1 scheduling.md, instance-types.md). */
export const GPU_REQUIREMENT_KEYS: readonly string[] = [
  "karpenter.k8s.aws/instance-gpu-count",
  "karpenter.k8s.aws/instance-gpu-name",
  "karpenter.k8s.aws/instance-gpu-manufacturer",
  "karpenter.k8s.aws/instance-gpu-memory",
  "karpenter.k8s.aws/instance-accelerator-count",
  "karpenter.k8s.aws/instance-accelerator-name",
  "karpenter.k8s.aws/instance-accelerator-manufacturer",
];
export const INSTANCE_TYPE_KEY = "node.kubernetes.io/instance-type";
export const INSTANCE_FAMILY_KEY = "karpenter.k8s.aws/instance-family";
export const INSTANCE_CATEGORY_KEY = "karpenter.k8s.aws/instance-category";
export const CAPACITY_TYPE_KEY = "karpenter.sh/capacity-type";
/** EC2 instance categories whose instances carry GPUs or AWS accelerators (K1 instance-types.md: g, p, inf, trn). */
export const ACCELERATED_CATEGORIES: ReadonlySet<string> = new Set(["g", "p", "inf", "trn"]);
