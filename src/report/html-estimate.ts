/**
 * `mlgate estimate --format html`: the memory per GPU as a stacked bar against the GPU's capacity,
 * the step time as a stacked bar of what it is made of, and the working as tables; `--plan`'s ranked
 * layouts as bars of step time; `--serve`'s memory per GPU (weights, reserve, KV cache) against the
 * server's budget and the smallest layout of each GPU product. Pure.
 */

import type { ManifestJob } from "../estimate/manifest.js";
import { layoutLabel, type PlanResult, planRowsToShow } from "../estimate/plan.js";
import type { ServePlan } from "../estimate/serve-plan.js";
import { formatGiB } from "../estimate/serving.js";
import { formatSize } from "../estimate/size.js";
import type { Estimate } from "../estimate/types.js";
import { fmtBytes, fmtSeconds } from "../estimate/working.js";
import { barList, esc, htmlPage, PALETTE, stackedBar } from "./html.js";

const usd = (n: number | null) =>
  n === null ? "—" : n >= 1e6 ? `$${(n / 1e6).toFixed(2)}M` : `$${Math.round(n).toLocaleString("en-US")}`;

function memoryBar(e: Estimate, id: string): string {
  const m = e.memory.perGpuBytes;
  const logits = e.memory.logitsBytes ?? 0;
  const segments = [
    { label: "weights", value: m.params, text: fmtBytes(m.params) },
    { label: "gradients", value: m.grads, text: fmtBytes(m.grads) },
    { label: "optimizer states", value: m.optimizer, text: fmtBytes(m.optimizer) },
    ...(m.zeroBuffer > 0
      ? [{ label: "ZeRO-3 gathered layers", value: m.zeroBuffer, text: fmtBytes(m.zeroBuffer) }]
      : []),
    ...(m.activations !== null
      ? [
          { label: "activations", value: m.activations - logits, text: fmtBytes(m.activations - logits) },
          ...(logits > 0
            ? [{ label: "logits (fp32, with their gradients at the peak)", value: logits, text: fmtBytes(logits) }]
            : []),
        ]
      : []),
  ];
  return stackedBar(id, `Memory per GPU: ${fmtBytes(m.total)} of ${fmtBytes(e.memory.gpuBytes)}`, segments, {
    value: e.memory.gpuBytes,
    label: `${e.gpu.name}: ${fmtBytes(e.memory.gpuBytes)}`,
  });
}

function timeBar(e: Estimate, id: string): string {
  const t = e.time.perStep;
  const segments = [
    { label: "compute", value: t.computeSeconds, text: fmtSeconds(t.computeSeconds) },
    { label: "tensor-parallel all-reduces", value: t.tpSeconds, text: fmtSeconds(t.tpSeconds) },
    { label: "pipeline bubble", value: t.bubbleSeconds, text: fmtSeconds(t.bubbleSeconds) },
    { label: "pipeline sends", value: t.ppSeconds, text: fmtSeconds(t.ppSeconds) },
    { label: "expert all-to-all", value: t.epSeconds, text: fmtSeconds(t.epSeconds) },
    {
      label: "data-parallel sync not hidden by backward",
      value: t.dpExposedSeconds,
      text: fmtSeconds(t.dpExposedSeconds),
    },
  ].filter((s) => s.value > 0);
  return stackedBar(id, `Step time: ${fmtSeconds(t.stepSeconds)}`, segments);
}

function estimateSection(e: Estimate, i: number, job?: ManifestJob): string {
  const p = e.parallelism;
  const out: string[] = [];
  const title = job ? `${job.kind} ${job.namespace ? `${job.namespace}/` : ""}${job.name} (${job.file})` : "The job";
  out.push(`<section aria-labelledby="job${i}"><h2 id="job${i}">${esc(title)}</h2>`);
  out.push(
    `<div class="cards"><div class="card"><strong>${e.time.days.toFixed(1)} days</strong>wall time</div><div class="card"><strong>${Math.round(e.time.gpuHours).toLocaleString("en-US")}</strong>GPU-hours</div><div class="card"><strong>${fmtBytes(e.memory.perGpuBytes.total)}</strong>per GPU: <span class="${e.memory.fits ? "good" : "bad"}">${e.memory.fits ? "✓ fits" : "✗ does not fit"}</span></div><div class="card"><strong>${usd(e.cost.cloud.total)}</strong>cloud${e.cost.cloud.offer ? ` (${esc(e.cost.cloud.offer)})` : ""}</div><div class="card"><strong>${usd(e.cost.bareMetal.total)}</strong>bare metal</div></div>`,
  );
  out.push(
    `<p>${esc(formatSize(e.params))} parameters${e.activeParams !== e.params ? ` (${esc(formatSize(e.activeParams))} active)` : ""}, ${esc(formatSize(e.tokens))} tokens on ${e.gpus} × ${esc(e.gpu.name)} (${e.nodes} node${e.nodes === 1 ? "" : "s"} of ${e.gpusPerNode}); tp ${p.tp} × pp ${p.pp} × dp ${p.dp}${p.ep > 1 ? ` × ep ${p.ep}` : ""}, ZeRO-${p.zero}, recompute ${p.recompute}.</p>`,
  );
  out.push(`<h3>Memory per GPU</h3>${memoryBar(e, `memory${i}`)}`);
  out.push(`<h3>Step time</h3>${timeBar(e, `time${i}`)}`);
  for (const section of ["model", "compute", "time", "memory", "network", "cost"] as const) {
    const steps = e.steps.filter((s) => s.section === section);
    if (steps.length === 0) continue;
    out.push(
      `<details><summary>${esc(section[0]?.toUpperCase() + section.slice(1))}: the working (${steps.length} lines)</summary><table><thead><tr><th scope="col">What</th><th scope="col">Formula</th><th scope="col">Source</th></tr></thead><tbody>${steps
        .map(
          (s) =>
            `<tr><td>${esc(s.label)}</td><td><code>${esc(s.formula)}</code></td><td>${esc(s.cite ?? "")}</td></tr>`,
        )
        .join("")}</tbody></table></details>`,
    );
  }
  if (e.warnings.length > 0)
    out.push(`<h3>Warnings</h3><ul>${e.warnings.map((w) => `<li>${esc(w)}</li>`).join("")}</ul>`);
  if (e.assumptions.length > 0)
    out.push(
      `<details><summary>Assumptions (${e.assumptions.length})</summary><ul>${e.assumptions.map((a) => `<li><code>${esc(a.name)}</code> = ${esc(String(a.value))}: ${esc(a.source)}</li>`).join("")}</ul></details>`,
    );
  out.push("</section>");
  return out.join("\n");
}

/** `mlgate estimate --format html` for one job or the workloads of manifests. */
export function formatEstimateHtml(items: readonly { estimate: Estimate; job?: ManifestJob }[]): string {
  const first = items[0]?.estimate;
  const subtitle = first
    ? `${items.length === 1 ? "" : `${items.length} workloads; `}memory, step time, GPU-hours and cost, each number with its formula and source`
    : "";
  return htmlPage(
    "mlgate estimate",
    esc(subtitle),
    items.map((it, i) => estimateSection(it.estimate, i, it.job)).join("\n"),
  );
}

/** `mlgate estimate --plan --format html`: the fastest layouts that fit, as bars of step time. */
export function formatPlanHtml(p: PlanResult, top: number, what: string): string {
  const { top: best, families } = planRowsToShow(p, top);
  const rows = [...best, ...families];
  const out: string[] = [];
  out.push(
    `<p>${p.tried} layouts tried, ${p.ranked.length} fit in memory, ${p.notFitting} do not; global batch ${p.globalBatch} sequences.</p>`,
  );
  out.push("<h2>Step time of the fastest layouts</h2>");
  out.push(
    barList(
      "plan-bars",
      "Step time per layout, fastest first",
      rows.map((r, i) => ({
        label: `#${r.rank} ${layoutLabel(r)}`,
        value: r.stepSeconds,
        text: `${fmtSeconds(r.stepSeconds)}, ${fmtBytes(r.memoryBytes)}/GPU`,
        colour: PALETTE[i < best.length ? 0 : 2],
      })),
    ),
  );
  out.push(
    `<h2>The layouts, ranked</h2><table><thead><tr><th scope="col" class="num">Rank</th><th scope="col">Layout</th><th scope="col" class="num">Step</th><th scope="col" class="num">Days</th><th scope="col" class="num">MFU</th><th scope="col" class="num">Memory/GPU</th><th scope="col">Why</th></tr></thead><tbody>${rows
      .map(
        (r) =>
          `<tr><td class="num">${r.rank}</td><td><code>${esc(layoutLabel(r))}</code></td><td class="num">${esc(fmtSeconds(r.stepSeconds))}</td><td class="num">${(r.wallSeconds / 86400).toFixed(1)}</td><td class="num">${(r.mfu * 100).toFixed(1)}%</td><td class="num">${esc(fmtBytes(r.memoryBytes))}</td><td>${esc(r.why)}</td></tr>`,
      )
      .join("")}</tbody></table>`,
  );
  const fastest = best[0];
  if (fastest) {
    out.push(`<h2>The fastest layout: ${esc(layoutLabel(fastest))}</h2>`);
    out.push(`<h3>Memory per GPU</h3>${memoryBar(fastest.estimate, "plan-memory")}`);
    out.push(`<h3>Step time</h3>${timeBar(fastest.estimate, "plan-time")}`);
  }
  return htmlPage("mlgate estimate --plan", esc(what), out.join("\n"));
}

const SERVERS = { vllm: "vLLM", sglang: "SGLang", tgi: "TGI" } as const;

/** `mlgate estimate --serve --format html`. */
export function formatServePlanHtml(p: ServePlan): string {
  const out: string[] = [];
  const f = p.fit;
  if (f) {
    out.push(`<h2>${f.tp * f.pp} × ${esc(f.gpu)} (tp ${f.tp}${f.pp > 1 ? ` × pp ${f.pp}` : ""})</h2>`);
    out.push(
      `<p class="${p.fits ? "good" : "bad"}">${p.fits ? "✓ fits" : "✗ does not fit"}: ${p.layoutProblem ? esc(p.layoutProblem) : `${f.kvTokens.toLocaleString("en-US")} tokens of KV cache, ${f.sequences.toLocaleString("en-US")} sequences of ${p.maxModelLen.toLocaleString("en-US")} tokens at once`}</p>`,
    );
    out.push(
      stackedBar(
        "serve-memory",
        `Memory per GPU: weights, reserve and KV cache against the server's budget`,
        [
          { label: "weights", value: f.weightBytesPerGpu, text: formatGiB(f.weightBytesPerGpu) },
          { label: "activation and runtime reserve", value: f.reserveBytes, text: formatGiB(f.reserveBytes) },
          { label: "KV cache", value: f.kvBytes, text: formatGiB(f.kvBytes) },
        ],
        {
          value: f.budgetBytes,
          label: `budget ${formatGiB(f.budgetBytes)} (${f.memoryUtilization} of ${formatGiB(f.gpuBytes)})`,
        },
      ),
    );
    out.push(
      `<table><thead><tr><th scope="col">Step</th><th scope="col">Working</th></tr></thead><tbody>${f.steps.map((s) => `<tr><td>${esc(s.label)}</td><td><code>${esc(s.formula)}</code></td></tr>`).join("")}</tbody></table>`,
    );
  }
  out.push(`<h2>Smallest layout of each GPU product</h2>`);
  const sized = p.products.filter((r) => r.layout);
  out.push(
    barList(
      "serve-products",
      "GPUs needed per product",
      sized.map((r) => ({
        label: r.gpu,
        value: r.layout?.gpus ?? 0,
        text: `${r.layout?.gpus} GPU${r.layout?.gpus === 1 ? "" : "s"}`,
      })),
    ),
  );
  out.push(
    `<table><thead><tr><th scope="col">GPU</th><th scope="col" class="num">GPUs</th><th scope="col">Layout</th><th scope="col" class="num">Weights/GPU</th><th scope="col" class="num">KV tokens</th><th scope="col" class="num">Sequences</th><th scope="col">On demand</th></tr></thead><tbody>${p.products
      .map((r) => {
        const l = r.layout;
        const price = r.price
          ? `$${r.price.perHour.toFixed(2)}/h (${esc(r.price.offer)}, ${esc(r.price.observed)})`
          : "—";
        return l
          ? `<tr><td>${esc(r.name)}</td><td class="num">${l.gpus}</td><td>tp ${l.tp}${l.pp > 1 ? ` × pp ${l.pp}` : ""}</td><td class="num">${esc(formatGiB(l.fit.weightBytesPerGpu))}</td><td class="num">${l.fit.kvTokens.toLocaleString("en-US")}</td><td class="num">${l.fit.sequences.toLocaleString("en-US")}</td><td>${price}</td></tr>`
          : `<tr><td>${esc(r.name)}</td><td class="num">&gt; ${p.maxGpus}</td><td>—</td><td class="num">—</td><td class="num">—</td><td class="num">—</td><td>—</td></tr>`;
      })
      .join("")}</tbody></table>`,
  );
  return htmlPage(
    "mlgate estimate --serve",
    esc(
      `${p.modelRef} (${p.model.name}) on ${SERVERS[p.server]}, max-model-len ${p.maxModelLen.toLocaleString("en-US")}`,
    ),
    out.join("\n"),
  );
}
