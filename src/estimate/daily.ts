import { DEFAULT_INSTANCE, INSTANCE_PRICES, type InstancePrice } from "../catalog/prices.js";
import type { ManifestJob } from "./manifest.js";

/**
 * What a GPU workload costs per day at its requested size: for the `cost` rule of `check`
 * (issue 8), which reports it when `--estimate` is on. Pure. A GPU the catalog does not price has
 * no cost (undefined), never another GPU's.
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
