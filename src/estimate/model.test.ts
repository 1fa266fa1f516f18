import { describe, expect, it } from "vitest";
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

  it("multi-head latent attention keeps the published total and active parameters, and says so", () => {
    const ds: CatalogModel = {
      ...LLAMA3_8B,
      name: "DeepSeek-V3",
      params: 671e9,
      activeParams: 37e9,
      layers: 61,
      hidden: 7168,
      heads: 128,
      kvHeads: 128,
      headDim: 128,
      intermediate: 18432,
      vocab: 129280,
      experts: 256,
      expertsPerToken: 8,
      expertIntermediate: 2048,
      sharedExperts: 1,
      denseLayers: 3,
      mla: { kvLoraRank: 512, qkRopeHeadDim: 64 },
    };
    const e = estimate({ ...modelInput(ds), tokens: 1e12, gpu: "h100-sxm", gpus: 64, ep: 8 });
    expect(e.params).toBe(671e9);
    expect(e.activeParams).toBe(37e9);
    expect(e.flops.model).toBe(6 * 37e9 * 1e12);
    expect(e.warnings.join("\n")).toMatch(/not counted tensor by tensor/);
  });
});
