import { describe, expect, it } from "vitest";
import { findModel } from "../catalog/models.js";
import { estimate } from "./estimate.js";
import { type CatalogModel, modelInput } from "./model.js";

// Llama 3 8B as its config.json publishes it (the catalog's entry has these fields).
const LLAMA3_8B: CatalogModel = {
  name: "Llama 3 8B",
  params: 8_030_261_248,
  layers: 32,
  hidden: 4096,
  heads: 32,
  kvHeads: 8,
  headDim: 128,
  intermediate: 14336,
  vocab: 128256,
  tiedEmbeddings: false,
  source: "https://huggingface.co/meta-llama/Meta-Llama-3-8B-Instruct/blob/main/config.json",
  read: "2026-12-04",
};

describe("a catalog model as the estimator's architecture", () => {
  it("Llama 3 8B's config gives its published 8,030,261,248 parameters, and cites the config", () => {
    const e = estimate({ ...modelInput(LLAMA3_8B), tokens: 1e12, gpu: "h100-sxm", gpus: 8 });
    expect(e.params).toBe(LLAMA3_8B.params);
    expect(e.citations.find((c) => c.id === "model-config")?.url).toBe(LLAMA3_8B.source);
    expect(e.steps.find((s) => s.label === "parameters from the architecture")?.formula).toMatch(/^Llama 3 8B: /);
  });

  it("flags the user gives win over the model's", () => {
    const e = estimate({ ...modelInput(LLAMA3_8B), vocab: 32000, tokens: 1e12, gpu: "h100-sxm", gpus: 8 });
    expect(e.params).toBe(LLAMA3_8B.params - 2 * (128256 - 32000) * 4096);
  });

  it("DeepSeek-V3: latent attention counted tensor by tensor gives 671B total and 37.6B active (published: 671B, 37B)", () => {
    const match = findModel("deepseek-ai/DeepSeek-V3");
    if (!match) throw new Error("DeepSeek-V3 not in the catalog");
    const e = estimate({ ...modelInput(match.model), tokens: 1e12, gpu: "h100-sxm", gpus: 64, ep: 8 });
    // Embeddings 2 × 129,280 × 7,168; 61 layers of MLA (q_a 7168×1536, q_b 1536×128×192, kv_a
    // 7168×576, kv_b 512×128×256, o 128×128×7168, two latent norms); 3 dense MLPs of 18,432; 58 MoE
    // layers of 256 routed + 1 shared experts of 2,048 and a 7168×256 router; norms.
    expect(e.params).toBe(671_026_404_352);
    expect(Math.abs(e.params / 671e9 - 1)).toBeLessThan(0.001);
    // Active: all but 248 of 256 routed experts in each of the 58 MoE layers.
    expect(e.activeParams).toBe(671_026_404_352 - 58 * 248 * 3 * 7168 * 2048);
    expect(e.activeParams / 1e9).toBeCloseTo(37.55, 2);
    expect(e.flops.model).toBeGreaterThan(6 * e.activeParams * 1e12);
    expect(e.warnings.join("\n")).not.toMatch(/not counted tensor by tensor/);
  });
});
