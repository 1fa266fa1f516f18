/** Text and JSON for `mlgate estimate` (docs/schema/estimate.schema.json) and `--plan` (estimate-plan.schema.json). */
import { citeLine } from "../estimate/citations.js";
import type { ManifestJob } from "../estimate/manifest.js";
import { layoutLabel, type PlanResult, type PlanRow, planRowsToShow } from "../estimate/plan.js";
import { formatSize } from "../estimate/size.js";
import type { Estimate, Step } from "../estimate/types.js";
import { fmtBytes, fmtSeconds } from "../estimate/working.js";

const SECTIONS: [Step["section"], string][] = [
  ["model", "Model"],
  ["compute", "Compute"],
  ["time", "Time"],
  ["memory", "Memory per GPU"],
  ["network", "Communication"],
  ["cost", "Cost"],
];

function usd(n: number): string {
  if (n >= 1e6) return `$${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `$${Math.round(n).toLocaleString("en-US")}`;
  return `$${n.toFixed(2)}`;
}

function value(s: Step): string {
  switch (s.unit) {
    case "B":
      return fmtBytes(s.value);
    case "B/s":
      return `${(s.value / 1e9).toFixed(1)} GB/s`;
    case "s":
      return fmtSeconds(s.value);
    case "days":
      return `${s.value.toFixed(1)} days`;
    case "FLOP":
      return `${s.value.toExponential(3)} FLOP`;
    case "USD":
      return usd(s.value);
    case "ratio":
      return `${(s.value * 100).toFixed(1)}%`;
    case "GPU·h":
      return `${Math.round(s.value).toLocaleString("en-US")} GPU-hours`;
    default:
      return `${formatSize(s.value)} ${s.unit}`;
  }
}

/** The readable breakdown: each number with its formula and the source it comes from. */
export function formatEstimateText(e: Estimate, job?: ManifestJob): string {
  const out: string[] = [];
  const p = e.parallelism;
  if (job) {
    out.push(`${job.file}: ${job.kind} ${job.namespace ? `${job.namespace}/` : ""}${job.name}`);
    out.push(
      `  as written: ${job.gpus} GPUs in ${job.pods} pod(s) of ${job.gpusPerPod}${job.gpuEvidence ? `; GPU from ${job.gpuEvidence}` : ""}`,
    );
    for (const n of job.networkEvidence) out.push(`  network: ${n}`);
  }
  out.push(
    `mlgate estimate: ${formatSize(e.params)} parameters, ${formatSize(e.tokens)} tokens on ${e.gpus} × ${e.gpu.name} (${e.nodes} node${e.nodes === 1 ? "" : "s"} of ${e.gpusPerNode})`,
  );
  out.push(
    `  parallelism tp=${p.tp} pp=${p.pp} dp=${p.dp}, ZeRO-${p.zero}, recompute ${p.recompute}${p.sequenceParallel ? ", sequence parallel" : ""}; global batch ${p.globalBatch} × ${p.seq} tokens, micro-batch ${p.microBatch}, ${p.microBatchesPerPipeline} micro-batch(es) per pipeline`,
  );
  out.push("");
  out.push(
    `  ${fmtSeconds(e.time.wallSeconds)}, ${Math.round(e.time.gpuHours).toLocaleString("en-US")} GPU-hours; ${fmtBytes(e.memory.perGpuBytes.total)} per GPU (${e.memory.fits ? "fits" : "DOES NOT FIT"} in ${(e.gpu.memoryBytes / 2 ** 30).toFixed(0)} GiB); ${e.time.bound}-bound`,
  );
  const cloud = e.cost.cloud.total !== null ? `cloud ${usd(e.cost.cloud.total)}` : "cloud: no price";
  const bm =
    e.cost.bareMetal.total !== null ? `bare metal ${usd(e.cost.bareMetal.total)}` : "bare metal: no server price";
  const be =
    e.cost.breakEvenUtilization !== null
      ? `; break-even utilisation ${(e.cost.breakEvenUtilization * 100).toFixed(0)}%`
      : "";
  out.push(`  ${cloud}, ${bm}${be}`);

  for (const [section, title] of SECTIONS) {
    const steps = e.steps.filter((s) => s.section === section);
    if (steps.length === 0) continue;
    out.push("", title);
    for (const s of steps) {
      out.push(`  ${s.label}: ${value(s)}${s.cite ? `  [${s.cite}]` : ""}`);
      out.push(`      = ${s.formula}`);
    }
  }
  if (e.warnings.length > 0) {
    out.push("", "Warnings");
    for (const w of e.warnings) out.push(`  ! ${w}`);
  }
  if (e.assumptions.length > 0) {
    out.push("", "Assumptions (defaults used; each can be set by a flag)");
    for (const a of e.assumptions) out.push(`  ${a.name} = ${a.value}  — ${a.source}`);
  }
  if (e.cost.cloud.note || e.cost.bareMetal.note) {
    out.push("", "Prices");
    if (e.cost.cloud.note) out.push(`  cloud: ${e.cost.cloud.note}`);
    if (e.cost.bareMetal.note) out.push(`  bare metal: ${e.cost.bareMetal.note}`);
  }
  out.push("", "Sources");
  for (const c of e.citations)
    out.push(`  [${c.id}] ${citeLine(c)} (${c.tag}, read ${c.read})${c.note ? `; ${c.note}` : ""}`);
  return `${out.join("\n")}\n`;
}

/** JSON: the estimate as is (version 1), with the manifest job when there is one. */
export function formatEstimateJson(items: { estimate: Estimate; job?: ManifestJob }[]): string {
  const objs = items.map(({ estimate, job }) => (job ? { ...estimate, workload: job } : estimate));
  return `${JSON.stringify(objs.length === 1 ? objs[0] : objs, null, 2)}\n`;
}

/** Headroom under this share of the GPU's memory is flagged: allocator fragmentation, CUDA and NCCL buffers live there. */
const TIGHT = 0.05;

export function formatPlanText(p: PlanResult, top: number, what: string): string {
  const rows = planRowsToShow(p, top);
  const out: string[] = [];
  const first = p.ranked[0];
  out.push(`mlgate estimate --plan: ${what}`);
  out.push(
    `  ${p.tried} layouts tried (global batch ${p.globalBatch} sequences), ${p.ranked.length} fit in memory, ${p.notFitting} do not`,
  );
  if (!first) {
    out.push("", "  no layout fits: more GPUs, a GPU with more memory, or a smaller micro-batch");
    return `${out.join("\n")}\n`;
  }
  const line = (r: PlanRow) => {
    const slower = r.rank > 1 ? ` (+${((r.stepSeconds / first.stepSeconds - 1) * 100).toFixed(0)}%)` : "";
    out.push(
      `  #${r.rank}  ${layoutLabel(r)}: step ${fmtSeconds(r.stepSeconds)}${slower}, ${fmtSeconds(r.wallSeconds)} in all, MFU ${(r.mfu * 100).toFixed(1)}%`,
    );
    const gpuBytes = r.estimate.memory.gpuBytes;
    const tight = gpuBytes - r.memoryBytes < TIGHT * gpuBytes ? " [tight: under 5% of memory left]" : "";
    out.push(`       ${r.why}${tight}`);
  };
  out.push("", "  Fastest:");
  for (const r of rows.top) line(r);
  if (rows.families.length > 0) {
    out.push("", "  Fastest of each other layout family (tp size without and with pipeline stages; ZeRO-3 alone):");
    for (const r of rows.families) line(r);
  }
  out.push(
    "",
    "  Step = compute at the GPU's efficiency (--mfu) + the pipeline bubble + tensor-parallel collectives + what",
    "  backward does not hide of the data-parallel / ZeRO traffic. `mlgate estimate` with a row's flags shows its working.",
  );
  return `${out.join("\n")}\n`;
}

export function planJson(p: PlanResult, top: number): unknown {
  return {
    version: 1,
    tried: p.tried,
    fitting: p.ranked.length,
    notFitting: p.notFitting,
    skipped: p.skipped,
    globalBatch: p.globalBatch,
    plans: [...planRowsToShow(p, top).top, ...planRowsToShow(p, top).families].map(({ estimate: e, ...r }) => ({
      ...r,
      perStep: e.time.perStep,
      perGpuBytes: e.memory.perGpuBytes,
    })),
  };
}
