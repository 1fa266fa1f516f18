// Formatters of a review: text for the terminal and the versioned JSON contract
// (docs/schema/review.schema.json). They only format.
import type { Finding } from "../findings/finding.js";
import type { ChangeEntry, NullableRef, ReviewResult } from "../review/review.js";
import { VERSION } from "../version.js";
import { findingJson, JSON_CONTRACT_VERSION } from "./json.js";

export function refText(r: NullableRef): string {
  return `${r.kind}/${r.namespace ? `${r.namespace}/` : ""}${r.name ?? "(unnamed)"}`;
}

/** One change in words: `modified Deployment/web`, `removed step "Run tests" of job test in ci.yml`. */
export function changeText(c: ChangeEntry): string {
  if ("resource" in c) return `${c.action} ${refText(c.resource)}${c.from ? ` (was ${refText(c.from)})` : ""}`;
  const w = c.workflow;
  const from = c.from ? ` (was ${c.action === "renamed" && w.job === null ? c.from : `"${c.from}"`})` : "";
  if (w.step !== null) return `${c.action} step "${w.step}"${from} of job ${w.job} in ${w.file}`;
  if (w.job !== null) return `${c.action} job ${w.job}${c.from ? ` (was ${c.from})` : ""} in ${w.file}`;
  return `${c.action} workflow ${w.file}${from}`;
}

export function usd(x: number): string {
  return `$${x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function signedUsd(x: number): string {
  return `${x < 0 ? "−" : "+"}${usd(Math.abs(x))}`;
}

function findingLine(f: Finding): string {
  return `  ${f.file}:${f.line}:${f.column}  ${f.severity.padEnd(7)} ${f.message}  [${f.ruleId}]`;
}

export function formatReviewText(r: ReviewResult, opts: { all?: boolean; base?: string; head?: string } = {}): string {
  const out = [
    `mlgate review: ${r.verdict.toUpperCase()}${opts.base ? ` (${opts.base} → ${opts.head ?? "head"})` : ""}`,
  ];
  for (const reason of r.reasons) out.push(`  ${reason.code}: ${reason.message}`);
  out.push("", `Changes (${r.changes.length}):`);
  if (r.changes.length === 0) out.push("  none");
  for (const c of r.changes) out.push(`  ${changeText(c)}`);
  if (r.workloads.length > 0) {
    out.push("", "GPU workloads changed:");
    for (const w of r.workloads) {
      const side = (s: typeof w.before) => (s ? `${s.gpus} GPUs ${usd(s.dailyUsd)}/day` : "absent");
      out.push(
        `  ${refText(w.resource)}: ${side(w.before)} → ${side(w.after)}${w.priceUnknown ? " (price unknown: no priced GPU product named)" : ""}`,
      );
    }
    out.push(
      `  total: ${r.cost.before.gpus} → ${r.cost.after.gpus} GPUs, ${usd(r.cost.before.dailyUsd)} → ${usd(r.cost.after.dailyUsd)} per day (${signedUsd(r.cost.delta.dailyUsd)})`,
    );
  }
  if (r.pools.length > 0) {
    out.push("", "GPU node pools changed (Terraform; a month on demand at min / desired / max nodes):");
    for (const p of r.pools) {
      const side = (s: typeof p.before) => {
        if (!s) return "absent";
        const n = (x: number | null) => (x === null ? "?" : String(x));
        const m = (x: number | null) => (x === null ? "?" : usd(x));
        return `${s.instanceType} ${n(s.nodes.min)}/${n(s.nodes.desired)}/${n(s.nodes.max)} nodes ${m(s.monthlyUsd.min)}/${m(s.monthlyUsd.desired)}/${m(s.monthlyUsd.max)}`;
      };
      out.push(
        `  ${p.action} ${p.pool} (${p.module}): ${side(p.before)} → ${side(p.after)}${p.priceUnknown ? " (price unknown)" : ""}${p.replacedBecause ? `; replaced: ${p.replacedBecause}` : ""}`,
      );
    }
  }
  out.push("", `New findings (${r.findings.length}):`);
  if (r.findings.length === 0) out.push("  none");
  for (const f of r.findings) out.push(findingLine(f));
  if (r.fixed.length > 0) {
    out.push("", `Fixed by this change (${r.fixed.length}):`);
    for (const f of r.fixed) out.push(findingLine(f));
  }
  if (opts.all && r.existing.length > 0) {
    out.push("", `Existing findings (${r.existing.length}):`);
    for (const f of r.existing) out.push(findingLine(f));
  } else if (r.existing.length > 0)
    out.push(
      "",
      `${r.existing.length} existing finding${r.existing.length === 1 ? "" : "s"} not listed (--all lists them)`,
    );
  return `${out.join("\n")}\n`;
}

/** The review's JSON contract; docs/schema/review.schema.json describes it. */
export function formatReviewJson(r: ReviewResult, opts: { all?: boolean } = {}): string {
  const out = {
    version: JSON_CONTRACT_VERSION,
    tool: { name: "mlgate", version: VERSION },
    verdict: r.verdict,
    reasons: r.reasons,
    summary: r.summary,
    changes: r.changes,
    findings: r.findings.map(findingJson),
    fixed: r.fixed.map(findingJson),
    ...(opts.all ? { existing: r.existing.map(findingJson) } : {}),
    cost: r.cost,
    workloads: r.workloads,
    pools: r.pools,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
