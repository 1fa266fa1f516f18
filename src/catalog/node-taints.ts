import type { Cloud } from "./instance-types.js";

/**
 * Taints that keep pods off a node pool, and the taints clouds put on node pools themselves.
 * Data only, for terraform/gpu-pool-taint. Read 2026-12-04 (../shared/research/terraform-gpu.md §1, §3, §4):
 * - EKS and GKE Terraform spell effects `NO_SCHEDULE`/`NO_EXECUTE`/`PREFER_NO_SCHEDULE`
 *   (hashicorp/terraform-provider-aws eks_node_group docs; terraform-provider-google container_node_pool
 *   docs); Kubernetes, Karpenter and AKS `node_taints` spell them `NoSchedule`/`NoExecute`.
 *   `PreferNoSchedule` is only a preference: pods without the toleration still land there.
 * - GKE (https://cloud.google.com/kubernetes-engine/docs/how-to/gpus): GKE adds
 *   `nvidia.com/gpu=present:NoSchedule` to a GPU node pool only when the pool joins a cluster that
 *   already has a non-GPU pool; not when every pool has GPUs, and not retroactively.
 * - AKS Spot pools carry `kubernetes.azure.com/scalesetpriority=spot:NoSchedule`
 *   (MicrosoftDocs/azure-docs@025127781aa6 articles/aks/spot-node-pool.md).
 * - EKS adds no taint of its own to a node group (only the `taint` blocks written).
 */

/** Effects that keep a pod without the toleration off the node. */
export const HARD_TAINT_EFFECTS: ReadonlySet<string> = new Set([
  "NO_SCHEDULE",
  "NO_EXECUTE",
  "NoSchedule",
  "NoExecute",
]);

export interface CloudAddedTaint {
  cloud: Cloud;
  key: string;
  value: string;
  effect: string;
  /** When the cloud adds it. */
  when: "gpu-pool-in-cluster-with-non-gpu-pool" | "spot-pool";
  source: string;
}

export const CLOUD_ADDED_TAINTS: readonly CloudAddedTaint[] = [
  {
    cloud: "gcp",
    key: "nvidia.com/gpu",
    value: "present",
    effect: "NoSchedule",
    when: "gpu-pool-in-cluster-with-non-gpu-pool",
    source: "https://cloud.google.com/kubernetes-engine/docs/how-to/gpus",
  },
  {
    cloud: "azure",
    key: "kubernetes.azure.com/scalesetpriority",
    value: "spot",
    effect: "NoSchedule",
    when: "spot-pool",
    source: "MicrosoftDocs/azure-docs@025127781aa6 articles/aks/spot-node-pool.md",
  },
];

/** The taint a cloud adds to a pool in the given situation, if any. */
export function cloudAddedTaint(cloud: Cloud, when: CloudAddedTaint["when"]): CloudAddedTaint | undefined {
  return CLOUD_ADDED_TAINTS.find((t) => t.cloud === cloud && t.when === when);
}
