import { modelBaseName } from "../../catalog/models.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { servingAnalyses } from "./_serving.js";

export default defineRule({
  id: "gpu/serving-unknown-model",
  category: "gpu",
  severity: "info",
  summary:
    "A model server names a model mlgate's catalog does not know, so its GPU memory is not checked (reported once per model)",
  rationale:
    "The serving rules size weights and KV cache from a model's architecture (parameters, layers, KV heads, head dimension, vocabulary, context length), which mlgate keeps for well-known open models with their published config.json. A fine-tuned or private model, or a local path, is not in that catalog, so nothing checks that it fits. This note says so once per model, rather than staying silent.",
  remediation:
    "Describe the model under models: in .mlgate.yaml (id, params, layers, hidden, heads, kvHeads, vocab, contextLength; headDim, intermediate, tiedEmbeddings and dtype are optional), using the numbers in its config.json; ids match with or without organisation, revision and -AWQ/-GPTQ/-FP8 suffixes. Or turn this rule off.",
  links: [
    {
      title: "Hugging Face: model configuration",
      url: "https://huggingface.co/docs/transformers/main_classes/configuration",
    },
  ],
  examples: {
    valid: [
      {
        title: "a catalog model, and a team's own model described in the configuration",
        options: {
          models: [
            {
              ids: ["acme/support-bot-13b"],
              org: "acme",
              name: "support bot",
              params: 13e9,
              layers: 40,
              hidden: 5120,
              heads: 40,
              kvHeads: 40,
              headDim: 128,
              intermediate: 13824,
              vocab: 32000,
              contextLength: 4096,
              tiedEmbeddings: false,
              dtype: "bfloat16",
              source: "models[0]",
              read: "",
            },
          ],
        },
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: ok
          spec:
            template:
              spec:
                containers:
                  - name: a
                    image: vllm/vllm-openai:v0.10.0
                    args: [--model, meta-llama/Llama-3.1-8B-Instruct]
                    resources: {limits: {nvidia.com/gpu: 1}}
                  - name: b
                    image: vllm/vllm-openai:v0.10.0
                    args: [--model, acme/support-bot-13b-AWQ]
                    resources: {limits: {nvidia.com/gpu: 1}}
        `,
      },
    ],
    invalid: [
      {
        title: "SGLang in a LeaderWorkerSet and TGI configured by env in a StatefulSet",
        yaml: dedent`
          apiVersion: leaderworkerset.x-k8s.io/v1
          kind: LeaderWorkerSet
          metadata:
            name: legal
          spec:
            leaderWorkerTemplate:
              size: 1
              workerTemplate:
                spec:
                  containers:
                    - name: sglang
                      image: lmsysorg/sglang:v0.4.9
                      command: [python3, -m, sglang.launch_server, --model-path, acme/legal-70b]
                      resources: {limits: {nvidia.com/gpu: 8}}
          ---
          apiVersion: apps/v1
          kind: StatefulSet
          metadata:
            name: chat
          spec:
            template:
              spec:
                containers:
                  - name: tgi
                    image: ghcr.io/huggingface/text-generation-inference:3.0.1
                    env:
                      - {name: MODEL_ID, value: acme/chat-7b}
                    resources: {limits: {nvidia.com/gpu: 1}}
        `,
        findings: [
          { line: 13, message: /model "acme\/legal-70b" is not in mlgate's model catalog/ },
          { line: 27, message: /model "acme\/chat-7b" is not in mlgate's model catalog/ },
        ],
      },
      {
        title: "a private model, named twice, is reported once",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: a
          spec:
            template:
              spec:
                containers:
                  - name: vllm
                    image: vllm/vllm-openai:v0.10.0
                    args: [--model, acme/support-bot-13b]
                    resources: {limits: {nvidia.com/gpu: 1}}
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: b
          spec:
            template:
              spec:
                containers:
                  - name: vllm
                    image: vllm/vllm-openai:v0.10.0
                    args: [--model, acme/support-bot-13b]
                    resources: {limits: {nvidia.com/gpu: 1}}
        `,
        findings: [
          {
            line: 11,
            message:
              /model "acme\/support-bot-13b" is not in mlgate's model catalog, so its GPU memory is not checked; describe it under models: in \.mlgate\.yaml/,
          },
        ],
      },
    ],
  },
  workload(w, ctx) {
    for (const a of servingAnalyses(w, ctx)) {
      const ref = a.cfg.settings.model;
      if (!ref || !a.modelRef || a.match) continue;
      if (a.cfg.gpus === 0) continue;
      if (a.modelRef.includes("$")) continue;
      ctx.report({
        resource: w.resource,
        path: ref.path,
        // Once per model in the run: the first workload that serves it says so.
        once: modelBaseName(a.modelRef).toLowerCase(),
        message: `model "${a.modelRef}" is not in mlgate's model catalog, so its GPU memory is not checked; describe it under models: in .mlgate.yaml (id, params, layers, hidden, heads, kvHeads, vocab, contextLength from its config.json)`,
      });
    }
  },
});
