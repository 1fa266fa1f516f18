import { formatPoolCost, poolCost, usd } from "../../estimate/pool-cost.js";
import { gpuPools } from "../../model/terraform-pools.js";
import { dedent } from "../../util/dedent.js";
import { reportAt, tf, tfInvalid } from "../terraform/_util.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "cost/gpu-pool-idle-minimum",
  category: "cost",
  severity: "warning",
  summary:
    "An autoscaled GPU node pool keeps a minimum of nodes running: they are billed around the clock, whether or not a pod needs them",
  rationale:
    "The cluster autoscaler and EKS, GKE and AKS node-pool autoscaling never go below the pool's minimum: `min_size = 2` on p5.48xlarge keeps 16 H100s running through nights and weekends, about $80,000 a month on demand, even when no GPU pod is scheduled. A GPU pool that scales from zero adds nodes when a pod that requests GPUs is pending and removes them when they are empty. terraform-aws-modules/eks gives a node group that sets no `min_size` a minimum of 1. Cost tools that price the desired size alone do not show this floor.",
  remediation:
    "Set the minimum to 0 (`min_size = 0`, `min_node_count = 0`, `min_count = 0`) and let the autoscaler add GPU nodes when GPU pods are pending. Keep a floor only where start-up latency matters (an inference service), and say so with an `ignore:` entry in .mlgate.yaml.",
  links: [
    {
      title: "Cluster Autoscaler FAQ: scaling a node group to 0",
      url: "https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/FAQ.md#how-can-i-scale-a-node-group-to-0",
    },
    {
      title: "terraform-aws-modules/eks: eks-managed-node-group variables (min_size default 1)",
      url: "https://github.com/terraform-aws-modules/terraform-aws-eks/blob/master/modules/eks-managed-node-group/variables.tf",
    },
    {
      title: "Karpenter (aws/karpenter-provider-aws): the on-demand prices used, generated 2026-07-20",
      url: "https://github.com/aws/karpenter-provider-aws/blob/main/pkg/providers/pricing/zz_generated.pricing_aws.go",
    },
  ],
  examples: {
    valid: [
      tf(
        "a p5 node group that scales from zero",
        dedent`
          resource "aws_eks_node_group" "p5" {
            instance_types = ["p5.48xlarge"]
            ami_type       = "AL2023_x86_64_NVIDIA"
            scaling_config {
              min_size     = 0
              desired_size = 0
              max_size     = 4
            }
          }
        `,
      ),
      tf(
        "a fixed-size pool (min = max) is a deliberate size, not an idle floor",
        dedent`
          resource "google_container_node_pool" "serve" {
            node_count = 2
            node_config {
              machine_type = "g2-standard-8"
            }
          }
        `,
      ),
      tf(
        "a minimum from a variable without a default",
        dedent`
          variable "gpu_min" {
            type = number
          }

          resource "azurerm_kubernetes_cluster_node_pool" "gpu" {
            vm_size              = "Standard_NC24ads_A100_v4"
            auto_scaling_enabled = true
            min_count            = var.gpu_min
            max_count            = 4
          }
        `,
      ),
    ],
    invalid: [
      tfInvalid(
        "min_size = 2 on p5.48xlarge, from a variable's default",
        dedent`
          variable "gpu_min" {
            default = 2
          }

          resource "aws_eks_node_group" "p5" {
            instance_types = ["p5.48xlarge"]
            ami_type       = "AL2023_x86_64_NVIDIA"
            scaling_config {
              min_size     = var.gpu_min
              desired_size = 2
              max_size     = 8
            }
          }
        `,
        [{ line: 9, column: 20, message: /keeps 2 p5\.48xlarge nodes \(16 × NVIDIA H100 80GB\).*\$80,358 a month/ }],
      ),
      tfInvalid(
        "the EKS module's default min_size of 1",
        dedent`
          module "eks" {
            source = "terraform-aws-modules/eks/aws"
            eks_managed_node_groups = {
              l40s = {
                instance_types = ["g6e.48xlarge"]
                ami_type       = "AL2023_x86_64_NVIDIA"
                max_size       = 4
              }
            }
          }
        `,
        [{ line: 5, column: 24, message: /sets no min_size.*default of 1.*\$21,996 a month/ }],
      ),
      tfInvalid(
        "AKS: min_count = 1 on an autoscaled H100 pool",
        dedent`
          resource "azurerm_kubernetes_cluster_node_pool" "h100" {
            vm_size              = "Standard_ND96isr_H100_v5"
            auto_scaling_enabled = true
            min_count            = 1
            max_count            = 4
            node_taints          = ["nvidia.com/gpu=present:NoSchedule"]
          }
        `,
        [{ line: 4, column: 26, message: /keeps 1 Standard_ND96isr_H100_v5 node .*\$71,774 a month/ }],
      ),
    ],
  },
  set(set, ctx) {
    if (!set.terraform) return;
    for (const p of gpuPools(set.terraform)) {
      const min = p.min.value;
      const max = p.max.value;
      if (min === undefined || min < 1 || max === undefined || max <= min) continue;
      const c = poolCost(p);
      const gpus = p.perNode !== undefined ? ` (${min * p.perNode} × ${c.accelerator})` : "";
      const money = c.monthlyUsd.min !== undefined ? `: ${usd(c.monthlyUsd.min)} a month` : "";
      const zone = p.perZone ? " in each zone" : "";
      const what = `${min} ${c.instanceType} node${min === 1 ? "" : "s"}${gpus}${zone}`;
      const lead = p.min.node
        ? `${p.name} keeps ${what} running even when no pod needs ${min === 1 ? "it" : "them"}${money}`
        : `${p.name} sets no min_size, so the terraform-aws-modules/eks default of 1 keeps ${what} running even when no pod needs it${money}`;
      reportAt(
        ctx,
        p.min.node ?? p.typeNode ?? p.at,
        `${lead}; set the minimum to 0 and let the autoscaler add nodes (${formatPoolCost(c)})`,
      );
    }
  },
});
