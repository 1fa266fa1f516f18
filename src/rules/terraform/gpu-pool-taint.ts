import { cloudAddedTaint, HARD_TAINT_EFFECTS } from "../../catalog/node-taints.js";
import type { TerraformSet } from "../../model/terraform.js";
import { type GpuPool, gpuPools, nodePools } from "../../model/terraform-pools.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { reportAt, tf, tfInvalid } from "./_util.js";

/** Whether the cloud taints this GPU pool itself: GKE, when the cluster it joins has a non-GPU pool. */
function gkeAutoTaint(set: TerraformSet, p: GpuPool): boolean {
  if (!cloudAddedTaint(p.cloud, "gpu-pool-in-cluster-with-non-gpu-pool")) return false;
  if (!p.cluster) {
    // The cluster it joins is not known here (`var.x ? null : google_container_cluster.c[0].name`):
    // a non-GPU pool of the same module may be in that cluster, and then GKE taints this one.
    return (
      p.body.get("cluster") !== undefined &&
      nodePools(set).some((o) => o.cloud === "gcp" && o.object.module === p.object.module && o.stack === undefined)
    );
  }
  const cluster = p.cluster.replace(/^google_container_cluster\./, "");
  const otherPool = nodePools(set).some((o) => o.cloud === "gcp" && o.cluster === p.cluster && o.stack === undefined);
  const defaultPool = set.objects.some(
    (o) =>
      o.type === "google_container_cluster" &&
      o.name === cluster &&
      o.module === p.object.module &&
      o.body.get("remove_default_node_pool")?.value !== true &&
      !(o.body.blocks("node_config")[0]?.blocks("guest_accelerator").length ?? 0),
  );
  return otherPool || defaultPool;
}

export default defineRule({
  id: "terraform/gpu-pool-taint",
  category: "terraform",
  severity: "warning",
  summary: "A GPU node pool has no NoSchedule taint: any pod can land on its GPU nodes",
  rationale:
    "Without a taint, the scheduler places ordinary pods (controllers, web services, batch jobs without GPUs) on GPU nodes like on any other: they take CPU and memory the GPU pods need, and keep the autoscaler from removing an idle GPU node that costs up to $113 an hour. The Kubernetes and cloud GPU guides taint GPU pools (`nvidia.com/gpu:NoSchedule`); the device plugin's pods and GPU workloads tolerate it (the ExtendedResourceToleration admission plugin adds the toleration to pods that request `nvidia.com/gpu`). GKE adds `nvidia.com/gpu=present:NoSchedule` itself only when the GPU pool joins a cluster that already has a non-GPU pool; it does not when all pools have GPUs, and not retroactively. EKS and AKS add no GPU taint (an AKS Spot pool carries its own spot taint).",
  remediation:
    'Add a taint: `taint { key = "nvidia.com/gpu" value = "present" effect = "NO_SCHEDULE" }` on aws_eks_node_group and GKE `node_config`, `taints = { gpu = { key = "nvidia.com/gpu", value = "present", effect = "NO_SCHEDULE" } }` in terraform-aws-modules/eks node groups, `node_taints = ["nvidia.com/gpu=present:NoSchedule"]` on AKS. Give GPU workloads the matching toleration (or rely on ExtendedResourceToleration).',
  links: [
    {
      title: "Kubernetes: taints and tolerations (dedicated nodes, nodes with special hardware)",
      url: "https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/#example-use-cases",
    },
    {
      title: "GKE: GPU node taints added automatically",
      url: "https://cloud.google.com/kubernetes-engine/docs/how-to/gpus#create-gpu-pool-auto-drivers",
    },
    {
      title: "aws_eks_node_group: taint (NO_SCHEDULE spelling)",
      url: "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eks_node_group#taint",
    },
  ],
  examples: {
    valid: [
      tf(
        "the EKS module: a GPU group with a NO_SCHEDULE taint",
        dedent`
          module "eks" {
            source = "terraform-aws-modules/eks/aws"
            eks_managed_node_groups = {
              gpu = {
                instance_types = ["g6e.12xlarge"]
                ami_type       = "AL2023_x86_64_NVIDIA"
                taints = {
                  gpu = { key = "nvidia.com/gpu", value = "present", effect = "NO_SCHEDULE" }
                }
              }
            }
          }
        `,
      ),
      tf(
        "GKE: a GPU pool joining a cluster that keeps its default (non-GPU) pool is tainted by GKE",
        dedent`
          resource "google_container_cluster" "ml" {
            name               = "ml"
            initial_node_count = 1
          }

          resource "google_container_node_pool" "l4" {
            cluster = google_container_cluster.ml.id
            node_config {
              machine_type = "g2-standard-24"
            }
          }
        `,
      ),
      tf(
        "AKS: a Spot GPU pool carries the spot taint",
        dedent`
          resource "azurerm_kubernetes_cluster_node_pool" "gpu" {
            name     = "gpuspot"
            vm_size  = "Standard_NC24ads_A100_v4"
            priority = "Spot"
            node_taints = ["kubernetes.azure.com/scalesetpriority=spot:NoSchedule"]
          }
        `,
      ),
      tf(
        "taints from a variable that cannot be known here",
        dedent`
          variable "taints" {}

          resource "aws_eks_node_group" "gpu" {
            instance_types = ["p5.48xlarge"]
            ami_type       = "AL2023_x86_64_NVIDIA"
            dynamic "taint" {
              for_each = var.taints
              content {
                key    = taint.value.key
                effect = taint.value.effect
              }
            }
          }
        `,
      ),
      tf(
        "GKE: a cluster not known here, with a non-GPU pool beside the GPU pool in the module",
        dedent`
          variable "autopilot" {}

          resource "google_container_cluster" "ml" {
            count                    = var.autopilot ? 0 : 1
            remove_default_node_pool = true
            initial_node_count       = 1
          }

          resource "google_container_node_pool" "cpu" {
            cluster = var.autopilot ? null : google_container_cluster.ml[0].name
            node_config {
              machine_type = "n2-standard-8"
            }
          }

          resource "google_container_node_pool" "l4" {
            cluster = var.autopilot ? null : google_container_cluster.ml[0].name
            node_config {
              machine_type = "g2-standard-8"
            }
          }
        `,
      ),
    ],
    invalid: [
      tfInvalid(
        "a p5 node group (plain resource) without a taint",
        dedent`
          resource "aws_eks_node_group" "gpu" {
            instance_types = ["p5.48xlarge"]
            ami_type       = "AL2023_x86_64_NVIDIA"
            scaling_config {
              min_size     = 0
              desired_size = 0
              max_size     = 4
            }
          }
        `,
        [{ line: 1, column: 1, message: /aws_eks_node_group\.gpu.*no NoSchedule taint/ }],
      ),
      tfInvalid(
        "the EKS module: a PREFER_NO_SCHEDULE taint is only a preference",
        dedent`
          module "eks" {
            source = "terraform-aws-modules/eks/aws"
            eks_managed_node_groups = {
              gpu = {
                instance_types = ["g6.xlarge"]
                ami_type       = "AL2023_x86_64_NVIDIA"
                taints = {
                  gpu = { key = "nvidia.com/gpu", effect = "PREFER_NO_SCHEDULE" }
                }
              }
            }
          }
        `,
        [{ line: 4, column: 11, message: /eks_managed_node_groups\["gpu"\]/ }],
      ),
      tfInvalid(
        "GKE: a cluster whose only pool has GPUs gets no automatic taint",
        dedent`
          resource "google_container_cluster" "ml" {
            name                     = "ml"
            remove_default_node_pool = true
            initial_node_count       = 1
          }

          resource "google_container_node_pool" "a100" {
            cluster = google_container_cluster.ml.id
            node_config {
              machine_type = "a2-ultragpu-8g"
            }
          }
        `,
        [{ line: 7, column: 1, message: /GKE adds nvidia.com\/gpu=present:NoSchedule itself only when/ }],
      ),
    ],
  },
  set(set, ctx) {
    if (!set.terraform) return;
    for (const p of gpuPools(set.terraform)) {
      if (p.taints === undefined || p.taints.some((t) => t.effect !== undefined && HARD_TAINT_EFFECTS.has(t.effect)))
        continue;
      if (p.capacity === "spot" && cloudAddedTaint(p.cloud, "spot-pool")) continue;
      if (gkeAutoTaint(set.terraform, p)) continue;
      const what = p.row ? `${p.row.count} × ${p.row.accelerator} per node` : `${p.types[0] ?? "GPU"} nodes`;
      const auto = cloudAddedTaint(p.cloud, "gpu-pool-in-cluster-with-non-gpu-pool");
      const gke = auto
        ? ` (GKE adds ${auto.key}=${auto.value}:${auto.effect} itself only when the GPU pool joins a cluster that already has a non-GPU pool; none is declared here)`
        : "";
      reportAt(
        ctx,
        p.at,
        `${p.name} (${what}) has no NoSchedule taint: pods without GPUs can be scheduled on its nodes and keep them from scaling down${gke}`,
      );
    }
  },
});
