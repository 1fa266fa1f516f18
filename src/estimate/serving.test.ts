import { describe, expect, it } from "vitest";
import { GPUS } from "../catalog/gpus.js";
import { findModel, MODELS, type ModelSpec } from "../catalog/models.js";
import { type CatalogModel, modelInput } from "./model.js";
import {
  GiB,
  kvBytesPerToken,
  quantizationFormat,
  servingFit,
  smallestLayout,
  tensorParallelProblem,
  weightBytes,
  weightFormat,
} from "./serving.js";

const model = (ref: string): ModelSpec => {
  const m = findModel(ref);
  if (!m) throw new Error(ref);
  return m.model;
};

const llama8b = model("meta-llama/Llama-3.1-8B-Instruct");
const llama70b = model("meta-llama/Llama-3.1-70B-Instruct");
const qwen32b = model("Qwen/Qwen3-32B");

describe("weights, as vLLM's start-up log reports them (llm-d measured runs on H100)", () => {
  it("Llama-3.1-8B in bf16: 14.96 GiB (vLLM: 14.99)", () => {
    expect(weightBytes(llama8b, "16-bit") / GiB).toBeCloseTo(14.96, 2);
  });
  it("Qwen3-32B in bf16: 61.02 GiB (vLLM: 61.03)", () => {
    expect(weightBytes(qwen32b, "16-bit") / GiB).toBeCloseTo(61.02, 1);
  });
  it("Llama-3.3-70B FP8-dynamic: 67.66 GiB at TP 1 (vLLM: 67.72) and half at TP 2 (vLLM: 33.88)", () => {
    const m = findModel("RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic");
    expect(m?.quantization).toBe("fp8");
    const f = weightFormat(llama70b, { idQuantization: m?.quantization });
    expect(f.format).toBe("8-bit");
    const b = weightBytes(llama70b, f.format) / GiB;
    expect(Math.abs(b - 67.72)).toBeLessThan(0.1);
    expect(Math.abs(b / 2 - 33.88)).toBeLessThan(0.05);
  });
  it("a 4-bit AWQ/GPTQ checkpoint keeps its embeddings in 16 bits", () => {
    const q = weightBytes(llama70b, "4-bit");
    const embed = 2 * 128256 * 8192 * 2;
    expect(q).toBeCloseTo((70_553_706_496 - 2 * 128256 * 8192) * (0.5 + 2.5 / 128) + embed, 0);
  });
  it("reads the servers' quantization names", () => {
    expect(quantizationFormat("awq_marlin")).toBe("4-bit");
    expect(quantizationFormat("bitsandbytes-nf4")).toBe("4-bit");
    expect(quantizationFormat("fp8")).toBe("8-bit");
    expect(quantizationFormat("eetq")).toBe("8-bit");
    expect(quantizationFormat("none")).toBeUndefined();
  });
});

describe("KV cache per token", () => {
  it("Llama-3.1-8B: 2 × 32 × 8 × 128 × 2 B = 128 KiB; fp8 halves it; TP 2 halves it again", () => {
    expect(kvBytesPerToken(llama8b, 2, 1, 1)).toBe(131072);
    expect(kvBytesPerToken(llama8b, 1, 1, 1)).toBe(65536);
    expect(kvBytesPerToken(llama8b, 2, 2, 1)).toBe(65536);
  });
  it("more GPUs than KV heads: each GPU keeps a copy of one head", () => {
    expect(kvBytesPerToken(llama70b, 2, 16, 1)).toBe(2 * 80 * 1 * 128 * 2);
  });
  it("pipeline parallelism splits the layers (the largest stage counts)", () => {
    expect(kvBytesPerToken(model("Llama-3.1-405B"), 2, 8, 4)).toBe(2 * 32 * 1 * 128 * 2);
  });
  it("DeepSeek's latent attention: 61 × (512 + 64) values, not split by tensor parallelism", () => {
    const ds = model("deepseek-ai/DeepSeek-R1");
    expect(kvBytesPerToken(ds, 2, 8, 1)).toBe(61 * 576 * 2);
    expect(kvBytesPerToken(ds, 2, 1, 1)).toBe(61 * 576 * 2);
  });
});

describe("the vLLM profile (llm-d measured runs on H100 79.18 GiB, gpu_memory_utilization 0.9)", () => {
  it("Llama-3.1-8B: reserve ≈ 4.76 + 0.13 GiB measured, KV ≈ 51.38 GiB measured", () => {
    const f = servingFit({ server: "vllm", model: llama8b, modelRef: "x", gpu: GPUS["h100-sxm"], maxModelLen: 16000 });
    expect(f.budgetBytes / GiB).toBeCloseTo(71.26, 2);
    expect(Math.abs(f.reserveBytes / GiB - (4.76 + 0.13))).toBeLessThan(0.1);
    expect(Math.abs(f.kvBytes / GiB - 51.38)).toBeLessThan(0.15);
  });
  it("Qwen3-32B: KV ≈ 4.45 GiB measured", () => {
    const f = servingFit({ server: "vllm", model: qwen32b, modelRef: "x", gpu: GPUS["h100-sxm"], maxModelLen: 16000 });
    expect(Math.abs(f.kvBytes / GiB - 4.45)).toBeLessThan(0.15);
  });
  it("Llama-3.3-70B FP8 at TP 2: KV ≈ 32.0 GiB measured", () => {
    const f = servingFit({
      server: "vllm",
      model: llama70b,
      modelRef: "x",
      idQuantization: "fp8",
      gpu: GPUS["h100-sxm"],
      tp: 2,
      maxModelLen: 16000,
    });
    expect(Math.abs(f.kvBytes / GiB - 32.0)).toBeLessThan(0.25);
  });
  it("Llama-3.3-70B FP8 at TP 1: no room for the KV cache (vLLM failed: 'No available memory for the cache blocks')", () => {
    const f = servingFit({
      server: "vllm",
      model: llama70b,
      modelRef: "x",
      idQuantization: "fp8",
      gpu: GPUS["h100-sxm"],
    });
    expect(f.noKvRoom).toBe(true);
    expect(f.weightsExceedGpu).toBe(false);
  });
});

describe("the issue's cases", () => {
  it("Llama-3.1-70B in bf16 on 4 × L4: 32.85 GiB of weights per 22.49 GiB GPU", () => {
    const f = servingFit({ server: "vllm", model: llama70b, modelRef: "x", gpu: GPUS.l4, tp: 4 });
    expect(f.weightBytesPerGpu / GiB).toBeCloseTo(32.85, 2);
    expect(f.weightsExceedGpu).toBe(true);
    expect(f.noKvRoom).toBe(true);
  });
  it("Llama-3.1-8B on one L4 at max-model-len 8192: fits, 3 full-length sequences", () => {
    const f = servingFit({ server: "vllm", model: llama8b, modelRef: "x", gpu: GPUS.l4, maxModelLen: 8192 });
    expect(f.weightsExceedGpu).toBe(false);
    expect(f.kvBytes / GiB).toBeGreaterThan(3.5);
    expect(f.kvTokens % 16).toBe(0);
    expect(f.sequences).toBe(3);
    expect(f.steps.map((s) => s.formula).join("\n")).toMatch(/22\.49 GiB × 0\.9 \(default\) = 20\.24 GiB/);
  });
  it("Llama-3.1-8B on one L4 at its default 131,072 context: not one sequence", () => {
    const f = servingFit({ server: "vllm", model: llama8b, modelRef: "x", gpu: GPUS.l4 });
    expect(f.maxModelLen).toBe(131072);
    expect(f.sequences).toBe(0);
  });
  it("an fp8 KV cache doubles the tokens", () => {
    const a = servingFit({ server: "vllm", model: llama8b, modelRef: "x", gpu: GPUS.l4, maxModelLen: 8192 });
    const b = servingFit({
      ...{ server: "vllm" as const, model: llama8b, modelRef: "x", gpu: GPUS.l4, maxModelLen: 8192 },
      kvCacheDtype: "fp8",
    });
    expect(Math.abs(b.kvTokens / a.kvTokens - 2)).toBeLessThan(0.01);
  });
  it("SGLang keeps activations outside its static fraction; TGI leaves 5% wiggle room", () => {
    const s = servingFit({ server: "sglang", model: llama8b, modelRef: "x", gpu: GPUS.l4, maxModelLen: 8192 });
    expect(s.memoryUtilization).toBe(0.88);
    expect(s.reserveBytes / GiB).toBeCloseTo(0.13, 5);
    const t = servingFit({ server: "tgi", model: llama8b, modelRef: "x", gpu: GPUS.l4, maxModelLen: 8192 });
    expect(t.memoryUtilization).toBe(1);
    expect(t.kvBytes).toBeCloseTo((t.budgetBytes - t.weightBytesPerGpu - t.reserveBytes) * 0.95, 0);
  });
});

describe("tensor parallelism and the smallest layout", () => {
  it("the heads must divide", () => {
    expect(tensorParallelProblem(llama8b, 3)).toMatch(/32 attention heads are not divisible by tensor-parallel size 3/);
    expect(tensorParallelProblem(model("Qwen2.5-7B-Instruct"), 8)).toMatch(/28 attention heads/);
    expect(tensorParallelProblem(llama70b, 8)).toBeUndefined();
  });
  it("70B bf16 at 8192 tokens: 2 × H100 leave 0.23 GiB of KV cache (under one sequence), so 4; 2 × H200; 8 × L4", () => {
    const base = { server: "vllm" as const, model: llama70b, modelRef: "x", maxModelLen: 8192 };
    const two = servingFit({ ...base, gpu: GPUS["h100-sxm"], tp: 2 });
    expect(two.kvBytes / GiB).toBeCloseTo(0.23, 1);
    expect(two.sequences).toBe(0);
    expect(smallestLayout({ ...base, gpu: GPUS["h100-sxm"] })?.gpus).toBe(4);
    expect(smallestLayout({ ...base, gpu: GPUS.h200 })?.gpus).toBe(2);
    const l4 = smallestLayout({ ...base, gpu: GPUS.l4 });
    expect(l4?.gpus).toBe(8);
    expect(l4?.tp).toBe(8);
  });
  it("Qwen2.5-7B cannot use tp 8 (28 heads), so the search skips it", () => {
    const r = smallestLayout({
      server: "vllm",
      model: model("Qwen2.5-7B-Instruct"),
      modelRef: "x",
      gpu: GPUS.t4,
      maxModelLen: 32768,
    });
    expect(r === undefined || r.tp !== 8).toBe(true);
  });
});

describe("one catalog for serving and training", () => {
  it("every catalog model is what `estimate --model` reads", () => {
    for (const m of MODELS) {
      const asTraining: CatalogModel = m;
      expect(modelInput(asTraining).layers).toBe(m.layers);
    }
    // The same latent-attention ranks size DeepSeek's KV cache here and its weights in the estimator.
    expect(modelInput(model("deepseek-ai/DeepSeek-V3")).mla).toEqual(model("deepseek-ai/DeepSeek-V3").mla);
  });
});
