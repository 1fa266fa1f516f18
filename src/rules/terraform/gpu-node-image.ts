import { EKS_AMI_TYPES } from "../../catalog/instance-types.js";
import { gpuPools } from "../../model/terraform-pools.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { reportAt, tf, tfInvalid } from "./_util.js";

const DRIVER_INSTALLERS = /gpu-operator|nvidia-device-plugin|neuron/;

export default defineRule({
  id: "terraform/gpu-node-image",
  category: "terraform",
  severity: "error",
  summary:
    "A GPU or Neuron node pool boots an image without its accelerator driver (EKS ami_type), or has the driver installation switched off",
  rationale:
    'A node advertises `nvidia.com/gpu` (or `aws.amazon.com/neuron`) only when its image carries the driver and a device plugin runs. EKS managed node groups boot the AMI their `ami_type` names: the `*_STANDARD` AL2023 types, `AL2_x86_64` and Windows carry no accelerator driver, the `*_NVIDIA` types carry NVIDIA\'s and `AL2023_x86_64_NEURON` AWS Neuron\'s. A p5 group on `AL2023_x86_64_STANDARD` costs $55/h per node and never runs a GPU pod. terraform-aws-modules/eks gives a node group that sets no `ami_type` `AL2023_x86_64_STANDARD`. AL2 AMIs are no longer published since 2025-11-26. On GKE `gpu_driver_version = "INSTALLATION_DISABLED"` and on AKS `gpu_driver = "None"` leave the driver to you (the NVIDIA GPU Operator): without it the nodes have no GPU.',
  remediation:
    "Set `ami_type` to the image for the accelerator: `AL2023_x86_64_NVIDIA` or `BOTTLEROCKET_x86_64_NVIDIA` (arm64 `*_ARM_64_NVIDIA` for g5g/p6e-gb200) for NVIDIA types, `AL2023_x86_64_NEURON` for inf/trn. On AL2023 install the NVIDIA device plugin; Bottlerocket NVIDIA images include it. On GKE and AKS, let the platform install the driver, or install the GPU Operator in the same change.",
  links: [
    {
      title: "Amazon EKS: CreateNodegroup amiType values",
      url: "https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateNodegroup.html",
    },
    {
      title: "Amazon EKS: accelerated AMIs and the instance families they serve",
      url: "https://docs.aws.amazon.com/eks/latest/userguide/ml-eks-optimized-ami.html",
    },
    {
      title: "terraform-aws-modules/eks: eks-managed-node-group variables (ami_type default)",
      url: "https://github.com/terraform-aws-modules/terraform-aws-eks/blob/master/modules/eks-managed-node-group/variables.tf",
    },
    {
      title: "GKE: run GPUs in node pools (gpu_driver_version)",
      url: "https://cloud.google.com/kubernetes-engine/docs/how-to/gpus",
    },
    {
      title: "azurerm_kubernetes_cluster_node_pool: gpu_driver",
      url: "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/kubernetes_cluster_node_pool",
    },
  ],
  examples: {
    valid: [
      tf(
        "a p5 node group on the NVIDIA AL2023 image",
        dedent`
          resource "aws_eks_node_group" "gpu" {
            cluster_name   = "ml"
            node_group_name = "gpu"
            node_role_arn  = "arn:aws:iam::123456789012:role/node"
            subnet_ids     = ["subnet-1"]
            instance_types = ["p5.48xlarge"]
            ami_type       = "AL2023_x86_64_NVIDIA"
            scaling_config {
              min_size     = 0
              desired_size = 0
              max_size     = 2
            }
            taint {
              key    = "nvidia.com/gpu"
              effect = "NO_SCHEDULE"
            }
          }
        `,
      ),
      tf(
        "the EKS module: a trn1 group on the Neuron image, a CPU group on the default image",
        dedent`
          module "eks" {
            source  = "terraform-aws-modules/eks/aws"
            version = "21.19.0"
            eks_managed_node_groups = {
              system = { instance_types = ["m6i.large"] }
              trainium = {
                instance_types = ["trn1.32xlarge"]
                ami_type       = "AL2023_x86_64_NEURON"
              }
            }
          }
        `,
      ),
      tf(
        "an AKS pool without the driver, in a configuration that installs the GPU Operator",
        dedent`
          resource "azurerm_kubernetes_cluster_node_pool" "gpu" {
            name                  = "gpu"
            kubernetes_cluster_id = azurerm_kubernetes_cluster.ml.id
            vm_size               = "Standard_ND96isr_H100_v5"
            gpu_driver            = "None"
            node_taints           = ["nvidia.com/gpu=present:NoSchedule"]
          }

          resource "helm_release" "gpu_operator" {
            name       = "gpu-operator"
            repository = "https://helm.ngc.nvidia.com/nvidia"
            chart      = "gpu-operator"
          }
        `,
      ),
      tf(
        "a plan whose ami_type is known only after apply",
        dedent`
          {
            "format_version": "1.2",
            "resource_changes": [
              {
                "address": "aws_eks_node_group.gpu",
                "mode": "managed",
                "type": "aws_eks_node_group",
                "name": "gpu",
                "change": {
                  "actions": ["create"],
                  "after": { "instance_types": ["p5.48xlarge"], "ami_type": "AL2023_x86_64_STANDARD" },
                  "after_unknown": { "ami_type": true }
                }
              }
            ]
          }
        `,
        { path: "plan.json" },
      ),
      tf(
        "an ami_type from a variable that cannot be known here",
        dedent`
          variable "ami_type" {}

          resource "aws_eks_node_group" "gpu" {
            instance_types = ["g6e.12xlarge"]
            ami_type       = var.ami_type
            scaling_config {
              min_size     = 0
              desired_size = 0
              max_size     = 1
            }
          }
        `,
      ),
    ],
    invalid: [
      tfInvalid(
        "a p5 node group on the standard AL2023 image (plain resource)",
        dedent`
          resource "aws_eks_node_group" "gpu" {
            instance_types = ["p5.48xlarge"]
            ami_type       = "AL2023_x86_64_STANDARD"
            scaling_config {
              min_size     = 0
              desired_size = 0
              max_size     = 2
            }
          }
        `,
        [{ line: 3, column: 20, message: /AL2023_x86_64_STANDARD carries no accelerator driver.*p5\.48xlarge/ }],
      ),
      tfInvalid(
        "the EKS module: a GPU group that sets no ami_type gets the module's standard image",
        dedent`
          locals {
            gpu_type = "g6e.48xlarge"
          }

          module "eks" {
            source  = "terraform-aws-modules/eks/aws"
            version = "21.19.0"
            eks_managed_node_groups = {
              gpu = {
                instance_types = [local.gpu_type]
                min_size       = 0
              }
            }
          }
        `,
        [{ line: 10, column: 24, message: /sets no ami_type.*AL2023_x86_64_STANDARD/ }],
      ),
      tfInvalid(
        "an inf2 group on the NVIDIA image, and a g5 group on AL2 (no longer published)",
        dedent`
          resource "aws_eks_node_group" "inf" {
            instance_types = ["inf2.48xlarge"]
            ami_type       = "AL2023_x86_64_NVIDIA"
            scaling_config {
              min_size = 0
              desired_size = 0
              max_size = 1
            }
          }

          resource "aws_eks_node_group" "g5" {
            instance_types = ["g5.12xlarge"]
            ami_type       = "AL2_x86_64_GPU"
            scaling_config {
              min_size = 0
              desired_size = 0
              max_size = 1
            }
          }
        `,
        [
          { line: 3, column: 20, message: /NVIDIA driver.*needs AWS Neuron/ },
          { line: 13, column: 20, message: /AL2 AMIs are no longer published/, severity: "warning" },
        ],
      ),
      tfInvalid(
        "a plan (terraform show -json) that creates a p5 node group on the standard image",
        dedent`
          {
            "format_version": "1.2",
            "terraform_version": "1.9.8",
            "resource_changes": [
              {
                "address": "module.ml.aws_eks_node_group.gpu",
                "module_address": "module.ml",
                "mode": "managed",
                "type": "aws_eks_node_group",
                "name": "gpu",
                "change": {
                  "actions": ["create"],
                  "before": null,
                  "after": {
                    "ami_type": "AL2023_x86_64_STANDARD",
                    "instance_types": ["p5.48xlarge"],
                    "scaling_config": [{ "desired_size": 0, "max_size": 2, "min_size": 0 }]
                  },
                  "after_unknown": { "arn": true, "id": true }
                }
              }
            ]
          }
        `,
        [{ line: 15, column: 23, message: /module\.ml\.aws_eks_node_group\.gpu: ami_type AL2023_x86_64_STANDARD/ }],
        { path: "plan.json" },
      ),
      tfInvalid(
        "a GKE A3 pool with the driver installation disabled",
        dedent`
          resource "google_container_node_pool" "h100" {
            name    = "h100"
            cluster = google_container_cluster.ml.id
            node_config {
              machine_type = "a3-highgpu-8g"
              guest_accelerator {
                type  = "nvidia-h100-80gb"
                count = 8
                gpu_driver_installation_config {
                  gpu_driver_version = "INSTALLATION_DISABLED"
                }
              }
            }
          }
        `,
        [{ line: 10, column: 30, message: /driver installation is switched off/, severity: "warning" }],
      ),
    ],
  },
  set(set, ctx) {
    if (!set.terraform) return;
    const installsDriver = set.terraform.objects.some(
      (o) =>
        (o.type === "helm_release" && DRIVER_INSTALLERS.test(String(o.body.get("chart")?.value ?? ""))) ||
        (o.type === "kubectl_manifest" && DRIVER_INSTALLERS.test(String(o.body.get("yaml_body")?.value ?? ""))),
    );
    for (const p of gpuPools(set.terraform)) {
      const need = p.stack;
      const what = p.row ? `${p.types[0]} (${p.row.count} × ${p.row.accelerator})` : p.types[0];
      if (p.driverDisabled && !installsDriver) {
        reportAt(
          ctx,
          p.driverDisabled,
          `${p.name}: the GPU driver installation is switched off, and nothing in this configuration installs it (the NVIDIA GPU Operator): the ${what} nodes will advertise no nvidia.com/gpu`,
          { severity: "warning" },
        );
      }
      if (p.cloud !== "aws" || !p.image) continue;
      const has = EKS_AMI_TYPES[p.image.value];
      if (has === undefined || has === "custom" || !need) continue;
      const where = p.image.node ?? p.typeNode ?? p.at;
      if (has === need) {
        if (p.image.value.startsWith("AL2_")) {
          reportAt(
            ctx,
            where,
            `${p.name}: ami_type ${p.image.value}: AL2 AMIs are no longer published since 2025-11-26 (no new drivers or security fixes); use AL2023_x86_64_NVIDIA or BOTTLEROCKET_x86_64_NVIDIA`,
            { severity: "warning" },
          );
        }
        continue;
      }
      const needs = need === "nvidia" ? "the NVIDIA driver" : "AWS Neuron";
      const fix = need === "nvidia" ? "AL2023_x86_64_NVIDIA or BOTTLEROCKET_x86_64_NVIDIA" : "AL2023_x86_64_NEURON";
      const carries =
        has === "none"
          ? "carries no accelerator driver"
          : has === "nvidia"
            ? "carries the NVIDIA driver"
            : "carries no NVIDIA driver (it is the image for AWS Neuron instances)";
      const prefix = p.image.defaulted
        ? `${p.name} sets no ami_type, so terraform-aws-modules/eks boots ${p.image.value}, which ${carries}`
        : `${p.name}: ami_type ${p.image.value} ${carries}`;
      reportAt(
        ctx,
        where,
        `${prefix}, but ${what} needs ${needs}: its accelerators are never advertised to Kubernetes; use ${fix}`,
      );
    }
  },
});
