/**
 * `mlgate estimate --plan`: every tensor × pipeline × data-parallel × ZeRO × recompute layout of
 * the job on the GPUs given, each run through the same calculator (estimate.ts), the ones that
 * fit in memory ranked by step time, each with what its time and memory are made of. Pure.
 */
import { estimate } from "./estimate.js";
import type { Recompute, ZeroStage } from "./formulas.js";
import { type Estimate, EstimateError, type EstimateInput } from "./types.js";
import { fmtBytes, fmtSeconds } from "./working.js";

export interface PlanRow {
  tp: number;
  pp: number;
  dp: number;
  zero: ZeroStage;
  recompute: Recompute;
  sequenceParallel: boolean;
  fits: boolean;
  stepSeconds: number;
  wallSeconds: number;
  /** End-to-end MFU over the wall time. */
  mfu: number;
  memoryBytes: number;
  /** What the step time is made of, largest parts first. */
  why: string;
  /** 1-based rank among the layouts that fit; 0 when it does not fit. */
  rank: number;
  estimate: Estimate;
}

export interface PlanResult {
  /** The layouts that fit, fastest first. */
  ranked: PlanRow[];
  /** How many layouts were tried, and how many did not fit in memory. */
  tried: number;
  notFitting: number;
  /** Layouts skipped as impossible (dimensions that do not divide), with the reason, counted. */
  skipped: Record<string, number>;
  globalBatch: number;
}

const pct = (x: number, total: number) => `${((x / total) * 100).toFixed(0)}%`;

/** The step time's parts, largest first, and the memory, in one line. */
export function whyLine(e: Estimate): string {
  const s = e.time.perStep;
  const t = s.stepSeconds;
  const parts: [number, string][] = [
    [
      s.computeSeconds,
      `compute ${fmtSeconds(s.computeSeconds)}${e.parallelism.recompute !== "none" && e.flops.total > e.flops.model * 1.001 ? ` (recompute ${e.parallelism.recompute}: +${((e.flops.total / e.flops.model - 1) * 100).toFixed(0)}% FLOPs)` : ""}`,
    ],
    [s.bubbleSeconds, `pipeline bubble ${fmtSeconds(s.bubbleSeconds)} ((p−1)/m = ${pct(e.time.bubbleFraction, 1)})`],
    [s.tpSeconds, `tensor-parallel collectives ${fmtSeconds(s.tpSeconds)} (${pct(s.tpSeconds, t)})`],
    [s.epSeconds, `expert all-to-all ${fmtSeconds(s.epSeconds)}`],
    [s.ppSeconds, `pipeline sends ${fmtSeconds(s.ppSeconds)}`],
    [
      s.dpExposedSeconds,
      e.parallelism.zero === 3
        ? `ZeRO-3 gathers not hidden ${fmtSeconds(s.dpExposedSeconds)} of ${fmtSeconds(s.dpSeconds)}`
        : `data-parallel sync not hidden ${fmtSeconds(s.dpExposedSeconds)} of ${fmtSeconds(s.dpSeconds)}`,
    ],
  ];
  const shown = parts.filter(([v], i) => i === 0 || v >= 0.005 * t).sort((a, b) => b[0] - a[0]);
  const hidden =
    e.parallelism.dp > 1 && s.dpExposedSeconds < 0.005 * t && s.dpSeconds > 0
      ? [
          s.dpExposedSeconds > 0
            ? `data-parallel ${fmtSeconds(s.dpSeconds)}, all but ${fmtSeconds(s.dpExposedSeconds)} hidden behind backward`
            : `data-parallel ${fmtSeconds(s.dpSeconds)} hidden behind backward`,
        ]
      : [];
  const m = e.memory;
  const mem = `${fmtBytes(m.perGpuBytes.total)} per GPU (states ${fmtBytes(m.perGpuBytes.params + m.perGpuBytes.grads + m.perGpuBytes.optimizer + m.perGpuBytes.zeroBuffer)}, activations ${m.perGpuBytes.activations === null ? "unknown" : fmtBytes(m.perGpuBytes.activations)})`;
  return [...shown.map(([, l]) => l), ...hidden, mem].join("; ");
}

function divisors(n: number, max: number): number[] {
  const out: number[] = [];
  for (let d = 1; d <= Math.min(n, max); d++) if (n % d === 0) out.push(d);
  return out;
}

/**
 * Enumerates the layouts. tp: divisors of the GPUs per node (tensor parallelism stays on the
 * scale-up link) that divide the heads; pp: divisors of the layers; dp: the rest. ZeRO 0–3, but
 * ZeRO-2/3 only without pipeline parallelism (DeepSpeed does not combine them) and ZeRO ≥ 1 only
 * with dp > 1. Sequence parallelism always on with tp > 1 (same traffic, less memory).
 * Recompute none and full, and selective with eager attention (under flash attention it keeps
 * what none keeps). The global batch is held fixed across layouts so they do the same work.
 */
export function planLayouts(input: EstimateInput): PlanResult {
  if (input.layers === undefined || input.hidden === undefined || input.heads === undefined)
    throw new EstimateError("--plan needs the architecture: --layers --hidden --heads (or --model)");
  const gpus = input.gpus;
  const gpusPerNode = input.gpusPerNode ?? Math.min(8, gpus);
  // A global batch every layout's dp × micro-batch divides: the default for dp = gpus.
  const globalBatch = input.globalBatch ?? estimate({ ...input, tp: 1, pp: 1, dp: undefined }).parallelism.globalBatch;
  const recomputes: Recompute[] =
    input.attention === "eager" ? ["none", "selective", "full"] : (["none", "full"] as Recompute[]);
  const rows: PlanRow[] = [];
  const skipped: Record<string, number> = {};
  const skip = (why: string) => {
    skipped[why] = (skipped[why] ?? 0) + 1;
  };
  let tried = 0;
  for (const tp of divisors(gpusPerNode, gpusPerNode)) {
    if (input.heads % tp !== 0) {
      skip("tp does not divide the heads");
      continue;
    }
    for (const pp of divisors(input.layers, 64)) {
      if (gpus % (tp * pp) !== 0) continue;
      const dp = gpus / (tp * pp);
      const mb = input.microBatch ?? 1;
      if (globalBatch % (dp * mb) !== 0) {
        skip("dp × micro-batch does not divide the global batch");
        continue;
      }
      if (input.ep !== undefined && dp % input.ep !== 0) {
        skip("ep does not divide dp");
        continue;
      }
      for (const zero of [0, 1, 2, 3] as ZeroStage[]) {
        if (zero >= 2 && pp > 1) continue;
        if (zero >= 1 && dp === 1) continue;
        for (const recompute of recomputes) {
          tried++;
          const layout = { tp, pp, dp, zero, recompute, sequenceParallel: tp > 1 };
          const e = estimate({ ...input, ...layout, globalBatch, tflops: undefined });
          rows.push({
            ...layout,
            fits: e.memory.fits,
            stepSeconds: e.time.perStep.stepSeconds,
            wallSeconds: e.time.wallSeconds,
            mfu: e.throughput.mfu,
            memoryBytes: e.memory.perGpuBytes.total,
            why: whyLine(e),
            rank: 0,
            estimate: e,
          });
        }
      }
    }
  }
  const ranked = rows
    .filter((r) => r.fits)
    .sort((a, b) => a.stepSeconds - b.stepSeconds || a.memoryBytes - b.memoryBytes);
  ranked.forEach((r, i) => {
    r.rank = i + 1;
  });
  return { ranked, tried, notFitting: rows.length - ranked.length, skipped, globalBatch };
}

/** A layout in flag form: `tp=8 pp=2 dp=4, ZeRO-1, recompute none`. */
export function layoutLabel(r: Pick<PlanRow, "tp" | "pp" | "dp" | "zero" | "recompute" | "sequenceParallel">): string {
  return `tp=${r.tp} pp=${r.pp} dp=${r.dp}${r.sequenceParallel ? "+sp" : ""}, ZeRO-${r.zero}, recompute ${r.recompute}`;
}

/**
 * The rows to show: the top `top`, then the fastest layout of each family the top leaves out —
 * for each tensor-parallel size, without and with pipeline stages, and ZeRO-3 with no model
 * parallelism — so the answer also says why those lose.
 */
export function planRowsToShow(p: PlanResult, top: number): { top: PlanRow[]; families: PlanRow[] } {
  const head = p.ranked.slice(0, top);
  const families: ((r: PlanRow) => boolean)[] = [(r) => r.zero === 3 && r.tp === 1 && r.pp === 1];
  for (const tp of [...new Set(p.ranked.map((r) => r.tp))].sort((a, b) => a - b)) {
    families.push((r) => r.tp === tp && r.pp === 1);
    families.push((r) => r.tp === tp && r.pp > 1);
  }
  const extra: PlanRow[] = [];
  for (const f of families) {
    const best = p.ranked.find(f);
    if (best && !head.includes(best) && !extra.includes(best)) extra.push(best);
  }
  return { top: head, families: extra.sort((a, b) => a.rank - b.rank) };
}
