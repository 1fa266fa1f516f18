import { describe, expect, it } from "vitest";
import { formatPlanText } from "../report/estimate.js";
import { layoutLabel, planLayouts, planRowsToShow } from "./plan.js";
import { EstimateError, type EstimateInput } from "./types.js";

// Llama-3-70B (Llama 3 paper Table 3: 80 layers, d 8,192, FFN 28,672, 64 heads, 8 KV heads, V 128,256).
const LLAMA70: EstimateInput = {
  tokens: 1e12,
  gpu: "h100-sxm",
  gpus: 64,
  layers: 80,
  hidden: 8192,
  heads: 64,
  kvHeads: 8,
  ffnHidden: 28672,
  mlp: "swiglu",
  vocab: 128256,
  seq: 4096,
};

describe("estimate --plan: 70B on 64 H100", () => {
  const p = planLayouts(LLAMA70);
  const find = (f: (r: (typeof p.ranked)[number]) => boolean) => p.ranked.find(f);

  it("ranks TP 8 × PP 1 with ZeRO-1, TP 8 × PP 2 and ZeRO-3 among the layouts that fit, with different times", () => {
    const tp8 = find((r) => r.tp === 8 && r.pp === 1 && r.zero === 1);
    const tp8pp2 = find((r) => r.tp === 8 && r.pp === 2);
    const z3 = find((r) => r.tp === 1 && r.pp === 1 && r.zero === 3);
    expect(tp8 && tp8pp2 && z3).toBeTruthy();
    const times = [tp8, tp8pp2, z3].map((r) => r?.stepSeconds as number);
    expect(new Set(times.map((t) => t.toFixed(3))).size).toBe(3);
    // ranked fastest first
    for (let i = 1; i < p.ranked.length; i++)
      expect(p.ranked[i]?.stepSeconds).toBeGreaterThanOrEqual(p.ranked[i - 1]?.stepSeconds as number);
  });

  it("says why: TP 8's all-reduces on the critical path, ZeRO-3 alone needs full recomputation to fit", () => {
    const tp8 = find((r) => r.tp === 8 && r.pp === 1 && r.zero === 1);
    expect(tp8?.why).toMatch(/tensor-parallel collectives/);
    expect(tp8?.estimate.time.perStep.tpSeconds).toBeGreaterThan(0.1 * (tp8?.stepSeconds as number));
    const z3 = find((r) => r.tp === 1 && r.pp === 1 && r.zero === 3);
    expect(z3?.recompute).toBe("full");
    expect(z3?.why).toMatch(/recompute full: \+33% FLOPs/);
    // Without recomputation its activations do not fit: 80 layers of ~40 s·b·h at s = 4,096.
    expect(p.ranked.some((r) => r.tp === 1 && r.pp === 1 && r.zero === 3 && r.recompute === "none")).toBe(false);
    const pp = find((r) => r.pp > 1);
    expect(pp?.why).toMatch(/pipeline bubble/);
  });

  it("plain data parallelism (16Ψ = 1.1 TB per GPU) never fits", () => {
    expect(p.ranked.some((r) => r.tp === 1 && r.pp === 1 && r.zero === 0)).toBe(false);
    expect(p.notFitting).toBeGreaterThan(0);
  });

  it("the text shows the fastest layouts and the fastest of each family the top leaves out", () => {
    const shown = planRowsToShow(p, 3);
    expect(shown.top).toHaveLength(3);
    const all = [...shown.top, ...shown.families];
    expect(all.some((r) => r.tp === 8 && r.pp === 1)).toBe(true);
    expect(all.some((r) => r.tp === 8 && r.pp > 1)).toBe(true);
    expect(all.some((r) => r.tp === 1 && r.pp === 1 && r.zero === 3)).toBe(true);
    const text = formatPlanText(p, 3, "70B");
    expect(text).toContain(layoutLabel(shown.top[0] as (typeof p.ranked)[number]));
    expect(text).toMatch(/#1 {2}tp=/);
  });

  it("needs the architecture", () => {
    expect(() => planLayouts({ params: 7e9, tokens: 1e12, gpu: "h100-sxm", gpus: 8 })).toThrow(EstimateError);
  });
});
