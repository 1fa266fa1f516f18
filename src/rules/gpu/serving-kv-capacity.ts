import { formatGiB as gib, kvArithmetic } from "../../estimate/serving.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { at, flagName, modelLabel, servingAnalyses } from "./_serving.js";

const n = (x: number) => x.toLocaleString("en-US");

export default defineRule({
  id: "gpu/serving-kv-capacity",
  category: "gpu",
  severity: "warning",
  summary:
    "A model server's KV cache holds fewer full-length sequences at once than serving.minSequences (default 2); with --estimate, how many it holds",
  rationale:
    "After the weights, the KV cache is what decides how many requests a server runs at once: each running sequence keeps 2 × layers × KV heads × head dimension × bytes per token on the GPU. A server whose cache holds one sequence of its maximum length starts, but under load a long request takes the whole cache: the others wait (vLLM preempts and recomputes them), latency climbs and throughput collapses, which looks like a slow model rather than a sizing mistake. With `--estimate` (or `estimate: true`) the rule also reports, as info, how many sequences each server that fits holds, with the arithmetic.",
  remediation:
    "Shorten the context (--max-model-len) to what requests need, store the KV cache in FP8 (--kv-cache-dtype fp8), raise the memory fraction, shard over more GPUs, or serve a quantized checkpoint. Set serving.minSequences in .mlgate.yaml to the concurrency you plan for.",
  links: [
    {
      title: "vLLM: optimization and tuning (preemption)",
      url: "https://docs.vllm.ai/en/latest/configuration/optimization.html",
    },
    { title: "PagedAttention (Kwon et al., SOSP 2023)", url: "https://arxiv.org/abs/2309.06180" },
  ],
  messages: {
    few: "the KV cache holds {{sequences}} ({{arithmetic}}), fewer than {{min}} (serving.minSequences): under load a long request takes the whole cache and the others wait or are preempted",
    fits: "{{model}} fits each {{gpu}}: {{weights}} of weights, and the KV cache holds {{tokens}} tokens: {{sequences}} ({{arithmetic}})",
  },
  options: {
    type: "object",
    properties: {
      minSequences: {
        type: "integer",
        minimum: 1,
        default: 2,
        description:
          "Full-length sequences the KV cache must hold at once: the concurrency you plan for. The top-level `serving.minSequences` sets it as well.",
      },
    },
    additionalProperties: false,
  },
  examples: {
    valid: [
      {
        title: "Llama 3.1 8B on one H100 at 32,768 tokens",
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
                  - name: vllm
                    image: vllm/vllm-openai:v0.10.0
                    args: [--model, meta-llama/Llama-3.1-8B-Instruct, --max-model-len, "32768"]
                    resources: {limits: {nvidia.com/gpu: 1}}
        `,
      },
    ],
    invalid: [
      {
        title: "one 16,384-token sequence of Llama 3.1 8B on an L4 (Deployment)",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: tight
          spec:
            template:
              spec:
                nodeSelector:
                  nvidia.com/gpu.product: NVIDIA-L4
                containers:
                  - name: vllm
                    image: vllm/vllm-openai:v0.10.0
                    args: [--model, meta-llama/Llama-3.1-8B-Instruct, --max-model-len, "16384"]
                    resources: {limits: {nvidia.com/gpu: 1}}
        `,
        findings: [
          {
            line: 13,
            messageId: "few",
            message:
              /the KV cache holds 1 sequence of 16,384 tokens at once \(22\.49 GiB × 0\.9 − 14\.96 GiB weights − 1\.32 GiB .* = 32,4\d\d tokens\), fewer than 2 \(serving\.minSequences\)/,
          },
        ],
      },
      {
        title: "with --estimate: how many sequences fit (Llama 3.1 8B, one L4, 8,192 tokens; SGLang in a StatefulSet)",
        options: { estimate: true },
        yaml: dedent`
          apiVersion: apps/v1
          kind: StatefulSet
          metadata:
            name: fits
          spec:
            template:
              spec:
                nodeSelector:
                  nvidia.com/gpu.product: NVIDIA-L4
                containers:
                  - name: vllm
                    image: vllm/vllm-openai:v0.10.0
                    args: [--model, meta-llama/Llama-3.1-8B-Instruct, --max-model-len, "8192"]
                    resources: {limits: {nvidia.com/gpu: 1}}
                  - name: sglang
                    image: lmsysorg/sglang:latest
                    command: [python3, -m, sglang.launch_server, --model-path, meta-llama/Llama-3.1-8B-Instruct, --context-length, "8192"]
                    resources: {limits: {nvidia.com/gpu: 1}}
        `,
        findings: [
          {
            line: 13,
            severity: "info",
            messageId: "fits",
            message:
              /meta-llama\/Llama-3\.1-8B-Instruct fits each NVIDIA L4 24GB: 14\.96 GiB of weights, and the KV cache holds 32,4\d\d tokens: 3 sequences of 8,192 tokens at once/,
          },
          { line: 17, severity: "info", message: /fits each NVIDIA L4 24GB: .* 4 sequences of 8,192 tokens/ },
        ],
      },
    ],
  },
  workload(w, ctx) {
    const min = ctx.ruleOptions.minSequences as number;
    for (const a of servingAnalyses(w, ctx)) {
      const f = a.fit;
      if (!f || f.weightsExceedGpu || f.noKvRoom || f.sequences < 1) continue;
      if (a.cfg.server === "tgi" && f.maxModelLenDefault) continue;
      // A length beyond the model's own is gpu/serving-max-model-len's error; the server does not start.
      const m = a.match?.model;
      if (m && f.maxModelLen > m.contextLength && !a.cfg.allowLongContext && !a.cfg.settings.ropeOverride) continue;
      const len = `${n(f.maxModelLen)} tokens${f.maxModelLenDefault ? ` (no ${flagName(a, "length")}: the model's context)` : ""}`;
      const seqs = `${n(f.sequences)} sequence${f.sequences === 1 ? "" : "s"} of ${len} at once`;
      if (f.sequences < min) {
        ctx.report({
          resource: w.resource,
          path: at(a, "maxModelLen", "model"),
          messageId: "few",
          data: { sequences: seqs, arithmetic: kvArithmetic(f), min },
        });
      } else if (ctx.options.estimate) {
        ctx.report({
          resource: w.resource,
          path: at(a, "maxModelLen", "model"),
          severity: "info",
          messageId: "fits",
          data: {
            model: modelLabel(a),
            gpu: f.gpu,
            weights: gib(f.weightBytesPerGpu),
            tokens: n(f.kvTokens),
            sequences: seqs,
            arithmetic: kvArithmetic(f),
          },
        });
      }
    }
  },
});
