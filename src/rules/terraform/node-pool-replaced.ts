import { poolPairs } from "../../model/terraform-change.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { reportAt, tf, tfInvalid } from "./_util.js";

const EMPTY_PLAN = '{"format_version": "1.2", "resource_changes": []}\n';

function plan(actions: string[], reason?: string): string {
  const before = `{"node_group_name": "train", "instance_types": ["p4d.24xlarge"], "ami_type": "AL2023_x86_64_NVIDIA", "scaling_config": [{"min_size": 0, "desired_size": 4, "max_size": 4}], "taint": [{"key": "nvidia.com/gpu", "value": "present", "effect": "NO_SCHEDULE"}]}`;
  const after = before.replace("p4d.24xlarge", actions.includes("delete") ? "p5.48xlarge" : "p4d.24xlarge");
  return dedent`
    {
      "format_version": "1.2",
      "terraform_version": "1.9.8",
      "resource_changes": [
        {
          "address": "aws_eks_node_group.train",
          "mode": "managed",
          "type": "aws_eks_node_group",
          "name": "train",
          "provider_name": "registry.terraform.io/hashicorp/aws",
          "change": {
            "actions": ${JSON.stringify(actions)},
            "before": ${before},
            "after": ${after.replace('"max_size": 4', actions.includes("delete") ? '"max_size": 4' : '"max_size": 8')},
            "after_unknown": {}${actions.includes("delete") ? ',\n        "replace_paths": [["instance_types"]]' : ""}
          }${reason ? `,\n      "action_reason": "${reason}"` : ""}
        }
      ]
    }
  `;
}

export default defineRule({
  id: "terraform/node-pool-replaced",
  category: "terraform",
  severity: "warning",
  summary:
    "A change replaces a GPU node pool (an attribute that cannot change in place, or a plan's delete and create): every node is destroyed and created again",
  rationale:
    "Some node-pool attributes cannot change in place: on `aws_eks_node_group` (and the terraform-aws-modules/eks node groups that become one) `instance_types`, `ami_type` and `capacity_type` are ForceNew, so Terraform destroys the node group and creates a new one; on AKS `priority` and `gpu_driver` are ForceNew and a new `vm_size` rotates the whole pool through a temporary one, without cordon and drain. A plan says it outright: actions `delete` and `create` on the pool, with `action_reason` and `replace_paths`. Either way every GPU node goes away at once: running training jobs are killed (they restart from their last checkpoint, if they have one), inference replicas on the pool are evicted together, and the new nodes must be obtained again, which for scarce GPU types is not guaranteed. The diff shows one changed line; the plan's `-/+` is easy to miss in review.",
  remediation:
    "Make the change as a new pool beside the old one: add the pool under a new name, move the workloads (cordon and drain the old nodes at a quiet time), then remove the old pool in a later change. For EKS node groups, `node_group_name_prefix` with `lifecycle { create_before_destroy = true }` creates the replacement before destroying the old one. If the replacement is intended and the pool is idle, say so in the review.",
  links: [
    {
      title: "aws_eks_node_group: instance_types, ami_type and capacity_type force a new resource",
      url: "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eks_node_group",
    },
    {
      title: "azurerm_kubernetes_cluster_node_pool: vm_size, priority, gpu_driver",
      url: "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/kubernetes_cluster_node_pool",
    },
    {
      title: "Terraform JSON output format: resource_changes actions, action_reason, replace_paths",
      url: "https://developer.hashicorp.com/terraform/internals/json-format",
    },
  ],
  examples: {
    valid: [
      tf(
        "a node group resized in place (scaling_config is updatable)",
        dedent`
          resource "aws_eks_node_group" "train" {
            instance_types = ["p5.48xlarge"]
            ami_type       = "AL2023_x86_64_NVIDIA"
            scaling_config {
              min_size     = 0
              desired_size = 2
              max_size     = 8
            }
          }
        `,
        {
          base: dedent`
            resource "aws_eks_node_group" "train" {
              instance_types = ["p5.48xlarge"]
              ami_type       = "AL2023_x86_64_NVIDIA"
              scaling_config {
                min_size     = 0
                desired_size = 0
                max_size     = 4
              }
            }
          `,
        },
      ),
      tf("a plan that updates a node group in place", plan(["update"]), { path: "plan.json", base: EMPTY_PLAN }),
      tf(
        "a new pool beside the old one: nothing is replaced",
        dedent`
          resource "aws_eks_node_group" "train" {
            instance_types = ["p4d.24xlarge"]
            ami_type       = "AL2023_x86_64_NVIDIA"
            scaling_config {
              min_size     = 0
              desired_size = 0
              max_size     = 4
            }
          }

          resource "aws_eks_node_group" "train_p5" {
            instance_types = ["p5.48xlarge"]
            ami_type       = "AL2023_x86_64_NVIDIA"
            scaling_config {
              min_size     = 0
              desired_size = 4
              max_size     = 4
            }
          }
        `,
        {
          base: dedent`
            resource "aws_eks_node_group" "train" {
              instance_types = ["p4d.24xlarge"]
              ami_type       = "AL2023_x86_64_NVIDIA"
              scaling_config {
                min_size     = 0
                desired_size = 4
                max_size     = 4
              }
            }
          `,
        },
      ),
    ],
    invalid: [
      tfInvalid(
        "instance_types of a running p4d node group changed to p5",
        dedent`
          resource "aws_eks_node_group" "train" {
            instance_types = ["p5.48xlarge"]
            ami_type       = "AL2023_x86_64_NVIDIA"
            scaling_config {
              min_size     = 0
              desired_size = 4
              max_size     = 4
            }
          }
        `,
        [
          {
            line: 2,
            column: 20,
            message:
              "aws_eks_node_group.train: this change replaces the pool (instance type p4d.24xlarge → p5.48xlarge (instance_types cannot change in place)): its 4 nodes (32 × NVIDIA A100 40GB) are destroyed and new ones created; jobs running on them are killed",
          },
        ],
        {
          base: dedent`
            resource "aws_eks_node_group" "train" {
              instance_types = ["p4d.24xlarge"]
              ami_type       = "AL2023_x86_64_NVIDIA"
              scaling_config {
                min_size     = 0
                desired_size = 4
                max_size     = 4
              }
            }
          `,
        },
      ),
      tfInvalid(
        "the EKS module: a training group moved to Spot",
        dedent`
          module "eks" {
            source = "terraform-aws-modules/eks/aws"
            eks_managed_node_groups = {
              train = {
                instance_types = ["p5.48xlarge"]
                ami_type       = "AL2023_x86_64_NVIDIA"
                capacity_type  = "SPOT"
                min_size       = 0
                desired_size   = 2
                max_size       = 4
              }
            }
          }
        `,
        [{ line: 7, column: 24, message: /capacity type on-demand → spot \(capacity_type cannot change in place\)/ }],
        {
          base: dedent`
            module "eks" {
              source = "terraform-aws-modules/eks/aws"
              eks_managed_node_groups = {
                train = {
                  instance_types = ["p5.48xlarge"]
                  ami_type       = "AL2023_x86_64_NVIDIA"
                  min_size       = 0
                  desired_size   = 2
                  max_size       = 4
                }
              }
            }
          `,
        },
      ),
      tfInvalid(
        "a plan that deletes and recreates a node group",
        plan(["delete", "create"], "replace_because_cannot_update"),
        [
          {
            line: 12,
            column: 20,
            message:
              /the plan's actions are delete, create \(replace_because_cannot_update; forced by instance_types\)\): its 4 nodes/,
          },
        ],
        { path: "plan.json", base: EMPTY_PLAN },
      ),
    ],
  },
  change(change, ctx) {
    for (const pair of poolPairs(change.base.terraform, change.head.terraform)) {
      if (!pair.replaced || !pair.before) continue;
      const b = pair.before;
      const nodes = b.desired.value ?? b.min.value;
      const gpus =
        nodes !== undefined && b.perNode !== undefined && b.row ? ` (${nodes * b.perNode} × ${b.row.accelerator})` : "";
      const what =
        nodes === undefined
          ? "its nodes are destroyed and new ones created; jobs running on them are killed"
          : nodes === 0
            ? "any nodes it runs (none at its declared size, more if the autoscaler added them) are destroyed and new ones created"
            : nodes === 1
              ? `its node${gpus} is destroyed and a new one created; jobs running on it are killed`
              : `its ${nodes} nodes${gpus} are destroyed and new ones created; jobs running on them are killed`;
      reportAt(ctx, pair.replaced.at, `${pair.name}: this change replaces the pool (${pair.replaced.why}): ${what}`);
    }
  },
});
