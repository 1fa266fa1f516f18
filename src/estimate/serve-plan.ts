/**
 * `mlgate estimate --serve`: the serving fit (src/estimate/serving.ts) for a plan not yet written —
 * one model, one server, optionally one GPU layout — and, for every GPU product of the catalog that
 * a server can be sized on, the smallest GPU count that serves it, with the cheapest listed price of
 * that many GPUs. Pure: the CLI reads flags and prints what this returns.
 */
import { GPU_IDS, GPUS, type GpuId, type GpuSpec } from "../catalog/gpus.js";
import type { ModelSpec, Quantization } from "../catalog/models.js";
import { INSTANCE_PRICES, type InstancePrice } from "../catalog/prices.js";
import type { LlmServerId } from "../catalog/serving.js";
import { type ServingFit, type ServingInput, servingFit, smallestLayout, tensorParallelProblem } from "./serving.js";

export interface ServePlanInput {
  server: LlmServerId;
  model: ModelSpec;
  modelRef: string;
  idQuantization?: Quantization;
  /** A layout to size: the GPU product, and the GPU count and tensor-parallel size (pp = gpus / tp). */
  gpu?: GpuId;
  gpus?: number;
  tp?: number;
  dtype?: string;
  quantization?: string;
  kvCacheDtype?: string;
  maxModelLen?: number;
  memoryUtilization?: number;
  /** Largest GPU count tried per product (default 64) and GPUs per node (tp stays within one, default 8). */
  maxGpus?: number;
  gpusPerNode?: number;
}

/** The cheapest listed on-demand offer of a GPU, per GPU-hour. */
export interface GpuHourPrice {
  perGpuHour: number;
  offer: string;
  observed: string;
  source: string;
}

export interface ProductRow {
  gpu: GpuId;
  name: string;
  /** The smallest layout that holds the weights and one sequence of max-model-len; undefined when none up to maxGpus does. */
  layout?: { gpus: number; tp: number; pp: number; fit: ServingFit };
  price?: GpuHourPrice;
}

export interface ServePlan {
  server: LlmServerId;
  model: ModelSpec;
  modelRef: string;
  maxModelLen: number;
  /** The layout asked for, sized; undefined without --gpu. */
  fit?: ServingFit;
  /** Why the layout asked for cannot run at all (tensor parallelism that does not divide the heads). */
  layoutProblem?: string;
  /** Whether the layout asked for serves one sequence of max-model-len. */
  fits?: boolean;
  products: ProductRow[];
  maxGpus: number;
}

/** Accelerators the serving arithmetic does not size: TPUs account for memory differently (docs/serving.md, Limits). */
export function servable(gpu: GpuSpec): boolean {
  return !gpu.id.startsWith("tpu-");
}

/** A fit serves when the weights load, the KV cache has room and one full-length sequence fits. */
export function serves(f: ServingFit): boolean {
  return !f.weightsExceedGpu && !f.noKvRoom && f.sequences >= 1;
}

/** The lowest on-demand price per GPU-hour among the listed offers of a GPU. */
export function cheapestGpuHour(
  gpu: GpuId,
  offers: readonly InstancePrice[] = INSTANCE_PRICES,
): GpuHourPrice | undefined {
  let best: GpuHourPrice | undefined;
  for (const o of offers) {
    if (o.gpu !== gpu) continue;
    const perGpuHour = o.onDemandPerHour / o.gpus;
    if (!best || perGpuHour < best.perGpuHour)
      best = { perGpuHour, offer: o.id, observed: o.observed, source: o.source };
  }
  return best;
}

export function planServing(input: ServePlanInput): ServePlan {
  const maxGpus = input.maxGpus ?? 64;
  const gpusPerNode = input.gpusPerNode ?? 8;
  const base: Omit<ServingInput, "tp" | "pp" | "gpu"> = {
    server: input.server,
    model: input.model,
    modelRef: input.modelRef,
    ...(input.idQuantization ? { idQuantization: input.idQuantization } : {}),
    ...(input.dtype !== undefined ? { dtype: input.dtype } : {}),
    ...(input.quantization !== undefined ? { quantization: input.quantization } : {}),
    ...(input.kvCacheDtype !== undefined ? { kvCacheDtype: input.kvCacheDtype } : {}),
    ...(input.maxModelLen !== undefined ? { maxModelLen: input.maxModelLen } : {}),
    ...(input.memoryUtilization !== undefined ? { memoryUtilization: input.memoryUtilization } : {}),
  };
  const plan: ServePlan = {
    server: input.server,
    model: input.model,
    modelRef: input.modelRef,
    maxModelLen: input.maxModelLen ?? input.model.contextLength,
    products: [],
    maxGpus,
  };
  if (input.gpu !== undefined) {
    const gpus = input.gpus ?? input.tp ?? 1;
    const tp = input.tp ?? gpus;
    const pp = gpus / tp;
    const problem = tensorParallelProblem(input.model, tp);
    if (problem) plan.layoutProblem = problem;
    plan.fit = servingFit({ ...base, gpu: GPUS[input.gpu], tp, pp });
    plan.fits = !problem && serves(plan.fit);
  }
  for (const id of GPU_IDS) {
    const spec = GPUS[id];
    if (!servable(spec)) continue;
    const layout = smallestLayout({ ...base, gpu: spec }, maxGpus, gpusPerNode);
    const price = cheapestGpuHour(id);
    plan.products.push({
      gpu: id,
      name: spec.name,
      ...(layout ? { layout } : {}),
      ...(price ? { price } : {}),
    });
  }
  return plan;
}
