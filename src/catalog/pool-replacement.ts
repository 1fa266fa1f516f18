/**
 * Which changes to a node pool Terraform cannot make in place: the provider destroys the pool and
 * creates it again (ForceNew), or (AKS `vm_size`) rotates every node through a temporary pool.
 * Either way every node is drained and replaced, and a running training job on it is killed.
 * Data only, for `terraform/node-pool-replaced` and `review`. Read 2026-12-04
 * (../shared/research/terraform-gpu.md §1, §4, §6):
 * - aws_eks_node_group: `instance_types`, `ami_type`, `capacity_type` are ForceNew
 *   (hashicorp/terraform-provider-aws@05389d465b6e website/docs/r/eks_node_group.html.markdown;
 *   @b11fc0fdd2ef internal/service/eks/node_group.go). terraform-aws-modules/eks passes a node
 *   group's inputs of the same names to that resource.
 * - azurerm_kubernetes_cluster_node_pool (and the default pool): `priority`, `gpu_driver`,
 *   `gpu_instance` are ForceNew; changing `vm_size` needs `temporary_name_for_rotation` and cycles
 *   the pool without cordon and drain (hashicorp/terraform-provider-azurerm@69697b7fe6a9
 *   website/docs/r/kubernetes_cluster_node_pool.html.markdown).
 * - A plan says it itself: actions `["delete","create"]` or `["create","delete"]`, with
 *   `action_reason` and `replace_paths` (hashicorp/terraform@883c7221ee2e internal/command/jsonplan).
 */

/** A property of a node pool as the pool model reads it. */
export type PoolFacet = "instance type" | "image" | "capacity type" | "driver installation";

export interface PoolReplacementRule {
  /** Resource type, or `module` for the terraform-aws-modules/eks node-group inputs. */
  type: string;
  /** The facets whose change replaces the pool, with the attribute's name in this resource. */
  facets: Partial<Record<PoolFacet, string>>;
  source: string;
}

const AWS_SRC = "hashicorp/terraform-provider-aws eks_node_group docs and node_group.go (ForceNew)";
const AZ_SRC =
  "hashicorp/terraform-provider-azurerm kubernetes_cluster_node_pool docs (ForceNew; vm_size rotates the pool)";

export const POOL_REPLACEMENTS: readonly PoolReplacementRule[] = [
  {
    type: "aws_eks_node_group",
    facets: { "instance type": "instance_types", image: "ami_type", "capacity type": "capacity_type" },
    source: AWS_SRC,
  },
  {
    type: "module",
    facets: { "instance type": "instance_types", image: "ami_type", "capacity type": "capacity_type" },
    source: `${AWS_SRC}; terraform-aws-modules/eks passes these inputs to aws_eks_node_group`,
  },
  {
    type: "azurerm_kubernetes_cluster_node_pool",
    facets: { "instance type": "vm_size", "capacity type": "priority", "driver installation": "gpu_driver" },
    source: AZ_SRC,
  },
  {
    type: "azurerm_kubernetes_cluster",
    facets: { "instance type": "vm_size", "driver installation": "gpu_driver" },
    source: AZ_SRC,
  },
];
