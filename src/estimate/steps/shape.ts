import { type MoeShape, parameterCount, type TransformerShape } from "../transformer.js";
import { EstimateError, type EstimateInput } from "../types.js";

const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * The transformer the flags describe. Without --mlp swiglu it is the GPT shape SC21 counts
 * (learned positions, LayerNorm, biases, tied embeddings, f = 4h); with it, the Llama shape
 * (RoPE, RMSNorm, no biases, untied embeddings), each part overridable.
 */
export function shapeOf(input: EstimateInput, seq: number, vocab: number): TransformerShape {
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
export function isGptShape(s: TransformerShape): boolean {
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
export function describeShape(s: TransformerShape): string {
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
export function flopsMatmul(s: TransformerShape): number {
  return parameterCount(s).activeLayerMatmul + s.vocab * s.hidden;
}

/** Parameters of the largest layer (all its experts): what ZeRO-3 gathers at once. */
export function largestLayerParams(s: TransformerShape): number {
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
