import { describe, expect, it } from "vitest";
import {
  activationBytesPerLayer,
  bareMetalServerHour,
  breakEvenUtilization,
  busBandwidthFactor,
  collectiveSeconds,
  hierarchicalAllReduceSeconds,
  megatronIterationFlops,
  megatronModelFlops,
  megatronParams,
  pipelineBubble,
  trainingFlops,
  trainingSeconds,
  zeroModelStates,
} from "./formulas.js";

const DAY = 86400;
const YEAR = 365.25 * DAY;
// All SC21 and Korthikanti et al. models: V = 51,200, s = 2048 (SC21 §5; Korthikanti §6).
const V = 51200;
const S = 2048;

describe("Narayanan et al. SC21 — end-to-end training time 8·T·P/(n·X), Eq. (4)", () => {
  it("§5.1: GPT-3 175B, 300B tokens, 1,024 A100 at 140 TFLOP/s ≈ 34 days", () => {
    const days = trainingSeconds(trainingFlops(175e9, 300e9, "full"), 1024, 140e12) / DAY;
    expect(days).toBeCloseTo(33.9, 1);
    expect(Math.round(days)).toBe(34);
  });

  it("§5.1: 1T model, 450B tokens, 3,072 A100 at 163 TFLOP/s ≈ 84 days", () => {
    // Table 1's 1T row has 1,008.0B parameters (checked below from its architecture).
    const p = megatronParams({ layers: 128, hidden: 25600, seq: S, vocab: V });
    const days = trainingSeconds(trainingFlops(p, 450e9, "full"), 3072, 163e12) / DAY;
    expect(Math.round(days)).toBe(84);
    // With P = 1e12 exactly, 83.2 days: still "84" within 1%.
    expect(trainingSeconds(trainingFlops(1e12, 450e9, "full"), 3072, 163e12) / DAY).toBeCloseTo(83.2, 1);
  });

  it("§1: 175B on one V100 ≈ 288 years; the paper gives no throughput, and 288 years sits inside 35–45% of the V100's 125 TFLOP/s", () => {
    const flops = trainingFlops(175e9, 300e9, "full");
    const years = (x: number) => trainingSeconds(flops, 1, x) / YEAR;
    expect(years(0.45 * 125e12)).toBeLessThan(288);
    expect(years(0.35 * 125e12)).toBeGreaterThan(288);
    // The paper does not state the rate; the figure implies 46.2 TFLOP/s, 37% of the V100's peak (training-math.md §1).
    const implied = flops / (288 * YEAR);
    expect(implied / 1e12).toBeCloseTo(46.2, 1);
  });

  // Table 2: PTD-P and ZeRO-3 rows, "Training time for 300B tokens (days)". Eq. (4) reproduces them within ~4%.
  const table2: [string, number, number, number, number][] = [
    ["ZeRO-3", 174.6, 384, 144, 90],
    ["ZeRO-3", 174.6, 768, 88, 74],
    ["ZeRO-3", 174.6, 1536, 44, 74],
    ["ZeRO-3", 529.6, 640, 138, 169],
    ["ZeRO-3", 529.6, 1120, 98, 137],
    ["ZeRO-3", 529.6, 2240, 48, 140],
    ["PTD-P", 174.6, 384, 153, 84],
    ["PTD-P", 174.6, 768, 149, 43],
    ["PTD-P", 174.6, 1536, 141, 23],
    ["PTD-P", 529.6, 560, 171, 156],
    ["PTD-P", 529.6, 1120, 167, 80],
    ["PTD-P", 529.6, 2240, 159, 42],
  ];
  it.each(table2)("Table 2: %s %fB on %i GPUs at %i TFLOP/s → %i days (±5%)", (_s, pB, n, x, days) => {
    const got = trainingSeconds(trainingFlops(pB * 1e9, 300e9, "full"), n, x * 1e12) / DAY;
    expect(Math.abs(got - days) / days).toBeLessThan(0.05);
  });
});

describe("SC21 Eq. (2) — parameter count of every row of Table 1 from its architecture", () => {
  const table1: [number, number, number][] = [
    // [params (B), hidden, layers]
    [1.7, 2304, 24],
    [3.6, 3072, 30],
    [7.5, 4096, 36],
    [18.4, 6144, 40],
    [39.1, 8192, 48],
    [76.1, 10240, 60],
    [145.6, 12288, 80],
    [310.1, 16384, 96],
    [529.6, 20480, 105],
    [1008.0, 25600, 128],
  ];
  it.each(table1)("Table 1: %fB from h=%i, l=%i", (pB, hidden, layers) => {
    const p = megatronParams({ layers, hidden, seq: S, vocab: V });
    expect(Math.abs(p / 1e9 - pB)).toBeLessThanOrEqual(0.05 + 1e-9);
  });

  it("Table 1: implied iteration time F/(n·X) for the 1.7B row is 3.53 s (Eq. 3)", () => {
    const f = megatronIterationFlops({ layers: 24, hidden: 2304, heads: 24, seq: S, vocab: V }, 512);
    expect(f / (32 * 137e12)).toBeCloseTo(3.53, 2);
  });
});

describe("Rajbhandari et al. ZeRO — Table 1, per-device model-state memory (GB = 1e9)", () => {
  // [DP degree, P_os, P_os+g, P_os+g+p] for Ψ = 7.5B, 128B, 1T, as printed (the paper truncates).
  const table: Record<string, [number, number, number, number][]> = {
    "7.5": [
      [1, 120, 120, 120],
      [4, 52.5, 41.3, 30],
      [16, 35.6, 21.6, 7.5],
      [64, 31.4, 16.6, 1.88],
      [256, 30.4, 15.4, 0.47],
      [1024, 30.1, 15.1, 0.12],
    ],
    "128": [
      [1, 2048, 2048, 2048],
      [4, 896, 704, 512],
      [16, 608, 368, 128],
      [64, 536, 284, 32],
      [256, 518, 263, 8],
      [1024, 513, 257, 2],
    ],
    "1000": [
      [1, 16000, 16000, 16000],
      [4, 7000, 5500, 4000],
      [16, 4750, 2875, 1000],
      [64, 4187, 2218, 250],
      [256, 4046, 2054, 62.5],
      [1024, 4011, 2013, 15.6],
    ],
  };
  for (const [psiB, rows] of Object.entries(table)) {
    for (const [n, ...cells] of rows) {
      it(`Ψ = ${psiB}B, N_d = ${n}: ${cells.join(" / ")} GB`, () => {
        cells.forEach((expected, i) => {
          const got = zeroModelStates(Number(psiB) * 1e9, n, (i + 1) as 1 | 2 | 3).total / 1e9;
          expect(Math.abs(got - expected)).toBeLessThanOrEqual(Math.max(0.005 * expected, 0.005));
        });
      });
    }
  }

  it("§3.1: plain data parallelism needs 16Ψ: GPT-2 1.5B → 24 GB", () => {
    expect(zeroModelStates(1.5e9, 1, 0).total / 1e9).toBe(24);
    expect(zeroModelStates(1.5e9, 64, 0).total / 1e9).toBe(24);
  });

  it("§5: the four cells the text quotes (7.5B, N_d = 64): 120, 31.4, 16.6, 1.9 GB", () => {
    expect(zeroModelStates(7.5e9, 64, 0).total / 1e9).toBe(120);
    expect(zeroModelStates(7.5e9, 64, 1).total / 1e9).toBeCloseTo(31.4, 1);
    expect(zeroModelStates(7.5e9, 64, 2).total / 1e9).toBeCloseTo(16.6, 1);
    expect(zeroModelStates(7.5e9, 64, 3).total / 1e9).toBeCloseTo(1.88, 2);
  });
});

describe("Korthikanti et al. 2022 — model FLOPs and activation memory", () => {
  // Table 3 configurations and Table 5 iteration times (present work) and MFU / HFU.
  const table5: [string, number, number, number, number, number, number, number, number][] = [
    // name, heads, hidden, layers, GPUs, global batch, seconds, MFU %, HFU %
    ["22B", 64, 6144, 48, 8, 4, 1.1, 41.5, 43.7],
    ["175B", 96, 12288, 96, 64, 64, 13.75, 51.4, 52.8],
    ["530B", 128, 20480, 105, 280, 280, 37.83, 56.0, 57.0],
    ["1T", 160, 25600, 128, 512, 512, 71.49, 56.3, 57.0],
  ];
  it.each(table5)(
    "Table 5: %s MFU and HFU from Appendix A's model FLOPs",
    (_n, heads, hidden, layers, n, b, t, mfuPct, hfuPct) => {
      const arch = { layers, hidden, heads, seq: S, vocab: V };
      const mfu = (megatronModelFlops(arch, b) / t / (n * 312e12)) * 100;
      expect(Math.abs(mfu - mfuPct)).toBeLessThanOrEqual(0.2);
      // §6.3: HFU/MFU ≈ 1 + s/(6h) with selective recomputation.
      expect(Math.abs(mfu * (1 + S / (6 * hidden)) - hfuPct)).toBeLessThanOrEqual(0.3);
    },
  );

  it("§6.3: 530B scaled to 2,240 GPUs (8-way DP), 39.15 s per iteration → MFU 54.2%", () => {
    const arch = { layers: 105, hidden: 20480, heads: 128, seq: S, vocab: V };
    const mfu = (megatronModelFlops(arch, 2240) / 39.15 / (2240 * 312e12)) * 100;
    expect(mfu).toBeCloseTo(54.2, 1);
  });

  it("§5: 5as/h is 80 for GPT-3 and 64 for MT-NLG; selective recompute saves 70% and 65% of activations (TP+SP)", () => {
    const gpt3 = { seq: S, hidden: 12288, heads: 96 };
    const mtnlg = { seq: S, hidden: 20480, heads: 128 };
    expect((5 * 96 * S) / 12288).toBe(80);
    expect((5 * 128 * S) / 20480).toBe(64);
    const saved = (a: typeof gpt3) =>
      1 - activationBytesPerLayer(a, 1, 8, true, "selective") / activationBytesPerLayer(a, 1, 8, true, "none");
    expect(saved(gpt3)).toBeCloseTo(0.7, 2);
    expect(saved(mtnlg)).toBeCloseTo(0.65, 2);
  });

  it("Table 2: every variant per layer, in units of s·b·h", () => {
    const a = { seq: 2048, hidden: 12288, heads: 96 };
    const sbh = 2048 * 12288;
    expect(activationBytesPerLayer(a, 1, 1, false, "none") / sbh).toBeCloseTo(34 + 80, 9);
    expect(activationBytesPerLayer(a, 1, 8, false, "none") / sbh).toBeCloseTo(10 + 24 / 8 + 80 / 8, 9);
    expect(activationBytesPerLayer(a, 1, 8, true, "none") / sbh).toBeCloseTo(34 / 8 + 80 / 8, 9);
    expect(activationBytesPerLayer(a, 1, 8, false, "selective") / sbh).toBeCloseTo(10 + 24 / 8, 9);
    expect(activationBytesPerLayer(a, 1, 8, true, "selective") / sbh).toBeCloseTo(34 / 8, 9);
    expect(activationBytesPerLayer(a, 1, 8, false, "full") / sbh).toBe(2);
  });
});

describe("pipeline bubble and collectives", () => {
  it("SC21 §2.2: (p−1)/m, interleaved (1/v)(p−1)/m", () => {
    expect(pipelineBubble(8, 32)).toBeCloseTo(7 / 32, 12);
    expect(pipelineBubble(8, 32, 2)).toBeCloseTo(7 / 64, 12);
  });

  it("nccl-tests PERFORMANCE.md factors; 4 × 8 B200 measured busbw/algbw = 376.71/194.43 = 2·31/32", () => {
    expect(busBandwidthFactor("all-reduce", 32)).toBeCloseTo(376.71 / 194.43, 3);
    expect(busBandwidthFactor("all-gather", 8)).toBe(7 / 8);
    expect(busBandwidthFactor("reduce-scatter", 8)).toBe(7 / 8);
    expect(busBandwidthFactor("broadcast", 8)).toBe(1);
  });

  it("all-reduce time = 2(n−1)/n · S / busbw: 16 GiB on 8× H200 at the measured 480.70 GB/s busbw", () => {
    // stas00 ml-engineering: nccl-tests busbw 480.70 GB/s at 16 GiB ⇒ t = 1.75 × 17.18e9 / 480.70e9 = 62.5 ms.
    const t = collectiveSeconds("all-reduce", 16 * 2 ** 30, 8, 480.7e9);
    expect(t * 1000).toBeCloseTo(62.5, 1);
  });

  it("hierarchical all-reduce on one node is the flat intra-node all-reduce; across nodes adds the network term", () => {
    const base = {
      bytes: 1e9,
      gpusPerNode: 8,
      intraBusBytesPerSecond: 360e9,
      nodeNetBytesPerSecond: 320e9,
      intraLatency: 0,
      netLatency: 0,
    };
    const one = hierarchicalAllReduceSeconds({ ...base, ranksPerNode: 8, nodes: 1 });
    expect(one.seconds).toBeCloseTo(collectiveSeconds("all-reduce", 1e9, 8, 360e9), 12);
    const four = hierarchicalAllReduceSeconds({ ...base, ranksPerNode: 8, nodes: 4 });
    // network term: 2·3/4 · (1e9/8) / (320e9/8) = 1.5 × 1e9/320e9
    expect(four.netSeconds).toBeCloseTo((1.5 * 1e9) / 320e9, 12);
  });
});

describe("cost", () => {
  it("training-math.md §7 worked example: $270,000 DGX H100 over 3 years = $10.27 per server-hour; 10.2 kW × 1.1 × $0.10 = $1.12/h", () => {
    const h = bareMetalServerHour({
      serverPrice: 270_000,
      networkShare: 0,
      amortizeYears: 3,
      coloPerMonth: 0,
      serverKw: 10.2,
      pue: 1.1,
      kwhPrice: 0.1,
    });
    expect(h.capital).toBeCloseTo(10.27, 2);
    expect(h.power).toBeCloseTo(1.12, 2);
    // Break-even against the pre-cut p5.48xlarge list price ($98.32/h = $12.29/GPU-h).
    expect(breakEvenUtilization(h.total, 8, 98.32 / 8)).toBeCloseTo(11.39 / 98.32, 3);
  });
});
