/** The rule list (`mlgate rules`), one rule explained (`mlgate rules --explain`), and what each rule cost (`check --timing`). */
import type { Rule } from "../rules/types.js";

export function listRules(rules: readonly Rule[], json: boolean): string {
  const sorted = [...rules].sort((a, b) => (a.id < b.id ? -1 : 1));
  if (json) {
    return `${JSON.stringify(
      sorted.map((r) => ({ id: r.id, category: r.category, severity: r.severity, summary: r.summary })),
      null,
      2,
    )}\n`;
  }
  const w = Math.max(...sorted.map((r) => r.id.length));
  return `${sorted.map((r) => `${r.id.padEnd(w)}  ${r.severity.padEnd(7)}  ${r.summary}`).join("\n")}\n`;
}

export function explainRule(r: Rule): string {
  const lines = [
    `${r.id} (${r.category}, default severity ${r.severity})`,
    "",
    r.summary,
    "",
    "Why:",
    `  ${r.rationale}`,
    "",
    "Fix:",
    `  ${r.remediation}`,
  ];
  if (r.links.length > 0) {
    lines.push("", "Evidence:");
    for (const l of r.links) lines.push(`  ${l.title}: ${l.url}`);
  }
  const bad = r.examples.invalid[0];
  if (bad)
    lines.push(
      "",
      `Example that fails (${bad.title}):`,
      ...bad.yaml
        .trimEnd()
        .split("\n")
        .map((l) => `  ${l}`),
    );
  return `${lines.join("\n")}\n`;
}

/** The stages, then the 20 slowest rules, in milliseconds: where a large run spends its time. */
export function formatTimings(timings: Map<string, number>): string {
  const stages = [...timings].filter(([k]) => k.startsWith("(stage)"));
  const rules = [...timings].filter(([k]) => !k.startsWith("(stage)")).sort((a, b) => b[1] - a[1]);
  const total = rules.reduce((n, [, ms]) => n + ms, 0);
  const lines = [
    ...stages.map(([k, ms]) => `${ms.toFixed(0).padStart(7)} ms  ${k.slice(8)}`),
    `${total.toFixed(0).padStart(7)} ms  rules (${rules.length}), the slowest:`,
    ...rules.slice(0, 20).map(([id, ms]) => `${ms.toFixed(1).padStart(9)} ms    ${id}`),
  ];
  return `${lines.join("\n")}\n`;
}
