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
