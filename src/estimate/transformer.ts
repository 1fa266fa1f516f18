/**
 * A decoder-only transformer as today's open models are built, and what it costs: parameters
 * (total and, for mixture-of-experts, active), FLOPs per token, and the activation bytes training
 * keeps between forward and backward. Pure: numbers in, numbers out.
 *
 * The GPT shape of SC21 and Korthikanti et al. (learned positions, LayerNorm, biases, a 4h GeLU
 * MLP, tied embeddings) is one setting of it; Llama-style models (grouped-query attention,
 * SwiGLU's three matrices, RMSNorm, RoPE, untied embeddings, no biases) are another. Each count is
 * a sum of named tensors, so every term can be checked against a model's published config and
 * parameter count (src/estimate/transformer.test.ts), and the activation terms against the
 * measurements in docs/estimate.md.
 */

export type Attention = "flash" | "eager";
export type Recompute = "none" | "selective" | "full";

export interface MoeShape {
  /** Routed experts per MoE layer. */
  experts: number;
  /** Routed experts each token goes to (top-k). */
  topK: number;
  /** Shared experts every token goes through (DeepSeek); 0 when none. */
  shared: number;
  /** Hidden size of one expert's MLP. */
  expertFfnHidden: number;
  /** Leading layers that keep a dense MLP (DeepSeek's first_k_dense_replace); 0 when every layer is MoE. */
  denseLayers: number;
}

/**
 * Multi-head latent attention (DeepSeek-V2/V3, config.json names): queries through a rank-q_lora
 * bottleneck, keys and values from one shared latent of kv_lora_rank plus a RoPE key of
 * qk_rope_head_dim, up-projected per head to qk_nope_head_dim (+ the RoPE part) for keys and
 * v_head_dim for values.
 */
export interface MlaShape {
  /** q_lora_rank; 0 when queries are projected directly (DeepSeek-V2-Lite). */
  qLoraRank: number;
  kvLoraRank: number;
  qkNopeHeadDim: number;
  qkRopeHeadDim: number;
  vHeadDim: number;
}

export interface TransformerShape {
  layers: number;
  hidden: number;
  /** Query heads (a). */
  heads: number;
  /** Key/value heads; = heads without grouped-query attention. */
  kvHeads: number;
  /** Size of one head; hidden/heads unless the model says otherwise (Gemma, Qwen3). */
  headDim: number;
  /** MLP hidden size (the dense layers' when MoE). */
  ffnHidden: number;
  /** gelu: two matrices h×f; swiglu (and other gated MLPs): three. */
  mlp: "gelu" | "swiglu";
  vocab: number;
  tiedEmbeddings: boolean;
  /** learned: a position table of maxPositions × h; rope: no parameters. */
  positions: "learned" | "rope";
  /** Rows of the learned position table (SC21 counts s). */
  maxPositions: number;
  /** LayerNorm has a weight and a bias; RMSNorm a weight. */
  norm: "layernorm" | "rmsnorm";
  /** Biases on every linear layer (GPT-2/3, Megatron GPT). */
  bias: boolean;
  /** Biases on the query/key/value projections only (Qwen 2.5). */
  qkvBias: boolean;
  moe?: MoeShape;
  /** Multi-head latent attention instead of Q/K/V projections of `headDim` (heads·headDim is then unused). */
  mla?: MlaShape;
}

/** Per-head sizes the attention's matmuls use: the query/key dimension and the value dimension. */
export function attentionDims(m: Pick<TransformerShape, "headDim" | "mla">): { qk: number; v: number } {
  return m.mla ? { qk: m.mla.qkNopeHeadDim + m.mla.qkRopeHeadDim, v: m.mla.vHeadDim } : { qk: m.headDim, v: m.headDim };
}

/**
 * One layer's attention weights. Standard: Q (h × a·d), K and V (h × kv·d each), O (a·d × h).
 * MLA: q_a (h × q_lora) and its norm, q_b (q_lora × a·(nope+rope)) — or one h × a·(nope+rope)
 * without a query bottleneck —, kv_a (h × (kv_lora + rope)) and its norm, kv_b
 * (kv_lora × a·(nope + v)), O (a·v × h). `matmul` excludes the norms, `norms` counts them.
 */
export function attentionParams(m: TransformerShape): { matmul: number; norms: number } {
  const { hidden: h, heads: a } = m;
  if (m.mla) {
    const x = m.mla;
    const qk = x.qkNopeHeadDim + x.qkRopeHeadDim;
    const q = x.qLoraRank > 0 ? h * x.qLoraRank + x.qLoraRank * a * qk : h * a * qk;
    const kv = h * (x.kvLoraRank + x.qkRopeHeadDim) + x.kvLoraRank * a * (x.qkNopeHeadDim + x.vHeadDim);
    return { matmul: q + kv + a * x.vHeadDim * h, norms: x.qLoraRank + x.kvLoraRank };
  }
  const q = a * m.headDim;
  const k = m.kvHeads * m.headDim;
  return { matmul: h * q + 2 * h * k + q * h, norms: 0 };
}

/** The GPT shape SC21 Eq. (2) counts: learned positions, LayerNorm, biases, 4h GeLU MLP, tied embeddings. */
export function gptShape(p: {
  layers: number;
  hidden: number;
  heads: number;
  vocab: number;
  seq: number;
}): TransformerShape {
  return {
    layers: p.layers,
    hidden: p.hidden,
    heads: p.heads,
    kvHeads: p.heads,
    headDim: p.heads > 0 ? p.hidden / p.heads : p.hidden,
    ffnHidden: 4 * p.hidden,
    mlp: "gelu",
    vocab: p.vocab,
    tiedEmbeddings: true,
    positions: "learned",
    maxPositions: p.seq,
    norm: "layernorm",
    bias: true,
    qkvBias: false,
  };
}

export interface ParameterCount {
  total: number;
  /** Parameters one token passes through (= total for a dense model): what compute counts. */
  active: number;
  /** Input embedding (+ position table) and, when untied, the output projection. */
  embedding: number;
  /** Weights of the attention, MLP and norms of all layers, experts included. */
  layers: number;
  /** Routed experts' weights (all of them); 0 for a dense model. */
  experts: number;
  /** Weight matrices a token multiplies through in the layers (no norms, biases or embeddings): what FLOPs count. */
  activeLayerMatmul: number;
}

function mlpParams(h: number, f: number, mlp: TransformerShape["mlp"], bias: boolean): number {
  const matrices = mlp === "swiglu" ? 3 : 2;
  const biases = bias ? (mlp === "swiglu" ? 2 * f : f) + h : 0;
  return matrices * h * f + biases;
}

/**
 * Parameters by tensor. Per layer: Q (h × a·d), K and V (h × kv·d each), O (a·d × h), the MLP (2 or
 * 3 matrices of h × f), two norms (2h with LayerNorm's bias, h for RMSNorm), biases where the model
 * has them; then the token embedding V × h (twice when untied), a learned position table if any,
 * and the final norm. With the GPT shape this is SC21 Eq. (2) plus the final norm (2h). Multi-head
 * latent attention's tensors: attentionParams.
 */
export function parameterCount(m: TransformerShape): ParameterCount {
  const { hidden: h, heads: a, kvHeads: kv, headDim: d, vocab: V } = m;
  const q = a * d;
  const k = kv * d;
  const attn = attentionParams(m);
  const attnMatmul = attn.matmul;
  const attnBias = m.mla ? 0 : m.bias ? q + 2 * k + h : m.qkvBias ? q + 2 * k : 0;
  const normW = m.norm === "layernorm" ? 2 * h : h;
  const denseMlp = mlpParams(h, m.ffnHidden, m.mlp, m.bias);
  const denseMlpMatmul = (m.mlp === "swiglu" ? 3 : 2) * h * m.ffnHidden;
  let layers = 0;
  let experts = 0;
  let activeLayerMatmul = 0;
  let inactive = 0;
  for (let i = 0; i < m.layers; i++) {
    layers += attnMatmul + attn.norms + attnBias + 2 * normW;
    activeLayerMatmul += attnMatmul;
    if (m.moe && i >= m.moe.denseLayers) {
      const one = mlpParams(h, m.moe.expertFfnHidden, m.mlp, m.bias);
      const oneMatmul = (m.mlp === "swiglu" ? 3 : 2) * h * m.moe.expertFfnHidden;
      const router = h * m.moe.experts;
      layers += (m.moe.experts + m.moe.shared) * one + router;
      experts += m.moe.experts * one;
      activeLayerMatmul += (m.moe.topK + m.moe.shared) * oneMatmul + router;
      inactive += (m.moe.experts - m.moe.topK) * one;
    } else {
      layers += denseMlp;
      activeLayerMatmul += denseMlpMatmul;
    }
  }
  const embedding = V * h * (m.tiedEmbeddings ? 1 : 2) + (m.positions === "learned" ? m.maxPositions * h : 0);
  const total = layers + embedding + normW;
  return { total, active: total - inactive, embedding, layers, experts, activeLayerMatmul };
}

/**
 * Model FLOPs per token of a training step (forward + backward, no recomputation): 6 × the weights a
 * token multiplies through (layers and the output projection V·h) plus the attention scores and
 * their use, 12·l·s·(a·d) — Megatron's convention (Korthikanti et al. App. A; megatron
 * `num_floating_point_operations`), which counts the full s×s matrix even for causal masks. For
 * the GPT shape this is 72·s·l·h²·(1 + s/(6h) + V/(12·h·l)) per sequence, term for term.
 */
export function modelFlopsPerToken(m: TransformerShape, seq: number): number {
  const p = parameterCount(m);
  return 6 * (p.activeLayerMatmul + m.vocab * m.hidden) + 6 * m.layers * seq * m.heads * scoreDims(m);
}

/** QKᵀ's and the probabilities·V's inner sizes, summed: 2d, or (nope + rope) + v with latent attention. */
function scoreDims(m: TransformerShape): number {
  const { qk, v } = attentionDims(m);
  return qk + v;
}

/**
 * Hardware FLOPs per token: the model FLOPs plus what recomputation runs again. Full: one more
 * forward of every layer (2·matmul + 4·l·s·a·d; the output layer is not recomputed), SC21 Eq. (3).
 * Selective (Korthikanti et al. §5): the attention core's forward again, 4·l·s·a·d — with flash
 * attention that recomputation is already inside the kernel's backward, so nothing is added.
 */
export function hardwareFlopsPerToken(
  m: TransformerShape,
  seq: number,
  recompute: Recompute,
  attention: Attention,
): number {
  const model = modelFlopsPerToken(m, seq);
  const core = 2 * m.layers * seq * m.heads * scoreDims(m);
  if (recompute === "full") return model + 2 * parameterCount(m).activeLayerMatmul + core;
  if (recompute === "selective" && attention === "eager") return model + core;
  return model;
}

// ---------------------------------------------------------------- activations

export interface ActivationOptions {
  seq: number;
  microBatch: number;
  tp: number;
  sequenceParallel: boolean;
  recompute: Recompute;
  attention: Attention;
  /** Dropout on (any p > 0): its masks (1 byte per element) are kept. */
  dropout: boolean;
}

/** One layer's activation bytes, and the same as a multiple of s·b·h bytes (the unit of the measured table). */
export interface LayerActivations {
  bytes: number;
  perSbh: number;
  /** The terms, in units of s·b·h, before the tensor-parallel split: for the working shown to users. */
  terms: Record<string, number>;
}

/**
 * Bytes one transformer layer keeps for backward, for one micro-batch, bf16 activations. Counted
 * tensor by tensor as Korthikanti et al. §4.1 count them (their 34 + 5as/h for GPT is the sum of
 * these terms with dropout and eager attention):
 *  - the two norms' inputs, 2 + 2; the QKV projection's input, 2; the MLP's input, 2;
 *  - Q, K and V, 2·(a·d)/h + 4·(kv·d)/h (flash attention keeps them; grouped-query attention's K
 *    and V are kv/a of Q's); the attention output, the input of the out-projection, 2·(a·d)/h;
 *  - the MLP's inner activations: GeLU MLP 4f/h (the GeLU's input and output), gated MLP 8f/h
 *    (gate, up, the activation's output and the product); for MoE, the top-k experts' (plus the
 *    shared ones'), with each routed copy of the token's input, 2 per expert;
 *  - dropout masks, 1 byte per element: 2 (after attention and after the MLP) and, with eager
 *    attention, a·s/h for the attention probabilities;
 *  - eager attention keeps the softmax output (2as/h) and, with dropout, its dropped copy (2as/h);
 *    flash attention keeps only the fp32 log-sum-exp per head and token, 4a/h.
 * With tensor parallelism the heads' and MLP's terms divide by t (K and V by min(t, kv): heads are
 * replicated when t exceeds them); with sequence parallelism everything does. Selective
 * recomputation drops the s² terms (Korthikanti et al. Table 2), which flash attention never
 * keeps; full recomputation keeps each layer's input only, 2·s·b·h (÷t with sequence parallelism).
 * Measured on an H200 for the GPT shape: 114.6, 64.3, 32.0, 34.0 and 2.0 s·b·h for the five
 * combinations of docs/estimate.md, which these terms give as 114, 64, 32.03, 34.03 and 2.
 */
export function layerActivationBytes(
  m: TransformerShape,
  o: ActivationOptions,
  layer = m.layers - 1,
): LayerActivations {
  const { hidden: h, heads: a, kvHeads: kv, headDim: d } = m;
  const s = o.seq;
  const t = o.tp;
  const sbh = s * o.microBatch * h;
  if (o.recompute === "full") {
    const per = o.sequenceParallel ? 2 / t : 2;
    return { bytes: per * sbh, perSbh: per, terms: { "layer input": 2 } };
  }
  const moeLayer = m.moe && layer >= m.moe.denseLayers ? m.moe : undefined;
  const gatedFactor = m.mlp === "swiglu" ? 8 : 4;
  const mlpInner = moeLayer
    ? (moeLayer.topK + moeLayer.shared) * ((gatedFactor * moeLayer.expertFfnHidden) / h) + moeLayer.topK * 2
    : (gatedFactor * m.ffnHidden) / h;
  const replicated: Record<string, number> = {
    "norm inputs": 4,
    "QKV input": 2,
    "MLP input": 2,
  };
  if (o.dropout) replicated["dropout masks"] = 2;
  const dims = attentionDims(m);
  const split: Record<string, number> = {
    Q: (2 * a * dims.qk) / h,
    "attention output": (2 * a * dims.v) / h,
    "MLP inner": mlpInner,
  };
  // Latent attention: K and V are up-projected for every head (a of them, qk and v wide), and the
  // two latents (the query bottleneck's output, the shared KV latent with its RoPE key) are kept too.
  const kvTerm = m.mla ? (2 * a * (dims.qk + dims.v)) / h : (4 * kv * d) / h;
  if (m.mla) replicated.latents = (2 * (m.mla.qLoraRank + m.mla.kvLoraRank + m.mla.qkRopeHeadDim)) / h;
  if (o.attention === "flash") split["log-sum-exp (fp32)"] = (4 * a) / h;
  const quadratic = o.attention === "eager" && o.recompute !== "selective" ? ((o.dropout ? 5 : 2) * a * s) / h : 0;
  if (quadratic > 0) split[o.dropout ? "softmax, its mask and dropout output" : "softmax output"] = quadratic;
  const sum = (r: Record<string, number>) => Object.values(r).reduce((x, y) => x + y, 0);
  const sp = o.sequenceParallel;
  const kvSplit = m.mla ? t : sp ? t : Math.min(t, kv);
  const perSbh = (sp ? sum(replicated) / t : sum(replicated)) + sum(split) / t + kvTerm / kvSplit;
  return { bytes: perSbh * sbh, perSbh, terms: { ...replicated, "K and V": kvTerm, ...split } };
}

/**
 * Activations outside the layers on the last pipeline stage (Korthikanti et al. Eq. 5's
 * (4·s·b·h/t)(1 + V/h)): the final norm's input and the output layer's input, 2·s·b·h each, and the
 * fp32 logits the loss is computed from, 4·s·b·V, split over t by Megatron's vocab-parallel output
 * layer. Measured: 1.05 GB of a 1.12 GB remainder at V = 32,000, s = 2,048, b = 4.
 */
export function outputActivationBytes(
  m: Pick<TransformerShape, "hidden" | "vocab">,
  o: Pick<ActivationOptions, "seq" | "microBatch" | "tp" | "sequenceParallel">,
): { norms: number; logits: number } {
  const sbh = o.seq * o.microBatch * m.hidden;
  return {
    norms: (4 * sbh) / (o.sequenceParallel ? o.tp : 1),
    logits: (4 * o.seq * o.microBatch * m.vocab) / o.tp,
  };
}

export interface ActivationMemory {
  perLayer: LayerActivations;
  /** Held after the forward pass, before backward, on the GPU that holds the most. */
  held: number;
  /** The highest point during backward. */
  peak: number;
  /** What the peak is made of. */
  peakCause: "logits" | "recompute";
  /** The first pipeline stage's layers (all micro-batches in flight) and the last stage's layers + output. */
  firstStage: number;
  lastStage: number;
  output: { norms: number; logits: number };
}

/**
 * Held and peak activation bytes per GPU under 1F1B with p stages and m micro-batches. The first
 * stage keeps min(p, m) micro-batches of its L/p layers (Korthikanti et al. Eq. 5: L layers' worth
 * when m ≥ p); the last stage keeps one micro-batch of its layers plus the output layer's
 * activations. During backward the loss adds the gradient of the fp32 log-probabilities and of the
 * logits, two more s·b·V·4/t (measured: +2.10 GB over held in all five cases at V = 32,000,
 * s = 2,048, b = 4); full recomputation adds one layer rebuilt in full while its gradient is
 * computed. The peak is the larger of the two.
 */
export function activationMemory(
  m: TransformerShape,
  o: ActivationOptions,
  pp = 1,
  microBatches = 1,
): ActivationMemory {
  const perLayer = layerActivationBytes(m, o);
  let layersTotal = 0;
  for (let i = 0; i < m.layers; i++) layersTotal += layerActivationBytes(m, o, i).bytes;
  const perStageLayers = layersTotal / pp;
  const inFlight = Math.min(pp, microBatches);
  const output = outputActivationBytes(m, o);
  const embedMask = o.dropout ? (o.seq * o.microBatch * m.hidden) / (o.sequenceParallel ? o.tp : 1) : 0;
  const firstStage = perStageLayers * inFlight + embedMask * inFlight;
  const lastStage = perStageLayers + output.norms + output.logits + (pp === 1 ? embedMask : 0);
  const held = pp === 1 ? lastStage : Math.max(firstStage, lastStage);
  const atLoss = lastStage + 2 * output.logits;
  const rebuilt =
    o.recompute === "full" ? layerActivationBytes(m, { ...o, recompute: "none" }).bytes - perLayer.bytes : 0;
  const atRecompute = held + rebuilt;
  const peak = Math.max(atLoss, atRecompute, held);
  return {
    perLayer,
    held,
    peak,
    peakCause: atLoss >= atRecompute ? "logits" : "recompute",
    firstStage,
    lastStage,
    output,
  };
}
