// Steps 1-2 of the estimate: the inputs checked, then the layout of the job (GPUs, nodes, the
// tensor × pipeline × data × expert parallel split, ZeRO, recomputation, the transformer's shape)
// with the defaults it assumes; step 4 is its batch (batchOf).
import { GPUS, type GpuSpec } from "../../catalog/gpus.js";
import type { Recompute, ZeroStage } from "../formulas.js";
import type { Attention, TransformerShape } from "../transformer.js";
import { type Estimate, EstimateError, type EstimateInput } from "../types.js";
import type { Working } from "../working.js";
import { describeShape, shapeOf } from "./shape.js";

/** Sequence length of every model in SC21 (§5) and the GPT-3 paper: the default when none is given. */
const DEFAULT_SEQ = 2048;
/** Vocabulary of every SC21 model (§5): the default for the architecture formulas. */
const DEFAULT_VOCAB = 51200;
/** SC21 §5.1 trains GPT-3 with batch 1,536 sequences of 2,048 tokens: the default batch size in tokens. */
const DEFAULT_BATCH_TOKENS = 1536 * 2048;

function positive(name: string, v: number | undefined): void {
  if (v !== undefined && !(Number.isFinite(v) && v > 0)) throw new EstimateError(`${name} must be a positive number`);
}

function integer(name: string, v: number | undefined): void {
  positive(name, v);
  if (v !== undefined && !Number.isInteger(v)) throw new EstimateError(`${name} must be a whole number (got ${v})`);
}

const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The GPU of the job, once every input is in range and the inputs agree with each other. */
export function checkInput(input: EstimateInput): GpuSpec {
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
  return gpu;
}

export interface Layout
  extends Pick<
    Estimate["parallelism"],
    "tp" | "pp" | "dp" | "ep" | "zero" | "recompute" | "sequenceParallel" | "attention" | "seq"
  > {
  gpus: number;
  gpusPerNode: number;
  nodes: number;
  vocab: number;
  /** The transformer, when the architecture is given. */
  shape: TransformerShape | undefined;
  dropoutOn: boolean;
  archLabel: string | undefined;
}

export function layoutOf(input: EstimateInput, w: Working): Layout {
  const gpus = input.gpus;
  const gpusPerNode =
    input.gpusPerNode ??
    w.assume("gpusPerNode", Math.min(8, gpus), "8 GPUs per node, the HGX/DGX and MI300X platform size");
  const nodes = Math.ceil(gpus / gpusPerNode);
  const tp = input.tp ?? 1;
  const pp = input.pp ?? 1;
  if (gpus % (tp * pp) !== 0) throw new EstimateError(`--gpus ${gpus} is not a multiple of --tp × --pp = ${tp * pp}`);
  const dp = input.dp ?? gpus / (tp * pp);
  if (tp * pp * dp !== gpus)
    throw new EstimateError(`--tp ${tp} × --pp ${pp} × --dp ${dp} = ${tp * pp * dp}, not --gpus ${gpus}`);
  if (input.tp === undefined) w.assume("tp", 1, "no tensor parallelism unless --tp");
  if (input.pp === undefined) w.assume("pp", 1, "no pipeline parallelism unless --pp");
  if (input.dp === undefined) w.assume("dp", dp, "dp = gpus / (tp × pp)");
  const ep = input.ep ?? 1;
  if (dp % ep !== 0) throw new EstimateError(`--ep ${ep} must divide the data-parallel size ${dp}`);
  const zero: ZeroStage =
    input.zero ?? w.assume("zero", 0 as ZeroStage, "plain data parallelism (ZeRO stage 0) unless --zero");
  const recompute: Recompute =
    input.recompute ??
    w.assume("recompute", "full" as Recompute, "full activation recomputation, as in SC21's 8·T·P/(n·X)");
  const sequenceParallel =
    input.sequenceParallel ?? (tp > 1 ? w.assume("sequenceParallel", false, "off unless --sequence-parallel") : false);
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
  const seq = input.seq ?? w.assume("seq", DEFAULT_SEQ, "2048, the sequence length of every SC21 model (§5)");
  // The vocabulary enters the parameter and FLOP counts and the logits' memory.
  const vocab =
    input.vocab ??
    (hasArch ? w.assume("vocab", DEFAULT_VOCAB, "51,200, the vocabulary of every SC21 model (§5)") : DEFAULT_VOCAB);
  const shape: TransformerShape | undefined = hasArch ? shapeOf(input, seq, vocab) : undefined;
  const attention: Attention =
    input.attention ??
    (shape
      ? w.assume(
          "attention",
          "flash" as Attention,
          "flash: PyTorch SDPA, FlashAttention and cuDNN attention, every current training stack's default",
        )
      : "flash");
  const dropoutOn = (input.dropout ?? 0) > 0;
  if (shape && input.dropout === undefined)
    w.assume("dropout", 0, "0, as Llama, Qwen, Mistral and DeepSeek are pre-trained and most fine-tunes run");
  const archLabel = shape ? describeShape(shape) : undefined;
  return {
    gpus,
    gpusPerNode,
    nodes,
    tp,
    pp,
    dp,
    ep,
    zero,
    recompute,
    sequenceParallel,
    seq,
    vocab,
    shape,
    attention,
    dropoutOn,
    archLabel,
  };
}

export interface Batch {
  microBatch: number;
  globalBatch: number;
  /** Micro-batches per pipeline per step. */
  m: number;
  tokensPerStep: number;
  stepsCount: number;
}

export function batchOf(input: EstimateInput, l: Layout, w: Working): Batch {
  const { seq, dp } = l;
  const microBatch =
    input.microBatch ?? w.assume("microBatch", 1, "micro-batch of 1 sequence per GPU, as in SC21's largest runs");
  const defaultM = Math.max(1, Math.round(DEFAULT_BATCH_TOKENS / (seq * dp * microBatch)));
  const globalBatch =
    input.globalBatch ??
    w.assume(
      "globalBatch",
      dp * microBatch * defaultM,
      "the multiple of dp × micro-batch nearest 3.1M tokens, GPT-3's batch in SC21 §5.1 (1,536 × 2,048)",
    );
  if (globalBatch % (dp * microBatch) !== 0)
    throw new EstimateError(`--global-batch ${globalBatch} is not a multiple of dp × micro-batch = ${dp * microBatch}`);
  const m = globalBatch / (dp * microBatch);
  const tokensPerStep = globalBatch * seq;
  const stepsCount = input.tokens / tokensPerStep;
  return { microBatch, globalBatch, m, tokensPerStep, stepsCount };
}
