import { CITATIONS, type Citation } from "../citations.js";
import { formatSize } from "../size.js";
import { type MoeShape, type ParameterCount, parameterCount, type TransformerShape } from "../transformer.js";
import type { EstimateInput } from "../types.js";
import type { Working } from "../working.js";
import type { Layout } from "./layout.js";
import { isGptShape } from "./shape.js";

export interface ModelSize {
  params: number;
  activeParams: number;
  /** Parameters of the routed experts (0 for a dense model). */
  expertParams: number;
}

export function parametersOf(input: EstimateInput, l: Layout, w: Working): ModelSize {
  const { shape, seq, archLabel, tp } = l;
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
      w.step(
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
      w.step(
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
      w.step(
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
    w.cite(c);
    if (input.params !== undefined)
      w.warn(
        `${input.model.name}: --params ${formatSize(params)} replaces the ${counted ? formatSize(counted.total) : "counted"} parameters its architecture gives; memory and FLOPs scale from it`,
      );
  }
  if (shape && input.heads !== undefined && shape.hidden % input.heads !== 0 && input.headDim === undefined)
    w.warn(`--hidden ${shape.hidden} is not divisible by --heads ${input.heads}`);
  if (shape && input.heads !== undefined && input.heads % tp !== 0)
    w.warn(`--heads ${input.heads} is not divisible by --tp ${tp}; Megatron requires it`);
  return { params, activeParams, expertParams };
}
