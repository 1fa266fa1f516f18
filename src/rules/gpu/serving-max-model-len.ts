import { formatGiB as gib, kvArithmetic } from "../../estimate/serving.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { at, flagName, serverName, servingAnalyses } from "./_serving.js";

const n = (x: number) => x.toLocaleString("en-US");

export default defineRule({
  id: "gpu/serving-max-model-len",
  category: "gpu",
  severity: "error",
  summary:
    "A model server's context length (--max-model-len, --context-length, --max-total-tokens) is longer than the model's, or than one sequence's KV cache can hold",
  rationale:
    "Every token of a sequence keeps its keys and values on the GPU: 2 × layers × KV heads × head dimension × bytes per element, split over tensor-parallel GPUs. vLLM checks at start-up that one sequence of --max-model-len fits in the KV cache left after the weights and refuses to start otherwise (\"To serve at least one request with the models's max seq len …\"); without the flag it uses the model's whole context (131,072 tokens for Llama 3.1), which rarely fits a small GPU. TGI refuses a --max-total-tokens larger than its KV cache. SGLang starts, but a request of its full --context-length never fits. vLLM and SGLang also refuse a length above the model's max_position_embeddings unless told to allow it.",
  remediation:
    "Set the length to what the KV cache holds (the message gives the number), store the KV cache in FP8 (--kv-cache-dtype fp8), shard over more GPUs, or raise the memory fraction. A longer context than the model's needs RoPE scaling (--rope-scaling / --hf-overrides) and VLLM_ALLOW_LONG_MAX_MODEL_LEN=1.",
  links: [
    {
      title: "vLLM engine arguments: --max-model-len, --kv-cache-dtype",
      url: "https://docs.vllm.ai/en/latest/configuration/engine_args.html",
    },
    {
      title: "vllm-project/vllm#21348 (KV cache sizes, vLLM vs SGLang)",
      url: "https://github.com/vllm-project/vllm/issues/21348",
    },
  ],
  examples: {
    valid: [
      {
        title: "8,192 tokens of Llama 3.1 8B on one L4; a long context with RoPE scaling allowed",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: ok
          spec:
            template:
              spec:
                nodeSelector:
                  cloud.google.com/gke-accelerator: nvidia-l4
                containers:
                  - name: vllm
                    image: vllm/vllm-openai:v0.10.0
                    args: [--model, meta-llama/Llama-3.1-8B-Instruct, --max-model-len, "8192"]
                    resources: {limits: {nvidia.com/gpu: 1}}
                  - name: long
                    image: vllm/vllm-openai:v0.10.0
                    args: [--model, Qwen/Qwen2.5-7B-Instruct, --max-model-len, "65536", --rope-scaling, '{"rope_type":"yarn","factor":4.0,"original_max_position_embeddings":32768}']
                    env: [{name: VLLM_ALLOW_LONG_MAX_MODEL_LEN, value: "1"}]
        `,
      },
    ],
    invalid: [
      {
        title: "vLLM with the model's whole 131,072-token context on one L4 (StatefulSet)",
        yaml: dedent`
          apiVersion: apps/v1
          kind: StatefulSet
          metadata:
            name: llama
          spec:
            template:
              spec:
                nodeSelector:
                  nvidia.com/gpu.product: NVIDIA-L4
                containers:
                  - name: vllm
                    image: vllm/vllm-openai:v0.10.0
                    args: [--model, meta-llama/Llama-3.1-8B-Instruct]
                    resources: {limits: {nvidia.com/gpu: 1}}
        `,
        findings: [
          {
            line: 13,
            message:
              /one sequence of 131,072 tokens \(no --max-model-len: the model's context length\) needs 16\.00 GiB of KV cache at 131,072 B per token, but 22\.49 GiB × 0\.9 − 14\.96 GiB weights − 1\.32 GiB activation\/runtime reserve = 3\.96 GiB KV cache .* = 32,4\d\d tokens: vLLM refuses to start.*--max-model-len to 324\d\d or less/,
          },
        ],
      },
      {
        title:
          "TGI's --max-total-tokens beyond its KV cache (KServe), SGLang beyond the model's context (LeaderWorkerSet)",
        yaml: dedent`
          apiVersion: serving.kserve.io/v1beta1
          kind: InferenceService
          metadata:
            name: tgi
          spec:
            predictor:
              nodeSelector:
                nvidia.com/gpu.product: Tesla-T4
              containers:
                - name: kserve-container
                  image: ghcr.io/huggingface/text-generation-inference:3.0.1
                  args: [--model-id, meta-llama/Llama-3.1-8B-Instruct, --max-total-tokens, "8192"]
                  resources: {limits: {nvidia.com/gpu: 1}}
          ---
          apiVersion: leaderworkerset.x-k8s.io/v1
          kind: LeaderWorkerSet
          metadata:
            name: sglang
          spec:
            leaderWorkerTemplate:
              size: 1
              workerTemplate:
                spec:
                  containers:
                    - name: sglang
                      image: lmsysorg/sglang:latest
                      command: [sh, -c, "python3 -m sglang.launch_server --model-path meta-llama/Meta-Llama-3-8B-Instruct --context-length 32768"]
                      resources: {limits: {nvidia.com/gpu: 1}}
        `,
        findings: [
          { line: 12, message: /one sequence of 8,192 tokens needs 1\.00 GiB of KV cache .* TGI refuses to start/ },
          {
            line: 27,
            message:
              /--context-length 32,768 is longer than Llama 3 8B's context of 8,192 tokens \(max_position_embeddings\): SGLang refuses to start .*SGLANG_ALLOW_OVERWRITE_LONGER_CONTEXT_LEN/,
          },
        ],
      },
    ],
  },
  workload(w, ctx) {
    for (const a of servingAnalyses(w, ctx)) {
      const s = a.cfg.settings;
      const m = a.match?.model;
      const len = a.fit?.maxModelLen ?? (s.maxModelLen ? Number(s.maxModelLen.text) : undefined);
      if (
        m &&
        s.maxModelLen &&
        len !== undefined &&
        len > m.contextLength &&
        a.cfg.server !== "tgi" &&
        !a.cfg.allowLongContext &&
        !s.ropeOverride
      ) {
        const env =
          a.cfg.server === "vllm" ? "VLLM_ALLOW_LONG_MAX_MODEL_LEN=1" : "SGLANG_ALLOW_OVERWRITE_LONGER_CONTEXT_LEN=1";
        ctx.report({
          resource: w.resource,
          path: s.maxModelLen.path,
          message: `${s.maxModelLen.via} ${n(len)} is longer than ${m.name}'s context of ${n(m.contextLength)} tokens (max_position_embeddings): ${serverName(a)} refuses to start unless ${env} is set, and the model was not trained for it (give RoPE scaling if that is the intent)`,
        });
        continue;
      }
      const f = a.fit;
      if (!f || f.weightsExceedGpu || f.noKvRoom || f.sequences >= 1) continue;
      // TGI checks only an explicit --max-total-tokens against its cache (its default is shorter than the model's).
      if (a.cfg.server === "tgi" && f.maxModelLenDefault) continue;
      const flag = flagName(a, "length");
      const need = f.kvBytesPerToken * f.maxModelLen;
      const effect =
        a.cfg.server === "vllm"
          ? 'vLLM refuses to start ("To serve at least one request with the models\'s max seq len …") and the pod crash-loops'
          : a.cfg.server === "tgi"
            ? "TGI refuses to start (--max-total-tokens above what its KV cache holds)"
            : "SGLang starts, but a request of the full context never fits in its KV cache";
      const longest = Math.max(0, f.kvTokens);
      ctx.report({
        resource: w.resource,
        path: at(a, "maxModelLen", "model"),
        severity: a.cfg.server === "sglang" ? "warning" : "error",
        message: `one sequence of ${n(f.maxModelLen)} tokens${f.maxModelLenDefault ? ` (no ${flag}: the model's context length)` : ""} needs ${gib(need)} of KV cache at ${n(f.kvBytesPerToken)} B per token, but ${kvArithmetic(f)}: ${effect}. Set ${s.maxModelLen?.via ?? flag} to ${longest} or less, store the KV cache in FP8 (--kv-cache-dtype fp8), or add GPUs`,
      });
    }
  },
});
