import { formatPoolCost, karpenterCeiling, poolCost, usd } from "../../estimate/pool-cost.js";
import { karpenterPools } from "../../model/karpenter.js";
import { gpuPools } from "../../model/terraform-pools.js";
import { dedent } from "../../util/dedent.js";
import { nodePoolExample, P5_ONLY } from "../karpenter-examples.js";
import { reportAt, tf, tfInvalid } from "../terraform/_util.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "cost/gpu-pool-cost",
  category: "cost",
  severity: "info",
  summary:
    "With --estimate (or `estimate: true` in .mlgate.yaml): each Terraform GPU node pool's accelerators and monthly on-demand cost at its minimum, desired and maximum size",
  rationale:
    "A node pool's size is a commitment of money that its Terraform does not state: `max_size = 8` on p5.48xlarge is up to $321,000 a month. Cost tools that price the desired size alone hide both the floor that is always billed (the minimum) and the ceiling autoscaling may reach (the maximum). This rule prints all three next to the pool, from the dated instance catalog that `mlgate estimate` also uses, with the price's region and the date it was read. It is informational and off by default: turn it on with `mlgate check --estimate` or `estimate: true` in .mlgate.yaml.",
  remediation:
    "Nothing to fix: check that the sizes are the ones intended. Spot capacity is priced at the on-demand rate (the catalog has no Spot prices); GKE sizes are per zone.",
  links: [
    {
      title: "Karpenter (aws/karpenter-provider-aws): AWS on-demand prices, generated 2026-07-20",
      url: "https://github.com/aws/karpenter-provider-aws/blob/main/pkg/providers/pricing/zz_generated.pricing_aws.go",
    },
    {
      title: "Karpenter for Azure: Azure on-demand prices, generated 2026-06-18",
      url: "https://github.com/Azure/karpenter-provider-azure/blob/main/pkg/providers/pricing/zz_generated.pricing.go",
    },
    {
      title: "Cluster Autoscaler: GCE machine prices",
      url: "https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/gce/gce_price_info.go",
    },
  ],
  examples: {
    valid: [
      tf(
        "without --estimate the rule reports nothing",
        dedent`
          resource "aws_eks_node_group" "p5" {
            instance_types = ["p5.48xlarge"]
            scaling_config {
              min_size     = 0
              desired_size = 2
              max_size     = 8
            }
          }
        `,
      ),
      tf(
        "with --estimate, a pool without accelerators",
        dedent`
          resource "aws_eks_node_group" "system" {
            instance_types = ["m6i.large"]
            scaling_config {
              min_size     = 1
              desired_size = 2
              max_size     = 3
            }
          }
        `,
        { options: { estimate: true } },
      ),
    ],
    invalid: [
      tfInvalid(
        "with --estimate, a p5 node group from 0 to 8 nodes",
        dedent`
          resource "aws_eks_node_group" "p5" {
            instance_types = ["p5.48xlarge"]
            scaling_config {
              min_size     = 0
              desired_size = 2
              max_size     = 8
            }
          }
        `,
        [
          {
            line: 1,
            column: 1,
            message:
              "aws_eks_node_group.p5: p5.48xlarge, 8 × NVIDIA H100 80GB per node: nodes min 0: $0, desired 2: $80,358, max 8: $321,434 a month on demand ($55.04/h per node, us-east-1, price of 2026-07-20)",
          },
        ],
        { options: { estimate: true } },
      ),
      tfInvalid(
        "with --estimate, the EKS module: an L40S group at the module's default sizes (1, 1, 3)",
        dedent`
          module "eks" {
            source = "terraform-aws-modules/eks/aws"
            eks_managed_node_groups = {
              l40s = {
                instance_types = ["g6e.48xlarge"]
                ami_type       = "AL2023_x86_64_NVIDIA"
              }
            }
          }
        `,
        [
          {
            line: 4,
            column: 12,
            message:
              'module.eks.eks_managed_node_groups["l40s"]: g6e.48xlarge, 8 × NVIDIA L40S 48GB per node: nodes min 1: $21,996, desired 1: $21,996, max 3: $65,987 a month on demand ($30.1312/h per node, us-east-1, price of 2026-07-20)',
          },
        ],
        { options: { estimate: true } },
      ),
      {
        title: "with --estimate, a Karpenter NodePool of p5 nodes limited to 32 GPUs",
        yaml: nodePoolExample({
          name: "h100",
          requirements: P5_ONLY,
          spec: `  limits:
    nvidia.com/gpu: "32"
`,
        }),
        findings: [
          {
            line: 17,
            column: 21,
            message:
              "NodePool h100: p5.48xlarge, 8 × NVIDIA H100 80GB per node: no minimum (Karpenter adds nodes for pending pods), up to 4 nodes at its limits (nvidia.com/gpu: 32): $160,717 a month on demand ($55.04/h per node, us-east-1, price of 2026-07-20)",
          },
        ],
        options: { estimate: true },
      },
    ],
  },
  set(set, ctx) {
    if (!ctx.options.estimate) return;
    for (const kp of karpenterPools(set.resources)) {
      if (!kp.accelerated) continue;
      const c = karpenterCeiling(kp);
      const per = c.perNode !== undefined ? `, ${c.perNode} × ${c.accelerator} per node` : "";
      const head = `NodePool ${kp.name}: ${c.instanceType ?? (kp.instanceTypes.join(", ") || "GPU instances")}${per}: no minimum (Karpenter adds nodes for pending pods)`;
      const ceiling = c.unbounded
        ? "and no limits: it can grow without bound"
        : c.maxNodes === undefined || !c.limit
          ? "its maximum is not known here"
          : `up to ${c.maxNodes} nodes at its limits (${c.limit.key}: ${c.limit.value})${c.maxMonthlyUsd !== undefined && c.price ? `: ${usd(c.maxMonthlyUsd)} a month on demand ($${c.price.onDemandPerHour}/h per node, ${c.price.region}, price of ${c.price.observed})` : ""}`;
      ctx.report({
        resource: kp.resource,
        path: c.limit ? ["spec", "limits", c.limit.key] : ["spec"],
        ...(c.limit ? {} : { at: "key" as const }),
        message: `${head}, ${ceiling}`,
      });
    }
    if (!set.terraform) return;
    for (const p of gpuPools(set.terraform)) {
      const c = poolCost(p);
      const per = c.acceleratorsPerNode !== undefined ? `, ${c.acceleratorsPerNode} × ${c.accelerator} per node` : "";
      reportAt(ctx, p.at, `${p.name}: ${c.instanceType}${per}: ${formatPoolCost(c)}`);
    }
  },
});
