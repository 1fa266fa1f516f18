import { HOURS_PER_MONTH } from "../../catalog/instance-types.js";
import { karpenterCeiling, poolCost, usd } from "../../estimate/pool-cost.js";
import { karpenterPools } from "../../model/karpenter.js";
import { gpuPools } from "../../model/terraform-pools.js";
import { dedent } from "../../util/dedent.js";
import { nodePoolExample, P5_ONLY } from "../karpenter-examples.js";
import { reportAt, tf, tfInvalid } from "../terraform/_util.js";
import { defineRule } from "../types.js";

const BUDGET = { budgetMonthlyUsd: 250_000 };

const NODEPOOL = (limits: string) => nodePoolExample({ name: "h100", requirements: P5_ONLY, spec: limits });

export default defineRule({
  id: "cost/gpu-pool-budget",
  category: "cost",
  severity: "warning",
  summary:
    "GPU node pools whose maximum size can cost more a month than the budget declared in .mlgate.yaml (`budget: {monthlyUsd: N}`)",
  rationale:
    "An autoscaled pool's maximum is a spending ceiling the cloud will honour: when enough GPU pods are pending (a sweep, a retry storm, a job that asks for too many replicas), the autoscaler grows the pool to `max_size` and the bill follows. `max_size = 8` on p5.48xlarge is about $321,000 a month on demand. Cost tools that price the desired size alone never show that ceiling. With `budget.monthlyUsd` declared in .mlgate.yaml, this rule reports a pool whose maximum alone exceeds it, or, when no single pool does, the pools whose maxima together do. Prices are the dated on-demand prices of the instance catalog (the same as `--estimate`); a pool without a known maximum or price is left out and never guessed. Without a declared budget the rule does nothing.",
  remediation:
    "Lower the pool's maximum (`max_size`, `max_node_count`, `max_count`) to what the budget allows, or raise `budget.monthlyUsd` if the ceiling is intended. Karpenter pools: `spec.limits` (`nvidia.com/gpu`, `nodes`).",
  links: [
    {
      title: "Cluster Autoscaler FAQ: node group minimum and maximum sizes",
      url: "https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/FAQ.md",
    },
    {
      title: "Karpenter (aws/karpenter-provider-aws): the on-demand prices used, generated 2026-07-20",
      url: "https://github.com/aws/karpenter-provider-aws/blob/main/pkg/providers/pricing/zz_generated.pricing_aws.go",
    },
  ],
  examples: {
    valid: [
      tf(
        "budget $250,000 a month; a p5 group of at most 4 nodes ($160,717)",
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
        { options: BUDGET },
      ),
      {
        title: "Karpenter: a p5 NodePool limited to 32 GPUs (4 nodes, $160,717 a month)",
        yaml: NODEPOOL(`  limits:
    nvidia.com/gpu: "32"
`),
        options: BUDGET,
      },
      tf(
        "no budget declared: nothing to compare with",
        dedent`
          resource "aws_eks_node_group" "p5" {
            instance_types = ["p5.48xlarge"]
            ami_type       = "AL2023_x86_64_NVIDIA"
            scaling_config {
              min_size     = 0
              desired_size = 0
              max_size     = 64
            }
          }
        `,
      ),
      tf(
        "a maximum from a variable without a default is not known here",
        dedent`
          variable "max_nodes" {
            type = number
          }

          resource "aws_eks_node_group" "p5" {
            instance_types = ["p5.48xlarge"]
            ami_type       = "AL2023_x86_64_NVIDIA"
            scaling_config {
              min_size     = 0
              desired_size = 0
              max_size     = var.max_nodes
            }
          }
        `,
        { options: BUDGET },
      ),
    ],
    invalid: [
      tfInvalid(
        "budget $250,000 a month; one p5 group of up to 8 nodes",
        dedent`
          resource "aws_eks_node_group" "p5" {
            instance_types = ["p5.48xlarge"]
            ami_type       = "AL2023_x86_64_NVIDIA"
            scaling_config {
              min_size     = 0
              desired_size = 0
              max_size     = 8
            }
          }
        `,
        [
          {
            line: 7,
            column: 20,
            message:
              "aws_eks_node_group.p5 can grow to 8 p5.48xlarge nodes (64 × NVIDIA H100 80GB): $321,434 a month on demand ($55.04/h per node, us-east-1, price of 2026-07-20), above the budget of $250,000 a month (budget.monthlyUsd in .mlgate.yaml); lower max_size to 6 or raise the budget",
          },
        ],
        { options: BUDGET },
      ),
      tfInvalid(
        "the EKS module: two groups that are each under the budget but not together",
        dedent`
          module "eks" {
            source = "terraform-aws-modules/eks/aws"
            eks_managed_node_groups = {
              train = {
                instance_types = ["p5.48xlarge"]
                ami_type       = "AL2023_x86_64_NVIDIA"
                min_size       = 0
                max_size       = 4
              }
              serve = {
                instance_types = ["g6e.48xlarge"]
                ami_type       = "AL2023_x86_64_NVIDIA"
                min_size       = 0
                max_size       = 6
              }
            }
          }
        `,
        [
          {
            line: 8,
            column: 24,
            message:
              /the 2 GPU pools of module\.eks can together reach \$292,691 a month at their maximum sizes, above the budget of \$250,000 .*module\.eks\.eks_managed_node_groups\["train"\] 4 × p5\.48xlarge \$160,717, module\.eks\.eks_managed_node_groups\["serve"\] 6 × g6e\.48xlarge \$131,975/,
          },
        ],
        { options: BUDGET },
      ),
      {
        title: "Karpenter: a p5 NodePool limited to 64 GPUs, that is 8 nodes",
        yaml: NODEPOOL(`  limits:
    nvidia.com/gpu: "64"
`),
        findings: [
          {
            line: 17,
            column: 21,
            message:
              /NodePool h100 can grow to 8 p5\.48xlarge nodes \(limits nvidia\.com\/gpu: 64\): \$321,434 a month on demand .*above the budget of \$250,000 .*; lower the limit to 48/,
          },
        ],
        options: BUDGET,
      },
      {
        title: "Karpenter: a GPU NodePool with no limits at all",
        yaml: NODEPOOL(""),
        findings: [
          {
            line: 5,
            column: 1,
            message: /NodePool h100 has no spec\.limits: Karpenter can launch p5\.48xlarge nodes without bound/,
          },
        ],
        options: BUDGET,
      },
    ],
  },
  set(set, ctx) {
    const budget = ctx.options.budgetMonthlyUsd;
    if (budget === undefined) return;
    for (const kp of karpenterPools(set.resources)) {
      if (!kp.accelerated) continue;
      const c = karpenterCeiling(kp);
      const types = kp.instanceTypes.length > 0 ? `${kp.instanceTypes.join(", ")} nodes` : "GPU nodes";
      if (c.unbounded) {
        const perNode = c.price ? c.price.onDemandPerHour * HOURS_PER_MONTH : undefined;
        const fit = perNode && c.perNode ? Math.floor(budget / perNode) * c.perNode : undefined;
        ctx.report({
          resource: kp.resource,
          path: ["spec"],
          at: "key",
          message: `NodePool ${kp.name} has no spec.limits: Karpenter can launch ${types} without bound, past the budget of ${usd(budget)} a month (budget.monthlyUsd in .mlgate.yaml); set limits${fit !== undefined ? ` such as nvidia.com/gpu: "${fit}" (what the budget buys of ${c.instanceType} on demand)` : " (nvidia.com/gpu or nodes)"}`,
        });
        continue;
      }
      if (c.maxMonthlyUsd === undefined || c.maxMonthlyUsd <= budget || !c.limit || !c.price) continue;
      const perNodeMonth = c.maxMonthlyUsd / (c.maxNodes as number);
      const fitNodes = Math.floor(budget / perNodeMonth);
      const fit = c.limit.key === "nodes" ? fitNodes : fitNodes * (c.perNode ?? 1);
      ctx.report({
        resource: kp.resource,
        path: ["spec", "limits", c.limit.key],
        message: `NodePool ${kp.name} can grow to ${c.maxNodes} ${c.instanceType} nodes (limits ${c.limit.key}: ${c.limit.value}): ${usd(c.maxMonthlyUsd)} a month on demand ($${c.price.onDemandPerHour}/h per node, ${c.price.region}, price of ${c.price.observed}), above the budget of ${usd(budget)} a month (budget.monthlyUsd in .mlgate.yaml); lower the limit to ${fit} or raise the budget`,
      });
    }
    if (!set.terraform) return;
    // Pools are grouped by where they are declared (a module directory or a plan file): one
    // deployment's ceiling, not the sum of every directory given on the command line.
    const byModule = new Map<string, Array<{ pool: ReturnType<typeof gpuPools>[number]; max: number }>>();
    for (const p of gpuPools(set.terraform)) {
      const c = poolCost(p);
      const max = c.monthlyUsd.max;
      const nodes = c.nodes.max;
      if (max === undefined || nodes === undefined || !c.price) continue;
      if (max > budget) {
        const fit = Math.floor(budget / (max / nodes));
        const gpus = p.perNode !== undefined ? ` (${nodes * p.perNode} × ${c.accelerator})` : "";
        const zone = p.perZone ? " in each zone" : "";
        reportAt(
          ctx,
          p.max.node ?? p.typeNode ?? p.at,
          `${p.name} can grow to ${nodes} ${c.instanceType} nodes${gpus}${zone}: ${usd(max)} a month on demand ($${c.price.onDemandPerHour}/h per node, ${c.price.region}, price of ${c.price.observed}), above the budget of ${usd(budget)} a month (budget.monthlyUsd in .mlgate.yaml); lower ${maxName(p)} to ${fit} or raise the budget`,
        );
        continue;
      }
      const list = byModule.get(p.object.module) ?? [];
      list.push({ pool: p, max });
      byModule.set(p.object.module, list);
    }
    for (const list of byModule.values()) {
      const total = list.reduce((n, x) => n + x.max, 0);
      if (list.length < 2 || total <= budget) continue;
      const top = list.reduce((a, b) => (b.max > a.max ? b : a));
      const objects = new Set(list.map((x) => x.pool.object));
      const one = objects.size === 1 ? top.pool.object : undefined;
      const where = one?.mode === "module" ? one.address : top.pool.object.module;
      const parts = list.map((x) => `${x.pool.name} ${x.pool.max.value} × ${x.pool.types[0]} ${usd(x.max)}`);
      reportAt(
        ctx,
        top.pool.max.node ?? top.pool.typeNode ?? top.pool.at,
        `the ${list.length} GPU pools of ${where} can together reach ${usd(total)} a month at their maximum sizes, above the budget of ${usd(budget)} a month (budget.monthlyUsd in .mlgate.yaml): ${parts.join(", ")} (on demand); lower their maximums or raise the budget`,
      );
    }
  },
});

/** The attribute that sets the pool's maximum, as written (`total_max_node_count`), else the cloud's usual one. */
function maxName(p: {
  cloud: string;
  max: { node: { at: { path: readonly (string | number)[] } } | undefined };
}): string {
  const last = p.max.node?.at.path.at(-1);
  if (typeof last === "string") return last;
  return p.cloud === "gcp" ? "max_node_count" : p.cloud === "azure" ? "max_count" : "max_size";
}
