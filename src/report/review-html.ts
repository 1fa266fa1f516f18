/**
 * `mlgate review --format html`: the verdict and its reasons first, the GPU cost before and after,
 * what changed, then the findings the change introduces (the same filterable list as `check`'s
 * page, with code frames from the head) and those it fixes. Pure.
 */

import type { ReviewResult } from "../review/review.js";
import { esc, FILTER_JS, findingsHtml, htmlPage, severityLabel } from "./html.js";
import { changeText, refText, signedUsd, usd } from "./review.js";

export function formatReviewHtml(
  r: ReviewResult,
  opts: { sources: ReadonlyMap<string, string>; base?: string; head?: string },
): string {
  const out: string[] = [];
  out.push(
    `<h2 id="verdict">Verdict</h2><p class="verdict ${r.verdict}">${r.verdict === "allow" ? "✓" : r.verdict === "review" ? "?" : "✗"} ${r.verdict.toUpperCase()}</p>`,
  );
  if (r.reasons.length > 0)
    out.push(`<ul>${r.reasons.map((x) => `<li><code>${esc(x.code)}</code>: ${esc(x.message)}</li>`).join("")}</ul>`);
  const c = r.cost;
  out.push(
    `<h2 id="cost">GPU cost</h2><table><thead><tr><th scope="col"></th><th scope="col" class="num">GPUs</th><th scope="col" class="num">Per day (on demand)</th></tr></thead><tbody><tr><th scope="row">Before</th><td class="num">${c.before.gpus}</td><td class="num">${usd(c.before.dailyUsd)}</td></tr><tr><th scope="row">After</th><td class="num">${c.after.gpus}</td><td class="num">${usd(c.after.dailyUsd)}</td></tr><tr><th scope="row">Change</th><td class="num">${c.delta.gpus >= 0 ? "+" : "−"}${Math.abs(c.delta.gpus)}</td><td class="num ${c.delta.dailyUsd > 0 ? "bad" : ""}">${signedUsd(c.delta.dailyUsd)}</td></tr></tbody></table>`,
  );
  if (r.workloads.length > 0)
    out.push(
      `<table><caption class="sub" style="text-align:left">GPU workloads the change touches</caption><thead><tr><th scope="col">Workload</th><th scope="col">Change</th><th scope="col" class="num">Before</th><th scope="col" class="num">After</th></tr></thead><tbody>${r.workloads
        .map(
          (w) =>
            `<tr><td>${esc(refText(w.resource))}</td><td>${esc(w.action)}</td><td class="num">${w.before ? `${w.before.gpus} GPUs, ${usd(w.before.dailyUsd)}/day` : "—"}</td><td class="num">${w.after ? `${w.after.gpus} GPUs, ${usd(w.after.dailyUsd)}/day` : "—"}${w.priceUnknown ? " (price unknown)" : ""}</td></tr>`,
        )
        .join("")}</tbody></table>`,
    );
  out.push(
    `<h2 id="changes">Changes (${r.changes.length})</h2>${r.changes.length === 0 ? "<p>None.</p>" : `<ul>${r.changes.map((x) => `<li>${esc(changeText(x))}</li>`).join("")}</ul>`}`,
  );
  out.push(`<h2 id="new">New findings (${r.findings.length})</h2>`);
  out.push(findingsHtml(r.findings, { sources: opts.sources, level: 3 }));
  out.push(`<h2 id="fixed">Fixed (${r.fixed.length})</h2>`);
  out.push(
    r.fixed.length === 0
      ? "<p>None.</p>"
      : `<ul>${r.fixed.map((f) => `<li>${severityLabel(f.severity)} <code>${esc(f.ruleId)}</code> ${esc(f.file)}:${f.line}: ${esc(f.message)}</li>`).join("")}</ul>`,
  );
  const s = r.summary;
  const subtitle = `${opts.base ? `${esc(opts.base)} → ${esc(opts.head ?? "head")}: ` : ""}${s.changes} changes, ${s.newFindings} new findings (${s.newErrors} errors), ${s.fixedFindings} fixed`;
  return htmlPage(`mlgate review: ${r.verdict}`, subtitle, out.join("\n"), FILTER_JS);
}
