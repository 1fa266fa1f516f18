import { tensorParallelProblem } from "../../estimate/serving.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { at, serverName, servingAnalyses, via } from "./_serving.js";

export default defineRule({
  id: "gpu/serving-tensor-parallel",
  category: "gpu",
  severity: "error",
  summary:
    "A model server's tensor-parallel size does not divide the model's attention heads, or (KServe's Hugging Face runtime, TGI's NUM_SHARD) exceeds the pod's GPUs",
  rationale:
    "Tensor parallelism gives each GPU an equal share of the attention heads, so the size must divide the model's attention heads (and its KV heads, or be a multiple of them): vLLM stops with \"Total number of attention heads (28) must be divisible by tensor parallel size (8)\", and Qwen2.5-7B's 28 heads rule out 8 GPUs. A server also needs tensor × pipeline GPUs in its pod; gpu/launcher-gpu-count checks command lines, and this rule checks the servers configured without one (KServe's Hugging Face runtime through `args`, TGI through NUM_SHARD).",
  remediation:
    "Choose a tensor-parallel size that divides the heads (1, 2 or 4 for 28 heads; 7 needs 7 GPUs), or use pipeline parallelism for the rest; give the pod as many GPUs as tensor × pipeline parallel size.",
  links: [
    {
      title: "vLLM: distributed inference and serving",
      url: "https://docs.vllm.ai/en/latest/serving/parallelism_scaling.html",
    },
  ],
  examples: {
    valid: [
      {
        title: "4 GPUs for 28 heads is fine; KServe with its GPUs",
        yaml: dedent`
          apiVersion: serving.kserve.io/v1beta1
          kind: InferenceService
          metadata:
            name: ok
          spec:
            predictor:
              model:
                modelFormat: {name: huggingface}
                args: [--model_id=Qwen/Qwen2.5-7B-Instruct, --tensor-parallel-size=4]
                resources: {limits: {nvidia.com/gpu: "4"}}
        `,
      },
    ],
    invalid: [
      {
        title: "8-way vLLM for Qwen2.5-7B's 28 heads (KServe), TGI shards beyond the GPUs (Deployment)",
        yaml: dedent`
          apiVersion: serving.kserve.io/v1beta1
          kind: InferenceService
          metadata:
            name: qwen
          spec:
            predictor:
              model:
                modelFormat: {name: huggingface}
                args: [--model_id=Qwen/Qwen2.5-7B-Instruct, --tensor-parallel-size=8]
                resources: {limits: {nvidia.com/gpu: "8"}}
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: tgi
          spec:
            template:
              spec:
                containers:
                  - name: tgi
                    image: ghcr.io/huggingface/text-generation-inference:3.0.1
                    env:
                      - {name: MODEL_ID, value: mistralai/Mistral-7B-Instruct-v0.3}
                      - {name: NUM_SHARD, value: "4"}
                    resources: {limits: {nvidia.com/gpu: 2}}
        `,
        findings: [
          {
            line: 9,
            message:
              /--tensor-parallel-size 8: Qwen2\.5 7B Instruct's 28 attention heads are not divisible by tensor-parallel size 8: vLLM stops at start-up/,
          },
          { line: 24, message: /env NUM_SHARD 4 but the pod has 2 GPUs: TGI stops at start-up/ },
        ],
      },
      {
        title: "SGLang's --tp 8 for Qwen2.5-7B's 28 heads (StatefulSet)",
        yaml: dedent`
          apiVersion: apps/v1
          kind: StatefulSet
          metadata:
            name: sglang
          spec:
            template:
              spec:
                containers:
                  - name: sglang
                    image: lmsysorg/sglang:v0.4.9
                    command: [python3, -m, sglang.launch_server, --model-path, Qwen/Qwen2.5-7B-Instruct, --tp, "8"]
                    resources: {limits: {nvidia.com/gpu: 8}}
        `,
        findings: [
          {
            line: 11,
            message:
              /--tp 8: Qwen2\.5 7B Instruct's 28 attention heads are not divisible by tensor-parallel size 8: SGLang stops at start-up/,
          },
        ],
      },
    ],
  },
  workload(w, ctx) {
    for (const a of servingAnalyses(w, ctx)) {
      const tp = a.tp;
      if (tp === undefined) continue;
      const m = a.match?.model;
      const problem = m ? tensorParallelProblem(m, tp) : undefined;
      const flag = via(a, "tp", "tensor-parallel size");
      if (m && problem) {
        ctx.report({
          resource: w.resource,
          path: at(a, "tp", "model"),
          message: `${flag} ${tp}: ${m.name}'s ${problem}: ${serverName(a)} stops at start-up and the pod crash-loops`,
        });
        continue;
      }
      if (a.cfg.source !== "kserve-huggingface" && a.cfg.source !== "tgi-env") continue;
      const gpus = a.cfg.gpus;
      const need = tp * (a.pp ?? 1);
      if (!gpus || !a.cfg.settings.tp || need <= gpus) continue;
      ctx.report({
        resource: w.resource,
        path: at(a, "tp"),
        message: `${flag} ${tp}${(a.pp ?? 1) > 1 ? ` × pipeline ${a.pp}` : ""} but the pod has ${gpus} GPU${gpus === 1 ? "" : "s"}: ${serverName(a)} stops at start-up (more shards than GPUs) and the pod crash-loops`,
      });
    }
  },
});
