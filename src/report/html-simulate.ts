/**
 * `mlgate simulate --format html`: for each run (without and with gang scheduling) a node × GPU
 * grid at submission time — each workload's GPUs in its colour and letter, GPUs already in use,
 * free GPUs, and those idle by fragmentation hatched —, the deadlocked workloads outlined and named,
 * and a table of when each workload starts. Pure.
 */
import type { NodeOccupancy, SimulatedWorkload, SimulationResult } from "../cluster/simulate.js";
import { esc, htmlPage, PALETTE } from "./html.js";

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const letter = (i: number) => (i < 26 ? LETTERS[i] : `${LETTERS[Math.floor(i / 26) - 1]}${LETTERS[i % 26]}`) as string;

function starts(o: SimulatedWorkload["withGang"]): string {
  return o.starts ? (o.atSubmission ? "at submission" : "after others finish") : "never";
}

function grid(
  id: string,
  title: string,
  nodes: readonly NodeOccupancy[],
  names: readonly string[],
  deadlocked: ReadonlySet<number>,
): string {
  const cell = 24;
  const gap = 3;
  const labelW = 190;
  const maxGpus = Math.max(1, ...nodes.map((n) => n.gpus));
  const W = labelW + maxGpus * (cell + gap) + 10;
  const H = nodes.length * (cell + 8) + 8;
  const rows: string[] = [];
  nodes.forEach((n, r) => {
    const y = 4 + r * (cell + 8);
    rows.push(
      `<text x="0" y="${y + 16}" font-size="13" fill="#1b1b1f">${esc(n.node.length > 24 ? `${n.node.slice(0, 23)}…` : n.node)}</text>`,
    );
    const cells: { kind: "pod" | "pre" | "frag" | "free"; w?: number; pod?: string }[] = [];
    for (const p of n.pods) for (let g = 0; g < p.gpus; g++) cells.push({ kind: "pod", w: p.workload, pod: p.pod });
    for (let g = 0; g < n.preexisting; g++) cells.push({ kind: "pre" });
    for (let g = 0; g < n.idleFragmented; g++) cells.push({ kind: "frag" });
    while (cells.length < n.gpus) cells.push({ kind: "free" });
    cells.slice(0, n.gpus).forEach((c, i) => {
      const x = labelW + i * (cell + gap);
      if (c.kind === "pod" && c.w !== undefined) {
        const colour = PALETTE[c.w % PALETTE.length] as string;
        const dl = deadlocked.has(c.w);
        rows.push(
          `<g><title>${esc(`${n.node} GPU ${i}: ${names[c.w]} (${c.pod})${dl ? ", deadlocked: holds it and waits" : ""}`)}</title><rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${colour}"${dl ? ' stroke="#b3261e" stroke-width="3" stroke-dasharray="4 2"' : ""}/><text x="${x + cell / 2}" y="${y + 16}" font-size="12" font-weight="700" text-anchor="middle" fill="#fff">${letter(c.w)}</text></g>`,
        );
      } else if (c.kind === "pre")
        rows.push(
          `<g><title>${esc(`${n.node} GPU ${i}: in use by pods already running`)}</title><rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="#8a8a94"/><text x="${x + cell / 2}" y="${y + 16}" font-size="12" text-anchor="middle" fill="#fff">·</text></g>`,
        );
      else if (c.kind === "frag")
        rows.push(
          `<g><title>${esc(`${n.node} GPU ${i}: free but idle: no waiting pod fits in what is left (fragmentation)`)}</title><rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="url(#hatch)" stroke="#b3261e" stroke-width="1.5"/><text x="${x + cell / 2}" y="${y + 16}" font-size="12" text-anchor="middle" fill="#b3261e">×</text></g>`,
        );
      else
        rows.push(
          `<g><title>${esc(`${n.node} GPU ${i}: free`)}</title><rect x="${x + 0.5}" y="${y + 0.5}" width="${cell - 1}" height="${cell - 1}" fill="#fff" stroke="#6b6b75"/></g>`,
        );
    });
  });
  return `<figure id="${esc(id)}"><svg role="img" aria-labelledby="${esc(id)}-t" viewBox="0 0 ${W} ${H}" width="100%" style="max-width:${W}px"><title id="${esc(id)}-t">${esc(title)}</title><defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#b3261e" stroke-width="2"/></pattern></defs>${rows.join("")}</svg></figure>`;
}

/** `mlgate simulate --format html`. */
export function formatSimulationHtml(r: SimulationResult, what: string): string {
  const names = r.workloads.map((w) => w.name);
  const dl = new Set((r.cluster.deadlock?.workloads ?? []).map((n) => names.indexOf(n)).filter((i) => i >= 0));
  const out: string[] = [];
  const c = r.cluster;
  out.push(
    `<div class="cards"><div class="card"><strong>${r.workloads.length}</strong>workloads</div><div class="card"><strong>${c.gpusTotal}</strong>GPUs in the cluster</div><div class="card"><strong>${r.workloads.filter((w) => !w.startsWithoutGang).length}</strong>never start without gang scheduling</div><div class="card"><strong>${r.workloads.filter((w) => !w.startsWithGang).length}</strong>never start with it</div></div>`,
  );
  if (c.deadlock)
    out.push(
      `<p class="bad" role="alert">⚠ Deadlock without gang scheduling: ${c.deadlock.workloads.map((w) => `${esc(w)} holds ${c.deadlock?.heldGpus[w] ?? 0} GPUs`).join(", ")} and each waits for the rest.</p>`,
    );
  out.push(
    `<h2>Workloads</h2><table><thead><tr><th scope="col">Key</th><th scope="col">Workload</th><th scope="col" class="num">GPUs</th><th scope="col">Without gang scheduling</th><th scope="col">With gang admission</th><th scope="col">Why</th></tr></thead><tbody>${r.workloads
      .map(
        (w, i) =>
          `<tr${dl.has(i) ? ' class="deadlocked"' : ""}><td><span class="swatch" style="background:${PALETTE[i % PALETTE.length]}"></span><strong>${letter(i)}</strong></td><td>${esc(w.name)}${dl.has(i) ? ' <span class="bad">⚠ deadlocked</span>' : ""}</td><td class="num">${w.gpus}</td><td class="${w.startsWithoutGang ? "" : "bad"}">${starts(w.withoutGang)}</td><td class="${w.startsWithGang ? "" : "bad"}">${starts(w.withGang)}</td><td>${esc(w.reason)}</td></tr>`,
      )
      .join("")}</tbody></table>`,
  );
  const legend = (marked: ReadonlySet<number>) =>
    `<ul class="legend">${names
      .map(
        (n, i) =>
          `<li><span class="swatch" style="background:${PALETTE[i % PALETTE.length]}"></span>${letter(i)} = ${esc(n)}${marked.has(i) ? " (dashed red outline: deadlocked)" : ""}</li>`,
      )
      .join(
        "",
      )}<li><span class="swatch" style="background:#8a8a94"></span>· in use before (--pods)</li><li><span class="swatch" style="background:#fff;border-color:#b3261e"></span>× idle by fragmentation</li><li><span class="swatch" style="background:#fff"></span>free</li></ul>`;
  for (const [key, label, summary] of [
    [
      "withoutGang",
      "Without gang scheduling",
      `${c.gpusUsed} of ${c.gpusTotal} GPUs in use at submission, ${c.gpusIdleFragmented} idle by fragmentation`,
    ],
    [
      "withGang",
      "With gang admission",
      `${c.withGang.gpusUsed} of ${c.gpusTotal} GPUs in use at submission, ${c.withGang.gpusIdleFragmented} idle by fragmentation`,
    ],
  ] as const) {
    out.push(`<h2>${label}</h2><p>${esc(summary)}.</p>`);
    const marked = key === "withoutGang" ? dl : new Set<number>();
    out.push(legend(marked));
    out.push(grid(`grid-${key}`, `${label}: GPUs of each node at submission`, r.occupancy[key], names, marked));
  }
  if (r.skipped.length > 0)
    out.push(
      `<h2>Not simulated</h2><ul>${r.skipped.map((s) => `<li>${esc(s.kind)}/${esc(s.name)}: ${esc(s.reason)}</li>`).join("")}</ul>`,
    );
  return htmlPage("mlgate simulate", esc(what), out.join("\n"));
}
