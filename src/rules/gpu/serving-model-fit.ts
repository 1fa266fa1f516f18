import { formatGiB as gib, smallestLayout, weightBytes } from "../../estimate/serving.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { at, modelLabel, type ServingAnalysis, serverName, servingAnalyses } from "./_serving.js";

function layoutHint(a: ServingAnalysis): string {
  if (!a.match || !a.gpu || !a.fit) return "";
  const s = a.cfg.settings;
  const best = smallestLayout({
    server: a.cfg.server,
    model: a.match.model,
    modelRef: a.fit.model,
    ...(a.match.quantization ? { idQuantization: a.match.quantization } : {}),
    gpu: a.gpu.spec,
    ...(s.dtype ? { dtype: s.dtype.text } : {}),
    ...(s.quantization ? { quantization: s.quantization.text } : {}),
    ...(s.kvCacheDtype ? { kvCacheDtype: s.kvCacheDtype.text } : {}),
    maxModelLen: a.fit.maxModelLen,
    memoryUtilization: a.fit.memoryUtilization,
  });
  const name = a.gpu.spec.name.replace(/^NVIDIA |^AMD Instinct |^Google /, "");
  const four =
    a.fit.weightFormat === "16-bit" ? weightBytes(a.match.model, "4-bit") / (a.fit.tp * a.fit.pp) : undefined;
  const quant =
    four !== undefined && four < a.fit.gpuBytes * a.fit.memoryUtilization
      ? `; a 4-bit (AWQ/GPTQ) checkpoint would take ${gib(four)} per GPU`
      : "";
  if (!best) return `. No layout of up to 64 × ${name} serves it${quant}`;
  const layout = `tensor-parallel ${best.tp}${best.pp > 1 ? ` × pipeline-parallel ${best.pp}` : ""}`;
  return `. The smallest layout that serves ${a.fit.maxModelLen.toLocaleString("en-US")} tokens: ${best.gpus} × ${name} (${layout})${quant}`;
}

export default defineRule({
  id: "gpu/serving-model-fit",
  category: "gpu",
  severity: "error",
  summary: "A model server's weights do not fit its GPUs, or leave no memory for the KV cache",
  rationale:
    'A model server loads the whole model onto its GPUs before it answers: its weights take parameters × bytes per parameter (2 in 16-bit, 1 in FP8, about 0.52 in 4-bit AWQ/GPTQ), split over the tensor- and pipeline-parallel GPUs. vLLM then profiles a forward pass and the sampler and keeps what is left of total × --gpu-memory-utilization for the KV cache; SGLang keeps total × --mem-fraction-static. When the weights exceed a GPU the server dies loading them (CUDA out of memory); when they leave nothing for the KV cache vLLM stops with "No available memory for the cache blocks". Either way the pod crash-loops, minutes after the image and weights were pulled. The message shows the arithmetic and the smallest layout of the same GPU that serves the model.',
  remediation:
    "Shard over more GPUs (--tensor-parallel-size, --num-shard, and the matching GPU limit), serve a quantized checkpoint (-AWQ, -GPTQ, -FP8) or --quantization fp8, or select a GPU with more memory. If the model is your own and mlgate reads it wrong, describe it under models: in .mlgate.yaml.",
  links: [
    {
      title: "vLLM: conserving memory",
      url: "https://docs.vllm.ai/en/latest/configuration/conserving_memory.html",
    },
    {
      title: "llm-d: measured vLLM memory (weights, activation, KV cache) on H100",
      url: "https://github.com/llm-d/llm-d-benchmark/blob/main/config_explorer/empirical-vllm-memory-results.md",
    },
  ],
  examples: {
    valid: [
      {
        title: "Llama 3.1 70B over 4 × H100 (TGI), and 8B on one L4 (vLLM)",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: ok
          spec:
            template:
              spec:
                nodeSelector:
                  nvidia.com/gpu.product: NVIDIA-H100-80GB-HBM3
                containers:
                  - name: tgi
                    image: ghcr.io/huggingface/text-generation-inference:3.0.1
                    args: [--model-id, meta-llama/Llama-3.1-70B-Instruct, --num-shard, "4", --max-total-tokens, "8192"]
                    resources: {limits: {nvidia.com/gpu: 4}}
          ---
          apiVersion: apps/v1
          kind: StatefulSet
          metadata:
            name: small
          spec:
            template:
              spec:
                nodeSelector:
                  cloud.google.com/gke-accelerator: nvidia-l4
                containers:
                  - name: vllm
                    image: vllm/vllm-openai:v0.10.0
                    args: [meta-llama/Llama-3.1-8B-Instruct, --max-model-len, "8192"]
                    resources: {limits: {nvidia.com/gpu: 1}}
        `,
      },
    ],
    invalid: [
      {
        title: "Llama 3.1 70B on 4 × L4 in a KServe LLMInferenceService (llm-d's vLLM, tensor parallelism from spec)",
        yaml: dedent`
          apiVersion: serving.kserve.io/v1alpha2
          kind: LLMInferenceService
          metadata:
            name: llama-70b
          spec:
            model: {uri: "hf://meta-llama/Llama-3.1-70B-Instruct", name: llama}
            parallelism: {tensor: 4}
            template:
              nodeSelector: {cloud.google.com/gke-accelerator: nvidia-l4}
              containers:
                - name: main
                  env:
                    - {name: VLLM_ADDITIONAL_ARGS, value: "--max-model-len 8192"}
                  resources: {limits: {nvidia.com/gpu: "4"}}
        `,
        findings: [
          {
            line: 7,
            message:
              /32\.85 GiB per NVIDIA L4 24GB .*vLLM runs out of GPU memory loading the weights.*8 × L4 24GB \(tensor-parallel 8\)/,
          },
        ],
      },
      {
        title: "Llama 3.1 70B in bf16 on 4 × L4 (vLLM, Deployment)",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: llama-70b
          spec:
            template:
              spec:
                nodeSelector:
                  cloud.google.com/gke-accelerator: nvidia-l4
                containers:
                  - name: vllm
                    image: vllm/vllm-openai:v0.10.0
                    command: [vllm, serve, meta-llama/Llama-3.1-70B-Instruct, --tensor-parallel-size, "4", --max-model-len, "8192"]
                    resources: {limits: {nvidia.com/gpu: 4}}
        `,
        findings: [
          {
            line: 13,
            message:
              /meta-llama\/Llama-3\.1-70B-Instruct is 131\.42 GiB of 16-bit weights \(bfloat16\); over 4 GPUs \(tensor-parallel 4\) that is 32\.85 GiB per NVIDIA L4 24GB \(cloud\.google\.com\/gke-accelerator=nvidia-l4\), which has 22\.49 GiB: vLLM runs out of GPU memory loading the weights.*8 × L4 24GB \(tensor-parallel 8\).*4-bit/,
          },
        ],
      },
      {
        title: "SGLang in a LeaderWorkerSet and TGI in a KServe predictor: weights fit but leave no KV cache",
        yaml: dedent`
          apiVersion: leaderworkerset.x-k8s.io/v1
          kind: LeaderWorkerSet
          metadata:
            name: sglang
          spec:
            leaderWorkerTemplate:
              size: 1
              leaderTemplate:
                spec:
                  nodeSelector:
                    nvidia.com/gpu.product: NVIDIA-A100-SXM4-80GB
                  containers:
                    - name: leader
                      image: lmsysorg/sglang:latest
                      command: [python3, -m, sglang.launch_server, --model-path, Qwen/Qwen2.5-72B-Instruct, --tp, "2", --mem-fraction-static, "0.8"]
                      resources: {limits: {nvidia.com/gpu: 2}}
          ---
          apiVersion: serving.kserve.io/v1beta1
          kind: InferenceService
          metadata:
            name: tgi
          spec:
            predictor:
              nodeSelector:
                nvidia.com/gpu.product: NVIDIA-L4
              containers:
                - name: kserve-container
                  image: ghcr.io/huggingface/text-generation-inference:3.0.1
                  env:
                    - {name: MODEL_ID, value: Qwen/Qwen2.5-14B-Instruct-AWQ}
                    - {name: NUM_SHARD, value: "1"}
                    - {name: CUDA_MEMORY_FRACTION, value: "0.4"}
                  resources: {limits: {nvidia.com/gpu: 1}}
        `,
        findings: [
          {
            line: 15,
            message:
              /Qwen\/Qwen2\.5-72B-Instruct: 80\.00 GiB × 0\.8 − 67\.71 GiB weights − 0\.55 GiB activation\/runtime reserve leaves no memory for the KV cache on each NVIDIA A100 SXM 80GB: SGLang stops at start-up/,
          },
          {
            line: 32,
            message: /Qwen\/Qwen2\.5-14B-Instruct-AWQ: 22\.49 GiB × 0\.4 − .* leaves no memory for the KV cache/,
          },
        ],
      },
    ],
  },
  workload(w, ctx) {
    for (const a of servingAnalyses(w, ctx)) {
      const f = a.fit;
      if (!f || !a.gpu) continue;
      if (f.weightsExceedGpu) {
        const n = f.tp * f.pp;
        const split =
          n > 1
            ? `over ${n} GPUs (tensor-parallel ${f.tp}${f.pp > 1 ? ` × pipeline-parallel ${f.pp}` : ""}) that is`
            : "that is";
        ctx.report({
          resource: w.resource,
          path: at(a, "tp", "model"),
          message: `${modelLabel(a)} is ${gib(f.weightBytesPerGpu * n)} of ${f.weightFormat} weights (${f.weightFormatWhy}); ${split} ${gib(f.weightBytesPerGpu)} per ${f.gpu} (${a.gpu.evidence}), which has ${gib(f.gpuBytes)}: ${serverName(a)} runs out of GPU memory loading the weights and the pod crash-loops${layoutHint(a)}`,
        });
      } else if (f.noKvRoom) {
        const effect =
          a.cfg.server === "vllm"
            ? 'vLLM stops at start-up ("No available memory for the cache blocks")'
            : a.cfg.server === "sglang"
              ? "SGLang stops at start-up (not enough memory for the KV cache pool)"
              : "TGI's warm-up finds no memory for the KV cache and the shard exits";
        ctx.report({
          resource: w.resource,
          path: at(a, "memoryUtilization", "tp", "model"),
          message: `${modelLabel(a)}: ${gib(f.gpuBytes)} × ${f.memoryUtilization} − ${gib(f.weightBytesPerGpu)} weights − ${gib(f.reserveBytes)} activation/runtime reserve leaves no memory for the KV cache on each ${f.gpu}: ${effect}${layoutHint(a)}`,
        });
      }
    }
  },
});
