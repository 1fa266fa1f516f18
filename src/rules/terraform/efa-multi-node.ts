import { gpuPools } from "../../model/terraform-pools.js";
import { defineRule } from "../types.js";
import { reportAt, tf, tfInvalid } from "./_util.js";

/**
 * Instance types built for multi-node training: four or more EFA interfaces (p4d/p4de, p5, p5e,
 * p5en, p6-b200, trn1, trn1n, trn2, g6e.48xlarge; instance-types catalog). Types with one EFA
 * interface (g5/g6 8xlarge and up) are mostly used for inference and are left alone.
 */
const MIN_TRAINING_EFA = 4;

export default defineRule({
  id: "terraform/efa-multi-node",
  category: "terraform",
  severity: "warning",
  summary:
    "A multi-node EKS pool of EFA-capable training instances (p4d, p5, trn1…) has no EFA interfaces, or no cluster placement group",
  rationale:
    'p4d, p5, p5en, p6-b200 and trn1 instances reach each other at 400-3,200 Gbit/s only through their EFA interfaces; without them NCCL (or the Neuron runtime) falls back to TCP over the ENA interface and collective operations run several times slower, while every GPU-hour is still billed. EFA traffic also needs the nodes close together: AWS puts EFA training nodes in a `cluster` placement group. A plain aws_eks_node_group gets EFA interfaces only from a launch template whose `network_interfaces` say `interface_type = "efa"` (one per network card), and a placement group from its `placement { group_name }`; terraform-aws-modules/eks does both for a node group with `enable_efa_support = true` (v21 always creates the cluster placement group then, and the security-group rules that let all traffic between the nodes).',
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
        `module "eks" {
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
        `resource "aws_placement_group" "train" {
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
        `resource "aws_eks_node_group" "p5" {
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
    ],
    invalid: [
      tfInvalid(
        "a plain p4d node group of up to 8 nodes without a launch template",
        `resource "aws_eks_node_group" "train" {
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
        `module "eks" {
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
        `resource "aws_launch_template" "p5" {
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
    ],
  },
  set(set, ctx) {
    if (!set.terraform) return;
    for (const p of gpuPools(set.terraform)) {
      if (p.cloud !== "aws" || !p.row?.efa || p.row.efa < MIN_TRAINING_EFA) continue;
      const max = p.max.value;
      if (max === undefined || max < 2) continue;
      const where = p.typeNode ?? p.at;
      const module = p.object.mode === "module";
      const nodes = `up to ${max} ${p.types[0]} nodes (${p.row.efa} EFA interfaces each)`;
      if (p.efa === false) {
        reportAt(
          ctx,
          where,
          `${p.name}: ${nodes} get no EFA interfaces: NCCL between them falls back to TCP; ${module ? "set enable_efa_support = true" : 'give the node group a launch template with network_interfaces { interface_type = "efa" } and a cluster placement group'}`,
        );
      } else if (p.efa === true && p.placement === false) {
        reportAt(
          ctx,
          where,
          `${p.name}: ${nodes} have EFA but no cluster placement group: AWS places EFA training nodes in one (placement { group_name } on the launch template, strategy = "cluster")`,
        );
      }
    }
  },
});
