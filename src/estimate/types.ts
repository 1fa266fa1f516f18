// The estimate's input and its result: what `estimate` (estimate.ts) can be told, and the
// record it returns, with every step of the working, the assumptions it made and their sources.
import type { GpuId } from "../catalog/gpus.js";
import type { InterconnectId } from "../catalog/interconnects.js";
import type { InstancePrice } from "../catalog/prices.js";
import type { Citation } from "./citations.js";
import type { Recompute, ZeroStage } from "./formulas.js";
import type { Attention, MlaShape, TransformerShape } from "./transformer.js";

/** Everything `estimate` can be told. Undefined fields take the defaults listed in `assumptions`. */
export interface EstimateInput {
  params?: number;
  /** Parameters a token passes through (MoE), when --params is given and the architecture cannot count them. */
  activeParams?: number;
  /** The catalog model the architecture came from (`--model`), for the output. */
  model?: { name: string; source: string; read: string };
  /** Multi-head latent attention (DeepSeek-V3, from `--model`); no flag sets it. */
  mla?: MlaShape;
  tokens: number;
  gpu: GpuId;
  gpus: number;
  gpusPerNode?: number;
  tflops?: number;
  mfu?: number;
  layers?: number;
  hidden?: number;
  heads?: number;
  seq?: number;
  vocab?: number;
  globalBatch?: number;
  microBatch?: number;
  tp?: number;
  pp?: number;
  dp?: number;
  zero?: ZeroStage;
  recompute?: Recompute;
  sequenceParallel?: boolean;
  attention?: Attention;
  /** Dropout probability; its masks are kept when > 0. */
  dropout?: number;
  kvHeads?: number;
  headDim?: number;
  ffnHidden?: number;
  mlp?: "gelu" | "swiglu";
  tiedEmbeddings?: boolean;
  positions?: "learned" | "rope";
  norm?: "layernorm" | "rmsnorm";
  bias?: boolean;
  qkvBias?: boolean;
  experts?: number;
  expertsPerToken?: number;
  sharedExperts?: number;
  expertFfnHidden?: number;
  denseLayers?: number;
  /** Expert-parallel size (divides dp). */
  ep?: number;
  interconnect?: InterconnectId;
  nicsPerNode?: number;
  cloud?: string;
  commitment?: "on-demand" | "1y" | "3y";
  pricePerGpuHour?: number;
  /** Replaces the built-in instance price table (`--price-file`). */
  prices?: readonly InstancePrice[];
  serverPrice?: number;
  amortizeYears?: number;
  serverKw?: number;
  pue?: number;
  kwhPrice?: number;
  utilization?: number;
  coloPerMonth?: number;
  networkShare?: number;
}

/** An input the user did not give and the value used instead. */
export interface Assumption {
  name: string;
  value: string | number | boolean;
  source: string;
}

/** One line of the working: a number, how it was computed, and from what. */
export interface Step {
  section: "model" | "compute" | "time" | "memory" | "network" | "cost";
  label: string;
  value: number;
  unit: string;
  formula: string;
  cite?: string;
}

export interface Estimate {
  version: 1;
  params: number;
  /** Parameters one token passes through (= params for a dense model). */
  activeParams: number;
  /** The transformer the counts come from; null with --params alone. */
  architecture: (TransformerShape & { label: string }) | null;
  tokens: number;
  gpu: { id: GpuId; name: string; peakTflops: number; memoryBytes: number };
  gpus: number;
  gpusPerNode: number;
  nodes: number;
  parallelism: {
    tp: number;
    pp: number;
    dp: number;
    ep: number;
    zero: ZeroStage;
    recompute: Recompute;
    sequenceParallel: boolean;
    attention: Attention;
    dropout: number;
    microBatch: number;
    globalBatch: number;
    microBatchesPerPipeline: number;
    seq: number;
    steps: number;
  };
  flops: { total: number; model: number; method: string };
  /** flopsPerGpu and mfu are end to end (over the wall time); computeEfficiency is what the compute ran at. */
  throughput: { flopsPerGpu: number; mfu: number; computeEfficiency: number; from: "tflops" | "mfu" | "default-mfu" };
  time: {
    computeSeconds: number;
    commSeconds: number;
    wallSeconds: number;
    days: number;
    gpuHours: number;
    perStep: {
      computeSeconds: number;
      bubbleSeconds: number;
      /** Time the data-parallel / ZeRO collectives take; dpExposedSeconds is what backward does not hide. */
      dpSeconds: number;
      dpExposedSeconds: number;
      tpSeconds: number;
      ppSeconds: number;
      epSeconds: number;
      /** Communication on the critical path (tp + pp + ep + exposed dp); the raw traffic with --tflops. */
      commSeconds: number;
      stepSeconds: number;
    };
    bubbleFraction: number;
    bound: "compute" | "network";
    networkDominates: boolean;
  };
  memory: {
    /** activations: at the backward peak (what must fit); zeroBuffer: ZeRO-3's gathered layers. */
    perGpuBytes: {
      params: number;
      grads: number;
      optimizer: number;
      zeroBuffer: number;
      activations: number | null;
      total: number;
    };
    /** Activations held between forward and backward. */
    activationsHeld: number | null;
    /**
     * Of `perGpuBytes.activations`: the fp32 logits the loss reads (s·b·V·4/t) and, when the loss is
     * the peak, the gradients of the log-probabilities and of the logits (3 × that); null when unknown.
     */
    logitsBytes: number | null;
    gpuBytes: number;
    fits: boolean;
    headroomBytes: number;
  };
  network: {
    interconnect: InterconnectId;
    name: string;
    nodeBytesPerSecond: number;
    scaleUpBusBytesPerSecond: number;
  };
  cost: {
    cloud: {
      total: number | null;
      perGpuHour: number | null;
      offer: string | null;
      observed: string | null;
      note?: string;
    };
    bareMetal: {
      total: number | null;
      perGpuHour: number | null;
      serverHour: { capital: number; colo: number; power: number; total: number } | null;
      utilization: number;
      note?: string;
    };
    breakEvenUtilization: number | null;
  };
  steps: Step[];
  assumptions: Assumption[];
  citations: Citation[];
  warnings: string[];
}

export class EstimateError extends Error {}
