/**
 * `mlgate estimate --serve`: the serving fit (src/estimate/serving.ts) for a plan not yet written —
 * one model, one server, optionally one GPU layout — and, for every GPU product of the catalog that
 * a server can be sized on, the smallest GPU count that serves it, with the cheapest listed price of
 * that many GPUs (whole instances). Pure: the CLI reads flags and prints what this returns.
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

/** What a layout costs on the cheapest listed instances that hold it: whole instances, on demand. */
export interface LayoutPrice {
  /** USD per hour for all the instances. */
  perHour: number;
  /** The offer's price per GPU-hour. */
  perGpuHour: number;
  offer: string;
  /** Instances rented: ceil(GPUs ÷ the offer's GPUs). */
  instances: number;
  observed: string;
  source: string;
}

export interface ProductRow {
  gpu: GpuId;
  name: string;
  /** The smallest layout that holds the weights and one sequence of max-model-len; undefined when none up to maxGpus does. */
  layout?: { gpus: number; tp: number; pp: number; fit: ServingFit };
  price?: LayoutPrice;
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

/** Accelerators the serving arithmetic sizes: not TPUs nor Neuron chips (GpuSpec.servingNotSized; docs/serving.md, Limits). */
export function servable(gpu: GpuSpec): boolean {
  return gpu.servingNotSized === undefined;
}

/** A fit serves when the weights load, the KV cache has room and one full-length sequence fits. */
export function serves(f: ServingFit): boolean {
  return !f.weightsExceedGpu && !f.noKvRoom && f.sequences >= 1;
}

/**
 * The cheapest way to rent `gpus` of a GPU among the listed offers, in whole instances, each
 * holding at least `perNode` of them (a tensor-parallel group stays inside one machine).
 */
export function cheapestLayoutPrice(
  gpu: GpuId,
  gpus: number,
  perNode: number,
  offers: readonly InstancePrice[] = INSTANCE_PRICES,
): LayoutPrice | undefined {
  let best: LayoutPrice | undefined;
  for (const o of offers) {
    if (o.gpu !== gpu || o.gpus < perNode) continue;
    const instances = Math.ceil(gpus / o.gpus);
    const perHour = instances * o.onDemandPerHour;
    if (!best || perHour < best.perHour)
      best = {
        perHour,
        perGpuHour: o.onDemandPerHour / o.gpus,
        offer: o.id,
        instances,
        observed: o.observed,
        source: o.source,
      };
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
    const price = layout ? cheapestLayoutPrice(id, layout.gpus, layout.tp) : undefined;
    plan.products.push({
      gpu: id,
      name: spec.name,
      ...(layout ? { layout } : {}),
      ...(price ? { price } : {}),
    });
  }
  return plan;
}
