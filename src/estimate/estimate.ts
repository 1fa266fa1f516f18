import { GPUS, type GpuId, type GpuSpec } from "../catalog/gpus.js";
import {
  INTERCONNECTS,
  type Interconnect,
  type InterconnectId,
  nodeNetworkBytesPerSecond,
} from "../catalog/interconnects.js";
import {
  BARE_METAL_DEFAULTS,
  DEFAULT_INSTANCE,
  INSTANCE_PRICES,
  type InstancePrice,
  SERVER_PRICES,
} from "../catalog/prices.js";
import { CITATIONS, type Citation } from "./citations.js";
import {
  bareMetalServerHour,
  breakEvenUtilization,
  collectiveSeconds,
  hierarchicalAllReduceSeconds,
  pipelineBubble,
  type Recompute,
  trainingFlops,
  type ZeroStage,
  zeroModelStates,
} from "./formulas.js";
import { formatSize } from "./size.js";
import {
  type Attention,
  activationMemory,
  hardwareFlopsPerToken,
  type MlaShape,
  type MoeShape,
  modelFlopsPerToken,
  type ParameterCount,
  parameterCount,
  type TransformerShape,
} from "./transformer.js";

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

const GiB = 2 ** 30;
/** Sequence length of every model in SC21 (§5) and the GPT-3 paper: the default when none is given. */
const DEFAULT_SEQ = 2048;
/** Vocabulary of every SC21 model (§5): the default for the architecture formulas. */
const DEFAULT_VOCAB = 51200;
export const DEFAULT_MFU = 0.4;
/** Small-message time of one all-reduce inside a node and across nodes (CITATIONS.latencyNvlink / latencyNetwork). */
const INTRA_NODE_LATENCY = 18e-6;
const NETWORK_LATENCY = 100e-6;
/** SC21 §5.1 trains GPT-3 with batch 1,536 sequences of 2,048 tokens: the default batch size in tokens. */
const DEFAULT_BATCH_TOKENS = 1536 * 2048;
const DEFAULT_INTERCONNECT: InterconnectId = "ndr";

function positive(name: string, v: number | undefined): void {
  if (v !== undefined && !(Number.isFinite(v) && v > 0)) throw new EstimateError(`${name} must be a positive number`);
}

function integer(name: string, v: number | undefined): void {
  positive(name, v);
  if (v !== undefined && !Number.isInteger(v)) throw new EstimateError(`${name} must be a whole number (got ${v})`);
}

const fmt = (n: number, digits = 4) => Number(n.toPrecision(digits)).toLocaleString("en-US");

const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * The transformer the flags describe. Without --mlp swiglu it is the GPT shape SC21 counts
 * (learned positions, LayerNorm, biases, tied embeddings, f = 4h); with it, the Llama shape
 * (RoPE, RMSNorm, no biases, untied embeddings), each part overridable.
 */
function shapeOf(input: EstimateInput, seq: number, vocab: number): TransformerShape {
  const hidden = input.hidden as number;
  const modern = input.mlp === "swiglu";
  if (modern && input.ffnHidden === undefined)
    throw new EstimateError("--mlp swiglu needs --ffn-hidden (the gated MLP's hidden size, e.g. 14336 for Llama-3-8B)");
  if (input.headDim !== undefined && input.heads === undefined) throw new EstimateError("--head-dim needs --heads");
  if (input.kvHeads !== undefined && input.heads === undefined) throw new EstimateError("--kv-heads needs --heads");
  const heads = input.heads ?? 1;
  const kvHeads = input.kvHeads ?? heads;
  if (heads % kvHeads !== 0)
    throw new EstimateError(`--kv-heads ${kvHeads} must divide --heads ${heads} (grouped-query attention)`);
  for (const k of ["sharedExperts", "denseLayers"] as const) {
    const v = input[k];
    if (v !== undefined && !(Number.isInteger(v) && v >= 0))
      throw new EstimateError(`--${kebab(k)} must be a whole number ≥ 0 (got ${v})`);
  }
  let moe: MoeShape | undefined;
  if (input.experts !== undefined) {
    if (input.expertsPerToken === undefined)
      throw new EstimateError("--experts needs --experts-per-token (the router's top-k)");
    if (input.expertsPerToken > input.experts)
      throw new EstimateError(`--experts-per-token ${input.expertsPerToken} exceeds --experts ${input.experts}`);
    moe = {
      experts: input.experts,
      topK: input.expertsPerToken,
      shared: input.sharedExperts ?? 0,
      expertFfnHidden: input.expertFfnHidden ?? input.ffnHidden ?? 4 * hidden,
      denseLayers: input.denseLayers ?? 0,
    };
    if (moe.denseLayers > (input.layers as number)) throw new EstimateError("--dense-layers exceeds --layers");
  } else if (input.expertsPerToken !== undefined || (input.ep !== undefined && input.ep > 1))
    throw new EstimateError("--experts-per-token and --ep need --experts");
  return {
    layers: input.layers as number,
    hidden,
    heads,
    kvHeads,
    headDim: input.headDim ?? hidden / heads,
    ffnHidden: input.ffnHidden ?? 4 * hidden,
    mlp: input.mlp ?? "gelu",
    vocab,
    tiedEmbeddings: input.tiedEmbeddings ?? !modern,
    positions: input.positions ?? (modern ? "rope" : "learned"),
    maxPositions: seq,
    norm: input.norm ?? (modern ? "rmsnorm" : "layernorm"),
    bias: input.bias ?? !modern,
    qkvBias: input.qkvBias ?? false,
    ...(moe ? { moe } : {}),
    ...(input.mla ? { mla: input.mla } : {}),
  };
}

/** True for the shape SC21 Eq. (2) and (3) describe. */
function isGptShape(s: TransformerShape): boolean {
  return (
    s.mlp === "gelu" &&
    s.ffnHidden === 4 * s.hidden &&
    s.kvHeads === s.heads &&
    s.heads * s.headDim === s.hidden &&
    s.tiedEmbeddings &&
    s.positions === "learned" &&
    s.norm === "layernorm" &&
    s.bias &&
    !s.moe
  );
}

/** One line: "GPT (LayerNorm, learned positions, tied)" or "SwiGLU f=14336, GQA 32/8, RoPE, untied". */
function describeShape(s: TransformerShape): string {
  if (isGptShape(s)) return "GPT shape (4h GeLU MLP, LayerNorm, learned positions, tied embeddings)";
  const parts = [
    `${s.mlp === "swiglu" ? "SwiGLU" : "GeLU"} MLP f=${s.ffnHidden}`,
    s.mla
      ? `multi-head latent attention, ${s.heads} heads (q rank ${s.mla.qLoraRank}, kv rank ${s.mla.kvLoraRank}, head dims ${s.mla.qkNopeHeadDim}+${s.mla.qkRopeHeadDim}/${s.mla.vHeadDim})`
      : s.kvHeads !== s.heads
        ? `grouped-query attention ${s.heads}/${s.kvHeads} heads`
        : `${s.heads} heads`,
    !s.mla && s.heads * s.headDim !== s.hidden ? `head dim ${s.headDim}` : "",
    s.positions === "rope" ? "RoPE" : "learned positions",
    s.norm === "rmsnorm" ? "RMSNorm" : "LayerNorm",
    s.tiedEmbeddings ? "tied embeddings" : "untied embeddings",
    s.moe
      ? `MoE ${s.moe.experts} experts top-${s.moe.topK}${s.moe.shared ? ` + ${s.moe.shared} shared` : ""} f=${s.moe.expertFfnHidden}${s.moe.denseLayers ? `, first ${s.moe.denseLayers} layers dense` : ""}`
      : "",
  ];
  return parts.filter(Boolean).join(", ");
}

/** Weights a token multiplies through: the layers' active matrices and the output projection. */
function flopsMatmul(s: TransformerShape): number {
  return parameterCount(s).activeLayerMatmul + s.vocab * s.hidden;
}

/** Parameters of the largest layer (all its experts): what ZeRO-3 gathers at once. */
function largestLayerParams(s: TransformerShape): number {
  const one = parameterCount({
    ...s,
    layers: 1,
    vocab: 0,
    maxPositions: 0,
    ...(s.moe ? { moe: { ...s.moe, denseLayers: 0 } } : {}),
  });
  const dense = parameterCount({ ...s, layers: 1, vocab: 0, maxPositions: 0, moe: undefined } as TransformerShape);
  return Math.max(one.layers, dense.layers);
}

/** Runs every formula for one job. Throws EstimateError when the inputs contradict each other. */
export function estimate(input: EstimateInput): Estimate {
  const assumptions: Assumption[] = [];
  const steps: Step[] = [];
  const warnings: string[] = [];
  const used = new Set<Citation>();
  const assume = <T extends string | number | boolean>(name: string, value: T, source: string): T => {
    assumptions.push({ name, value, source });
    return value;
  };
  const step = (s: Step, c?: Citation) => {
    if (c) {
      used.add(c);
      s.cite = c.id;
    }
    steps.push(s);
  };

  const gpu: GpuSpec | undefined = GPUS[input.gpu];
  if (!gpu) throw new EstimateError(`unknown GPU "${input.gpu}"`);
  positive("--tokens", input.tokens);
  integer("--gpus", input.gpus);
  for (const k of [
    "gpusPerNode",
    "tp",
    "pp",
    "dp",
    "globalBatch",
    "microBatch",
    "layers",
    "hidden",
    "heads",
    "seq",
    "vocab",
    "nicsPerNode",
    "kvHeads",
    "headDim",
    "ffnHidden",
    "experts",
    "expertsPerToken",
    "expertFfnHidden",
    "ep",
  ] as const)
    integer(`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, input[k]);
  for (const k of [
    "params",
    "activeParams",
    "tflops",
    "pricePerGpuHour",
    "serverPrice",
    "amortizeYears",
    "serverKw",
    "pue",
    "kwhPrice",
    "utilization",
  ] as const)
    positive(`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, input[k]);
  if (input.mfu !== undefined && !(input.mfu > 0 && input.mfu <= 1))
    throw new EstimateError("--mfu must be a fraction in (0, 1], e.g. 0.4");
  if (input.utilization !== undefined && input.utilization > 1)
    throw new EstimateError("--utilization must be a fraction in (0, 1]");
  if (input.tflops !== undefined && input.mfu !== undefined)
    throw new EstimateError("give --tflops or --mfu, not both");
  if (input.tflops !== undefined && input.tflops > gpu.bf16Tflops)
    throw new EstimateError(
      `--tflops ${input.tflops} is above the ${gpu.name}'s dense BF16 peak of ${gpu.bf16Tflops} TFLOP/s`,
    );

  // ------------------------------------------------------------ shape and parallelism
  const gpus = input.gpus;
  const gpusPerNode =
    input.gpusPerNode ??
    assume("gpusPerNode", Math.min(8, gpus), "8 GPUs per node, the HGX/DGX and MI300X platform size");
  const nodes = Math.ceil(gpus / gpusPerNode);
  const tp = input.tp ?? 1;
  const pp = input.pp ?? 1;
  if (gpus % (tp * pp) !== 0) throw new EstimateError(`--gpus ${gpus} is not a multiple of --tp × --pp = ${tp * pp}`);
  const dp = input.dp ?? gpus / (tp * pp);
  if (tp * pp * dp !== gpus)
    throw new EstimateError(`--tp ${tp} × --pp ${pp} × --dp ${dp} = ${tp * pp * dp}, not --gpus ${gpus}`);
  if (input.tp === undefined) assume("tp", 1, "no tensor parallelism unless --tp");
  if (input.pp === undefined) assume("pp", 1, "no pipeline parallelism unless --pp");
  if (input.dp === undefined) assume("dp", dp, "dp = gpus / (tp × pp)");
  const ep = input.ep ?? 1;
  if (dp % ep !== 0) throw new EstimateError(`--ep ${ep} must divide the data-parallel size ${dp}`);
  const zero: ZeroStage =
    input.zero ?? assume("zero", 0 as ZeroStage, "plain data parallelism (ZeRO stage 0) unless --zero");
  const recompute: Recompute =
    input.recompute ??
    assume("recompute", "full" as Recompute, "full activation recomputation, as in SC21's 8·T·P/(n·X)");
  const sequenceParallel =
    input.sequenceParallel ?? (tp > 1 ? assume("sequenceParallel", false, "off unless --sequence-parallel") : false);
  if (input.dropout !== undefined && !(input.dropout >= 0 && input.dropout < 1))
    throw new EstimateError("--dropout must be a probability in [0, 1)");

  const hasArch = input.layers !== undefined && input.hidden !== undefined;
  const anyArch = [input.layers, input.hidden, input.heads].some((v) => v !== undefined);
  if (anyArch && !hasArch)
    throw new EstimateError("give both --layers and --hidden (and --heads for activation memory)");
  if (!hasArch) {
    const shapeOnly = (
      ["kvHeads", "ffnHidden", "headDim", "mlp", "experts", "expertsPerToken", "positions", "norm"] as const
    ).find((k) => input[k] !== undefined);
    if (shapeOnly)
      throw new EstimateError(`--${kebab(shapeOnly)} describes the architecture: give --layers and --hidden with it`);
  }
  if (input.params === undefined && !hasArch)
    throw new EstimateError("give --params, or the architecture: --layers --hidden --heads (or --model)");
  const seq = input.seq ?? assume("seq", DEFAULT_SEQ, "2048, the sequence length of every SC21 model (§5)");
  // The vocabulary enters the parameter and FLOP counts and the logits' memory.
  const vocab =
    input.vocab ??
    (hasArch ? assume("vocab", DEFAULT_VOCAB, "51,200, the vocabulary of every SC21 model (§5)") : DEFAULT_VOCAB);
  const shape: TransformerShape | undefined = hasArch ? shapeOf(input, seq, vocab) : undefined;
  const attention: Attention =
    input.attention ??
    (shape
      ? assume(
          "attention",
          "flash" as Attention,
          "flash: PyTorch SDPA, FlashAttention and cuDNN attention, every current training stack's default",
        )
      : "flash");
  const dropoutOn = (input.dropout ?? 0) > 0;
  if (shape && input.dropout === undefined)
    assume("dropout", 0, "0, as Llama, Qwen, Mistral and DeepSeek are pre-trained and most fine-tunes run");
  const archLabel = shape ? describeShape(shape) : undefined;

  let params: number;
  let activeParams: number;
  let expertParams = 0;
  const counted = shape ? parameterCount(shape) : undefined;
  if (input.params !== undefined) {
    params = input.params;
    activeParams = input.activeParams ?? (counted ? (params * counted.active) / counted.total : params);
    expertParams = counted ? (params * counted.experts) / counted.total : 0;
  } else {
    const c = counted as ParameterCount;
    params = c.total;
    activeParams = c.active;
    expertParams = c.experts;
    const s = shape as TransformerShape;
    if (isGptShape(s))
      step(
        {
          section: "model",
          label: "parameters from the architecture",
          value: params,
          unit: "params",
          formula: `12·l·h²·(1 + 13/(12h) + (V+s)/(12·l·h)) + 2h (final norm), l=${s.layers} h=${s.hidden} V=${s.vocab} s=${seq}`,
        },
        CITATIONS.sc21Params,
      );
    else
      step(
        {
          section: "model",
          label: "parameters from the architecture",
          value: params,
          unit: "params",
          formula: `${input.model ? `${input.model.name}: ` : ""}${archLabel}: layers ${formatSize(c.layers)} + embeddings ${formatSize(c.embedding)}${s.tiedEmbeddings ? "" : " (input and output, untied)"} + final norm`,
        },
        CITATIONS.architecture,
      );
    if (expertParams > 0)
      step(
        {
          section: "model",
          label: "active parameters per token",
          value: activeParams,
          unit: "params",
          formula: `all but the ${(s.moe as MoeShape).experts - (s.moe as MoeShape).topK} unused of ${(s.moe as MoeShape).experts} routed experts per MoE layer (top-${(s.moe as MoeShape).topK}${(s.moe as MoeShape).shared ? ` + ${(s.moe as MoeShape).shared} shared` : ""})`,
        },
        CITATIONS.architecture,
      );
  }
  if (input.model) {
    const c: Citation = {
      id: "model-config",
      title: `${input.model.name}: its published config.json (src/catalog/models.ts)`,
      url: input.model.source.split("; ")[0] as string,
      where:
        "num_hidden_layers, hidden_size, num_attention_heads, num_key_value_heads, intermediate_size, vocab_size, tie_word_embeddings",
      tag: "primary",
      read: input.model.read,
    };
    used.add(c);
    if (input.params !== undefined)
      warnings.push(
        `${input.model.name}: --params ${formatSize(params)} replaces the ${counted ? formatSize(counted.total) : "counted"} parameters its architecture gives; memory and FLOPs scale from it`,
      );
  }
  if (shape && input.heads !== undefined && shape.hidden % input.heads !== 0 && input.headDim === undefined)
    warnings.push(`--hidden ${shape.hidden} is not divisible by --heads ${input.heads}`);
  if (shape && input.heads !== undefined && input.heads % tp !== 0)
    warnings.push(`--heads ${input.heads} is not divisible by --tp ${tp}; Megatron requires it`);

  const microBatch =
    input.microBatch ?? assume("microBatch", 1, "micro-batch of 1 sequence per GPU, as in SC21's largest runs");
  const defaultM = Math.max(1, Math.round(DEFAULT_BATCH_TOKENS / (seq * dp * microBatch)));
  const globalBatch =
    input.globalBatch ??
    assume(
      "globalBatch",
      dp * microBatch * defaultM,
      "the multiple of dp × micro-batch nearest 3.1M tokens, GPT-3's batch in SC21 §5.1 (1,536 × 2,048)",
    );
  if (globalBatch % (dp * microBatch) !== 0)
    throw new EstimateError(`--global-batch ${globalBatch} is not a multiple of dp × micro-batch = ${dp * microBatch}`);
  const m = globalBatch / (dp * microBatch);
  const tokensPerStep = globalBatch * seq;
  const stepsCount = input.tokens / tokensPerStep;

  // ------------------------------------------------------------ compute
  let flopsTotal: number;
  let modelFlops: number;
  let method: string;
  let modelFormula: string;
  let modelCite: Citation = CITATIONS.modelFlops;
  // The architecture's own FLOP count when the parameters come from it (for the GPT shape this is
  // SC21 Eq. 3 and Korthikanti's model FLOPs term for term); with --params given, 6·P·D / 8·P·D
  // from the active parameters (SC21 Eq. 4's approximation).
  if (shape && input.params === undefined) {
    flopsTotal = hardwareFlopsPerToken(shape, seq, recompute, attention) * input.tokens;
    modelFlops = modelFlopsPerToken(shape, seq) * input.tokens;
    method = recompute === "none" ? "model-flops" : `model-flops+recompute-${recompute}`;
    const gpt = isGptShape(shape);
    const extra =
      recompute === "full"
        ? " + one more forward of every layer (full recomputation)"
        : recompute === "selective" && attention === "eager"
          ? " + the attention core's forward again (selective recomputation)"
          : "";
    step(
      {
        section: "compute",
        label: recompute === "none" ? "training FLOPs" : "training FLOPs (hardware, incl. recomputation)",
        value: flopsTotal,
        unit: "FLOP",
        formula: gpt
          ? recompute === "full"
            ? `96·B·s·l·h²·(1 + s/(6h) + V/(16·l·h)) per iteration × ${fmt(stepsCount)} iterations`
            : `72·B·s·l·h²·(1 + s/(6h) + V/(12·h·l))${extra} per iteration × iterations`
          : `(6 × ${formatSize(flopsMatmul(shape))} weights a token multiplies through + ${shape.mla ? "6·l·s·a·(d_qk + d_v) latent" : "12·l·s·a·d"} attention) per token${extra} × ${formatSize(input.tokens)} tokens`,
      },
      recompute === "full" && gpt ? CITATIONS.sc21Flops : CITATIONS.modelFlops,
    );
    modelFormula = gpt
      ? "72·B·s·l·h²·(1 + s/(6h) + V/(12·h·l)) per iteration × iterations"
      : "the same without recomputation";
  } else {
    modelFlops = trainingFlops(activeParams, input.tokens, "none");
    const k = recompute === "full" ? 8 : 6;
    const selective = recompute === "selective" && attention === "eager" && shape ? 1 + seq / (6 * shape.hidden) : 1;
    flopsTotal = trainingFlops(activeParams, input.tokens, recompute) * selective;
    method = recompute === "full" ? "8PD" : selective > 1 ? "6PD×(1+s/6h)" : "6PD";
    if (recompute === "selective" && attention === "eager" && !shape)
      warnings.push("selective recomputation counted as 6·P·D: its extra FLOPs need --hidden");
    step(
      {
        section: "compute",
        label: recompute === "none" ? "training FLOPs" : "training FLOPs (hardware, incl. recomputation)",
        value: flopsTotal,
        unit: "FLOP",
        formula: `${k}·P·D${selective > 1 ? "·(1 + s/(6h))" : ""} = ${k} × ${formatSize(activeParams)}${activeParams !== params ? " active" : ""} × ${formatSize(input.tokens)}${selective > 1 ? ` × ${fmt(selective)}` : ""}`,
      },
      recompute === "full" ? CITATIONS.sc21Time : selective > 1 ? CITATIONS.modelFlops : CITATIONS.compute6PD,
    );
    modelFormula = `6·P·D = 6 × ${formatSize(activeParams)} × ${formatSize(input.tokens)}`;
    modelCite = CITATIONS.compute6PD;
  }
  if (recompute !== "none")
    step(
      {
        section: "compute",
        label: "model FLOPs (what MFU counts)",
        value: modelFlops,
        unit: "FLOP",
        formula: modelFormula,
      },
      modelCite,
    );

  // ------------------------------------------------------------ throughput and compute time
  const peak = gpu.bf16Tflops * 1e12;
  let computeSeconds: number;
  let from: Estimate["throughput"]["from"];
  let efficiency: number;
  if (input.tflops !== undefined) {
    from = "tflops";
    efficiency = (input.tflops * 1e12) / peak;
    computeSeconds = flopsTotal / (gpus * input.tflops * 1e12);
    step(
      {
        section: "time",
        label: "compute time",
        value: computeSeconds,
        unit: "s",
        formula: `${method === "8PD" ? "8·T·P" : method === "6PD" ? "6·T·P" : "F"}/(n·X) with n=${gpus}, X=${input.tflops} TFLOP/s achieved end to end`,
      },
      CITATIONS.sc21Time,
    );
  } else {
    const catalog = gpu.computeEfficiency;
    const fallback = catalog
      ? { value: catalog.value, source: catalog.source }
      : { value: DEFAULT_MFU, source: `${CITATIONS.defaultMfu.title}: ${CITATIONS.defaultMfu.where}` };
    efficiency = input.mfu ?? assume("mfu", fallback.value, fallback.source);
    if (input.mfu === undefined) used.add(catalog ? CITATIONS.measuredH200 : CITATIONS.defaultMfu);
    from = input.mfu === undefined ? "default-mfu" : "mfu";
    computeSeconds = flopsTotal / (gpus * efficiency * peak);
    step(
      {
        section: "time",
        label: "compute time",
        value: computeSeconds,
        unit: "s",
        formula: `FLOPs executed/(n·e·peak) with n=${gpus}, e=${efficiency} (the GPU's compute efficiency: its MFU with no recomputation and no communication), peak=${gpu.bf16Tflops} TFLOP/s dense BF16`,
      },
      CITATIONS.mfu,
    );
  }

  // ------------------------------------------------------------ memory
  const psiDense = (params - expertParams) / (tp * pp);
  const psiExpert = expertParams / (ep * pp);
  const psi = psiDense + psiExpert;
  const denseStates = zeroModelStates(psiDense, dp, zero);
  const expertStates = zeroModelStates(psiExpert, dp / ep, zero);
  const states = {
    params: denseStates.params + expertStates.params,
    grads: denseStates.grads + expertStates.grads,
    optimizer: denseStates.optimizer + expertStates.optimizer,
    total: denseStates.total + expertStates.total,
  };
  const zeroFormula = ["16Ψ", "4Ψ + 12Ψ/N", "2Ψ + 14Ψ/N", "16Ψ/N"][zero] as string;
  step(
    {
      section: "memory",
      label: `model states per GPU (ZeRO-${zero})`,
      value: states.total,
      unit: "B",
      formula: `${zeroFormula} with Ψ = P/(tp·pp) = ${formatSize(psi)}${expertParams > 0 ? ` (experts over ep=${ep}: ${formatSize(psiExpert)}, N = dp/ep for them)` : ""}, N = dp = ${dp} (params ${fmtBytes(states.params)}, grads ${fmtBytes(states.grads)}, optimizer ${fmtBytes(states.optimizer)})`,
    },
    CITATIONS.zero,
  );
  let zeroBuffer = 0;
  if (zero === 3 && shape) {
    const largest = largestLayerParams(shape) / tp;
    zeroBuffer = 4 * largest;
    step(
      {
        section: "memory",
        label: "ZeRO-3 gathered parameters",
        value: zeroBuffer,
        unit: "B",
        formula: `4 × the largest layer's ${formatSize(largest)} parameters (the layer in use and the one prefetched, bf16)`,
      },
      CITATIONS.deepspeedZero3,
    );
  }
  let activations: number | null = null;
  let held: number | null = null;
  let logitsBytes: number | null = null;
  if (shape && input.heads !== undefined) {
    const act = activationMemory(
      shape,
      { seq, microBatch, tp, sequenceParallel, recompute, attention, dropout: dropoutOn },
      pp,
      m,
    );
    held = act.held;
    activations = act.peak;
    logitsBytes = Math.min(act.peak, (act.peakCause === "logits" ? 3 : 1) * act.output.logits);
    const terms = Object.entries(act.perLayer.terms)
      .filter(([, v]) => v > 0)
      .map(([k, v]) => `${k} ${fmt(v, 3)}`)
      .join(" + ");
    step(
      {
        section: "memory",
        label: "activations per layer",
        value: act.perLayer.bytes,
        unit: "B",
        formula: `${fmt(act.perLayer.perSbh, 4)}·s·b·h bytes (${attention} attention, dropout ${dropoutOn ? "on" : "off"}, recompute ${recompute}${tp > 1 ? `, tp=${tp}${sequenceParallel ? " with sequence parallelism" : ""}` : ""}; ${recompute === "full" ? "each layer's input only" : `before the split: ${terms}`}), s=${seq} b=${microBatch} h=${shape.hidden}`,
      },
      attention === "eager" ? CITATIONS.activations : CITATIONS.measuredH200,
    );
    step(
      {
        section: "memory",
        label: "activations held after forward",
        value: act.held,
        unit: "B",
        formula: `${pp > 1 ? `the larger of the first stage (min(p,m)=${Math.min(pp, m)} micro-batches × L/p=${shape.layers / pp} layers: ${fmtBytes(act.firstStage)}) and the last (` : ""}L${pp > 1 ? "/p" : ""} layers + the output layer's inputs ${fmtBytes(act.output.norms)} + fp32 logits s·b·V·4${tp > 1 ? "/t" : ""} = ${fmtBytes(act.output.logits)}${pp > 1 ? `: ${fmtBytes(act.lastStage)})` : ""}`,
      },
      CITATIONS.activations,
    );
    step(
      {
        section: "memory",
        label: "activations at the backward peak",
        value: act.peak,
        unit: "B",
        formula:
          act.peakCause === "logits"
            ? "held + the gradients of the fp32 log-probabilities and of the logits, 2 × s·b·V·4 (measured on an H200)"
            : "held + one layer rebuilt in full by the recomputation while its gradient is computed",
      },
      CITATIONS.measuredH200,
    );
  } else {
    warnings.push("activation memory not computed: give --layers, --hidden and --heads (or --model)");
  }
  const memTotal = states.total + zeroBuffer + (activations ?? 0);
  const gpuBytes = gpu.memoryGiB * GiB;
  const fits = memTotal <= gpuBytes;
  step({
    section: "memory",
    label: `total per GPU against ${gpu.memoryGiB} GiB`,
    value: memTotal,
    unit: "B",
    formula: `model states${zeroBuffer ? " + gathered parameters" : ""} + activations at the peak${activations === null ? " (activations unknown)" : ""}: ${fits ? "fits" : "does NOT fit"}`,
  });
  if (!fits) {
    const ideas = [
      zero < 3 && dp > 1 ? `--zero ${zero + 1}` : "",
      "more --tp (inside a node) or --pp",
      activations !== null && recompute !== "full" ? "--recompute full" : "",
      activations !== null && microBatch > 1 ? "a smaller --micro-batch" : "",
    ].filter(Boolean);
    warnings.push(`does not fit: ${fmtBytes(memTotal)} per GPU against ${gpu.memoryGiB} GiB; try ${ideas.join(", ")}`);
  }

  // ------------------------------------------------------------ network
  const netId =
    input.interconnect ??
    (nodes > 1
      ? assume("interconnect", DEFAULT_INTERCONNECT, "InfiniBand NDR, 8 × 400 Gb/s per node (a typical H100 node)")
      : DEFAULT_INTERCONNECT);
  const net: Interconnect = INTERCONNECTS[netId];
  if (!net) throw new EstimateError(`unknown interconnect "${netId}"`);
  const ports =
    input.nicsPerNode ??
    (nodes > 1 ? assume("nicsPerNode", net.defaultPortsPerNode, net.source) : net.defaultPortsPerNode);
  const nodeNet = nodeNetworkBytesPerSecond(net, ports);
  const intraBus = gpu.scaleUpGBps * 1e9 * net.efficiency;
  const intraLatency = INTRA_NODE_LATENCY;
  const netLatency = NETWORK_LATENCY;
  if (gpus > 1) {
    assume("linkEfficiency", net.efficiency, `${CITATIONS.linkEfficiency.title}: ${CITATIONS.linkEfficiency.where}`);
    assume(
      "intraNodeLatencySeconds",
      intraLatency,
      `${CITATIONS.latencyNvlink.title}: ${CITATIONS.latencyNvlink.note}`,
    );
    if (nodes > 1)
      assume(
        "networkLatencySeconds",
        netLatency,
        `${CITATIONS.latencyNetwork.title}: ${CITATIONS.latencyNetwork.note}`,
      );
  }
  used.add(CITATIONS.linkEfficiency);
  step(
    {
      section: "network",
      label: "node network bandwidth (effective)",
      value: nodeNet,
      unit: "B/s",
      formula: `${ports} × ${net.gbpsPerPort} Gb/s × ${net.efficiency} efficiency / 8 (${net.name})`,
    },
    CITATIONS.linkEfficiency,
  );
  step({
    section: "network",
    label: "scale-up bus bandwidth per GPU (effective)",
    value: intraBus,
    unit: "B/s",
    formula: `${gpu.scaleUpGBps} GB/s per direction × ${net.efficiency} (${gpu.scaleUpName})`,
  });

  const computePerStep = computeSeconds / stepsCount;
  const computePerMicro = computePerStep / m;
  // Share of a micro-batch's FLOPs in its backward pass (backward = 2 × forward; full recompute
  // runs the forward again inside the backward).
  const backwardShare = recompute === "full" ? 6 / 8 : 4 / 6;
  const backwardWindow = computePerMicro * backwardShare;
  const forwardWindow = computePerMicro - backwardWindow;

  // Megatron's rank order puts TP innermost, then DP, then PP.
  const dpRanksPerNode = tp >= gpusPerNode ? 1 : Math.min(dp, Math.max(1, Math.floor(gpusPerNode / tp)));
  const dpNodes = Math.ceil(dp / dpRanksPerNode);
  const gradBytes = 2 * psi;
  const dpAllReduce = hierarchicalAllReduceSeconds({
    bytes: gradBytes,
    ranksPerNode: dpRanksPerNode,
    nodes: dpNodes,
    gpusPerNode,
    intraBusBytesPerSecond: intraBus,
    nodeNetBytesPerSecond: nodeNet,
    intraLatency,
    netLatency,
  }).seconds;
  // An all-reduce is a reduce-scatter and an all-gather of the same buffer (nccl-tests' factors).
  const half = dpAllReduce / 2;
  let dpSeconds: number;
  let dpExposed: number;
  let dpFormula: string;
  if (dp <= 1) {
    dpSeconds = 0;
    dpExposed = 0;
    dpFormula = "no data parallelism";
  } else if (zero === 0) {
    dpSeconds = dpAllReduce;
    dpExposed = Math.max(0, dpAllReduce - backwardWindow);
    dpFormula = `all-reduce of the bf16 gradients 2Ψ = ${fmtBytes(gradBytes)} once per step (${fmtSeconds(dpAllReduce)}), overlapped with the last micro-batch's backward (${fmtSeconds(backwardWindow)})`;
  } else if (zero === 1) {
    dpSeconds = dpAllReduce;
    dpExposed = Math.max(0, half - backwardWindow) + half;
    dpFormula = `reduce-scatter of the gradients (${fmtSeconds(half)}) overlapped with the last backward (${fmtSeconds(backwardWindow)}), then all-gather of the updated bf16 parameters (${fmtSeconds(half)}) after the optimizer step, not overlapped; 2Ψ moved as plain data parallelism`;
  } else if (zero === 2) {
    dpSeconds = half * m + half;
    dpExposed = m * Math.max(0, half - backwardWindow) + half;
    dpFormula = `reduce-scatter of the gradients in every micro-batch's backward (${m} × ${fmtSeconds(half)}, each against ${fmtSeconds(backwardWindow)} of backward), all-gather of the parameters after the step (${fmtSeconds(half)})`;
  } else {
    dpSeconds = 3 * half * m;
    dpExposed = m * (Math.max(0, half - forwardWindow) + Math.max(0, 2 * half - backwardWindow));
    dpFormula = `every micro-batch: all-gather the parameters for the forward (${fmtSeconds(half)} against ${fmtSeconds(forwardWindow)} of forward), again for the backward plus reduce-scatter the gradients (${fmtSeconds(2 * half)} against ${fmtSeconds(backwardWindow)}); 3Ψ per micro-batch × m=${m}`;
  }
  used.add(CITATIONS.latencyNvlink);
  if (dpNodes > 1) used.add(CITATIONS.latencyNetwork);
  if (dp > 1)
    step(
      {
        section: "network",
        label: `data-parallel ${zero === 0 ? "gradient sync" : `ZeRO-${zero} traffic`} per step, exposed`,
        value: dpExposed,
        unit: "s",
        formula: `${dpFormula}; over dp=${dp} (${dpRanksPerNode}/node × ${dpNodes} node${dpNodes === 1 ? "" : "s"}), 2(g−1)/g·S/B_nvlink + 2(k−1)/k·(S/g)/(B_node/${gpusPerNode}) per all-reduce; α = 18 µs NVLink, 100 µs network`,
      },
      zero === 0 ? CITATIONS.busbw : CITATIONS.zeroComm,
    );
  used.add(CITATIONS.busbw);

  let tpSeconds = 0;
  const actMsgBytes = shape ? 2 * seq * microBatch * shape.hidden : 0;
  if (tp > 1) {
    if (!shape) warnings.push("tensor-parallel communication not computed: give --layers and --hidden");
    else {
      const perCall =
        tp <= gpusPerNode
          ? collectiveSeconds("all-reduce", actMsgBytes, tp, intraBus, intraLatency)
          : hierarchicalAllReduceSeconds({
              bytes: actMsgBytes,
              ranksPerNode: gpusPerNode,
              nodes: tp / gpusPerNode,
              gpusPerNode,
              intraBusBytesPerSecond: intraBus,
              nodeNetBytesPerSecond: nodeNet,
              intraLatency,
              netLatency,
            }).seconds;
      const perLayer = recompute === "full" ? 6 : 4;
      tpSeconds = perCall * perLayer * (shape.layers / pp) * m;
      step(
        {
          section: "network",
          label: "tensor-parallel collectives per step (on the critical path)",
          value: tpSeconds,
          unit: "s",
          formula: `${perLayer} ${sequenceParallel ? "all-gather/reduce-scatter pairs" : "all-reduces"} of 2·s·b·h = ${fmtBytes(actMsgBytes)} per layer per micro-batch${perLayer === 6 ? " (4, plus 2 in the recomputed forward)" : ""} × ${shape.layers / pp} layers × m=${m}, over tp=${tp}${tp > gpusPerNode ? " (spans nodes!)" : " inside the node"}`,
        },
        CITATIONS.tpComm,
      );
      if (tp > gpusPerNode)
        warnings.push(
          `--tp ${tp} spans nodes (${gpusPerNode} GPUs per node): tensor parallelism belongs inside NVLink`,
        );
    }
  }

  let epSeconds = 0;
  if (shape?.moe && ep > 1) {
    const moeLayers = shape.layers - shape.moe.denseLayers;
    const bytes = actMsgBytes * shape.moe.topK;
    const crossNode = tp * ep > gpusPerNode;
    const bw = crossNode ? nodeNet / gpusPerNode : intraBus;
    const perCall = collectiveSeconds("all-to-all", bytes, ep, bw, crossNode ? netLatency : intraLatency);
    epSeconds = 4 * perCall * (moeLayers / pp) * m;
    step(
      {
        section: "network",
        label: "expert-parallel all-to-alls per step",
        value: epSeconds,
        unit: "s",
        formula: `4 all-to-alls (dispatch and combine, forward and backward) of top-k × 2·s·b·h = ${fmtBytes(bytes)} per MoE layer per micro-batch × ${moeLayers / pp} layers × m=${m}, over ep=${ep}${crossNode ? " across nodes" : " inside the node"}`,
      },
      CITATIONS.busbw,
    );
  }

  let ppSeconds = 0;
  const bubble = pipelineBubble(pp, m);
  const bubbleSeconds = bubble * computePerStep;
  if (pp > 1) {
    step(
      {
        section: "time",
        label: "pipeline bubble",
        value: bubbleSeconds,
        unit: "s",
        formula: `(p−1)/m = (${pp}−1)/${m} = ${(bubble * 100).toFixed(1)}% of the compute per step`,
      },
      CITATIONS.sc21Bubble,
    );
    if (bubble > 0.25)
      warnings.push(`pipeline bubble is ${(bubble * 100).toFixed(0)}% of compute: raise --global-batch so m ≫ p`);
    if (shape) {
      const crossNode = tp * dp >= gpusPerNode;
      const bw = crossNode ? nodeNet / gpusPerNode : intraBus;
      const bytes = actMsgBytes / (sequenceParallel ? tp : 1);
      ppSeconds = 2 * m * (bytes / bw + (crossNode ? netLatency : intraLatency));
      step({
        section: "network",
        label: "pipeline point-to-point per step",
        value: ppSeconds,
        unit: "s",
        formula: `2 × m=${m} sends of s·b·h·2 = ${fmtBytes(bytes)} ${crossNode ? "across nodes" : "over the scale-up link"}`,
      });
    }
  }

  const trafficPerStep = dpSeconds + tpSeconds + ppSeconds + epSeconds;
  const networkDominates = trafficPerStep > computePerStep;
  let stepSeconds: number;
  let commPerStep: number;
  if (from === "tflops") {
    // X is an end-to-end rate: it already folds in the communication and the bubble a good
    // network hides, so only traffic that cannot fit in the compute time adds to it.
    commPerStep = trafficPerStep;
    stepSeconds = Math.max(computePerStep, trafficPerStep);
  } else {
    commPerStep = tpSeconds + ppSeconds + epSeconds + dpExposed;
    stepSeconds = computePerStep + bubbleSeconds + commPerStep;
  }
  const commSeconds = commPerStep * stepsCount;
  const wallSeconds = stepSeconds * stepsCount;
  step({
    section: "time",
    label: "step time",
    value: stepSeconds,
    unit: "s",
    formula:
      from === "tflops"
        ? `max(compute ${fmtSeconds(computePerStep)}, communication ${fmtSeconds(trafficPerStep)}): X is an end-to-end rate that already folds in the communication a good network hides`
        : `compute ${fmtSeconds(computePerStep)}${pp > 1 ? ` + bubble ${fmtSeconds(bubbleSeconds)}` : ""}${tp > 1 ? ` + tensor-parallel ${fmtSeconds(tpSeconds)}` : ""}${pp > 1 ? ` + pipeline sends ${fmtSeconds(ppSeconds)}` : ""}${epSeconds > 0 ? ` + expert all-to-all ${fmtSeconds(epSeconds)}` : ""}${dp > 1 ? ` + data-parallel exposed ${fmtSeconds(dpExposed)} (of ${fmtSeconds(dpSeconds)})` : ""}; ${fmt(stepsCount)} steps of ${formatSize(tokensPerStep)} tokens`,
  });
  if (networkDominates)
    warnings.push(
      `the network would dominate the step time: ${fmtSeconds(trafficPerStep)} of communication against ${fmtSeconds(computePerStep)} of compute per step on ${net.name}`,
    );
  else if (from !== "tflops" && commPerStep > 0.25 * stepSeconds)
    warnings.push(
      `communication that compute does not hide is ${((commPerStep / stepSeconds) * 100).toFixed(0)}% of the step (${fmtSeconds(commPerStep)} of ${fmtSeconds(stepSeconds)}) on ${net.name}`,
    );
  else if (trafficPerStep > 0.5 * computePerStep)
    warnings.push(
      `communication is ${((trafficPerStep / computePerStep) * 100).toFixed(0)}% of compute per step: little room left to hide it`,
    );
  const flopsPerGpu = flopsTotal / (gpus * wallSeconds);
  const achievedMfu = modelFlops / (gpus * wallSeconds * peak);
  if (achievedMfu > 0.75)
    warnings.push(`the implied MFU is ${(achievedMfu * 100).toFixed(0)}%; published large runs reach 38–56%`);
  const days = wallSeconds / 86400;
  const gpuHours = (wallSeconds * gpus) / 3600;
  step(
    {
      section: "time",
      label: "wall time",
      value: days,
      unit: "days",
      formula: `step time × steps; end-to-end MFU ${(achievedMfu * 100).toFixed(1)}% (model FLOPs over the peak of ${gpus} GPUs for the wall time)`,
    },
    CITATIONS.mfu,
  );
  step(
    {
      section: "cost",
      label: "GPU-hours",
      value: gpuHours,
      unit: "GPU·h",
      formula: `wall time × ${gpus} GPUs`,
    },
    CITATIONS.gpuHours,
  );

  // ------------------------------------------------------------ cost
  const table = input.prices ?? INSTANCE_PRICES;
  let cloud: Estimate["cost"]["cloud"];
  let cloudPerGpuHour: number | null = null;
  if (input.pricePerGpuHour !== undefined) {
    cloudPerGpuHour = input.pricePerGpuHour;
    cloud = {
      total: gpuHours * cloudPerGpuHour,
      perGpuHour: cloudPerGpuHour,
      offer: "--price-per-gpu-hour",
      observed: null,
    };
  } else {
    let offerId = input.cloud;
    if (offerId === undefined) {
      offerId = input.prices ? table.find((p) => p.gpu === gpu.id)?.id : DEFAULT_INSTANCE[gpu.id];
      if (offerId)
        assume(
          "cloud",
          offerId,
          input.prices
            ? "the first row for this GPU in --price-file"
            : "the first-listed hyperscaler instance for this GPU",
        );
    }
    const offer = offerId ? table.find((p) => p.id.toLowerCase() === offerId.toLowerCase()) : undefined;
    if (offerId && !offer)
      throw new EstimateError(`unknown cloud offer "${offerId}"; known: ${table.map((p) => p.id).join(", ")}`);
    if (offer) {
      if (offer.gpu !== gpu.id)
        warnings.push(`--cloud ${offer.id} has ${offer.gpu} GPUs, not ${gpu.id}; priced as given`);
      const commitment = input.commitment ?? assume("commitment", "on-demand", "on-demand price unless --commitment");
      const perGpu =
        commitment === "1y"
          ? offer.commit1yPerGpuHour
          : commitment === "3y"
            ? offer.commit3yPerGpuHour
            : offer.onDemandPerHour / offer.gpus;
      if (perGpu === undefined)
        throw new EstimateError(`${offer.id} has no published ${commitment} committed-use price`);
      cloudPerGpuHour = perGpu;
      cloud = {
        total: gpuHours * perGpu,
        perGpuHour: perGpu,
        offer: `${offer.id} ${commitment}`,
        observed: offer.observed,
        note: offer.source,
      };
    } else {
      cloud = {
        total: null,
        perGpuHour: null,
        offer: null,
        observed: null,
        note: `no cloud price in the table for ${gpu.id}: give --cloud or --price-per-gpu-hour`,
      };
    }
  }
  if (cloud.total !== null)
    step({
      section: "cost",
      label: "cloud cost",
      value: cloud.total,
      unit: "USD",
      formula: `GPU-hours × $${fmt(cloud.perGpuHour as number)}/GPU-h (${cloud.offer}${cloud.observed ? `, price observed ${cloud.observed}` : ""})`,
    });

  const bm = BARE_METAL_DEFAULTS;
  const catalogServer = SERVER_PRICES[gpu.id];
  const serverPrice =
    input.serverPrice ??
    (catalogServer
      ? assume(
          "serverPrice",
          Math.round((catalogServer.usd / 8) * gpusPerNode),
          `${catalogServer.source}, observed ${catalogServer.observed}${gpusPerNode !== 8 ? "; scaled per GPU" : ""}`,
        )
      : undefined);
  const utilization = input.utilization ?? assume("utilization", bm.utilization.value, bm.utilization.source);
  let bareMetal: Estimate["cost"]["bareMetal"];
  let breakEven: number | null = null;
  if (serverPrice === undefined) {
    bareMetal = {
      total: null,
      perGpuHour: null,
      serverHour: null,
      utilization,
      note: `no published server price for ${gpu.id} in the catalog: give --server-price`,
    };
  } else {
    const amortizeYears =
      input.amortizeYears ?? assume("amortizeYears", bm.amortizeYears.value, bm.amortizeYears.source);
    const pue = input.pue ?? assume("pue", bm.pue.value, bm.pue.source);
    const kwhPrice = input.kwhPrice ?? assume("kwhPrice", bm.kwhPrice.value, bm.kwhPrice.source);
    const coloPerMonth =
      input.coloPerMonth ??
      assume(
        "coloPerMonth",
        bm.coloPerGpuMonth.value * gpusPerNode,
        `${bm.coloPerGpuMonth.source} × ${gpusPerNode} GPUs`,
      );
    // The cluster fabric is capital only a job spanning nodes needs; one server has none to pay for.
    const networkShare =
      input.networkShare ??
      (nodes > 1
        ? assume("networkShare", bm.networkShare.value, `${bm.networkShare.source} (the job spans ${nodes} nodes)`)
        : assume("networkShare", 0, "0: the job fits in one server, so no cluster network is bought for it"));
    let serverKw = input.serverKw;
    if (serverKw === undefined) {
      if (gpu.serverKw !== undefined && gpusPerNode === 8) serverKw = assume("serverKw", gpu.serverKw, gpu.source);
      else if (gpu.tdpW !== undefined)
        serverKw = assume(
          "serverKw",
          (gpusPerNode * gpu.tdpW + bm.hostW.value) / 1000,
          `${gpusPerNode} × ${gpu.tdpW} W TDP + ${bm.hostW.value} W; ${bm.hostW.source}`,
        );
    }
    if (serverKw === undefined) {
      bareMetal = {
        total: null,
        perGpuHour: null,
        serverHour: null,
        utilization,
        note: `no power figure for ${gpu.id}: give --server-kw`,
      };
    } else {
      const serverHour = bareMetalServerHour({
        serverPrice,
        networkShare,
        amortizeYears,
        coloPerMonth,
        serverKw,
        pue,
        kwhPrice,
      });
      const perGpuHour = serverHour.total / (gpusPerNode * utilization);
      bareMetal = { total: gpuHours * perGpuHour, perGpuHour, serverHour, utilization };
      for (const c of [CITATIONS.amortisation, CITATIONS.pue, CITATIONS.utilisation]) used.add(c);
      if (networkShare > 0) used.add(CITATIONS.networkShare);
      step({
        section: "cost",
        label: "bare-metal server-hour",
        value: serverHour.total,
        unit: "USD",
        formula: `capital $${fmt(serverPrice)}${networkShare > 0 ? `/(1−${networkShare} network share)` : ""}/(${amortizeYears}·8766 h) = $${fmt(serverHour.capital)} + colo $${fmt(coloPerMonth)}·12/8766 = $${fmt(serverHour.colo)} + power ${fmt(serverKw)} kW × PUE ${pue} × $${kwhPrice}/kWh = $${fmt(serverHour.power)}`,
      });
      step({
        section: "cost",
        label: "bare-metal cost per used GPU-hour",
        value: perGpuHour,
        unit: "USD",
        formula: `server-hour / (${gpusPerNode} GPUs × ${utilization} utilisation)`,
      });
      step({
        section: "cost",
        label: "bare-metal cost",
        value: bareMetal.total as number,
        unit: "USD",
        formula: "GPU-hours × bare-metal cost per used GPU-hour",
      });
      if (cloudPerGpuHour !== null) {
        breakEven = breakEvenUtilization(serverHour.total, gpusPerNode, cloudPerGpuHour);
        step({
          section: "cost",
          label: "break-even utilisation",
          value: breakEven,
          unit: "ratio",
          formula: `server-hour / (${gpusPerNode} × cloud $${fmt(cloudPerGpuHour)}/GPU-h): bare metal is cheaper when its servers are busy more than this${breakEven > 1 ? " — never, at these prices" : ""}`,
        });
      }
    }
  }

  return {
    version: 1,
    params,
    tokens: input.tokens,
    gpu: { id: gpu.id, name: gpu.name, peakTflops: gpu.bf16Tflops, memoryBytes: gpuBytes },
    gpus,
    gpusPerNode,
    nodes,
    activeParams,
    architecture: shape ? { ...shape, label: archLabel as string } : null,
    parallelism: {
      tp,
      pp,
      dp,
      ep,
      zero,
      recompute,
      sequenceParallel,
      attention,
      dropout: input.dropout ?? 0,
      microBatch,
      globalBatch,
      microBatchesPerPipeline: m,
      seq,
      steps: stepsCount,
    },
    flops: { total: flopsTotal, model: modelFlops, method },
    throughput: { flopsPerGpu, mfu: achievedMfu, computeEfficiency: efficiency, from },
    time: {
      computeSeconds,
      commSeconds,
      wallSeconds,
      days,
      gpuHours,
      perStep: {
        computeSeconds: computePerStep,
        bubbleSeconds,
        dpSeconds,
        dpExposedSeconds: dpExposed,
        tpSeconds,
        ppSeconds,
        epSeconds,
        commSeconds: commPerStep,
        stepSeconds,
      },
      bubbleFraction: bubble,
      bound: networkDominates ? "network" : "compute",
      networkDominates,
    },
    memory: {
      perGpuBytes: { ...states, zeroBuffer, activations, total: memTotal },
      activationsHeld: held,
      logitsBytes,
      gpuBytes,
      fits,
      headroomBytes: gpuBytes - memTotal,
    },
    network: { interconnect: net.id, name: net.name, nodeBytesPerSecond: nodeNet, scaleUpBusBytesPerSecond: intraBus },
    cost: { cloud, bareMetal, breakEvenUtilization: breakEven },
    steps,
    assumptions,
    citations: [...used],
    warnings,
  };
}

export function fmtBytes(b: number): string {
  if (b >= 1e12) return `${(b / 1e12).toFixed(2)} TB`;
  if (b >= 1e9) return `${(b / 1e9).toFixed(2)} GB`;
  if (b >= 1e6) return `${(b / 1e6).toFixed(1)} MB`;
  return `${Math.round(b / 1e3)} kB`;
}

export function fmtSeconds(s: number): string {
  if (s >= 86400 * 365.25) return `${(s / (86400 * 365.25)).toFixed(1)} years`;
  if (s >= 86400) return `${(s / 86400).toFixed(1)} days`;
  if (s >= 3600) return `${(s / 3600).toFixed(1)} h`;
  if (s >= 1) return `${s.toFixed(2)} s`;
  return `${(s * 1000).toFixed(1)} ms`;
}

/**
 * The first layout, in rising order of communication, under which the job fits in memory:
 * a higher ZeRO stage, then tensor parallelism inside a node, then pipeline stages. Undefined when
 * none of them fits or the job already does.
 */
export function suggestFit(input: EstimateInput): string | undefined {
  const tries: Partial<EstimateInput>[] = [];
  const gpusPerNode = input.gpusPerNode ?? Math.min(8, input.gpus);
  for (const zero of [1, 2, 3] as ZeroStage[]) if (zero > (input.zero ?? 0)) tries.push({ zero });
  for (const tp of [2, 4, 8]) {
    if (tp <= (input.tp ?? 1) || tp > gpusPerNode) continue;
    for (const zero of [input.zero ?? 0, 1, 3] as ZeroStage[]) tries.push({ tp, zero });
  }
  for (const pp of [2, 4, 8, 16, 32, 64]) {
    if (pp <= (input.pp ?? 1)) continue;
    for (const zero of [input.zero ?? 0, 1] as ZeroStage[])
      tries.push({ tp: Math.max(input.tp ?? 1, Math.min(8, gpusPerNode)), pp, zero });
  }
  for (const t of tries) {
    const candidate: EstimateInput = { ...input, ...t, dp: undefined, globalBatch: undefined };
    try {
      const e = estimate(candidate);
      if (e.memory.fits) {
        const flags = Object.entries(t)
          .filter(
            ([k, v]) =>
              (input as unknown as Record<string, unknown>)[k] !== v &&
              !(k === "zero" && v === 0 && input.zero === undefined),
          )
          .map(([k, v]) => `--${k} ${v}`);
        return `${flags.join(" ")} fits: ${fmtBytes(e.memory.perGpuBytes.total)} per GPU`;
      }
    } catch {
      // a layout the GPU count does not divide into
    }
  }
  return undefined;
}
