/**
 * Will this model server fit: weights, KV cache and sequences per GPU, computed the way vLLM,
 * SGLang and TGI size their memory at start-up (src/catalog/serving.ts SERVER_MEMORY says how each
 * does it, with sources). Pure functions; every number they return carries the arithmetic behind it.
 */
import type { GpuSpec } from "../catalog/gpus.js";
import type { ModelSpec, Quantization } from "../catalog/models.js";
import { type LlmServerId, SERVER_MEMORY } from "../catalog/serving.js";

export const GiB = 2 ** 30;

/** How the weights are stored on the GPU. */
export type WeightFormat = "32-bit" | "16-bit" | "8-bit" | "4-bit";

/** Bytes per parameter of the linear layers; embeddings and the output head stay 16-bit in every quantized format. */
export const WEIGHT_BYTES: Readonly<Record<WeightFormat, number>> = {
  "32-bit": 4,
  "16-bit": 2,
  "8-bit": 1,
  // 4-bit weights plus, per group of 128, a 16-bit scale and a 4-bit zero point (AWQ/GPTQ group_size 128).
  "4-bit": 0.5 + 2.5 / 128,
};

/** A server's quantization setting (vLLM/SGLang --quantization, TGI --quantize) or an id suffix, as a weight format. */
export function quantizationFormat(q: string | undefined): WeightFormat | undefined {
  if (q === undefined) return undefined;
  const v = q.toLowerCase().replace(/_/g, "-");
  if (
    /^(awq|gptq|marlin|awq-marlin|gptq-marlin|gptq-marlin-24|exl2|bitsandbytes|bitsandbytes-nf4|bitsandbytes-fp4|int4|w4a16|aqlm|gguf)$/.test(
      v,
    )
  )
    return "4-bit";
  if (/^(fp8|fbgemm-fp8|ptpc-fp8|modelopt|eetq|int8|w8a8|w8a8-int8|w8a8-fp8|experts-int8|mxfp8)$/.test(v))
    return "8-bit";
  return undefined;
}

const QUANT_FORMAT: Readonly<Record<Quantization, WeightFormat>> = {
  awq: "4-bit",
  gptq: "4-bit",
  bitsandbytes: "4-bit",
  fp8: "8-bit",
  int8: "8-bit",
};

/** Bytes per element of the activations (and of an `auto` KV cache): float32 → 4, everything else 16-bit. */
export function activationBytes(dtype: string | undefined): number {
  const d = dtype?.toLowerCase();
  return d === "float" || d === "float32" || d === "fp32" ? 4 : 2;
}

/** KV-cache element size: `auto` follows the activations; fp8 variants are 1 byte. */
export function kvElementBytes(kvCacheDtype: string | undefined, dtype: string | undefined): number {
  const k = kvCacheDtype?.toLowerCase() ?? "auto";
  if (k.startsWith("fp8") || k === "int8") return 1;
  if (k === "auto") return activationBytes(dtype);
  if (k === "float32" || k === "fp32") return 4;
  return 2;
}

/** Parameters outside the linear layers' quantization: the token embeddings and, untied, the output head. */
export function embeddingParams(m: ModelSpec): number {
  return m.vocab * m.hidden * (m.tiedEmbeddings ? 1 : 2);
}

/** The weight format a server ends up with: its quantization flag, else the id's suffix, else the dtype / checkpoint. */
export function weightFormat(
  m: ModelSpec,
  opts: { quantization?: string; idQuantization?: Quantization; dtype?: string },
): { format: WeightFormat; why: string } {
  const flag = quantizationFormat(opts.quantization);
  if (flag) return { format: flag, why: `quantization ${opts.quantization}` };
  if (opts.idQuantization)
    return { format: QUANT_FORMAT[opts.idQuantization], why: `a ${opts.idQuantization.toUpperCase()} checkpoint` };
  if (m.dtype === "float8") return { format: "8-bit", why: "the checkpoint's FP8 weights" };
  if (activationBytes(opts.dtype) === 4) return { format: "32-bit", why: `dtype ${opts.dtype}` };
  const d = opts.dtype && opts.dtype !== "auto" ? opts.dtype : m.dtype;
  return { format: "16-bit", why: d };
}

/** Bytes of weights in all: quantized linear layers plus 16-bit embeddings and head (32-bit when the whole model is). */
export function weightBytes(m: ModelSpec, format: WeightFormat): number {
  const embed = embeddingParams(m);
  const embedBytes = format === "32-bit" ? 4 : 2;
  return (m.params - embed) * WEIGHT_BYTES[format] + embed * embedBytes;
}

/** Layers on the largest pipeline stage. */
export function layersPerStage(m: ModelSpec, pp: number): number {
  return Math.ceil(m.layers / pp);
}

/**
 * KV-cache bytes one token takes on one GPU: 2 (K and V) · layers on the stage · KV heads on the
 * GPU · head dimension · element bytes. Tensor parallelism splits the KV heads; with more GPUs than
 * KV heads each GPU holds a copy of one. Multi-head latent attention (DeepSeek) stores
 * kv_lora_rank + qk_rope_head_dim values per layer, the same on every tensor-parallel rank.
 */
export function kvBytesPerToken(m: ModelSpec, elementBytes: number, tp: number, pp: number): number {
  const layers = layersPerStage(m, pp);
  if (m.mla) return layers * (m.mla.kvLoraRank + m.mla.qkRopeHeadDim) * elementBytes;
  return 2 * layers * Math.max(1, m.kvHeads / tp) * m.headDim * elementBytes;
}

/** Why a tensor-parallel size cannot shard the model, as the servers check it; undefined when it can. */
export function tensorParallelProblem(m: ModelSpec, tp: number): string | undefined {
  if (m.heads % tp !== 0) return `${m.heads} attention heads are not divisible by tensor-parallel size ${tp}`;
  if (!m.mla && tp > m.kvHeads && tp % m.kvHeads !== 0)
    return `${m.kvHeads} KV heads cannot be replicated evenly over ${tp} GPUs`;
  if (!m.mla && tp < m.kvHeads && m.kvHeads % tp !== 0)
    return `${m.kvHeads} KV heads are not divisible by tensor-parallel size ${tp}`;
  return undefined;
}

/** Everything one model server is configured with; undefined fields take the server's defaults. */
export interface ServingInput {
  server: LlmServerId;
  model: ModelSpec;
  /** The id as written, for messages. */
  modelRef: string;
  idQuantization?: Quantization;
  gpu: GpuSpec;
  tp?: number;
  pp?: number;
  dtype?: string;
  quantization?: string;
  kvCacheDtype?: string;
  maxModelLen?: number;
  maxNumSeqs?: number;
  maxNumBatchedTokens?: number;
  memoryUtilization?: number;
}

/** One line of the working. */
export interface ServingStep {
  label: string;
  /** The value in bytes, tokens or sequences (see `unit`). */
  value: number;
  unit: "bytes" | "tokens" | "sequences" | "fraction";
  formula: string;
}

export interface ServingFit {
  server: LlmServerId;
  model: string;
  gpu: string;
  tp: number;
  pp: number;
  weightFormat: WeightFormat;
  weightFormatWhy: string;
  /** CUDA's total memory of one GPU, bytes, and what it was read from. */
  gpuBytes: number;
  gpuBytesSource: "cuda" | "marketed";
  memoryUtilization: number;
  memoryUtilizationDefault: boolean;
  /** Memory the server lets itself use per GPU: total × utilization. */
  budgetBytes: number;
  weightBytesPerGpu: number;
  /** Activation peak and runtime memory the server keeps out of the KV cache, per GPU. */
  reserveBytes: number;
  kvBytes: number;
  kvBytesPerToken: number;
  kvTokens: number;
  maxModelLen: number;
  maxModelLenDefault: boolean;
  /** Full-length sequences the KV cache holds at once. */
  sequences: number;
  /** The weights alone exceed the GPU: CUDA runs out of memory while loading. */
  weightsExceedGpu: boolean;
  /** Nothing is left for the KV cache once weights and reserve are taken. */
  noKvRoom: boolean;
  steps: ServingStep[];
  assumptions: string[];
}

function gpuTotalBytes(gpu: GpuSpec): { bytes: number; source: "cuda" | "marketed" } {
  return gpu.cudaTotalGiB !== undefined
    ? { bytes: gpu.cudaTotalGiB * GiB, source: "cuda" }
    : { bytes: gpu.memoryGiB * GiB, source: "marketed" };
}

/** The server's memory fraction when none is given. */
export function defaultMemoryUtilization(server: LlmServerId, tp: number): number {
  if (server === "vllm") return SERVER_MEMORY.vllm.memoryUtilization;
  if (server === "tgi") return SERVER_MEMORY.tgi.memoryUtilization;
  for (const [min, f] of SERVER_MEMORY.sglang.memoryFractionByTp) if (tp >= min) return f;
  return 0.88;
}

/** vLLM's batch defaults for a GPU (≥ 70 GiB and not an A100: the large ones). */
export function vllmBatchDefaults(gpu: GpuSpec): { maxNumSeqs: number; maxNumBatchedTokens: number } {
  const large = gpuTotalBytes(gpu).bytes >= SERVER_MEMORY.vllm.largeGpuGiB * GiB && !gpu.id.startsWith("a100");
  return large ? SERVER_MEMORY.vllm.batchDefaults.large : SERVER_MEMORY.vllm.batchDefaults.small;
}

const gib = (b: number) => `${(b / GiB).toFixed(2)} GiB`;
const int = (n: number) => Math.floor(n).toLocaleString("en-US");

/** Sizes one server on one GPU product: what each GPU holds, the KV cache left, the sequences it serves. */
export function servingFit(input: ServingInput): ServingFit {
  const { server, model: m, gpu } = input;
  const tp = input.tp ?? 1;
  const pp = input.pp ?? 1;
  const steps: ServingStep[] = [];
  const assumptions: string[] = [];
  const total = gpuTotalBytes(gpu);
  if (total.source === "marketed")
    assumptions.push(`${gpu.name}: ${gpu.memoryGiB} GiB is the marketed size; CUDA reports somewhat less`);
  const utilDefault = input.memoryUtilization === undefined;
  const util = input.memoryUtilization ?? defaultMemoryUtilization(server, tp);
  const budget = total.bytes * util;
  steps.push({
    label: "memory the server uses per GPU",
    value: budget,
    unit: "bytes",
    formula: `${gib(total.bytes)} × ${util}${utilDefault ? " (default)" : ""} = ${gib(budget)}`,
  });

  const wf = weightFormat(m, input);
  const allWeights = weightBytes(m, wf.format);
  const weightsPerGpu = allWeights / (tp * pp);
  steps.push({
    label: "weights per GPU",
    value: weightsPerGpu,
    unit: "bytes",
    formula: `${(m.params / 1e9).toFixed(2)}B params in ${wf.format} (${wf.why}) = ${gib(allWeights)}${tp * pp > 1 ? ` ÷ ${tp * pp} GPUs (tp ${tp} × pp ${pp}) = ${gib(weightsPerGpu)}` : ""}`,
  });

  const nonTorch = (tp > 1 ? SERVER_MEMORY.nonTorchGiB.tpN : SERVER_MEMORY.nonTorchGiB.tp1) * GiB;
  let reserve = nonTorch;
  let reserveFormula = `runtime ${gib(nonTorch)}`;
  if (server === "vllm" || server === "tgi") {
    const defaults =
      server === "vllm"
        ? vllmBatchDefaults(gpu)
        : { maxNumSeqs: SERVER_MEMORY.tgi.maxNumSeqs, maxNumBatchedTokens: SERVER_MEMORY.tgi.maxNumBatchedTokens };
    const tokens = input.maxNumBatchedTokens ?? defaults.maxNumBatchedTokens;
    const forward = tokens * (4 * m.hidden + (2 * m.intermediate) / tp) * activationBytes(input.dtype);
    let activation = forward;
    let what = `forward of ${int(tokens)} batched tokens ${gib(forward)}`;
    if (server === "vllm") {
      const seqs = input.maxNumSeqs ?? defaults.maxNumSeqs;
      const sampler = SERVER_MEMORY.samplerBytesPerLogit * seqs * m.vocab;
      if (sampler > forward) {
        activation = sampler;
        what = `sampler ${SERVER_MEMORY.samplerBytesPerLogit} B × ${int(seqs)} seqs${input.maxNumSeqs === undefined ? " (default)" : ""} × ${int(m.vocab)} vocab = ${gib(sampler)}`;
      }
    }
    reserve += activation;
    reserveFormula = `activation peak (${what}) + runtime ${gib(nonTorch)}`;
  }
  steps.push({
    label: "activation and runtime reserve per GPU",
    value: reserve,
    unit: "bytes",
    formula: reserveFormula,
  });

  const wiggle = server === "tgi" ? SERVER_MEMORY.tgi.wiggleRoom : 1;
  const kv = Math.max(0, (budget - weightsPerGpu - reserve) * wiggle);
  steps.push({
    label: "KV cache per GPU",
    value: kv,
    unit: "bytes",
    formula: `${server === "tgi" ? "(" : ""}${gib(budget)} − ${gib(weightsPerGpu)} − ${gib(reserve)}${server === "tgi" ? `) × ${wiggle}` : ""} = ${gib(kv)}`,
  });

  const element = kvElementBytes(input.kvCacheDtype, input.dtype);
  const perToken = kvBytesPerToken(m, element, tp, pp);
  const layers = layersPerStage(m, pp);
  steps.push({
    label: "KV cache per token per GPU",
    value: perToken,
    unit: "bytes",
    formula: m.mla
      ? `${layers} layers × (${m.mla.kvLoraRank} + ${m.mla.qkRopeHeadDim}) latent × ${element} B = ${int(perToken)} B`
      : `2 × ${layers} layers × ${m.kvHeads / tp >= 1 ? `${m.kvHeads / tp} KV heads${tp > 1 ? ` (${m.kvHeads} ÷ tp ${tp})` : ""}` : `1 KV head (${m.kvHeads} replicated over tp ${tp})`} × ${m.headDim} head dim × ${element} B = ${int(perToken)} B`,
  });
  const block = server === "vllm" ? SERVER_MEMORY.vllm.blockSize : 1;
  const kvTokens = Math.floor(kv / (perToken * block)) * block;
  steps.push({
    label: "tokens the KV cache holds",
    value: kvTokens,
    unit: "tokens",
    formula: `${gib(kv)} ÷ ${int(perToken)} B${block > 1 ? `, in blocks of ${block}` : ""} = ${int(kvTokens)} tokens`,
  });
  const maxModelLenDefault = input.maxModelLen === undefined;
  const maxModelLen = input.maxModelLen ?? m.contextLength;
  const sequences = Math.floor(kvTokens / maxModelLen);
  steps.push({
    label: "full-length sequences at once",
    value: sequences,
    unit: "sequences",
    formula: `${int(kvTokens)} ÷ ${int(maxModelLen)}${maxModelLenDefault ? " (the model's context length)" : ""} = ${(kvTokens / maxModelLen).toFixed(2)}`,
  });
  return {
    server,
    model: input.modelRef,
    gpu: gpu.name,
    tp,
    pp,
    weightFormat: wf.format,
    weightFormatWhy: wf.why,
    gpuBytes: total.bytes,
    gpuBytesSource: total.source,
    memoryUtilization: util,
    memoryUtilizationDefault: utilDefault,
    budgetBytes: budget,
    weightBytesPerGpu: weightsPerGpu,
    reserveBytes: reserve,
    kvBytes: kv,
    kvBytesPerToken: perToken,
    kvTokens,
    maxModelLen,
    maxModelLenDefault,
    sequences,
    weightsExceedGpu: weightsPerGpu > total.bytes,
    noKvRoom: kv <= 0,
    steps,
    assumptions,
  };
}

/** The working as one line: `20.24 GiB budget − 14.96 GiB weights − 1.32 GiB reserve = 3.96 GiB KV`. */
export function kvArithmetic(f: ServingFit): string {
  return `${gib(f.gpuBytes)} × ${f.memoryUtilization} − ${gib(f.weightBytesPerGpu)} weights − ${gib(f.reserveBytes)} activation/runtime reserve${f.server === "tgi" ? `, × ${SERVER_MEMORY.tgi.wiggleRoom}` : ""} = ${gib(f.kvBytes)} KV cache ÷ ${int(f.kvBytesPerToken)} B per token = ${int(f.kvTokens)} tokens`;
}

export { gib as formatGiB };

/** The smallest tensor × pipeline layout of `gpu` that holds the weights and one sequence of max-model-len. */
export function smallestLayout(
  input: Omit<ServingInput, "tp" | "pp">,
  maxGpus = 64,
  gpusPerNode = 8,
): { gpus: number; tp: number; pp: number; fit: ServingFit } | undefined {
  const candidates: { tp: number; pp: number }[] = [];
  for (const tp of [1, 2, 4, 8]) {
    if (tp > gpusPerNode) continue;
    for (let pp = 1; tp * pp <= maxGpus; pp *= 2) candidates.push({ tp, pp });
  }
  candidates.sort((a, b) => a.tp * a.pp - b.tp * b.pp || a.pp - b.pp);
  for (const c of candidates) {
    if (tensorParallelProblem(input.model, c.tp)) continue;
    if (c.pp > input.model.layers) continue;
    const fit = servingFit({ ...input, ...c });
    if (!fit.weightsExceedGpu && !fit.noKvRoom && fit.sequences >= 1) return { gpus: c.tp * c.pp, ...c, fit };
  }
  return undefined;
}
