import type { GpuId } from "./gpus.js";
/**
 * MIG (Multi-Instance GPU) profiles per GPU model, as the device plugin advertises them under the
 * `mixed` strategy: `nvidia.com/mig-<profile>` (e.g. `nvidia.com/mig-1g.10gb`).
 *
 * Sources, read 2026-11-29:
 * - NVIDIA MIG User Guide, "Supported MIG Profiles" and "Supported GPUs":
 *   https://docs.nvidia.com/datacenter/tesla/mig-user-guide/supported-mig-profiles.html
 *   https://docs.nvidia.com/datacenter/tesla/mig-user-guide/supported-gpus.html
 * - NVIDIA/k8s-device-plugin@1b826acc README (mixed strategy resource names).
 * - B300 and RTX PRO 6000 Blackwell profiles as listed in NVIDIA GPU Operator v25.3.0's default
 *   mig-parted config (quoted in aws/sagemaker-hyperpod-cli#403).
 * Media-extension variants (`+me`) exist for the smallest profiles; the device plugin writes them
 * with a `.me` suffix in resource names. mlgate accepts both spellings of the suffix.
 */
export interface MigGpuModel {
  /** The product as the MIG user guide names it. */
  model: string;
  /** Profile names without the `mig-` prefix and without `+me`. */
  profiles: readonly string[];
}

export const MIG_PROFILES: readonly MigGpuModel[] = [
  { model: "A30-24GB", profiles: ["1g.6gb", "2g.12gb", "4g.24gb"] },
  { model: "A100-40GB", profiles: ["1g.5gb", "1g.10gb", "2g.10gb", "3g.20gb", "4g.20gb", "7g.40gb"] },
  { model: "A100-80GB", profiles: ["1g.10gb", "1g.20gb", "2g.20gb", "3g.40gb", "4g.40gb", "7g.80gb"] },
  { model: "H100-80GB", profiles: ["1g.10gb", "1g.20gb", "2g.20gb", "3g.40gb", "4g.40gb", "7g.80gb"] },
  { model: "H100-94GB", profiles: ["1g.12gb", "1g.24gb", "2g.24gb", "3g.47gb", "4g.47gb", "7g.94gb"] },
  { model: "H100-96GB (GH200), H20", profiles: ["1g.12gb", "1g.24gb", "2g.24gb", "3g.48gb", "4g.48gb", "7g.96gb"] },
  { model: "H200-141GB", profiles: ["1g.18gb", "1g.35gb", "2g.35gb", "3g.71gb", "4g.71gb", "7g.141gb"] },
  { model: "B200-180GB", profiles: ["1g.23gb", "1g.45gb", "2g.45gb", "3g.90gb", "4g.90gb", "7g.180gb"] },
  { model: "GB200-186GB", profiles: ["1g.23gb", "1g.47gb", "2g.47gb", "3g.93gb", "4g.93gb", "7g.186gb"] },
  { model: "B300-288GB", profiles: ["1g.34gb", "1g.67gb", "2g.67gb", "3g.135gb", "4g.135gb", "7g.269gb"] },
  { model: "RTX PRO 6000 Blackwell", profiles: ["1g.24gb", "2g.48gb", "4g.96gb"] },
];

export const ALL_MIG_PROFILES: readonly string[] = [...new Set(MIG_PROFILES.flatMap((m) => m.profiles))];

/**
 * Splits a mixed-strategy MIG resource name. `nvidia.com/mig-1g.10gb` → `{ profile: "1g.10gb" }`;
 * undefined when the name is not of that shape.
 */
export function parseMigResource(name: string): { profile: string; media: boolean } | undefined {
  const m = /^nvidia\.com\/mig-(\d+g\.\d+gb)([.+]me)?$/.exec(name);
  if (!m) return undefined;
  return { profile: m[1] as string, media: m[2] !== undefined };
}

/**
 * The MIG model (MIG_PROFILES' `model`) of each GPU in catalog/gpus.ts; null for a product without
 * MIG (MIG User Guide, "Supported GPUs": Ampere A30/A100, Hopper, Blackwell data-centre parts;
 * V100, T4, A10, L4 and L40S are not listed; AMD GPUs partition differently). A product missing
 * here is not judged.
 */
export const MIG_MODEL_OF_GPU: Partial<Record<GpuId, string | null>> = {
  "a100-40gb": "A100-40GB",
  "a100-80gb": "A100-80GB",
  "h100-sxm": "H100-80GB",
  "h100-pcie": "H100-80GB",
  h200: "H200-141GB",
  b200: "B200-180GB",
  gb200: "GB200-186GB",
  v100: null,
  t4: null,
  a10: null,
  l4: null,
  l40s: null,
};
