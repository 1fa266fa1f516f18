import { describe, expect, it } from "vitest";
import { findModel, MODELS, type ModelSpec, modelBaseName } from "./models.js";

/** Parameters from the architecture: embeddings (+ an untied head), attention, gated MLP or experts; norms and biases left out. */
function paramsFromArchitecture(m: ModelSpec): number {
  const embed = m.vocab * m.hidden * (m.tiedEmbeddings ? 1 : 2);
  const x = m.mla;
  const attention = x
    ? m.hidden * x.qLoraRank +
      x.qLoraRank * m.heads * (x.qkNopeHeadDim + x.qkRopeHeadDim) +
      m.hidden * (x.kvLoraRank + x.qkRopeHeadDim) +
      x.kvLoraRank * m.heads * (x.qkNopeHeadDim + x.vHeadDim) +
      m.heads * x.vHeadDim * m.hidden
    : m.hidden * m.heads * m.headDim * 2 + m.hidden * m.kvHeads * m.headDim * 2;
  const dense = 3 * m.hidden * m.intermediate;
  const expert = 3 * m.hidden * (m.expertIntermediate ?? m.intermediate);
  const moe = m.experts ? (m.experts + (m.sharedExperts ?? 0)) * expert + m.hidden * m.experts : dense;
  const denseLayers = m.experts ? (m.denseLayers ?? 0) : m.layers;
  return embed + m.layers * attention + denseLayers * dense + (m.layers - denseLayers) * moe;
}

describe("open-model catalog", () => {
  it.each(MODELS.map((m) => [m.name, m] as const))(
    "%s: the published parameter count follows from its config.json (within 0.1%%)",
    (_name, m) => {
      expect(Math.abs(paramsFromArchitecture(m) / m.params - 1)).toBeLessThan(0.001);
    },
  );

  it("every entry cites its published configuration and the date it was read", () => {
    for (const m of MODELS) {
      expect(m.source, m.name).toMatch(/huggingface\.co\/.*config\.json/);
      expect(m.read).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(m.heads % m.kvHeads, m.name).toBe(0);
    }
  });

  it("no id belongs to two entries", () => {
    const seen = new Map<string, string>();
    for (const m of MODELS)
      for (const id of m.ids) {
        expect(seen.get(id.toLowerCase()), id).toBeUndefined();
        seen.set(id.toLowerCase(), m.name);
      }
  });

  it.each([
    ["meta-llama/Llama-3.1-70B-Instruct", "Llama 3.1 / 3.3 70B", undefined],
    ["Llama-3.1-8B-Instruct", "Llama 3.1 8B Instruct", undefined],
    ["meta-llama/Meta-Llama-3.1-8B-Instruct@5206a32", "Llama 3.1 8B Instruct", undefined],
    ["hf://meta-llama/Llama-3.1-8B-Instruct", "Llama 3.1 8B Instruct", undefined],
    ["Qwen/Qwen2.5-72B-Instruct-AWQ", "Qwen2.5 72B Instruct", "awq"],
    ["Qwen/Qwen2.5-7B-Instruct-GPTQ-Int4", "Qwen2.5 7B Instruct", "gptq"],
    ["RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic", "Llama 3.1 / 3.3 70B", "fp8"],
    ["hugging-quants/Meta-Llama-3.1-70B-Instruct-AWQ-INT4", "Llama 3.1 / 3.3 70B", "awq"],
    ["mistralai/mixtral-8x7b-instruct-v0.1", "Mixtral 8x7B", undefined],
    ["deepseek-ai/DeepSeek-R1", "DeepSeek-V3 / R1 (671B MoE)", undefined],
    ["meta-llama/Meta-Llama-3-8B-Instruct", "Llama 3 8B", undefined],
  ])("%s → %s (%s)", (ref, name, quantization) => {
    const m = findModel(ref);
    expect(m?.model.name).toBe(name);
    expect(m?.quantization).toBe(quantization);
  });

  it("an unknown model, a path and a near miss are not guessed", () => {
    expect(findModel("acme/support-bot-13b")).toBeUndefined();
    expect(findModel("/mnt/models")).toBeUndefined();
    expect(findModel("meta-llama/Llama-3.1-8B-Instruct-Turbo")).toBeUndefined();
    expect(findModel("Qwen/Qwen2.5-7B-Instruct-1M")).toBeUndefined();
  });

  it("a team's own models come first", () => {
    const own: ModelSpec = { ...(MODELS[0] as ModelSpec), ids: ["acme/support-bot-13b"], name: "support bot" };
    expect(findModel("acme/support-bot-13b", [own])?.model.name).toBe("support bot");
    expect(findModel("support-bot-13b-AWQ", [own])).toEqual({ model: own, quantization: "awq" });
  });

  it("base names drop scheme, organisation and revision", () => {
    expect(modelBaseName("s3://bucket/models/Llama-3.1-8B/")).toBe("Llama-3.1-8B");
    expect(modelBaseName("Qwen/Qwen2.5-7B-Instruct:v2")).toBe("Qwen2.5-7B-Instruct");
  });
});
