import { servingNumber } from "../../model/serving.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { flagName, serverName, servingAnalyses } from "./_serving.js";

export default defineRule({
  id: "gpu/serving-memory-utilization",
  category: "gpu",
  severity: "error",
  summary:
    "A model server's memory fraction (vLLM --gpu-memory-utilization, SGLang --mem-fraction-static, TGI --cuda-memory-fraction) is not a number in (0, 1]",
  rationale:
    "The flag is the fraction of each GPU's memory the server may take for weights and KV cache, not a percentage or a size. vLLM validates it and refuses to start outside (0, 1]; SGLang and TGI size their KV cache from it, so a value above 1 asks for more memory than the GPU has and the server runs out of memory at start-up, and 0 leaves nothing. Written as 90 (a percentage) or 1.1 (a typo), the pod crash-loops.",
  remediation:
    "Give a fraction such as 0.9 (vLLM's default) or 0.85, or leave the flag out. Lower it to leave room for other processes on the GPU; raise it towards 0.95 for a longer KV cache.",
  links: [
    { title: "vLLM engine arguments", url: "https://docs.vllm.ai/en/latest/configuration/engine_args.html" },
    { title: "SGLang server arguments", url: "https://docs.sglang.io/advanced_features/server_arguments.html" },
    {
      title: "TGI launcher arguments",
      url: "https://huggingface.co/docs/text-generation-inference/reference/launcher",
    },
  ],
  examples: {
    valid: [
      {
        title: "fractions, a variable and TGI's default",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: ok
          spec:
            template:
              spec:
                containers:
                  - name: vllm
                    image: vllm/vllm-openai:v0.10.0
                    args: [--model, m, --gpu-memory-utilization, "0.95"]
                  - name: sglang
                    image: lmsysorg/sglang:latest
                    command: [sh, -c, "python3 -m sglang.launch_server --model-path m --mem-fraction-static $FRACTION"]
                  - name: tgi
                    image: ghcr.io/huggingface/text-generation-inference:3.0.1
                    env: [{name: MODEL_ID, value: m}, {name: CUDA_MEMORY_FRACTION, value: "1"}]
        `,
      },
    ],
    invalid: [
      {
        title: "1.1 for vLLM, a percentage for SGLang, 0 for TGI",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: bad
          spec:
            template:
              spec:
                containers:
                  - name: vllm
                    image: vllm/vllm-openai:v0.10.0
                    args: [--model, m, --gpu-memory-utilization, "1.1"]
                  - name: sglang
                    image: lmsysorg/sglang:latest
                    command: [python3, -m, sglang.launch_server, --model-path, m, --mem-fraction-static=90]
                  - name: tgi
                    image: ghcr.io/huggingface/text-generation-inference:3.0.1
                    args: [--model-id, m, --cuda-memory-fraction, "0"]
        `,
        findings: [
          { line: 11, message: /--gpu-memory-utilization 1\.1 is outside \(0, 1\]: .*vLLM refuses to start/ },
          { line: 14, message: /--mem-fraction-static 90 is outside \(0, 1\].*a percentage\? write 0\.9/ },
          { line: 17, message: /--cuda-memory-fraction 0 is outside \(0, 1\]/ },
        ],
      },
      {
        title: "a percentage in KServe's Hugging Face runtime and in an LLMInferenceService's VLLM_ADDITIONAL_ARGS",
        yaml: dedent`
          apiVersion: serving.kserve.io/v1beta1
          kind: InferenceService
          metadata:
            name: hf
          spec:
            predictor:
              model:
                modelFormat: {name: huggingface}
                args: [--model_id=meta-llama/Llama-3.1-8B-Instruct, --gpu-memory-utilization=95]
                resources: {limits: {nvidia.com/gpu: "1"}}
          ---
          apiVersion: serving.kserve.io/v1alpha2
          kind: LLMInferenceService
          metadata:
            name: llm
          spec:
            model: {uri: "hf://meta-llama/Llama-3.1-8B-Instruct"}
            template:
              containers:
                - name: main
                  env:
                    - {name: VLLM_ADDITIONAL_ARGS, value: "--gpu-memory-utilization 85"}
                  resources: {limits: {nvidia.com/gpu: "1"}}
        `,
        findings: [
          { line: 9, message: /--gpu-memory-utilization 95 is outside \(0, 1\]/ },
          { line: 22, message: /--gpu-memory-utilization 85 is outside \(0, 1\]/ },
        ],
      },
    ],
  },
  workload(w, ctx) {
    for (const a of servingAnalyses(w, ctx)) {
      const v = a.cfg.settings.memoryUtilization;
      if (!v || v.text.includes("$")) continue;
      const n = servingNumber(v);
      if (n !== undefined && n > 0 && n <= 1) continue;
      const flag = v.via.startsWith("-") ? v.via : `${v.via} (${flagName(a, "memory")})`;
      const what =
        n === undefined
          ? `${flag} "${v.text}" is not a number`
          : `${flag} ${v.text} is outside (0, 1]${n > 1 && n <= 100 && Number.isInteger(n) ? ` (a percentage? write ${n / 100})` : ""}`;
      const effect =
        a.cfg.server === "vllm"
          ? "vLLM refuses to start and the pod crash-loops"
          : n !== undefined && n <= 0
            ? `${serverName(a)} keeps no memory for the KV cache and fails at start-up`
            : `${serverName(a)} sizes its KV cache past the GPU's memory and runs out of memory at start-up`;
      ctx.report({
        resource: w.resource,
        path: v.path,
        message: `${what}: it is the fraction of each GPU's memory the server may use; ${effect}`,
      });
    }
  },
});
