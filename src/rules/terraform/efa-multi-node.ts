import { MIN_TRAINING_EFA_INTERFACES } from "../../catalog/efa.js";
import { selfTraffic } from "../../model/terraform-network.js";
import { gpuPools } from "../../model/terraform-pools.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { reportAt, tf, tfInvalid } from "./_util.js";

export default defineRule({
  id: "terraform/efa-multi-node",
  category: "terraform",
  severity: "warning",
  summary:
    "A multi-node AWS pool of EFA-capable training instances (p4d, p5, trn1…) has no EFA interfaces, no cluster placement group, or a security group that does not let all traffic to and from itself",
  rationale:
    'p4d, p5, p5en, p6-b200 and trn1 instances reach each other at 400-3,200 Gbit/s only through their EFA interfaces; without them NCCL (or the Neuron runtime) falls back to TCP over the ENA interface and collective operations run several times slower, while every GPU-hour is still billed. EFA traffic also needs the nodes close together: AWS puts EFA training nodes in a `cluster` placement group. And the security group of the EFA interfaces must allow all inbound and outbound traffic to and from the security group itself: the OS-bypass traffic is not TCP to a port, and a group that admits only named ports drops it (Terraform also removes the default allow-all egress rule of a group it creates). A plain aws_eks_node_group gets EFA interfaces only from a launch template whose `network_interfaces` say `interface_type = "efa"` (one per network card), and a placement group from its `placement { group_name }`; terraform-aws-modules/eks does both for a node group with `enable_efa_support = true` (v21 always creates the cluster placement group then, and the security-group rules that let all traffic between the nodes).',
  remediation:
    'terraform-aws-modules/eks: set `enable_efa_support = true` on the node group (and give it the subnet of one Availability Zone). Plain resources: a launch template with one `network_interfaces { interface_type = "efa" network_card_index = N device_index = N == 0 ? 0 : 1 }` per network card, `placement { group_name = aws_placement_group.x.name }` on an `aws_placement_group` with `strategy = "cluster"`, a security group that allows all traffic to and from itself, and the EFA device plugin (`vpc.amazonaws.com/efa`). A pool that never runs multi-node jobs can set `max_size = 1`.',
  links: [
    {
      title: "Amazon EKS: run machine learning training with Elastic Fabric Adapter",
      url: "https://docs.aws.amazon.com/eks/latest/userguide/node-efa.html",
    },
    {
      title: "terraform-aws-modules/eks: EFA support in node groups (enable_efa_support)",
      url: "https://github.com/terraform-aws-modules/terraform-aws-eks/blob/master/docs/network_connectivity.md",
    },
    {
      title: "aws_launch_template: network_interfaces and placement",
      url: "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/launch_template",
    },
    {
      title: "EC2: EFA security group requirements (all traffic to and from itself)",
      url: "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/efa-start.html#efa-start-security",
    },
  ],
  examples: {
    valid: [
      tf(
        "the EKS module: a p5 group with EFA support",
        dedent`
          module "eks" {
            source = "terraform-aws-modules/eks/aws"
            eks_managed_node_groups = {
              p5 = {
                instance_types     = ["p5.48xlarge"]
                ami_type           = "AL2023_x86_64_NVIDIA"
                min_size           = 0
                max_size           = 4
                enable_efa_support = true
              }
            }
          }
        `,
      ),
      tf(
        "a plain node group whose launch template has EFA interfaces and a cluster placement group",
        dedent`
          resource "aws_placement_group" "train" {
            name     = "train"
            strategy = "cluster"
          }

          resource "aws_launch_template" "p5" {
            instance_type = "p5.48xlarge"
            network_interfaces {
              network_card_index = 0
              device_index       = 0
              interface_type     = "efa"
            }
            placement {
              group_name = aws_placement_group.train.name
            }
          }

          resource "aws_eks_node_group" "p5" {
            ami_type = "AL2023_x86_64_NVIDIA"
            launch_template {
              id      = aws_launch_template.p5.id
              version = aws_launch_template.p5.latest_version
            }
            scaling_config {
              min_size     = 0
              desired_size = 2
              max_size     = 4
            }
          }
        `,
      ),
      tf(
        "a single-node p5 group needs no fabric",
        dedent`
          resource "aws_eks_node_group" "p5" {
            instance_types = ["p5.48xlarge"]
            ami_type       = "AL2023_x86_64_NVIDIA"
            scaling_config {
              min_size     = 0
              desired_size = 1
              max_size     = 1
            }
          }
        `,
      ),
      tf(
        "a self-managed p4d group (aws_autoscaling_group) whose EFA security group lets all traffic to and from itself",
        dedent`
          resource "aws_placement_group" "train" {
            name     = "train"
            strategy = "cluster"
          }

          resource "aws_security_group" "efa" {
            name = "efa"
            ingress {
              from_port = 0
              to_port   = 0
              protocol  = "-1"
              self      = true
            }
            egress {
              from_port   = 0
              to_port     = 0
              protocol    = "-1"
              cidr_blocks = ["0.0.0.0/0"]
            }
          }

          resource "aws_launch_template" "p4d" {
            instance_type = "p4d.24xlarge"
            network_interfaces {
              network_card_index = 0
              device_index       = 0
              interface_type     = "efa"
              security_groups    = [aws_security_group.efa.id]
            }
          }

          resource "aws_autoscaling_group" "p4d" {
            min_size        = 0
            max_size        = 4
            placement_group = aws_placement_group.train.id
            launch_template {
              id      = aws_launch_template.p4d.id
              version = "$Latest"
            }
          }
        `,
      ),
      tf(
        "security groups the module does not declare (a variable) are not known here",
        dedent`
          variable "sg_ids" {
            type = list(string)
          }

          resource "aws_launch_template" "p5" {
            instance_type = "p5.48xlarge"
            network_interfaces {
              device_index   = 0
              interface_type = "efa"
              security_groups = var.sg_ids
            }
            placement {
              group_name = "train"
            }
          }

          resource "aws_eks_node_group" "p5" {
            ami_type = "AL2023_x86_64_NVIDIA"
            launch_template {
              id      = aws_launch_template.p5.id
              version = "1"
            }
            scaling_config {
              min_size     = 0
              desired_size = 0
              max_size     = 4
            }
          }
        `,
      ),
    ],
    invalid: [
      tfInvalid(
        "a plain p4d node group of up to 8 nodes without a launch template",
        dedent`
          resource "aws_eks_node_group" "train" {
            instance_types = ["p4d.24xlarge"]
            ami_type       = "AL2023_x86_64_NVIDIA"
            scaling_config {
              min_size     = 0
              desired_size = 2
              max_size     = 8
            }
          }
        `,
        [{ line: 2, column: 20, message: /up to 8 p4d\.24xlarge nodes.*no EFA interfaces/ }],
      ),
      tfInvalid(
        "the EKS module: a trn1 group without enable_efa_support",
        dedent`
          module "eks" {
            source = "terraform-aws-modules/eks/aws"
            eks_managed_node_groups = {
              trn1 = {
                instance_types = ["trn1.32xlarge"]
                ami_type       = "AL2023_x86_64_NEURON"
                max_size       = 16
              }
            }
          }
        `,
        [{ line: 5, column: 24, message: /enable_efa_support/ }],
      ),
      tfInvalid(
        "a launch template with EFA interfaces but no placement group",
        dedent`
          resource "aws_launch_template" "p5" {
            instance_type = "p5.48xlarge"
            network_interfaces {
              network_card_index = 0
              device_index       = 0
              interface_type     = "efa"
            }
          }

          resource "aws_eks_node_group" "p5" {
            ami_type = "AL2023_x86_64_NVIDIA"
            launch_template {
              id      = aws_launch_template.p5.id
              version = "1"
            }
            scaling_config {
              min_size     = 0
              desired_size = 0
              max_size     = 4
            }
          }
        `,
        [{ line: 2, column: 19, message: /no cluster placement group/ }],
      ),
      tfInvalid(
        "an EFA security group that admits only SSH from itself, and sends nothing back",
        dedent`
          resource "aws_security_group" "efa" {
            name = "efa"
          }

          resource "aws_vpc_security_group_ingress_rule" "ssh" {
            security_group_id            = aws_security_group.efa.id
            referenced_security_group_id = aws_security_group.efa.id
            ip_protocol                  = "tcp"
            from_port                    = 22
            to_port                      = 22
          }

          resource "aws_launch_template" "p5" {
            instance_type = "p5.48xlarge"
            network_interfaces {
              device_index    = 0
              interface_type  = "efa"
              security_groups = [aws_security_group.efa.id]
            }
            placement {
              group_name = "train"
            }
          }

          resource "aws_autoscaling_group" "p5" {
            min_size = 0
            max_size = 8
            launch_template {
              id      = aws_launch_template.p5.id
              version = "$Latest"
            }
          }
        `,
        [
          {
            line: 18,
            column: 23,
            message:
              /aws_autoscaling_group\.p5: the EFA interfaces of up to 8 p5\.48xlarge nodes .* use aws_security_group\.efa, which does not allow all inbound from or outbound to itself/,
          },
        ],
      ),
    ],
  },
  set(set, ctx) {
    if (!set.terraform) return;
    for (const p of gpuPools(set.terraform)) {
      if (p.cloud !== "aws" || !p.row?.efa || p.row.efa < MIN_TRAINING_EFA_INTERFACES) continue;
      const max = p.max.value;
      if (max === undefined || max < 2) continue;
      const where = p.typeNode ?? p.at;
      const module = p.object.mode === "module";
      const nodes = `up to ${max} ${p.types[0]} nodes (${p.row.efa} EFA interfaces each)`;
      const fix = module
        ? "set enable_efa_support = true"
        : p.object.type === "aws_autoscaling_group"
          ? 'add network_interfaces { interface_type = "efa" } to its launch template, and a cluster placement group'
          : 'give the node group a launch template with network_interfaces { interface_type = "efa" } and a cluster placement group';
      if (p.efa === false) {
        reportAt(ctx, where, `${p.name}: ${nodes} get no EFA interfaces: NCCL between them falls back to TCP; ${fix}`);
      } else if (p.efa === true && p.placement === false) {
        reportAt(
          ctx,
          where,
          `${p.name}: ${nodes} have EFA but no cluster placement group: AWS places EFA training nodes in one (placement { group_name } on the launch template, strategy = "cluster")`,
        );
      }
      if (p.efa === true && p.efaSecurityGroups) {
        const groups = p.efaSecurityGroups.addresses;
        const traffic = groups.map((g) =>
          selfTraffic(set.terraform as NonNullable<typeof set.terraform>, p.object.module, g),
        );
        const ingress = traffic.some((t) => t.ingress === true)
          ? true
          : traffic.some((t) => t.ingress === undefined)
            ? undefined
            : false;
        const egress = traffic.some((t) => t.egress === true)
          ? true
          : traffic.some((t) => t.egress === undefined)
            ? undefined
            : false;
        const missing = [ingress === false ? "inbound from" : "", egress === false ? "outbound to" : ""].filter(
          Boolean,
        );
        if (missing.length > 0) {
          const names = groups.join(", ");
          reportAt(
            ctx,
            p.efaSecurityGroups.node,
            `${p.name}: the EFA interfaces of ${nodes} use ${names}, which does not allow all ${missing.join(" or ")} itself: EFA traffic between the nodes is dropped; add ${[ingress === false ? "an aws_vpc_security_group_ingress_rule" : "", egress === false ? "an aws_vpc_security_group_egress_rule" : ""].filter(Boolean).join(" and ")} with referenced_security_group_id = ${groups[0]}.id and ip_protocol = "-1"`,
          );
        }
      }
    }
  },
});
