/**
 * `estimate --model NAME`: an open model's published architecture (src/catalog/models.ts, read
 * from its config.json) as the estimator's flags. Every catalog model is a decoder with RoPE,
 * RMSNorm and a gated MLP (SwiGLU; Gemma's GeGLU has the same three matrices); Qwen 2.5 adds
 * biases to Q, K and V; DeepSeek's multi-head latent attention is counted tensor by tensor
 * (transformer.ts attentionParams), and its experts as total (memory) and active (compute).
 */

import type { MlaShape } from "./transformer.js";
import type { EstimateInput } from "./types.js";

/** The fields of a catalog entry the estimator reads (src/catalog/models.ts ModelSpec). */
export interface CatalogModel {
  name: string;
  params: number;
  layers: number;
  hidden: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  intermediate: number;
  vocab: number;
  tiedEmbeddings: boolean;
  experts?: number;
  expertsPerToken?: number;
  /** One routed expert's MLP hidden size (moe_intermediate_size) when it differs from `intermediate`. */
  expertIntermediate?: number;
  sharedExperts?: number;
  /** Leading layers with a dense MLP (first_k_dense_replace). */
  denseLayers?: number;
  qkvBias?: boolean;
  /** Parameters a token passes through, where the publisher states it (MoE). */
  activeParams?: number;
  mla?: MlaShape;
  source: string;
  read: string;
}

/** The architecture flags a catalog model stands for. Flags the user gives win over them. */
export function modelInput(m: CatalogModel): Partial<EstimateInput> {
  const input: Partial<EstimateInput> = {
    layers: m.layers,
    hidden: m.hidden,
    heads: m.heads,
    kvHeads: m.kvHeads,
    headDim: m.headDim,
    ffnHidden: m.intermediate,
    mlp: "swiglu",
    vocab: m.vocab,
    tiedEmbeddings: m.tiedEmbeddings,
    positions: "rope",
    norm: "rmsnorm",
    bias: false,
    qkvBias: m.qkvBias ?? false,
    model: { name: m.name, source: m.source, read: m.read },
  };
  if (m.experts !== undefined && m.expertsPerToken !== undefined) {
    input.experts = m.experts;
    input.expertsPerToken = m.expertsPerToken;
    input.expertFfnHidden = m.expertIntermediate ?? m.intermediate;
    input.sharedExperts = m.sharedExperts ?? 0;
    input.denseLayers = m.denseLayers ?? 0;
  }
  if (m.mla !== undefined) input.mla = m.mla;
  return input;
}
