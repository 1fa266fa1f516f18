import { describe, expect, it } from "vitest";
import { findModel } from "../catalog/models.js";
import type { InstancePrice } from "../catalog/prices.js";
import { formatServePlanText, servePlanJson } from "../report/estimate-serve.js";
import { cheapestLayoutPrice, planServing } from "./serve-plan.js";

function model(id: string) {
  const m = findModel(id);
  if (!m) throw new Error(id);
  return { model: m.model, modelRef: id, ...(m.quantization ? { idQuantization: m.quantization } : {}) };
}

describe("estimate --serve", () => {
  it("70B in bf16 on 4 × L4 does not fit, with the arithmetic; 8 × L4 is the smallest L4 layout", () => {
    const p = planServing({
      server: "vllm",
      ...model("meta-llama/Llama-3.1-70B-Instruct"),
      gpu: "l4",
      gpus: 4,
      maxModelLen: 8192,
    });
    expect(p.fits).toBe(false);
    expect(p.fit?.weightsExceedGpu).toBe(true);
    expect(p.fit?.tp).toBe(4);
    const l4 = p.products.find((r) => r.gpu === "l4");
    expect(l4?.layout).toMatchObject({ gpus: 8, tp: 8, pp: 1 });
    const h100 = p.products.find((r) => r.gpu === "h100-sxm");
    expect(h100?.layout?.gpus).toBeLessThan(8);
    const text = formatServePlanText(p);
    expect(text).toContain("131.42 GiB ÷ 4 GPUs (tp 4 × pp 1) = 32.85 GiB");
    expect(text).toMatch(/does not fit: 32\.85 GiB of weights per GPU exceed its 22\.49 GiB/);
    // TPUs are not sized (their memory accounting differs).
    expect(p.products.some((r) => r.gpu.startsWith("tpu"))).toBe(false);
  });

  it("Llama-3.1-8B on one L4 at 8,192 tokens fits 3 sequences, as gpu/serving-kv-capacity says", () => {
    const p = planServing({
      server: "vllm",
      ...model("meta-llama/Llama-3.1-8B-Instruct"),
      gpu: "l4",
      maxModelLen: 8192,
    });
    expect(p.fits).toBe(true);
    expect(p.fit?.kvTokens).toBe(32432);
    expect(p.fit?.sequences).toBe(3);
    expect(formatServePlanText(p)).toContain("fits: 32,432 tokens of KV cache, 3 sequences of 8,192 tokens at once");
  });

  it("a quantized id and an FP8 KV cache shrink what is needed", () => {
    const bf16 = planServing({ server: "vllm", ...model("Qwen/Qwen2.5-72B-Instruct"), maxModelLen: 8192 });
    const awq = planServing({ server: "vllm", ...model("Qwen/Qwen2.5-72B-Instruct-AWQ"), maxModelLen: 8192 });
    const gpusOf = (p: typeof bf16, id: string) => p.products.find((r) => r.gpu === id)?.layout?.gpus;
    expect(gpusOf(awq, "l40s")).toBeLessThan(gpusOf(bf16, "l40s") as number);
    const fp8kv = planServing({
      server: "vllm",
      ...model("meta-llama/Llama-3.1-8B-Instruct"),
      gpu: "l4",
      maxModelLen: 8192,
      kvCacheDtype: "fp8",
    });
    expect(fp8kv.fit?.kvBytesPerToken).toBe(65536);
  });

  it("a tensor-parallel size the heads do not divide is a problem, not a fit", () => {
    const p = planServing({
      server: "vllm",
      ...model("Qwen/Qwen2.5-7B-Instruct"),
      gpu: "h100-sxm",
      gpus: 8,
      maxModelLen: 4096,
    });
    expect(p.layoutProblem).toMatch(/28 attention heads are not divisible by tensor-parallel size 8/);
    expect(p.fits).toBe(false);
    expect((servePlanJson(p) as { layout: { problem: string } }).layout.problem).toMatch(/28 attention heads/);
  });

  it("prices a layout on the cheapest whole instances that hold its tensor-parallel group", () => {
    const offers: InstancePrice[] = [
      {
        id: "a:x8",
        provider: "a",
        instance: "x8",
        gpu: "l4",
        gpus: 8,
        onDemandPerHour: 8,
        observed: "2026-01",
        source: "s1",
      },
      {
        id: "b:y1",
        provider: "b",
        instance: "y1",
        gpu: "l4",
        gpus: 1,
        onDemandPerHour: 0.9,
        observed: "2026-02",
        source: "s2",
      },
      {
        id: "c:z",
        provider: "c",
        instance: "z",
        gpu: "h100-sxm",
        gpus: 1,
        onDemandPerHour: 0.1,
        observed: "2026-02",
        source: "s3",
      },
    ];
    expect(cheapestLayoutPrice("l4", 1, 1, offers)).toMatchObject({ perHour: 0.9, offer: "b:y1", instances: 1 });
    // tp 4 needs four GPUs in one machine: the 1-GPU instance cannot hold it.
    expect(cheapestLayoutPrice("l4", 4, 4, offers)).toMatchObject({ perHour: 8, offer: "a:x8", instances: 1 });
    // tp 1 × pp 4 can span machines: four 1-GPU instances.
    expect(cheapestLayoutPrice("l4", 4, 1, offers)).toMatchObject({ perHour: 3.6, instances: 4 });
    expect(cheapestLayoutPrice("t4", 1, 1, offers)).toBeUndefined();
  });
});
