import { describe, expect, it } from "vitest";
import { megatronHardwareFlops, megatronModelFlops, megatronParams } from "./formulas.js";
import {
  type ActivationOptions,
  activationMemory,
  attentionParams,
  gptShape,
  hardwareFlopsPerToken,
  layerActivationBytes,
  modelFlopsPerToken,
  parameterCount,
  type TransformerShape,
} from "./transformer.js";

// docs/estimate.md "Measured on one H200": L = 12, h = 2048, a = 16, s = 2048, b = 4, V = 32,000.
const MEASURED = gptShape({ layers: 12, hidden: 2048, heads: 16, vocab: 32000, seq: 2048 });
const base: ActivationOptions = {
  seq: 2048,
  microBatch: 4,
  tp: 1,
  sequenceParallel: false,
  recompute: "none",
  attention: "flash",
  dropout: false,
};

const llama = (p: Partial<TransformerShape>): TransformerShape => ({
  layers: 32,
  hidden: 4096,
  heads: 32,
  kvHeads: 8,
  headDim: 128,
  ffnHidden: 14336,
  mlp: "swiglu",
  vocab: 128256,
  tiedEmbeddings: false,
  positions: "rope",
  maxPositions: 0,
  norm: "rmsnorm",
  bias: false,
  qkvBias: false,
  ...p,
});

describe("activations per layer: the measured H200 table, row by row", () => {
  // [attention, dropout, recompute, measured s·b·h per layer]
  const rows: [ActivationOptions["attention"], boolean, ActivationOptions["recompute"], number][] = [
    ["eager", true, "none", 114.6],
    ["eager", false, "none", 64.3],
    ["flash", false, "none", 32.0],
    ["flash", true, "none", 34.0],
    ["flash", false, "full", 2.0],
  ];
  it.each(rows)(
    "%s attention, dropout %s, recompute %s → %f s·b·h (within 1%)",
    (attention, dropout, recompute, want) => {
      const got = layerActivationBytes(MEASURED, { ...base, attention, dropout, recompute }).perSbh;
      expect(Math.abs(got - want) / want).toBeLessThan(0.01);
    },
  );

  it("Korthikanti et al. Table 2 is the eager-attention, dropout case: 34 + 5as/h, and its TP / SP / selective variants", () => {
    const gpt3 = gptShape({ layers: 96, hidden: 12288, heads: 96, vocab: 51200, seq: 2048 });
    const o = { ...base, microBatch: 1, attention: "eager" as const, dropout: true };
    const q = (5 * 96 * 2048) / 12288; // 5as/h = 80
    expect(layerActivationBytes(gpt3, o).perSbh).toBeCloseTo(34 + q, 9);
    expect(layerActivationBytes(gpt3, { ...o, tp: 8 }).perSbh).toBeCloseTo(10 + 24 / 8 + q / 8, 9);
    expect(layerActivationBytes(gpt3, { ...o, tp: 8, sequenceParallel: true }).perSbh).toBeCloseTo(34 / 8 + q / 8, 9);
    expect(layerActivationBytes(gpt3, { ...o, tp: 8, recompute: "selective" }).perSbh).toBeCloseTo(10 + 24 / 8, 9);
    expect(
      layerActivationBytes(gpt3, { ...o, tp: 8, sequenceParallel: true, recompute: "selective" }).perSbh,
    ).toBeCloseTo(34 / 8, 9);
    expect(layerActivationBytes(gpt3, { ...o, recompute: "full" }).perSbh).toBe(2);
    expect(layerActivationBytes(gpt3, { ...o, tp: 8, sequenceParallel: true, recompute: "full" }).perSbh).toBe(2 / 8);
  });

  it("also measured at h = 4096, a = 32, s = 8192, b = 1 (flash, no dropout): 32.0 s·b·h, not Korthikanti's 354", () => {
    const m = gptShape({ layers: 2, hidden: 4096, heads: 32, vocab: 51200, seq: 8192 });
    const o = { ...base, seq: 8192, microBatch: 1 };
    expect(layerActivationBytes(m, o).perSbh).toBeCloseTo(32, 1);
    expect(layerActivationBytes(m, { ...o, attention: "eager", dropout: true }).perSbh).toBeCloseTo(34 + 320, 9);
  });

  it("selective recomputation changes nothing under flash attention (there is no s² term to drop)", () => {
    const a = layerActivationBytes(MEASURED, base).bytes;
    expect(layerActivationBytes(MEASURED, { ...base, recompute: "selective" }).bytes).toBe(a);
  });

  it("grouped-query attention keeps K and V at kv/a of Q; SwiGLU keeps four f-sized tensors", () => {
    const l = layerActivationBytes(llama({}), { ...base, seq: 8192, microBatch: 1 });
    // 4 + 2 + 2 (norms, QKV and MLP inputs) + 2 (Q) + 4·8/32 (K, V) + 2 (output) + 8·14336/4096 + 4·32/4096
    expect(l.perSbh).toBeCloseTo(12 + 1 + 28 + 128 / 4096, 9);
    // Measured on the H200 (scripts/device/llama-activations.py, PyTorch 2.11, cuDNN SDPA with
    // enable_gqa, F.rms_norm): 40.03 s·b·h. The count errs 2.5% high, on the side of "does not fit".
    expect(l.perSbh / 40.03).toBeGreaterThan(1);
    expect(l.perSbh / 40.03).toBeLessThan(1.03);
  });

  it("a 4-layer Llama-3-8B-shaped model at s = 4,096, b = 1, V = 128,256: held 4.92 GB, peak 9.13 GB as measured (within 1%)", () => {
    const m = llama({ layers: 4 });
    const a = activationMemory(m, { ...base, seq: 4096, microBatch: 1 });
    expect(Math.abs(a.held - 4_924_265_472) / 4_924_265_472).toBeLessThan(0.01);
    expect(Math.abs(a.peak - 9_126_958_080) / 9_126_958_080).toBeLessThan(0.01);
    expect(parameterCount(m).total).toBe(1_923_125_248);
  });
});

describe("held and peak bytes of one step: the measured table (L=12, h=2048, a=16, s=2048, b=4, V=32,000)", () => {
  // [attention, dropout, recompute, held GB, peak GB]
  const rows: [ActivationOptions["attention"], boolean, ActivationOptions["recompute"], number, number][] = [
    ["eager", true, "none", 24.15, 26.25],
    ["eager", false, "none", 14.05, 16.15],
    ["flash", false, "none", 7.57, 9.66],
    ["flash", true, "none", 7.97, 10.07],
    ["flash", false, "full", 1.52, 3.62],
  ];
  it.each(rows)(
    "%s, dropout %s, recompute %s: held %f GB, peak %f GB (within 1%)",
    (attention, dropout, recompute, held, peak) => {
      const a = activationMemory(MEASURED, { ...base, attention, dropout, recompute });
      expect(Math.abs(a.held / 1e9 - held) / held).toBeLessThan(0.01);
      expect(Math.abs(a.peak / 1e9 - peak) / peak).toBeLessThan(0.01);
    },
  );

  it("the fp32 logits are 1.05 GB of the 1.12 GB outside the layers, and the vocabulary changes the memory", () => {
    const a = activationMemory(MEASURED, base);
    expect(a.output.logits / 1e9).toBeCloseTo(1.05, 2);
    expect((a.output.logits + a.output.norms) / 1e9).toBeCloseTo(1.12, 2);
    const big = activationMemory({ ...MEASURED, vocab: 128256 }, base);
    expect(big.held).toBeGreaterThan(a.held + 3e9);
  });

  it("vocab-parallel logits divide over tp; 1F1B's first stage holds p micro-batches of L/p layers", () => {
    const a = activationMemory(MEASURED, { ...base, tp: 4 });
    expect(a.output.logits).toBeCloseTo(activationMemory(MEASURED, base).output.logits / 4, 3);
    const p4 = activationMemory(MEASURED, base, 4, 8);
    expect(p4.firstStage).toBeCloseTo(12 * p4.perLayer.bytes, 0);
    expect(p4.lastStage).toBeCloseTo(3 * p4.perLayer.bytes + p4.output.logits + p4.output.norms, 0);
    // fewer micro-batches than stages: only m in flight
    expect(activationMemory(MEASURED, base, 4, 2).firstStage).toBeCloseTo(6 * p4.perLayer.bytes, 0);
  });

  it("full recomputation's peak is a rebuilt layer when the logits are small", () => {
    const a = activationMemory({ ...MEASURED, vocab: 8 }, { ...base, recompute: "full" });
    expect(a.peakCause).toBe("recompute");
    expect(a.peak - a.held).toBeCloseTo(layerActivationBytes(MEASURED, base).bytes - 2 * 2048 * 4 * 2048, 0);
  });
});

describe("parameters", () => {
  it("the measured GPT model: SC21 Eq. (2) plus the final norm = 674,033,664, as PyTorch counted", () => {
    expect(parameterCount(MEASURED).total).toBe(674_033_664);
    expect(parameterCount(MEASURED).total - megatronParams({ layers: 12, hidden: 2048, seq: 2048, vocab: 32000 })).toBe(
      4096,
    );
  });

  it("Llama-3-8B's architecture gives 8.03B; Llama-3-70B's 70.55B", () => {
    expect(parameterCount(llama({})).total).toBe(8_030_261_248);
    const b70 = llama({ layers: 80, hidden: 8192, heads: 64, kvHeads: 8, ffnHidden: 28672 });
    expect(parameterCount(b70).total / 1e9).toBeCloseTo(70.55, 2);
  });

  it("Mixtral 8x7B: 46.7B total, 12.9B active (two of eight experts)", () => {
    const p = parameterCount(
      llama({
        vocab: 32000,
        moe: { experts: 8, topK: 2, shared: 0, expertFfnHidden: 14336, denseLayers: 0 },
      }),
    );
    expect(p.total / 1e9).toBeCloseTo(46.7, 1);
    expect(p.active / 1e9).toBeCloseTo(12.9, 1);
  });
});

describe("FLOPs per token", () => {
  it("the GPT shape gives Megatron's model FLOPs and SC21 Eq. (3) term for term", () => {
    const m = gptShape({ layers: 96, hidden: 12288, heads: 96, vocab: 51200, seq: 2048 });
    const arch = { layers: 96, hidden: 12288, heads: 96, seq: 2048, vocab: 51200 };
    expect(modelFlopsPerToken(m, 2048) / (megatronModelFlops(arch, 1) / 2048)).toBeCloseTo(1, 12);
    expect(
      hardwareFlopsPerToken(m, 2048, "full", "flash") / (megatronHardwareFlops(arch, 1, "full") / 2048),
    ).toBeCloseTo(1, 12);
  });

  it("MoE compute counts the active experts only", () => {
    const dense = llama({ vocab: 32000 });
    const moe = llama({
      vocab: 32000,
      moe: { experts: 8, topK: 2, shared: 0, expertFfnHidden: 14336, denseLayers: 0 },
    });
    const extra = modelFlopsPerToken(moe, 4096) - modelFlopsPerToken(dense, 4096);
    // one more expert's three matrices per layer, plus the router
    expect(extra).toBe(6 * 32 * (3 * 4096 * 14336 + 4096 * 8));
  });
});

describe("multi-head latent attention (DeepSeek-V3's config.json)", () => {
  const mla = { qLoraRank: 1536, kvLoraRank: 512, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128 };
  const shape = {
    ...gptShape({ layers: 61, hidden: 7168, heads: 128, vocab: 129280, seq: 4096 }),
    mlp: "swiglu" as const,
    ffnHidden: 18432,
    tiedEmbeddings: false,
    positions: "rope" as const,
    norm: "rmsnorm" as const,
    bias: false,
    mla,
  };

  it("counts q_a, q_b, kv_a, kv_b and o per layer, and their two norms", () => {
    // 7168·1536 + 1536·128·192 + 7168·576 + 512·128·256 + 128·128·7168
    expect(attentionParams(shape)).toEqual({ matmul: 187_105_280, norms: 1536 + 512 });
  });

  it("scores and values use the latent head dims: 6·s·a·(192 + 128) per layer and token", () => {
    const plain = { ...shape, mla: undefined, headDim: 128 };
    const extra = modelFlopsPerToken(shape, 4096) - 6 * (parameterCount(shape).activeLayerMatmul + 129280 * 7168);
    expect(extra).toBe(6 * 61 * 4096 * 128 * (192 + 128));
    expect(extra).not.toBe(
      modelFlopsPerToken(plain, 4096) - 6 * (parameterCount(plain).activeLayerMatmul + 129280 * 7168),
    );
  });

  it("keeps every head's up-projected K and V and the two latents for backward", () => {
    const o = {
      seq: 4096,
      microBatch: 1,
      tp: 1,
      sequenceParallel: false,
      recompute: "none" as const,
      attention: "flash" as const,
      dropout: false,
    };
    const t = layerActivationBytes(shape, o).terms;
    expect(t["K and V"]).toBeCloseTo((2 * 128 * (192 + 128)) / 7168, 10);
    expect(t.latents).toBeCloseTo((2 * (1536 + 512 + 64)) / 7168, 10);
    expect(t.Q).toBeCloseTo((2 * 128 * 192) / 7168, 10);
  });
});
