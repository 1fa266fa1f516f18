// The job summary of a `check` run (a push): counts first, then the findings at warning and
// error as a table. The runner refuses a step summary over 1 MiB ("$GITHUB_STEP_SUMMARY upload
// aborted, supports content up to a size of 1024k", its annotation on runs that exceed it, e.g.
// maplibre/flutter-maplibre-gl run 9454698428; read 2026-12-04); the table stops well before.
import type { CheckResult, Finding } from "../findings/finding.js";

const MAX_ROWS = 200;

function cell(s: string): string {
  return s
    .replace(/\|/g, "\\|")
    .replace(/\n/g, " ")
    .replace(/[<>]/g, (c) => (c === "<" ? "&lt;" : "&gt;"));
}

function ruleLink(f: Finding, docsUrl: string | undefined): string {
  return docsUrl ? `[\`${f.ruleId}\`](${docsUrl.replace(/\/$/, "")}/${f.ruleId}.md)` : `\`${f.ruleId}\``;
}

export function formatCheckSummary(result: CheckResult, docsUrl?: string): string {
  const s = result.summary;
  const icon = s.errors > 0 ? "⛔" : s.warnings > 0 ? "⚠️" : "✅";
  const out = [
    `### mlgate check: ${icon} ${s.errors} error${s.errors === 1 ? "" : "s"}, ${s.warnings} warning${s.warnings === 1 ? "" : "s"}, ${s.infos} info`,
    "",
    `${s.files} file${s.files === 1 ? "" : "s"}, ${s.documents} document${s.documents === 1 ? "" : "s"} checked.`,
    "",
  ];
  const shown = result.findings.filter((f) => f.severity !== "info");
  if (shown.length > 0) {
    out.push("| severity | rule | where | message |", "| --- | --- | --- | --- |");
    for (const f of shown.slice(0, MAX_ROWS))
      out.push(`| ${f.severity} | ${ruleLink(f, docsUrl)} | \`${cell(f.file)}:${f.line}\` | ${cell(f.message)} |`);
    if (shown.length > MAX_ROWS) out.push("", `… and ${shown.length - MAX_ROWS} more (see the job's log).`);
    out.push("");
  }
  return `${out.join("\n")}\n`;
}
