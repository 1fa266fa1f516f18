import pc from "picocolors";
import type { CheckResult, Finding } from "../findings/finding.js";

export interface TextOptions {
  color: boolean;
  /** Only the summary line, the errors and the findings `alsoWhenQuiet` keeps, without code frames. */
  quiet: boolean;
  /** With `quiet`: findings to print besides errors (the CLI passes those that fail the run). */
  alsoWhenQuiet?: (f: Finding) => boolean;
  /** Source text by file path, for code frames. */
  sources: ReadonlyMap<string, string>;
  /** `--estimate`: also the total monthly cost of the run's Terraform GPU node pools. */
  estimate?: boolean;
}

type Paint = (s: string) => string;

function painter(color: boolean) {
  const c = pc.createColors(color);
  return {
    error: c.red as Paint,
    warning: c.yellow as Paint,
    info: c.blue as Paint,
    dim: c.dim as Paint,
    bold: c.bold as Paint,
    caret: c.red as Paint,
  };
}

/** A code frame: the finding's line with one line of context each side and a caret under the column. */
export function codeFrame(text: string, f: Finding, paint: ReturnType<typeof painter>): string {
  const lines = text.split("\n");
  const first = Math.max(1, f.line - 1);
  const last = Math.min(lines.length, f.line + 1);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const raw = (lines[n - 1] ?? "").replace(/\r$/, "").replace(/\t/g, " ");
    const gutter = `${n === f.line ? ">" : " "} ${String(n).padStart(width)} | `;
    out.push(`${n === f.line ? gutter : paint.dim(gutter)}${raw}`);
    if (n === f.line) {
      const span = f.endLine === f.line ? Math.max(1, Math.min(f.endColumn - f.column, raw.length - f.column + 1)) : 1;
      out.push(
        `${" ".repeat(gutter.length - 2)}| ${" ".repeat(Math.max(0, f.column - 1))}${paint.caret("^".repeat(Math.max(1, span)))}`,
      );
    }
  }
  return out.join("\n");
}

/**
 * Replaces the text of every span a finding marks as secret with `*` (newlines kept, so lines and
 * columns still line up): code frames print source lines, and a secret must never reach the output.
 */
export function maskSecrets(text: string, findings: readonly Finding[]): string {
  const spans = findings.filter((f) => f.secret);
  if (spans.length === 0) return text;
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  const offset = (line: number, column: number) => (starts[line - 1] ?? text.length) + column - 1;
  const chars = text.split("");
  for (const f of spans) {
    const from = offset(f.line, f.column);
    const to = Math.min(text.length, Math.max(from + 1, offset(f.endLine, f.endColumn)));
    for (let i = from; i < to; i++) if (chars[i] !== "\n" && chars[i] !== "\r") chars[i] = "*";
  }
  return chars.join("");
}

export function formatText(result: CheckResult, opts: TextOptions): string {
  const paint = painter(opts.color);
  const out: string[] = [];
  const masked = new Map<string, string>();
  const sourceOf = (file: string): string | undefined => {
    const text = opts.sources.get(file);
    if (text === undefined) return undefined;
    let m = masked.get(file);
    if (m === undefined) {
      m = maskSecrets(
        text,
        [...result.findings, ...(result.maskedSecrets ?? [])].filter((f) => f.file === file),
      );
      masked.set(file, m);
    }
    return m;
  };
  const keep = opts.alsoWhenQuiet ?? (() => false);
  const shown = opts.quiet ? result.findings.filter((f) => f.severity === "error" || keep(f)) : result.findings;
  let currentFile: string | undefined;
  for (const f of shown) {
    if (f.file !== currentFile) {
      if (currentFile !== undefined) out.push("");
      out.push(paint.bold(f.file));
      currentFile = f.file;
    }
    const sev = paint[f.severity](f.severity.padEnd(7));
    const where = f.resource ? paint.dim(` ${f.resource.kind}${f.resource.name ? `/${f.resource.name}` : ""}`) : "";
    out.push(`  ${f.file}:${f.line}:${f.column}  ${sev} ${f.message}  ${paint.dim(f.ruleId)}${where}`);
    const text = sourceOf(f.file);
    if (text !== undefined && !opts.quiet && text.length > 0) {
      out.push(
        codeFrame(text, f, paint)
          .split("\n")
          .map((l) => `    ${l}`)
          .join("\n"),
      );
    }
  }
  const s = result.summary;
  if (shown.length > 0) out.push("");
  const gp = result.gpuPools;
  if (opts.estimate && gp && !opts.quiet) {
    const usd = (n: number) => `$${Math.round(n).toLocaleString("en-US")}`;
    const t = gp.totalMonthlyUsd;
    out.push(
      `GPU node pools (Terraform, Karpenter): ${gp.pools.length} pool${gp.pools.length === 1 ? "" : "s"}, ${usd(t.min)} a month at their minimum, ${usd(t.desired)} at their desired size, up to ${usd(t.max)} at their maximum (on demand, priced pools only)`,
    );
  }
  const counts = [
    paint.error(`${s.errors} error${s.errors === 1 ? "" : "s"}`),
    paint.warning(`${s.warnings} warning${s.warnings === 1 ? "" : "s"}`),
    paint.info(`${s.infos} info`),
  ].join(", ");
  out.push(
    `${counts} in ${s.documents} document${s.documents === 1 ? "" : "s"} from ${s.files} file${s.files === 1 ? "" : "s"}${
      result.suppressed ? ` (${result.suppressed} suppressed)` : ""
    }${s.skipped ? `; ${s.skipped} other file${s.skipped === 1 ? "" : "s"} skipped (not manifests)` : ""}`,
  );
  return `${out.join("\n")}\n`;
}
