import type { GpuId } from "./gpus.js";

/**
 * Cloud instance / machine / VM types → the accelerators each node has, its EFA interfaces, and its
 * on-demand price. Data only; the Terraform GPU-pool model (src/model/terraform-pools.ts) and the
 * estimator (INSTANCE_GPU in prices.ts) read it. All read 2026-12-04 (../shared/research/terraform-gpu.md §7):
 *
 * - AWS counts, GPU memory and EFA interfaces: aws/karpenter-provider-aws@1d927085dd81
 *   website/content/en/docs/reference/instance-types.md (generated from EC2 DescribeInstanceTypes;
 *   `vpc.amazonaws.com/efa` = EfaInfo.MaximumEfaInterfaces). Prices: the same commit's
 *   pkg/providers/pricing/zz_generated.pricing_aws.go, Linux on-demand, us-east-1, generated 2026-07-20.
 * - GCP counts: GoogleCloudPlatform/cluster-toolkit@147e356daa10 modules/internal/gpu-definition/main.tf.
 *   Prices: kubernetes/autoscaler@55c37cd5eb55 cluster-autoscaler/cloudprovider/gce/gce_price_info.go
 *   (A2 rows added 2021-03-24/2022-08-03, G2 2023-05-01; the table names no region, and includes the
 *   GPUs in A2/G2 machine prices). Spot prices: the same file's `preemptiblePrices` table (which the
 *   autoscaler uses for Spot and preemptible nodes alike), read at kubernetes/autoscaler@0411d1c8af6b
 *   whose on-demand rows for these types are the same. AWS and Azure rows have no Spot price: the
 *   sources above list on-demand prices only (Spot prices move with the market).
 * - Azure counts: kaito-project/kaito@056b8280b1a8 pkg/sku/azure_sku_handler.go. Prices:
 *   Azure/karpenter-provider-azure@352646f59929 pkg/providers/pricing/zz_generated.pricing.go,
 *   Linux on-demand, eastus unless noted, generated 2026-06-18.
 */

export type Cloud = "aws" | "gcp" | "azure";
/** Which device stack a node needs: the NVIDIA driver, AWS Neuron, or none known. */
export type AcceleratorStack = "nvidia" | "neuron";

export interface InstancePriceRow {
  onDemandPerHour: number;
  /** Spot (GCP: Spot and preemptible) USD per hour, where the same source lists it. */
  spotPerHour?: number;
  region: string;
  observed: string;
  source: string;
}

export interface InstanceType {
  cloud: Cloud;
  name: string;
  /** What a person calls the accelerator: "NVIDIA H100 80GB". */
  accelerator: string;
  stack: AcceleratorStack;
  /** The GPU in src/catalog/gpus.ts, where the catalog has it (for the estimator). */
  gpu?: GpuId;
  /** Accelerators per node. */
  count: number;
  /** AWS: most EFA interfaces the type takes (0: none). */
  efa?: number;
  price?: InstancePriceRow;
  source: string;
}

const K1 = "aws/karpenter-provider-aws@1d927085dd81 docs/reference/instance-types.md";
const K1_PRICE = "aws/karpenter-provider-aws@1d927085dd81 zz_generated.pricing_aws.go (generated 2026-07-20)";
const G3 = "GoogleCloudPlatform/cluster-toolkit@147e356daa10 gpu-definition/main.tf";
const G4_PRICE =
  "kubernetes/autoscaler@55c37cd5eb55 gce_price_info.go (added 2021-2023; no region stated; GPU included)";
const Z3 = "kaito-project/kaito@056b8280b1a8 pkg/sku/azure_sku_handler.go";
const Z4_PRICE = "Azure/karpenter-provider-azure@352646f59929 zz_generated.pricing.go (generated 2026-06-18)";

function aws(
  name: string,
  accelerator: string,
  stack: AcceleratorStack,
  count: number,
  efa: number,
  perHour: number | undefined,
  gpu?: GpuId,
): InstanceType {
  return {
    cloud: "aws",
    name,
    accelerator,
    stack,
    count,
    efa,
    ...(gpu ? { gpu } : {}),
    ...(perHour !== undefined
      ? { price: { onDemandPerHour: perHour, region: "us-east-1", observed: "2026-07-20", source: K1_PRICE } }
      : {}),
    source: K1,
  };
}

function gcp(
  name: string,
  accelerator: string,
  count: number,
  perHour: number | undefined,
  gpu?: GpuId,
  spotPerHour?: number,
): InstanceType {
  return {
    cloud: "gcp",
    name,
    accelerator,
    stack: "nvidia",
    count,
    ...(gpu ? { gpu } : {}),
    ...(perHour !== undefined
      ? {
          price: {
            onDemandPerHour: perHour,
            ...(spotPerHour !== undefined ? { spotPerHour } : {}),
            region: "unstated",
            observed: "2023-05-01",
            source: G4_PRICE,
          },
        }
      : {}),
    source: G3,
  };
}

function azure(
  name: string,
  accelerator: string,
  count: number,
  perHour: number | undefined,
  gpu?: GpuId,
  region = "eastus",
): InstanceType {
  return {
    cloud: "azure",
    name,
    accelerator,
    stack: "nvidia",
    count,
    ...(gpu ? { gpu } : {}),
    ...(perHour !== undefined
      ? { price: { onDemandPerHour: perHour, region, observed: "2026-06-18", source: Z4_PRICE } }
      : {}),
    source: Z3,
  };
}

const A10G = "NVIDIA A10G 24GB";
const L4 = "NVIDIA L4 24GB";
const L40S = "NVIDIA L40S 48GB";
const XL = ["xlarge", "2xlarge", "4xlarge", "8xlarge", "16xlarge"];

export const INSTANCE_TYPES: readonly InstanceType[] = [
  aws("p4d.24xlarge", "NVIDIA A100 40GB", "nvidia", 8, 4, 21.9576, "a100-40gb"),
  aws("p4de.24xlarge", "NVIDIA A100 80GB", "nvidia", 8, 4, 27.4471, "a100-80gb"),
  aws("p5.4xlarge", "NVIDIA H100 80GB", "nvidia", 1, 1, 6.88, "h100-sxm"),
  aws("p5.48xlarge", "NVIDIA H100 80GB", "nvidia", 8, 32, 55.04, "h100-sxm"),
  aws("p5e.48xlarge", "NVIDIA H200 141GB", "nvidia", 8, 32, undefined, "h200"),
  aws("p5en.48xlarge", "NVIDIA H200 141GB", "nvidia", 8, 16, 63.296, "h200"),
  aws("p6-b200.48xlarge", "NVIDIA B200", "nvidia", 8, 8, 113.9328, "b200"),
  ...XL.map((s, i) =>
    aws(`g5.${s}`, A10G, "nvidia", 1, i >= 3 ? 1 : 0, [1.006, 1.212, 1.624, 2.448, 4.096][i], "a10g"),
  ),
  aws("g5.12xlarge", A10G, "nvidia", 4, 1, 5.672, "a10g"),
  aws("g5.24xlarge", A10G, "nvidia", 4, 1, 8.144, "a10g"),
  aws("g5.48xlarge", A10G, "nvidia", 8, 1, 16.288, "a10g"),
  ...XL.map((s, i) =>
    aws(`g6.${s}`, L4, "nvidia", 1, i >= 3 ? 1 : 0, [0.8048, 0.9776, 1.3232, 2.0144, 3.3968][i], "l4"),
  ),
  aws("g6.12xlarge", L4, "nvidia", 4, 1, 4.6016, "l4"),
  aws("g6.24xlarge", L4, "nvidia", 4, 1, 6.6752, "l4"),
  aws("g6.48xlarge", L4, "nvidia", 8, 1, 13.3504, "l4"),
  ...XL.map((s, i) =>
    aws(`g6e.${s}`, L40S, "nvidia", 1, i >= 3 ? 1 : 0, [1.861, 2.2421, 3.0042, 4.5286, 7.5772][i], "l40s"),
  ),
  aws("g6e.12xlarge", L40S, "nvidia", 4, 1, 10.4926, "l40s"),
  aws("g6e.24xlarge", L40S, "nvidia", 4, 2, 15.0656, "l40s"),
  aws("g6e.48xlarge", L40S, "nvidia", 8, 4, 30.1312, "l40s"),
  aws("g4dn.xlarge", "NVIDIA T4 16GB", "nvidia", 1, 0, 0.526, "t4"),
  aws("g4dn.12xlarge", "NVIDIA T4 16GB", "nvidia", 4, 0, 3.912, "t4"),
  aws("trn1.2xlarge", "AWS Trainium", "neuron", 1, 0, 1.3438, "trainium"),
  aws("trn1.32xlarge", "AWS Trainium", "neuron", 16, 8, 21.5, "trainium"),
  aws("trn1n.32xlarge", "AWS Trainium", "neuron", 16, 16, 24.78, "trainium"),
  aws("trn2.48xlarge", "AWS Trainium2", "neuron", 16, 16, undefined, "trainium2"),
  aws("inf2.xlarge", "AWS Inferentia2", "neuron", 1, 0, 0.7582, "inferentia2"),
  aws("inf2.8xlarge", "AWS Inferentia2", "neuron", 1, 0, 1.9679, "inferentia2"),
  aws("inf2.24xlarge", "AWS Inferentia2", "neuron", 6, 0, 6.4906, "inferentia2"),
  aws("inf2.48xlarge", "AWS Inferentia2", "neuron", 12, 0, 12.9813, "inferentia2"),

  ...[1, 2, 4, 8].map((n, i) =>
    gcp(
      `a2-highgpu-${n}g`,
      "NVIDIA A100 40GB",
      n,
      [3.6734, 7.3468, 14.6935, 29.3871][i],
      "a100-40gb",
      [1.102016, 2.204031, 4.408062, 8.816124][i],
    ),
  ),
  gcp("a2-megagpu-16g", "NVIDIA A100 40GB", 16, 55.7395, "a100-40gb", 16.721851),
  ...[1, 2, 4, 8].map((n, i) =>
    gcp(
      `a2-ultragpu-${n}g`,
      "NVIDIA A100 80GB",
      n,
      [5.0688, 10.1376, 20.2752, 40.5504][i],
      "a100-80gb",
      [1.6, 3.2, 6.4, 12.8][i],
    ),
  ),
  ...[1, 2, 4, 8].map((n) => gcp(`a3-highgpu-${n}g`, "NVIDIA H100 80GB", n, undefined, "h100-sxm")),
  gcp("a3-megagpu-8g", "NVIDIA H100 Mega 80GB", 8, undefined, "h100-sxm"),
  gcp("a3-ultragpu-8g", "NVIDIA H200 141GB", 8, undefined, "h200"),
  ...[4, 8, 12, 16, 32].map((c, i) =>
    gcp(`g2-standard-${c}`, L4, 1, [0.76, 0.91, 1.06, 1.2, 1.79][i], "l4", [0.23, 0.27, 0.32, 0.36, 0.54][i]),
  ),
  gcp("g2-standard-24", L4, 2, 2.11, "l4", 0.63),
  gcp("g2-standard-48", L4, 4, 4.23, "l4", 1.27),
  gcp("g2-standard-96", L4, 8, 8.46, "l4", 2.54),

  azure("Standard_ND96asr_v4", "NVIDIA A100 40GB", 8, 27.197, "a100-40gb"),
  azure("Standard_ND96amsr_A100_v4", "NVIDIA A100 80GB", 8, 32.77, "a100-80gb"),
  azure("Standard_ND96isr_H100_v5", "NVIDIA H100 80GB", 8, 98.32, "h100-sxm"),
  azure("Standard_ND96isr_H200_v5", "NVIDIA H200 141GB", 8, 84.8, "h200", "eastus2"),
  azure("Standard_NC24ads_A100_v4", "NVIDIA A100 80GB", 1, 3.673, "a100-80gb"),
  azure("Standard_NC48ads_A100_v4", "NVIDIA A100 80GB", 2, 7.346, "a100-80gb"),
  azure("Standard_NC96ads_A100_v4", "NVIDIA A100 80GB", 4, 14.692, "a100-80gb"),
  azure("Standard_NC40ads_H100_v5", "NVIDIA H100 NVL", 1, 6.98),
  azure("Standard_NC80adis_H100_v5", "NVIDIA H100 NVL", 2, 13.96),
  azure("Standard_NV36ads_A10_v5", "NVIDIA A10 24GB", 1, 3.2, "a10"),
  azure("Standard_NC4as_T4_v3", "NVIDIA T4 16GB", 1, 0.526, "t4"),
  azure("Standard_NC64as_T4_v3", "NVIDIA T4 16GB", 4, 4.352, "t4"),
];

const BY_NAME = new Map(INSTANCE_TYPES.map((t) => [t.name.toLowerCase(), t]));

/** The catalog row of an instance, machine or VM type (Azure sizes match without case). */
export function instanceType(name: string): InstanceType | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/**
 * Instance families that carry accelerators even when the exact size is not in the catalog: a
 * GPU pool is recognised by its family, priced only by its exact type.
 * AWS families per the EKS accelerated-AMI page (https://docs.aws.amazon.com/eks/latest/userguide/ml-eks-optimized-ami.html);
 * GCP accelerator-optimized series (https://cloud.google.com/compute/docs/accelerator-optimized-machines);
 * Azure GPU families NC, ND, NV (https://learn.microsoft.com/azure/virtual-machines/sizes/overview).
 */
export const ACCELERATED_FAMILIES: ReadonlyArray<{ cloud: Cloud; pattern: RegExp; stack: AcceleratorStack }> = [
  { cloud: "aws", pattern: /^(p[3-6][a-z0-9-]*|g[4-7][a-z]*|gr6[a-z]*)\./, stack: "nvidia" },
  { cloud: "aws", pattern: /^(inf[12]|trn[12][a-z]*)\./, stack: "neuron" },
  { cloud: "gcp", pattern: /^(a2|a3|a4|a4x|g2|g4)-/, stack: "nvidia" },
  { cloud: "azure", pattern: /^standard_n[cdv]/i, stack: "nvidia" },
];

/** The accelerator stack an instance type needs, from the catalog or its family; undefined: no accelerator known. */
export function acceleratorStack(name: string): AcceleratorStack | undefined {
  const row = instanceType(name);
  if (row) return row.stack;
  return ACCELERATED_FAMILIES.find((f) => f.pattern.test(name))?.stack;
}

/**
 * EKS `ami_type` values and the accelerator stack each image carries (EKS CreateNodegroup API
 * reference, https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateNodegroup.html, and the
 * accelerated-AMI page above; AL2 AMIs are no longer published since 2025-11-26,
 * https://docs.aws.amazon.com/eks/latest/userguide/eks-ami-build-scripts.html). `none`: no
 * accelerator driver; `custom`: whatever the launch template's AMI holds.
 */
export const EKS_AMI_TYPES: Readonly<Record<string, AcceleratorStack | "none" | "custom">> = {
  AL2023_x86_64_NVIDIA: "nvidia",
  AL2023_ARM_64_NVIDIA: "nvidia",
  BOTTLEROCKET_x86_64_NVIDIA: "nvidia",
  BOTTLEROCKET_ARM_64_NVIDIA: "nvidia",
  BOTTLEROCKET_x86_64_NVIDIA_FIPS: "nvidia",
  BOTTLEROCKET_ARM_64_NVIDIA_FIPS: "nvidia",
  AL2_x86_64_GPU: "nvidia",
  AL2023_x86_64_NEURON: "neuron",
  // The Bottlerocket variant listed for inf/trn (the Neuron device plugin is still needed).
  BOTTLEROCKET_x86_64: "neuron",
  AL2_x86_64: "none",
  AL2_ARM_64: "none",
  AL2023_x86_64_STANDARD: "none",
  AL2023_ARM_64_STANDARD: "none",
  BOTTLEROCKET_ARM_64: "none",
  BOTTLEROCKET_x86_64_FIPS: "none",
  BOTTLEROCKET_ARM_64_FIPS: "none",
  WINDOWS_CORE_2019_x86_64: "none",
  WINDOWS_FULL_2019_x86_64: "none",
  WINDOWS_CORE_2022_x86_64: "none",
  WINDOWS_FULL_2022_x86_64: "none",
  WINDOWS_CORE_2025_x86_64: "none",
  WINDOWS_FULL_2025_x86_64: "none",
  CUSTOM: "custom",
};

/** The `ami_type` terraform-aws-modules/eks gives a node group that sets none (v21.19.0, variables.tf). */
export const EKS_MODULE_DEFAULT_AMI_TYPE = "AL2023_x86_64_STANDARD";

/** Hours in an average month (365 × 24 / 12), the convention cloud price calculators use. */
export const HOURS_PER_MONTH = 730;
