/**
 * Open models: the architecture numbers that decide how much memory serving or training one takes.
 * Data only, each entry with the published configuration it was read from (the model's
 * `config.json` on the Hugging Face Hub; `params` is the parameter count the Hub shows from the
 * safetensors headers). Field names follow config.json: num_hidden_layers → layers, hidden_size →
 * hidden, num_attention_heads → heads, num_key_value_heads → kvHeads, head_dim (else
 * hidden / heads) → headDim, intermediate_size → intermediate, vocab_size → vocab,
 * max_position_embeddings → contextLength, tie_word_embeddings → tiedEmbeddings;
 * MoE: num_local_experts / n_routed_experts → experts, num_experts_per_tok → expertsPerToken;
 * DeepSeek's multi-head latent attention: kv_lora_rank and qk_rope_head_dim.
 *
 * `src/catalog/models.test.ts` recomputes every parameter count from the architecture
 * (embeddings, attention — DeepSeek's latent attention tensor by tensor —, gated MLP or experts;
 * norms and biases are under 0.1%), so a number mistyped here fails a test.
 */

export type WeightDtype = "bfloat16" | "float16" | "float8";

export interface ModelSpec {
  /** Repository names on the Hub, without the organisation, as published (matched case-insensitively). */
  ids: readonly string[];
  /** The organisation that publishes it, for messages. */
  org: string;
  name: string;
  params: number;
  layers: number;
  hidden: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  intermediate: number;
  vocab: number;
  /** max_position_embeddings: the longest sequence the server accepts by default. */
  contextLength: number;
  tiedEmbeddings: boolean;
  /** The dtype the checkpoint is stored in (`torch_dtype`, or float8 when config.json carries an FP8 quantization_config). */
  dtype: WeightDtype;
  /** Mixture of experts: routed experts per MoE layer and experts used per token. */
  experts?: number;
  expertsPerToken?: number;
  /** One routed expert's MLP hidden size (moe_intermediate_size), when it differs from `intermediate`. */
  expertIntermediate?: number;
  /** Shared experts every token passes through (n_shared_experts). */
  sharedExperts?: number;
  /** Leading layers with a dense MLP (first_k_dense_replace). */
  denseLayers?: number;
  /** Parameters one token passes through, where the publisher states it (MoE). */
  activeParams?: number;
  /** Biases on the Q, K and V projections (Qwen2). */
  qkvBias?: boolean;
  /**
   * Multi-head latent attention (DeepSeek-V2/V3): q_lora_rank, kv_lora_rank, qk_nope_head_dim,
   * qk_rope_head_dim, v_head_dim. The KV cache holds kv_lora_rank + qk_rope_head_dim values per layer and token.
   */
  mla?: { qLoraRank: number; kvLoraRank: number; qkNopeHeadDim: number; qkRopeHeadDim: number; vHeadDim: number };
  source: string;
  read: string;
}

const READ = "2026-12-04";
const hub = (repo: string) => `https://huggingface.co/${repo}/blob/main/config.json`;

const LLAMA_31_8B = {
  org: "meta-llama",
  params: 8_030_261_248,
  layers: 32,
  hidden: 4096,
  heads: 32,
  kvHeads: 8,
  headDim: 128,
  intermediate: 14336,
  vocab: 128256,
  tiedEmbeddings: false,
  dtype: "bfloat16",
} as const;

const LLAMA_31_70B = {
  org: "meta-llama",
  params: 70_553_706_496,
  layers: 80,
  hidden: 8192,
  heads: 64,
  kvHeads: 8,
  headDim: 128,
  intermediate: 28672,
  vocab: 128256,
  tiedEmbeddings: false,
  dtype: "bfloat16",
} as const;

const QWEN25_7B = {
  org: "Qwen",
  params: 7_615_616_512,
  layers: 28,
  hidden: 3584,
  heads: 28,
  kvHeads: 4,
  headDim: 128,
  intermediate: 18944,
  vocab: 152064,
  tiedEmbeddings: false,
  qkvBias: true,
  dtype: "bfloat16",
} as const;

const QWEN25_72B = {
  org: "Qwen",
  params: 72_706_203_648,
  layers: 80,
  hidden: 8192,
  heads: 64,
  kvHeads: 8,
  headDim: 128,
  intermediate: 29568,
  vocab: 152064,
  tiedEmbeddings: false,
  qkvBias: true,
  dtype: "bfloat16",
} as const;

const MIXTRAL_8X7B = {
  org: "mistralai",
  params: 46_702_792_704,
  layers: 32,
  hidden: 4096,
  heads: 32,
  kvHeads: 8,
  headDim: 128,
  intermediate: 14336,
  vocab: 32000,
  contextLength: 32768,
  tiedEmbeddings: false,
  experts: 8,
  expertsPerToken: 2,
  dtype: "bfloat16",
} as const;

const DEEPSEEK_V3 = {
  org: "deepseek-ai",
  // 671B in the DeepSeek-V3 technical report (the Hub's 685B adds the 14B multi-token-prediction module, which inference does not load by default).
  params: 671_000_000_000,
  layers: 61,
  hidden: 7168,
  heads: 128,
  kvHeads: 128,
  headDim: 128,
  intermediate: 18432,
  vocab: 129280,
  contextLength: 163840,
  tiedEmbeddings: false,
  experts: 256,
  expertsPerToken: 8,
  expertIntermediate: 2048,
  sharedExperts: 1,
  denseLayers: 3,
  activeParams: 37_000_000_000,
  mla: { qLoraRank: 1536, kvLoraRank: 512, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128 },
  dtype: "float8",
} as const;

export const MODELS: readonly ModelSpec[] = [
  {
    ...LLAMA_31_8B,
    ids: ["Llama-3.1-8B", "Meta-Llama-3.1-8B"],
    name: "Llama 3.1 8B",
    contextLength: 131072,
    source: hub("meta-llama/Llama-3.1-8B"),
    read: READ,
  },
  {
    ...LLAMA_31_8B,
    ids: ["Llama-3.1-8B-Instruct", "Meta-Llama-3.1-8B-Instruct"],
    name: "Llama 3.1 8B Instruct",
    contextLength: 131072,
    source: hub("meta-llama/Llama-3.1-8B-Instruct"),
    read: READ,
  },
  {
    ...LLAMA_31_8B,
    ids: ["Meta-Llama-3-8B", "Meta-Llama-3-8B-Instruct", "Llama-3-8B", "Llama-3-8B-Instruct"],
    name: "Llama 3 8B",
    contextLength: 8192,
    source: hub("meta-llama/Meta-Llama-3-8B-Instruct"),
    read: READ,
  },
  {
    ...LLAMA_31_70B,
    ids: [
      "Llama-3.1-70B",
      "Llama-3.1-70B-Instruct",
      "Meta-Llama-3.1-70B",
      "Meta-Llama-3.1-70B-Instruct",
      "Llama-3.3-70B-Instruct",
    ],
    name: "Llama 3.1 / 3.3 70B",
    contextLength: 131072,
    source: `${hub("meta-llama/Llama-3.1-70B-Instruct")}; ${hub("meta-llama/Llama-3.3-70B-Instruct")}`,
    read: READ,
  },
  {
    ...LLAMA_31_70B,
    ids: ["Meta-Llama-3-70B", "Meta-Llama-3-70B-Instruct", "Llama-3-70B", "Llama-3-70B-Instruct"],
    name: "Llama 3 70B",
    contextLength: 8192,
    source: hub("meta-llama/Meta-Llama-3-70B-Instruct"),
    read: READ,
  },
  {
    ids: ["Llama-3.1-405B", "Llama-3.1-405B-Instruct", "Meta-Llama-3.1-405B", "Meta-Llama-3.1-405B-Instruct"],
    org: "meta-llama",
    name: "Llama 3.1 405B",
    params: 405_853_388_800,
    layers: 126,
    hidden: 16384,
    heads: 128,
    kvHeads: 8,
    headDim: 128,
    intermediate: 53248,
    vocab: 128256,
    contextLength: 131072,
    tiedEmbeddings: false,
    dtype: "bfloat16",
    source: hub("meta-llama/Llama-3.1-405B-Instruct"),
    read: READ,
  },
  {
    ids: ["Llama-3.2-1B", "Llama-3.2-1B-Instruct"],
    org: "meta-llama",
    name: "Llama 3.2 1B",
    params: 1_235_814_400,
    layers: 16,
    hidden: 2048,
    heads: 32,
    kvHeads: 8,
    headDim: 64,
    intermediate: 8192,
    vocab: 128256,
    contextLength: 131072,
    tiedEmbeddings: true,
    dtype: "bfloat16",
    source: hub("meta-llama/Llama-3.2-1B-Instruct"),
    read: READ,
  },
  {
    ids: ["Llama-3.2-3B", "Llama-3.2-3B-Instruct"],
    org: "meta-llama",
    name: "Llama 3.2 3B",
    params: 3_212_749_824,
    layers: 28,
    hidden: 3072,
    heads: 24,
    kvHeads: 8,
    headDim: 128,
    intermediate: 8192,
    vocab: 128256,
    contextLength: 131072,
    tiedEmbeddings: true,
    dtype: "bfloat16",
    source: hub("meta-llama/Llama-3.2-3B-Instruct"),
    read: READ,
  },
  {
    ids: ["Llama-2-7b-hf", "Llama-2-7b-chat-hf", "Llama-2-7b"],
    org: "meta-llama",
    name: "Llama 2 7B",
    params: 6_738_415_616,
    layers: 32,
    hidden: 4096,
    heads: 32,
    kvHeads: 32,
    headDim: 128,
    intermediate: 11008,
    vocab: 32000,
    contextLength: 4096,
    tiedEmbeddings: false,
    dtype: "float16",
    source: hub("meta-llama/Llama-2-7b-chat-hf"),
    read: READ,
  },
  {
    ...QWEN25_7B,
    ids: ["Qwen2.5-7B-Instruct"],
    name: "Qwen2.5 7B Instruct",
    contextLength: 32768,
    source: hub("Qwen/Qwen2.5-7B-Instruct"),
    read: READ,
  },
  {
    ...QWEN25_7B,
    ids: ["Qwen2.5-7B"],
    name: "Qwen2.5 7B",
    contextLength: 131072,
    source: hub("Qwen/Qwen2.5-7B"),
    read: READ,
  },
  {
    ids: ["Qwen2.5-14B-Instruct"],
    org: "Qwen",
    name: "Qwen2.5 14B Instruct",
    params: 14_770_033_664,
    layers: 48,
    hidden: 5120,
    heads: 40,
    kvHeads: 8,
    headDim: 128,
    intermediate: 13824,
    vocab: 152064,
    contextLength: 32768,
    tiedEmbeddings: false,
    qkvBias: true,
    dtype: "bfloat16",
    source: hub("Qwen/Qwen2.5-14B-Instruct"),
    read: READ,
  },
  {
    ids: ["Qwen2.5-32B-Instruct"],
    org: "Qwen",
    name: "Qwen2.5 32B Instruct",
    params: 32_763_876_352,
    layers: 64,
    hidden: 5120,
    heads: 40,
    kvHeads: 8,
    headDim: 128,
    intermediate: 27648,
    vocab: 152064,
    contextLength: 32768,
    tiedEmbeddings: false,
    qkvBias: true,
    dtype: "bfloat16",
    source: hub("Qwen/Qwen2.5-32B-Instruct"),
    read: READ,
  },
  {
    ...QWEN25_72B,
    ids: ["Qwen2.5-72B-Instruct"],
    name: "Qwen2.5 72B Instruct",
    contextLength: 32768,
    source: hub("Qwen/Qwen2.5-72B-Instruct"),
    read: READ,
  },
  {
    ...QWEN25_72B,
    ids: ["Qwen2.5-72B"],
    name: "Qwen2.5 72B",
    contextLength: 131072,
    source: hub("Qwen/Qwen2.5-72B"),
    read: READ,
  },
  {
    ids: ["Qwen3-8B"],
    org: "Qwen",
    name: "Qwen3 8B",
    params: 8_190_735_360,
    layers: 36,
    hidden: 4096,
    heads: 32,
    kvHeads: 8,
    headDim: 128,
    intermediate: 12288,
    vocab: 151936,
    contextLength: 40960,
    tiedEmbeddings: false,
    dtype: "bfloat16",
    source: hub("Qwen/Qwen3-8B"),
    read: READ,
  },
  {
    ids: ["Qwen3-32B"],
    org: "Qwen",
    name: "Qwen3 32B",
    params: 32_762_123_264,
    layers: 64,
    hidden: 5120,
    heads: 64,
    kvHeads: 8,
    headDim: 128,
    intermediate: 25600,
    vocab: 151936,
    contextLength: 40960,
    tiedEmbeddings: false,
    dtype: "bfloat16",
    source: hub("Qwen/Qwen3-32B"),
    read: READ,
  },
  {
    ids: ["Mistral-7B-v0.3", "Mistral-7B-Instruct-v0.3"],
    org: "mistralai",
    name: "Mistral 7B v0.3",
    params: 7_248_023_552,
    layers: 32,
    hidden: 4096,
    heads: 32,
    kvHeads: 8,
    headDim: 128,
    intermediate: 14336,
    vocab: 32768,
    contextLength: 32768,
    tiedEmbeddings: false,
    dtype: "bfloat16",
    source: hub("mistralai/Mistral-7B-Instruct-v0.3"),
    read: READ,
  },
  {
    ...MIXTRAL_8X7B,
    ids: ["Mixtral-8x7B-v0.1", "Mixtral-8x7B-Instruct-v0.1"],
    name: "Mixtral 8x7B",
    source: hub("mistralai/Mixtral-8x7B-Instruct-v0.1"),
    read: READ,
  },
  {
    ids: ["gemma-2-2b", "gemma-2-2b-it"],
    org: "google",
    name: "Gemma 2 2B",
    params: 2_614_341_888,
    layers: 26,
    hidden: 2304,
    heads: 8,
    kvHeads: 4,
    headDim: 256,
    intermediate: 9216,
    vocab: 256000,
    contextLength: 8192,
    tiedEmbeddings: true,
    dtype: "bfloat16",
    source: hub("google/gemma-2-2b-it"),
    read: READ,
  },
  {
    ids: ["gemma-2-9b", "gemma-2-9b-it"],
    org: "google",
    name: "Gemma 2 9B",
    params: 9_241_705_984,
    layers: 42,
    hidden: 3584,
    heads: 16,
    kvHeads: 8,
    headDim: 256,
    intermediate: 14336,
    vocab: 256000,
    contextLength: 8192,
    tiedEmbeddings: true,
    dtype: "bfloat16",
    source: hub("google/gemma-2-9b-it"),
    read: READ,
  },
  {
    ids: ["gemma-2-27b", "gemma-2-27b-it"],
    org: "google",
    name: "Gemma 2 27B",
    params: 27_227_128_320,
    layers: 46,
    hidden: 4608,
    heads: 32,
    kvHeads: 16,
    headDim: 128,
    intermediate: 36864,
    vocab: 256000,
    contextLength: 8192,
    tiedEmbeddings: true,
    dtype: "bfloat16",
    source: hub("google/gemma-2-27b-it"),
    read: READ,
  },
  {
    ...DEEPSEEK_V3,
    ids: ["DeepSeek-V3", "DeepSeek-V3-0324", "DeepSeek-R1", "DeepSeek-R1-0528"],
    name: "DeepSeek-V3 / R1 (671B MoE)",
    source: `${hub("deepseek-ai/DeepSeek-V3")}; ${hub("deepseek-ai/DeepSeek-R1")}; DeepSeek-V3 technical report (671B total, 37B activated)`,
    read: READ,
  },
];

/** What a model id's suffix says about its weights (`-AWQ`, `-GPTQ-Int4`, `-FP8-dynamic`). */
export type Quantization = "awq" | "gptq" | "fp8" | "int8" | "bitsandbytes";

/**
 * Suffixes quantized re-publications add to a model's name, tried in order (longest first), and
 * what they mean. Seen on the Hub: Qwen/Qwen2.5-72B-Instruct-AWQ, Qwen/Qwen2.5-7B-Instruct-GPTQ-Int4,
 * RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic, neuralmagic/Meta-Llama-3.1-8B-Instruct-FP8,
 * RedHatAI/Meta-Llama-3.1-8B-Instruct-quantized.w4a16, hugging-quants/Meta-Llama-3.1-70B-Instruct-AWQ-INT4,
 * unsloth/Llama-3.2-3B-Instruct-bnb-4bit.
 */
export const QUANTIZED_SUFFIXES: readonly [RegExp, Quantization][] = [
  [/-awq(-int4)?$/, "awq"],
  [/-gptq(-int4|-int8)?$/, "gptq"],
  [/-fp8(-dynamic)?$/, "fp8"],
  [/-quantized\.w4a16$/, "gptq"],
  [/-quantized\.w8a8$/, "int8"],
  [/-bnb-4bit$/, "bitsandbytes"],
];

/** The model a server names, as far as the id alone tells. */
export interface ModelMatch {
  model: ModelSpec;
  /** The quantization the id's suffix implies, if any. */
  quantization: Quantization | undefined;
}

/**
 * The last path segment of a model reference, without scheme, revision or trailing slash:
 * `meta-llama/Llama-3.1-8B-Instruct@main` → `Llama-3.1-8B-Instruct`, `hf://Qwen/Qwen2.5-7B` →
 * `Qwen2.5-7B`, `/mnt/models/` → `models`.
 */
export function modelBaseName(ref: string): string {
  let s = ref.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, "");
  s = s.replace(/@[^/]*$/, "").replace(/\/+$/, "");
  const slash = s.lastIndexOf("/");
  if (slash >= 0) s = s.slice(slash + 1);
  // `Org/Name:revision` is how some tools pin a revision.
  return s.replace(/:[^:]*$/, "");
}

/**
 * Finds a model by id with or without organisation, revision and quantization suffix, in the
 * user's models first (`.mlgate.yaml` `models:`), then the catalog.
 */
export function findModel(ref: string, extra: readonly ModelSpec[] = []): ModelMatch | undefined {
  let base = modelBaseName(ref).toLowerCase();
  const lookup = (name: string) =>
    extra.find((m) => m.ids.some((id) => modelBaseName(id).toLowerCase() === name)) ??
    MODELS.find((m) => m.ids.some((id) => id.toLowerCase() === name));
  const direct = lookup(base);
  if (direct) return { model: direct, quantization: undefined };
  let quantization: Quantization | undefined;
  for (const [re, q] of QUANTIZED_SUFFIXES) {
    if (re.test(base)) {
      base = base.replace(re, "");
      quantization = q;
      break;
    }
  }
  if (quantization === undefined) return undefined;
  const model = lookup(base);
  return model ? { model, quantization } : undefined;
}
