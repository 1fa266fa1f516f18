import type { GpuId } from "../catalog/gpus.js";
import { DEFAULT_INSTANCE, INSTANCE_PRICES, type InstancePrice } from "../catalog/prices.js";
import type { ManifestJob } from "./manifest.js";

/**
 * What a GPU workload costs per day at its requested size: for the `cost` rule of `check`
 * (issue 8), which reports it when `--estimate` is on. Pure.
 */
export interface DailyCost {
  gpus: number;
  gpuHoursPerDay: number;
  /** USD per day on the cloud offer, or undefined when no price is known for the GPU. */
  cloudPerDay: number | undefined;
  offer: InstancePrice | undefined;
}

export function dailyCost(job: ManifestJob, prices: readonly InstancePrice[] = INSTANCE_PRICES): DailyCost {
  const gpuHoursPerDay = job.gpus * 24;
  const id = job.cloud ?? (job.gpu ? DEFAULT_INSTANCE[job.gpu] : undefined);
  const offer =
    (id ? prices.find((p) => p.id === id) : undefined) ?? (job.gpu ? prices.find((p) => p.gpu === job.gpu) : undefined);
  const cloudPerDay = offer ? (gpuHoursPerDay * offer.onDemandPerHour) / offer.gpus : undefined;
  return { gpus: job.gpus, gpuHoursPerDay, cloudPerDay, offer };
}

/** The GPU priced when the manifests do not name one, or name one the catalog has no price for. */
export const DEFAULT_GPU: GpuId = "h100-sxm";

/**
 * The daily cost as `check --estimate` states it: at the workload's own GPU when the catalog
 * prices it, else at the default GPU's price; `assumed` says the price is the default's.
 */
export function pricedDailyCost(job: ManifestJob): DailyCost & { assumed: boolean } {
  const cost = dailyCost(job);
  if (cost.offer) return { ...cost, assumed: false };
  return { ...dailyCost({ ...job, gpu: DEFAULT_GPU, cloud: DEFAULT_INSTANCE[DEFAULT_GPU] }), assumed: true };
}
