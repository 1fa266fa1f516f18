import { describe, expect, it } from "vitest";
import { buildSet } from "../check.js";
import { SourceFile } from "../load/types.js";
import { servingConfigs, servingNumber } from "./serving.js";
import type { Workload } from "./workload.js";

function configs(yaml: string) {
  const { set } = buildSet([new SourceFile("x.yaml", yaml)]);
  return set.workloads.flatMap((w) =>
    servingConfigs(w).map((c) => ({
      server: c.server,
      source: c.source,
      gpus: c.gpus,
      gpu: c.gpuProduct?.gpu,
      settings: Object.fromEntries(Object.entries(c.settings).map(([k, v]) => [k, v?.text])),
    })),
  );
}

describe("serving configuration", () => {
  it("vLLM: list items, --flag=value, the model argument, GPU product and count", () => {
    const [c] = configs(`apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      nodeSelector: {cloud.google.com/gke-accelerator: nvidia-l4}
      containers:
        - name: vllm
          image: vllm/vllm-openai:v0.10.0
          command: [vllm, serve, meta-llama/Llama-3.1-8B-Instruct, --max-model-len=8192, --gpu-memory-utilization, "0.95", -tp, "1", --kv-cache-dtype, fp8]
          resources: {limits: {nvidia.com/gpu: 1}}
`);
    expect(c).toEqual({
      server: "vllm",
      source: "command",
      gpus: 1,
      gpu: "l4",
      settings: {
        model: "meta-llama/Llama-3.1-8B-Instruct",
        maxModelLen: "8192",
        memoryUtilization: "0.95",
        tp: "1",
        kvCacheDtype: "fp8",
      },
    });
  });

  it("SGLang in a shell script of a LeaderWorkerSet leader, with $VAR from env, spanning the group's GPUs", () => {
    const [c] = configs(`apiVersion: leaderworkerset.x-k8s.io/v1
kind: LeaderWorkerSet
metadata: {name: s}
spec:
  leaderWorkerTemplate:
    size: 2
    leaderTemplate:
      spec:
        containers:
          - name: leader
            image: lmsysorg/sglang:latest
            command: [sh, -c, "python3 -m sglang.launch_server --model-path $MODEL --tp 16 --context-length 32768 --mem-fraction-static 0.85"]
            env: [{name: MODEL, value: Qwen/Qwen2.5-72B-Instruct}]
            resources: {limits: {nvidia.com/gpu: 8}}
    workerTemplate:
      spec:
        containers:
          - name: worker
            image: lmsysorg/sglang:latest
            command: [sh, -c, "python3 -m sglang.launch_server --model-path x --tp 16 --node-rank 1"]
            resources: {limits: {nvidia.com/gpu: 8}}
`);
    expect(c?.server).toBe("sglang");
    expect(c?.gpus).toBe(16);
    expect(c?.settings).toMatchObject({
      model: "Qwen/Qwen2.5-72B-Instruct",
      tp: "16",
      maxModelLen: "32768",
      memoryUtilization: "0.85",
    });
  });

  it("TGI configured by environment variables alone, in a StatefulSet", () => {
    const [c] = configs(`apiVersion: apps/v1
kind: StatefulSet
metadata: {name: t}
spec:
  template:
    spec:
      containers:
        - name: tgi
          image: ghcr.io/huggingface/text-generation-inference:3.0.1
          env:
            - {name: MODEL_ID, value: mistralai/Mistral-7B-Instruct-v0.3}
            - {name: NUM_SHARD, value: "2"}
            - {name: MAX_TOTAL_TOKENS, value: "16384"}
          resources: {limits: {nvidia.com/gpu: 2}}
`);
    expect(c).toMatchObject({
      server: "tgi",
      source: "tgi-env",
      settings: { model: "mistralai/Mistral-7B-Instruct-v0.3", tp: "2", maxModelLen: "16384" },
    });
  });

  it("KServe Hugging Face runtime: --model_id or hf:// storageUri, vLLM engine args", () => {
    const [c] = configs(`apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: {name: k}
spec:
  predictor:
    nodeSelector: {nvidia.com/gpu.product: NVIDIA-A10}
    model:
      modelFormat: {name: huggingface}
      storageUri: hf://meta-llama/Llama-3.1-8B-Instruct
      args: [--model_name=llama, --max_model_len=4096, --tensor-parallel-size, "2"]
      resources: {limits: {nvidia.com/gpu: "2"}}
`);
    expect(c).toMatchObject({
      server: "vllm",
      source: "kserve-huggingface",
      gpus: 2,
      gpu: "a10",
      settings: { model: "meta-llama/Llama-3.1-8B-Instruct", maxModelLen: "4096", tp: "2" },
    });
    expect(
      configs(`apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: {name: k}
spec:
  predictor:
    model:
      modelFormat: {name: huggingface}
      args: [--model_id=x/y, --backend=huggingface]
`),
    ).toEqual([]);
  });

  it("Ray Serve LLM: engine_kwargs and accelerator_type", () => {
    const [c] = configs(`apiVersion: ray.io/v1
kind: RayService
metadata: {name: r}
spec:
  serveConfigV2: |
    applications:
    - name: llms
      import_path: ray.serve.llm:build_openai_app
      args:
        llm_configs:
        - model_loading_config: {model_id: qwen, model_source: Qwen/Qwen2.5-7B-Instruct}
          accelerator_type: L4
          engine_kwargs: {max_model_len: 8192, gpu_memory_utilization: 0.75, tensor_parallel_size: 1}
  rayClusterConfig:
    headGroupSpec:
      template:
        spec:
          containers: [{name: head, image: rayproject/ray-llm:2.52.0}]
    workerGroupSpecs:
      - groupName: gpu
        replicas: 1
        template:
          spec:
            containers: [{name: w, image: rayproject/ray-llm:2.52.0, resources: {limits: {nvidia.com/gpu: 1}}}]
`);
    expect(c).toMatchObject({
      server: "vllm",
      source: "ray-serve-llm",
      gpu: "l4",
      gpus: undefined,
      settings: { model: "Qwen/Qwen2.5-7B-Instruct", maxModelLen: "8192", memoryUtilization: "0.75", tp: "1" },
    });
  });

  it("reads numbers as the servers do", () => {
    const v = (text: string) => servingNumber({ text, path: [], via: "" });
    expect(v("0.9")).toBe(0.9);
    expect(v("1.1")).toBe(1.1);
    expect(v("8192")).toBe(8192);
    expect(v("auto")).toBeUndefined();
    expect(v("$X")).toBeUndefined();
  });
});

describe("LLMInferenceService (KServe llm-d)", () => {
  // The workload model gives an LLMInferenceService one pod group per template (spec.template,
  // spec.prefill.template); built here by hand so the reading is tested whatever models it.
  function llmisvc(yaml: string) {
    const { set } = buildSet([new SourceFile("x.yaml", yaml)]);
    const r = set.resources.find((x) => x.kind === "LLMInferenceService");
    if (!r) throw new Error("no resource");
    const podSpec = (r.value.spec as Record<string, unknown>).template as Record<string, unknown>;
    const containers = (podSpec.containers as Record<string, unknown>[]).map((c, i) => ({
      name: c.name as string,
      value: c,
      path: ["spec", "template", "containers", i],
      role: "container" as const,
      memo: null,
    }));
    const w = {
      resource: r,
      podGroups: [
        {
          role: "template",
          replicas: 1,
          templatePath: undefined,
          podSpecPath: ["spec", "template"],
          podSpec,
          podLabels: {},
          podAnnotations: {},
          containers,
          memo: null,
        },
      ],
      scheduling: set.workloads[0]?.scheduling ?? { schedulerNames: [], gang: undefined, queue: undefined },
      memo: null,
    } as unknown as Workload;
    return servingConfigs(w).map((c) => ({
      source: c.source,
      gpus: c.gpus,
      gpu: c.gpuProduct?.gpu,
      settings: Object.fromEntries(Object.entries(c.settings).map(([k, v]) => [k, v?.text])),
    }));
  }

  it("reads the model URI, parallelism and VLLM_ADDITIONAL_ARGS", () => {
    expect(
      llmisvc(`apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceService
metadata: {name: llama}
spec:
  model: {uri: "hf://meta-llama/Llama-3.1-70B-Instruct", name: llama}
  parallelism: {tensor: 4}
  template:
    nodeSelector: {cloud.google.com/gke-accelerator: nvidia-l4}
    containers:
      - name: main
        env:
          - {name: VLLM_ADDITIONAL_ARGS, value: "--max-model-len 8192 --gpu-memory-utilization=0.95"}
        resources: {limits: {nvidia.com/gpu: "4"}}
`),
    ).toEqual([
      {
        source: "llm-inference-service",
        gpus: 4,
        gpu: "l4",
        settings: {
          model: "meta-llama/Llama-3.1-70B-Instruct",
          tp: "4",
          maxModelLen: "8192",
          memoryUtilization: "0.95",
        },
      },
    ]);
  });

  it("leaves data- and expert-parallel deployments alone", () => {
    expect(
      llmisvc(`apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceService
metadata: {name: ds}
spec:
  model: {uri: "hf://deepseek-ai/DeepSeek-R1-0528"}
  parallelism: {data: 16, dataLocal: 8, expert: true}
  template:
    containers:
      - name: main
        resources: {limits: {nvidia.com/gpu: "8"}}
`),
    ).toEqual([]);
  });
});
