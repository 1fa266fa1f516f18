/**
 * Node labels and resource names the cluster checks read.
 *
 * Sources (read 2026-11-29):
 * - NVIDIA GPU Feature Discovery labels: NVIDIA/k8s-device-plugin docs/gpu-feature-discovery/README.md
 *   (`nvidia.com/gpu.product`, `gpu.count`, `gpu.memory` in MiB, `gpu.family`,
 *   `nvidia.com/cuda.driver-version.{major,minor,revision}` with deprecated aliases
 *   `nvidia.com/cuda.driver.{major,minor,rev}`, `nvidia.com/cuda.runtime-version.{major,minor}` with
 *   deprecated `nvidia.com/cuda.runtime.{major,minor}`, `nvidia.com/mig.strategy`), summarised in
 *   ../shared/research/ml-workload-semantics.md §4.2.
 * - MIG mixed strategy resource names `nvidia.com/mig-<g>g.<mem>gb`: same README.
 * - AMD node labeller `amd.com/gpu.product-name`: ROCm/k8s-device-plugin cmd/k8s-node-labeller/README.md.
 * - GKE accelerator label `cloud.google.com/gke-accelerator` and TPU labels: GKE docs (research §4.3).
 */
import type { CudaVersion, DriverVersion } from "./types.js";

export function isMigResource(name: string): boolean {
  return name.startsWith("nvidia.com/mig-");
}

/** Node labels that name a GPU model; a selector on them that no node carries is a product mismatch. */
export const GPU_PRODUCT_LABELS: readonly string[] = [
  "nvidia.com/gpu.product",
  "nvidia.com/gpu.family",
  "nvidia.com/gpu.machine",
  "amd.com/gpu.product-name",
  "cloud.google.com/gke-accelerator",
  "cloud.google.com/gke-tpu-accelerator",
];

export const GPU_PRODUCT_LABEL = "nvidia.com/gpu.product";
export const GPU_COUNT_LABEL = "nvidia.com/gpu.count";
export const GPU_MEMORY_LABEL = "nvidia.com/gpu.memory";
export const MIG_STRATEGY_LABEL = "nvidia.com/mig.strategy";

function int(v: string | undefined): number | undefined {
  if (v === undefined || !/^\d+$/.test(v.trim())) return undefined;
  return Number.parseInt(v, 10);
}

/** The NVIDIA driver version a node's GFD labels report, if they do. */
export function driverFromLabels(labels: Readonly<Record<string, string>>): DriverVersion | undefined {
  const major = int(labels["nvidia.com/cuda.driver-version.major"] ?? labels["nvidia.com/cuda.driver.major"]);
  if (major === undefined) {
    const full = labels["nvidia.com/cuda.driver-version.full"];
    return full ? parseDriverVersion(full) : undefined;
  }
  const minor = int(labels["nvidia.com/cuda.driver-version.minor"] ?? labels["nvidia.com/cuda.driver.minor"]) ?? 0;
  const revision = int(labels["nvidia.com/cuda.driver-version.revision"] ?? labels["nvidia.com/cuda.driver.rev"]) ?? 0;
  return { major, minor, revision };
}

/** The newest CUDA version a node's driver supports, from GFD labels, if they say. */
export function cudaRuntimeFromLabels(labels: Readonly<Record<string, string>>): CudaVersion | undefined {
  const major = int(labels["nvidia.com/cuda.runtime-version.major"] ?? labels["nvidia.com/cuda.runtime.major"]);
  if (major === undefined) return undefined;
  const minor = int(labels["nvidia.com/cuda.runtime-version.minor"] ?? labels["nvidia.com/cuda.runtime.minor"]) ?? 0;
  return { major, minor };
}

/** `550.54.15` → {550, 54, 15}; undefined when it is not a driver version. */
export function parseDriverVersion(v: string): DriverVersion | undefined {
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(v.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2] ?? 0), revision: Number(m[3] ?? 0) };
}

export function formatDriver(d: DriverVersion): string {
  return `${d.major}.${String(d.minor).padStart(2, "0")}${d.revision ? `.${String(d.revision).padStart(2, "0")}` : ""}`;
}

export function compareDriver(a: DriverVersion, b: DriverVersion): number {
  return a.major - b.major || a.minor - b.minor || a.revision - b.revision;
}
