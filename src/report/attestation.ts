// A record of a check or a review as an in-toto Statement (in-toto attestation framework,
// spec/v1/statement.md: `_type` https://in-toto.io/Statement/v1, `subject` resource descriptors
// with a `digest`, a `predicateType` URI, a `predicate` object; read 2026-12-04). The subjects are
// the files judged (the head's, for a review), by path and SHA-256; the predicate (mlgate's own,
// docs/lineage.md) names the tool, the rule set and configuration by their digests, the findings'
// digest and the outcome. No clock and no randomness: the same inputs give the same bytes, so a
// statement can be recomputed and compared; signing (cosign, in-toto) adds who and when.
import { createHash } from "node:crypto";
import type { Config } from "../config/config.js";
import type { Finding } from "../findings/finding.js";
import type { SourceFile } from "../load/types.js";
import type { Rule } from "../rules/types.js";
import { canonical } from "../util/canonical.js";
import { VERSION } from "../version.js";
import { findingJson } from "./json.js";

export const STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
export const PREDICATE_TYPE = "https://github.com/mlgate/mlgate/blob/main/docs/lineage.md#predicate-v1";

export interface Subject {
  name: string;
  digest: { sha256: string };
}

export interface AttestationInput {
  command: "check" | "review";
  /** The files judged (a review's head): the statement's subjects. */
  files: readonly SourceFile[];
  /** A review's base files, and how each side was named (a directory or a ref with its commit). */
  base?: { label: string; files: readonly SourceFile[] };
  head?: { label: string };
  /** The rules that can run and the configurations that governed the files (root first). */
  rules: readonly Rule[];
  configs: ReadonlyArray<{ path: string | undefined; config: Config }>;
  /** The findings reported (a review's new findings), in the output's order. */
  findings: readonly Finding[];
  outcome: { verdict?: "allow" | "review" | "block"; exitCode: number };
}

export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Files by path (sorted, unique), each with the SHA-256 of the text mlgate read. */
export function subjectsOf(files: readonly SourceFile[]): Subject[] {
  const byName = new Map<string, Subject>();
  for (const f of files) byName.set(f.path, { name: f.path, digest: { sha256: sha256(f.text) } });
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The effective rule set of a configuration: each rule that runs, at its severity, one per line. */
function ruleSetText(rules: readonly Rule[], config: Config): string {
  return rules
    .filter((r) => config.rules[r.id] !== "off")
    .map((r) => `${r.id}=${config.rules[r.id] ?? r.severity}\n`)
    .sort()
    .join("");
}

export function attestation(a: AttestationInput): Record<string, unknown> {
  const root = a.configs[0]?.config;
  const count = (s: string) => a.findings.filter((f) => f.severity === s).length;
  const ruleSet = root ? ruleSetText(a.rules, root) : "";
  return {
    _type: STATEMENT_TYPE,
    subject: subjectsOf(a.files),
    predicateType: PREDICATE_TYPE,
    predicate: {
      command: a.command,
      tool: { name: "mlgate", version: VERSION },
      ...(a.base
        ? {
            base: { label: a.base.label, inputs: subjectsOf(a.base.files) },
            head: { label: a.head?.label ?? "head" },
          }
        : {}),
      ruleSet: {
        rules: ruleSet === "" ? 0 : ruleSet.split("\n").length - 1,
        digest: { sha256: sha256(ruleSet) },
      },
      configurations: a.configs.map((c) => {
        const { source: _source, ...semantic } = c.config;
        return { path: c.path ?? null, digest: { sha256: sha256(canonical(semantic)) } };
      }),
      findings: {
        count: a.findings.length,
        errors: count("error"),
        warnings: count("warning"),
        infos: count("info"),
        digest: { sha256: sha256(canonical(a.findings.map(findingJson))) },
      },
      ...(a.outcome.verdict ? { verdict: a.outcome.verdict } : {}),
      exitCode: a.outcome.exitCode,
    },
  };
}
