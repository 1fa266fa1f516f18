import picomatch from "picomatch";
import type { Config } from "../config/config.js";
import type { LoadProblem } from "../load/types.js";
import { annotationIgnores } from "../model/ignore.js";
import { formatPath } from "../model/path.js";
import { locateInResource } from "../model/resource.js";
import type { RawFinding } from "../rules/engine.js";
import type { Rule, Supersession } from "../rules/types.js";
import type { Finding } from "./finding.js";
import { supersede } from "./merge.js";

/** Ties a rule's report to file:line:column through the document's node table. */
export function locateFinding(f: RawFinding): Finding {
  const r = f.resource;
  const file = r.doc.file;
  const located = locateInResource(r, f.path);
  const span =
    f.span && f.span.start >= 0 && f.span.end <= file.text.length && f.span.start < f.span.end
      ? f.span
      : located
        ? f.at === "key" && located.key && located.exact
          ? located.key
          : located.value
        : undefined;
  const start = file.position(span?.start ?? r.doc.start);
  let end = file.position(span ? span.end : r.doc.start + 1);
  // Rendered text maps to its template line by line; a span may not end before it starts there.
  if (file.rendered && (end.line < start.line || (end.line === start.line && end.column <= start.column)))
    end = { line: start.line, column: start.column + 1 };
  const finding: Finding = {
    ruleId: f.rule.id,
    category: f.rule.category,
    severity: f.severity,
    message: f.message,
    file: file.path,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    resource: r.ref,
    path: formatPath(f.path),
  };
  if (f.secret) finding.secret = true;
  if (f.internal) finding.internal = true;
  if (f.messageId !== undefined) finding.messageId = f.messageId;
  return finding;
}

export function problemToFinding(p: LoadProblem, rule: Rule): Finding {
  const pos = p.file.text ? p.file.position(p.offset) : { line: 1, column: 1 };
  return {
    ruleId: p.ruleId,
    category: rule.category,
    severity: p.severity ?? rule.severity,
    message: p.message,
    file: p.file.path,
    line: pos.line,
    column: pos.column,
    endLine: pos.line,
    endColumn: pos.column + 1,
    resource: null,
    path: "",
  };
}

/** Applies severity overrides and ignores; returns the findings that remain and how many were dropped. */
export function applyConfig(
  raw: readonly RawFinding[],
  loadFindings: readonly Finding[],
  config: Config,
): { findings: Finding[]; suppressed: number; maskedSecrets: Finding[] } {
  const c = configure(raw, loadFindings, config);
  return { findings: finishFindings(c.findings, raw), suppressed: c.suppressed, maskedSecrets: c.maskedSecrets };
}

/** What configuration leaves of each raw finding, located; `from` gives each kept one's raw index (-1: a load finding). */
export interface Configured {
  findings: Finding[];
  from: number[];
  suppressed: number;
  maskedSecrets: Finding[];
  maskedFrom: number[];
}

/**
 * The first half of `applyConfig`: overrides and ignores applied finding by finding, in order. A
 * parallel check configures each thread's findings where their documents are, and finishes the
 * merged list once.
 */
export function configure(raw: readonly RawFinding[], loadFindings: readonly Finding[], config: Config): Configured {
  let suppressed = 0;
  const matchers = config.ignore.map((e) => ({
    entry: e,
    file: e.file ? picomatch(e.file, { dot: true }) : undefined,
  }));
  const out: Finding[] = [];
  const from: number[] = [];
  const maskedSecrets: Finding[] = [];
  const maskedFrom: number[] = [];
  const setting = (id: string) => config.rules[id];
  for (const lf of loadFindings) {
    const s = setting(lf.ruleId);
    if (s === "off") {
      suppressed++;
      continue;
    }
    out.push(s ? { ...lf, severity: s } : lf);
    from.push(-1);
  }
  raw.forEach((f, i) => {
    const id = f.rule.id;
    const s = setting(id);
    if (s === "off") {
      suppressed++;
      return;
    }
    const r = f.resource;
    if (annotationIgnores(r.annotations).includes(id)) {
      suppressed++;
      // A silenced secret finding still marks its span: other findings' code frames must not show it.
      if (f.secret) {
        maskedSecrets.push(locateFinding(f));
        maskedFrom.push(i);
      }
      return;
    }
    const ignored = matchers.some(
      ({ entry, file }) =>
        entry.rules.includes(id) &&
        (entry.kind === undefined || entry.kind === r.kind) &&
        (entry.name === undefined || entry.name === r.name) &&
        (entry.namespace === undefined || entry.namespace === r.namespace) &&
        (file === undefined || file(r.doc.file.path)),
    );
    if (ignored) {
      suppressed++;
      if (f.secret) {
        maskedSecrets.push(locateFinding(f));
        maskedFrom.push(i);
      }
      return;
    }
    const located = locateFinding(f);
    // An override replaces the rule's default severity: a finding the rule reports at another
    // severity on purpose (info for a CPU-only job) keeps it.
    out.push(s && f.severity === f.rule.severity ? { ...located, severity: s } : located);
    from.push(i);
  });
  return { findings: out, from, suppressed, maskedSecrets, maskedFrom };
}

/** The second half of `applyConfig`: supersessions between rules (those of `raw`'s rules), then sorted and deduplicated. */
export function finishFindings(findings: Finding[], raw: readonly { rule: Rule }[]): Finding[] {
  const declared = new Map<string, readonly Supersession[]>();
  for (const f of raw) if (f.rule.supersedes) declared.set(f.rule.id, f.rule.supersedes);
  return sortAndDedupe(supersede(findings, declared));
}

export function sortAndDedupe(findings: Finding[]): Finding[] {
  findings.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
  const out: Finding[] = [];
  let prev: Finding | undefined;
  for (const f of findings) {
    if (
      prev &&
      prev.file === f.file &&
      prev.line === f.line &&
      prev.column === f.column &&
      prev.ruleId === f.ruleId &&
      prev.message === f.message
    ) {
      continue;
    }
    out.push(f);
    prev = f;
  }
  return out;
}
