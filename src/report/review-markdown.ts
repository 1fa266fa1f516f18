// The review as a pull-request comment (GitHub-flavoured Markdown): verdict first, the GPU cost
// table, new findings by severity, fixed findings, and the rest collapsed. It only formats.
import type { Finding } from "../findings/finding.js";
import type { ReviewResult } from "../review/review.js";
import type { Rule } from "../rules/types.js";
import { changeText, refText, signedUsd, usd } from "./review.js";
import { formatSarif } from "./sarif.js";

/**
 * GitHub refuses a comment body longer than 65,536 characters ("Body is too long (maximum is
 * 65536 characters)", the REST API's 422 answer quoted in danger/danger#424 and
 * telia-oss/github-pr-resource#259; read 2026-12-04). The comment stays well under it: below
 * this budget, lists are cut and the cut is said.
 */
export const COMMENT_LIMIT = 65_536;
const BUDGET = 60_000;

/** Marks mlgate's comment, so the Action updates its own comment instead of adding another. */
export const COMMENT_MARKER = "<!-- mlgate-review -->";

const BADGE = { allow: "✅ **allow**", review: "⚠️ **review**", block: "⛔ **block**" } as const;

export interface MarkdownOptions {
  /** Base URL of the rule docs (`…/docs/rules`); without it a finding names `mlgate explain <id>`. */
  docsUrl?: string;
  all?: boolean;
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function escapeText(s: string): string {
  // Keep the message as text: no HTML, no accidental Markdown links or mentions.
  return s.replace(/[<>]/g, (c) => (c === "<" ? "&lt;" : "&gt;")).replace(/(^|[\s(])@(\w)/g, "$1@\u200b$2");
}

function findingItem(f: Finding, o: MarkdownOptions): string {
  const rule = o.docsUrl ? `[\`${f.ruleId}\`](${o.docsUrl.replace(/\/$/, "")}/${f.ruleId}.md)` : `\`${f.ruleId}\``;
  return `- ${rule} \`${f.file}:${f.line}\` — ${escapeText(f.message)}`;
}

/** Lines until the budget is spent, then one line that says how many were left out. */
function within(lines: readonly string[], budget: { left: number }, what: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (budget.left - line.length - 1 < 0) {
      out.push(`- … and ${lines.length - i} more ${what} (see the job's log or the SARIF upload)`);
      budget.left -= 80;
      break;
    }
    out.push(line);
    budget.left -= line.length + 1;
  }
  return out;
}

export function formatReviewMarkdown(r: ReviewResult, o: MarkdownOptions = {}): string {
  const budget = { left: BUDGET };
  const out: string[] = [COMMENT_MARKER, `### mlgate review: ${BADGE[r.verdict]}`, ""];
  for (const reason of r.reasons) out.push(`- ${escapeText(reason.message)}`);
  out.push("");
  if (r.workloads.length > 0) {
    out.push("| GPU workload | change | GPUs | $/day |", "| --- | --- | --- | --- |");
    const side = (s: { gpus: number; dailyUsd: number } | undefined, unknown: boolean) =>
      s
        ? { gpus: String(s.gpus), usd: unknown && s.gpus > 0 && s.dailyUsd === 0 ? "unknown" : usd(s.dailyUsd) }
        : { gpus: "—", usd: "—" };
    const rows = r.workloads.map((w) => {
      const b = side(w.before, w.priceUnknown);
      const a = side(w.after, w.priceUnknown);
      return `| ${escapeCell(refText(w.resource))} | ${w.action} | ${b.gpus} → ${a.gpus} | ${b.usd} → ${a.usd} |`;
    });
    out.push(...within(rows, budget, "workloads"));
    out.push(
      `| **total** | | **${r.cost.before.gpus} → ${r.cost.after.gpus}** | **${usd(r.cost.before.dailyUsd)} → ${usd(r.cost.after.dailyUsd)}** (${signedUsd(r.cost.delta.dailyUsd)}) |`,
      "",
    );
  }
  if (r.pools.length > 0) {
    out.push(
      "| GPU node pool (Terraform) | change | nodes min/desired/max | $/month on demand at min/desired/max |",
      "| --- | --- | --- | --- |",
    );
    const n = (x: number | null) => (x === null ? "?" : String(x));
    const m = (x: number | null) => (x === null ? "?" : usd(x));
    const sizes = (s: (typeof r.pools)[number]["before"]) =>
      s ? `${n(s.nodes.min)}/${n(s.nodes.desired)}/${n(s.nodes.max)}` : "—";
    const money = (s: (typeof r.pools)[number]["before"]) =>
      s ? `${m(s.monthlyUsd.min)}/${m(s.monthlyUsd.desired)}/${m(s.monthlyUsd.max)}` : "—";
    const rows = r.pools.map(
      (p) =>
        `| ${escapeCell(p.pool)} (${escapeCell(p.after?.instanceType ?? p.before?.instanceType ?? "")}) | ${p.action}${p.replacedBecause ? `: ${escapeCell(p.replacedBecause)}` : ""} | ${sizes(p.before)} → ${sizes(p.after)} | ${money(p.before)} → ${money(p.after)} |`,
    );
    out.push(...within(rows, budget, "pools"), "");
  }
  const groups = [
    ["error", "Errors"],
    ["warning", "Warnings"],
    ["info", "Info"],
  ] as const;
  if (r.findings.length === 0) out.push("No new findings.", "");
  else {
    out.push(`**${r.findings.length} new finding${r.findings.length === 1 ? "" : "s"}**`, "");
    for (const [sev, title] of groups) {
      const fs = r.findings.filter((f) => f.severity === sev);
      if (fs.length === 0) continue;
      const list = within(
        fs.map((f) => findingItem(f, o)),
        budget,
        `${title.toLowerCase()}`,
      );
      if (sev === "info")
        out.push(`<details><summary>${title} (${fs.length})</summary>`, "", ...list, "", "</details>", "");
      else out.push(`#### ${title} (${fs.length})`, "", ...list, "");
    }
  }
  if (r.fixed.length > 0)
    out.push(
      `<details><summary>🎉 Fixed by this change (${r.fixed.length})</summary>`,
      "",
      ...within(
        r.fixed.map((f) => findingItem(f, o)),
        budget,
        "fixed findings",
      ),
      "",
      "</details>",
      "",
    );
  out.push(
    `<details><summary>What changed (${r.changes.length})</summary>`,
    "",
    ...within(
      r.changes.map((c) => `- ${escapeText(changeText(c))}`),
      budget,
      "changes",
    ),
    "",
    "</details>",
    "",
  );
  if (o.all && r.existing.length > 0)
    out.push(
      `<details><summary>Findings already there before (${r.existing.length})</summary>`,
      "",
      ...within(
        r.existing.map((f) => findingItem(f, o)),
        budget,
        "existing findings",
      ),
      "",
      "</details>",
      "",
    );
  else if (r.existing.length > 0)
    out.push(
      `${r.existing.length} finding${r.existing.length === 1 ? "" : "s"} already there before this change (not listed).`,
      "",
    );
  return `${out.join("\n").trimEnd()}\n`;
}

/** SARIF 2.1.0 of the new findings only, for code scanning on the pull request. */
export function formatReviewSarif(r: ReviewResult, rules: readonly Rule[]): string {
  const count = (s: string) => r.findings.filter((f) => f.severity === s).length;
  return formatSarif(
    {
      summary: {
        files: r.summary.headFiles,
        documents: 0,
        findings: r.findings.length,
        errors: count("error"),
        warnings: count("warning"),
        infos: count("info"),
        skipped: 0,
      },
      findings: r.findings,
      skipped: [],
      suppressed: 0,
    },
    rules,
  );
}
