/**
 * Model servers mlgate recognises in a container, and what their HTTP health endpoints answer
 * while the server loads its model. Data only: the detection lives in
 * src/rules/reliability/_serving.ts.
 *
 * Sources (read 2026-11-29):
 * - vLLM: docs.vllm.ai "Using Kubernetes" (deployment/k8s; the example Deployment probes `/health`
 *   on port 8000), vllm/entrypoints/openai/api_server.py (`/health`, the OpenAI routes are served
 *   once the engine is built). Images: vllm/vllm-openai, vllm/vllm-tpu, rocm/vllm, lmcache/vllm-openai.
 * - SGLang: docs.sglang.io "SGLang Native APIs" (`/health`, `/health_generate`); server started with
 *   `python -m sglang.launch_server`. Image lmsysorg/sglang has no server entrypoint.
 * - Text Generation Inference: huggingface/text-generation-inference docs/source/architecture.md (the
 *   launcher starts the model shards, then the router, which serves `/health`); image
 *   ghcr.io/huggingface/text-generation-inference, entrypoint `text-generation-launcher`.
 * - Triton Inference Server: docs.nvidia.com Triton "HTTP/REST and GRPC protocol" (`/v2/health/live`,
 *   `/v2/health/ready`; ready only once the models are loaded). Image nvcr.io/nvidia/tritonserver,
 *   whose entrypoint is not the server: the command is `tritonserver`.
 * - Ray Serve: docs.ray.io "Ray Serve API: serve run" (`serve run config.yaml` blocks while the
 *   deployments start; the proxy answers `/-/healthz`).
 */

export type ServerId = "vllm" | "sglang" | "tgi" | "triton" | "ray-serve";

export interface ModelServer {
  id: ServerId;
  /** Name in messages. */
  name: string;
  /** True for LLM servers that load billions of weights before they answer (minutes, not seconds). */
  llm: boolean;
  /** Images whose default entrypoint starts the server, so a container with no `command` runs it. */
  entrypointImages: readonly RegExp[];
  /** The endpoint that answers 200 only once the model is loaded: what a readiness probe should ask. */
  readyPath: string;
  docs: string;
}

export const MODEL_SERVERS: readonly ModelServer[] = [
  {
    id: "vllm",
    name: "vLLM",
    llm: true,
    entrypointImages: [/(^|\/)vllm-openai(:|@|$)/, /(^|\/)vllm\/vllm-(openai|tpu)(:|@|$)/, /(^|\/)rocm\/vllm(:|@|$)/],
    readyPath: "/health",
    docs: "https://docs.vllm.ai/en/latest/deployment/k8s.html",
  },
  {
    id: "sglang",
    name: "SGLang",
    llm: true,
    entrypointImages: [],
    readyPath: "/health",
    docs: "https://docs.sglang.io/basic_usage/native_api.html",
  },
  {
    id: "tgi",
    name: "Text Generation Inference",
    llm: true,
    entrypointImages: [/(^|\/)text-generation-inference(:|@|$)/],
    readyPath: "/health",
    docs: "https://huggingface.co/docs/text-generation-inference/architecture",
  },
  {
    id: "triton",
    name: "Triton Inference Server",
    llm: false,
    entrypointImages: [],
    readyPath: "/v2/health/ready",
    docs: "https://docs.nvidia.com/deeplearning/triton-inference-server/user-guide/docs/protocol/extension_health.html",
  },
  {
    id: "ray-serve",
    name: "Ray Serve",
    llm: false,
    entrypointImages: [],
    readyPath: "/-/healthz",
    docs: "https://docs.ray.io/en/latest/serve/production-guide/kubernetes.html",
  },
];

/** Command words (the basename of the first word of a command) that start a server the launcher parser does not know. */
export const SERVER_COMMANDS: Readonly<Record<string, ServerId>> = {
  tritonserver: "triton",
};

/**
 * Images of inference servers whose pods serve a model rather than train one, beyond the servers
 * above (read 2026-12-04 from their published image names): Saxml's model and admin servers
 * (us-docker.pkg.dev/cloud-tpu-images/inference/sax-*), JetStream (…/inference/jetstream-*),
 * NVIDIA NIM (nvcr.io/nim/…), Triton and its TensorRT-LLM builds (nvcr.io/nvidia/tritonserver),
 * TensorFlow Serving (tensorflow/serving), TorchServe (pytorch/torchserve).
 */
export const SERVING_IMAGES: readonly RegExp[] = [
  /(^|\/)sax-(model|admin)-server(:|@|$)/,
  /(^|\/)jetstream-[a-z-]+(:|@|$)/,
  /^nvcr\.io\/nim\//,
  /(^|\/)tritonserver(:|@|$)/,
  /(^|\/)tensorflow\/serving(:|@|$)/,
  /(^|\/)torchserve(:|@|$)/,
];

/** The settings of an LLM server that decide its memory, by what they mean rather than what each server calls them. */
export type ServingSetting =
  | "model"
  | "tp"
  | "pp"
  | "dp"
  | "dtype"
  | "quantization"
  | "kvCacheDtype"
  | "maxModelLen"
  | "maxNumSeqs"
  | "maxNumBatchedTokens"
  | "memoryUtilization"
  | "ropeOverride"
  /** The model repository's revision (a commit, branch or tag): what reproducibility/floating-model-ref reads. */
  | "revision";

export type LlmServerId = "vllm" | "sglang" | "tgi";

export interface ServerFlags {
  /** Option names, normalised as the launcher parser does (no dashes, `_` → `-`), per setting. */
  options: Readonly<Partial<Record<ServingSetting, readonly string[]>>>;
  /** Environment variables the server reads in place of an option (TGI's launcher reads every option from one). */
  env: Readonly<Partial<Record<ServingSetting, string>>>;
  /** Name of the memory-fraction flag, for messages. */
  memoryFlag: string;
  /** Name of the context-length flag, for messages. */
  lengthFlag: string;
  docs: string;
}

/**
 * Flag names, read 2026-12-04:
 * - vLLM: docs.vllm.ai "Engine Arguments" (https://docs.vllm.ai/en/latest/configuration/engine_args.html):
 *   --model (or `vllm serve MODEL`), --tensor-parallel-size/-tp, --pipeline-parallel-size/-pp,
 *   --data-parallel-size/-dp, --dtype {auto,half,float16,bfloat16,float,float32}, --quantization,
 *   --kv-cache-dtype {auto,fp8,fp8_e4m3,fp8_e5m2}, --max-model-len, --max-num-seqs,
 *   --max-num-batched-tokens, --gpu-memory-utilization, --rope-scaling / --hf-overrides, --revision.
 * - SGLang: docs.sglang.io "Server Arguments" (https://docs.sglang.io/advanced_features/server_arguments.html):
 *   --model-path/--model, --tp-size/--tp, --pp-size, --dp-size/--dp, --dtype, --quantization,
 *   --kv-cache-dtype, --context-length, --max-running-requests, --chunked-prefill-size,
 *   --mem-fraction-static, --json-model-override-args, --revision.
 * - TGI: "Text-generation-launcher arguments" (https://huggingface.co/docs/text-generation-inference/reference/launcher):
 *   --model-id [env MODEL_ID], --num-shard [NUM_SHARD], --quantize [QUANTIZE], --dtype [DTYPE],
 *   --kv-cache-dtype [KV_CACHE_DTYPE], --max-total-tokens [MAX_TOTAL_TOKENS], --max-concurrent-requests,
 *   --max-batch-prefill-tokens [MAX_BATCH_PREFILL_TOKENS], --cuda-memory-fraction [CUDA_MEMORY_FRACTION], --revision [REVISION].
 */
export const SERVER_FLAGS: Readonly<Record<LlmServerId, ServerFlags>> = {
  vllm: {
    options: {
      model: ["model"],
      tp: ["tensor-parallel-size", "tp"],
      pp: ["pipeline-parallel-size", "pp"],
      dp: ["data-parallel-size", "dp"],
      dtype: ["dtype"],
      quantization: ["quantization", "q"],
      kvCacheDtype: ["kv-cache-dtype"],
      maxModelLen: ["max-model-len"],
      maxNumSeqs: ["max-num-seqs"],
      maxNumBatchedTokens: ["max-num-batched-tokens"],
      memoryUtilization: ["gpu-memory-utilization"],
      ropeOverride: ["rope-scaling", "rope-theta", "hf-overrides"],
      revision: ["revision"],
    },
    env: {},
    memoryFlag: "--gpu-memory-utilization",
    lengthFlag: "--max-model-len",
    docs: "https://docs.vllm.ai/en/latest/configuration/engine_args.html",
  },
  sglang: {
    options: {
      model: ["model-path", "model"],
      tp: ["tp-size", "tp", "tensor-parallel-size"],
      pp: ["pp-size", "pipeline-parallel-size"],
      dp: ["dp-size", "dp", "data-parallel-size"],
      dtype: ["dtype"],
      quantization: ["quantization"],
      kvCacheDtype: ["kv-cache-dtype"],
      maxModelLen: ["context-length"],
      maxNumSeqs: ["max-running-requests"],
      maxNumBatchedTokens: ["chunked-prefill-size"],
      memoryUtilization: ["mem-fraction-static"],
      ropeOverride: ["json-model-override-args"],
      revision: ["revision"],
    },
    env: {},
    memoryFlag: "--mem-fraction-static",
    lengthFlag: "--context-length",
    docs: "https://docs.sglang.io/advanced_features/server_arguments.html",
  },
  tgi: {
    options: {
      model: ["model-id"],
      tp: ["num-shard"],
      dtype: ["dtype"],
      quantization: ["quantize"],
      kvCacheDtype: ["kv-cache-dtype"],
      maxModelLen: ["max-total-tokens"],
      maxNumSeqs: ["max-concurrent-requests"],
      maxNumBatchedTokens: ["max-batch-prefill-tokens"],
      memoryUtilization: ["cuda-memory-fraction"],
      ropeOverride: ["rope-scaling", "rope-factor"],
      revision: ["revision"],
    },
    env: {
      model: "MODEL_ID",
      tp: "NUM_SHARD",
      dtype: "DTYPE",
      quantization: "QUANTIZE",
      kvCacheDtype: "KV_CACHE_DTYPE",
      maxModelLen: "MAX_TOTAL_TOKENS",
      maxNumSeqs: "MAX_CONCURRENT_REQUESTS",
      maxNumBatchedTokens: "MAX_BATCH_PREFILL_TOKENS",
      memoryUtilization: "CUDA_MEMORY_FRACTION",
      ropeOverride: "ROPE_SCALING",
      revision: "REVISION",
    },
    memoryFlag: "--cuda-memory-fraction",
    lengthFlag: "--max-total-tokens",
    docs: "https://huggingface.co/docs/text-generation-inference/reference/launcher",
  },
};

/**
 * How each server sizes its KV cache, and the defaults it uses, read 2026-12-04.
 *
 * - vLLM (vllm/v1/worker/gpu_worker.py determine_available_memory; its start-up log prints the
 *   terms): KV = total × gpu_memory_utilization − weights − peak activation of the profiling run −
 *   non-torch memory; blocks of 16 tokens. Defaults: gpu_memory_utilization 0.9 (engine args);
 *   max_num_seqs / max_num_batched_tokens for the OpenAI server 1024 / 8192 on GPUs with ≥ 70 GiB
 *   that are not A100s, else 256 / 2048 (vllm/engine/arg_utils.py get_batch_defaults).
 *   It refuses to start when one sequence of max_model_len does not fit ("To serve at least one
 *   request with the models's max seq len …"), and when max_model_len exceeds the model's
 *   max_position_embeddings unless VLLM_ALLOW_LONG_MAX_MODEL_LEN=1.
 * - SGLang (python/sglang/srt/server_args.py, model_runner.py profile_max_num_token): KV = memory
 *   free after loading − total × (1 − mem_fraction_static), i.e. total × mem_fraction_static −
 *   weights − the CUDA context; activations live in the rest. Default mem_fraction_static by
 *   tensor-parallel size: 0.88 (tp 1), 0.87 (≥ 2), 0.85 (≥ 4), 0.81 (≥ 8), 0.79 (≥ 16) (releases up
 *   to 0.4.x; newer releases subtract a reserve sized by GPU instead). It starts with a KV pool
 *   shorter than --context-length; such a request then never fits.
 * - TGI (server/text_generation_server/models/flash_causal_lm.py warmup): after a prefill of
 *   --max-batch-prefill-tokens (default 4096), KV = free memory under --cuda-memory-fraction
 *   (default 1.0) × 0.95 ("Leave 5% for some wiggle room", TGI_WIGGLE_ROOM); the router refuses to
 *   start when --max-total-tokens exceeds what the KV cache holds.
 *
 * Measured, for the reserve (llm-d/llm-d-benchmark config_explorer/empirical-vllm-memory-results.md,
 * vLLM on H100 79.18 GiB, max_model_len 16000, default max_num_seqs 1024): peak activation 4.76 GiB
 * (Llama-3.1-8B, vocabulary 128,256), 4.84 (Llama-3.3-70B FP8, TP 2, 128,256), 5.56 (Qwen3-0.6B,
 * 151,936), 5.64 (Qwen3-32B, 151,936), 7.38 (gpt-oss-20b, 201,088); non-torch memory 0.13 GiB at
 * TP 1 and 0.55 at TP 2. Derived here: the peak tracks max_num_seqs × vocabulary (the sampler's
 * logits in the profiling run), 38.4–39.6 bytes per element across all five, whatever the model's size.
 */
export const SERVER_MEMORY = {
  vllm: {
    memoryUtilization: 0.9,
    blockSize: 16,
    largeGpuGiB: 70,
    batchDefaults: {
      large: { maxNumSeqs: 1024, maxNumBatchedTokens: 8192 },
      small: { maxNumSeqs: 256, maxNumBatchedTokens: 2048 },
    },
  },
  sglang: {
    /** [minimum tp, mem_fraction_static], highest first. */
    memoryFractionByTp: [
      [16, 0.79],
      [8, 0.81],
      [4, 0.85],
      [2, 0.87],
      [1, 0.88],
    ] as readonly (readonly [number, number])[],
    maxNumBatchedTokens: 8192,
    maxNumSeqs: 256,
  },
  tgi: { memoryUtilization: 1.0, wiggleRoom: 0.95, maxNumBatchedTokens: 4096, maxNumSeqs: 128 },
  /** Bytes of profiling peak per (max_num_seqs × vocabulary) element: the mean of the five measured runs above. */
  samplerBytesPerLogit: 39,
  nonTorchGiB: { tp1: 0.13, tpN: 0.55 },
  measuredSource:
    "llm-d/llm-d-benchmark config_explorer/empirical-vllm-memory-results.md (vLLM on H100, read 2026-12-04)",
} as const;

/**
 * Servers configured by environment variables rather than flags, and the variables that set how
 * many GPUs one server process uses. NVIDIA NIM for LLMs: NIM_TENSOR_PARALLEL_SIZE and
 * NIM_PIPELINE_PARALLEL_SIZE (read 2026-12-04 in NVIDIA/k8s-nim-operator@f63f74d7ad22
 * internal/controller/platform/standalone/nimservice.go, which sets them for multi-node NIMs; NIM
 * docs, https://docs.nvidia.com/nim/large-language-models/latest/configuration.html: a profile's
 * GPUs are its tensor × pipeline parallelism).
 */
export const ENV_PARALLELISM: ReadonlyArray<{ server: string; tensor: string; pipeline: string; docs: string }> = [
  {
    server: "NVIDIA NIM",
    tensor: "NIM_TENSOR_PARALLEL_SIZE",
    pipeline: "NIM_PIPELINE_PARALLEL_SIZE",
    docs: "https://docs.nvidia.com/nim/large-language-models/latest/configuration.html",
  },
];
