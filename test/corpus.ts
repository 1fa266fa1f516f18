// Runs `check` over the upstream corpus in ../shared/corpus/upstream (real manifests from the
// projects mlgate models; read in place, never copied into this repository). Only
// `*.corpus.test.ts` files read ../shared (`npm run test:corpus`); `repoRoot` is for every test.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { check } from "../src/check.js";
import type { CheckResult } from "../src/findings/finding.js";
import { DEFAULT_MAX_FILE_SIZE, readSources } from "../src/load/sources.js";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
export const sharedDir = join(repoRoot, "..", "shared");
export const corpusDir = join(sharedDir, "corpus", "upstream");
export const summaryDir = join(repoRoot, "test", "corpus-summary");
export const hasCorpus = existsSync(corpusDir);

/** What the corpus tests read under ../shared; test/shared-setup.ts checks it is all there. */
export const SHARED_NEEDED = ["corpus/upstream", "corpus/crds", "ci-llm-sample", "tools/check-json-contract.mjs"];

/** A path under ../shared that a corpus test reads; a clear error, never a skip, when it is missing. */
export function sharedPath(...parts: string[]): string {
  const p = join(sharedDir, ...parts);
  if (!existsSync(p))
    throw new Error(`${p} is missing: the *.corpus.test.ts tests read ../shared beside the repository`);
  return p;
}

export function checkCorpus(): CheckResult {
  const read = readSources(["../shared/corpus/upstream"], {
    cwd: repoRoot,
    exclude: [],
    maxFileSize: DEFAULT_MAX_FILE_SIZE,
  });
  return check({ files: read.files, problems: read.problems });
}

/** Findings per rule and severity, grouped by category: what test/corpus-summary/<category>.json holds. */
export function summarise(result: CheckResult): Map<string, Record<string, Record<string, number>>> {
  const byCategory = new Map<string, Record<string, Record<string, number>>>();
  for (const f of result.findings) {
    const cat = byCategory.get(f.category) ?? {};
    const counts = cat[f.ruleId] ?? {};
    counts[f.severity] = (counts[f.severity] ?? 0) + 1;
    cat[f.ruleId] = counts;
    byCategory.set(f.category, cat);
  }
  for (const [c, rules] of byCategory) {
    byCategory.set(c, Object.fromEntries(Object.entries(rules).sort(([a], [b]) => (a < b ? -1 : 1))));
  }
  return byCategory;
}

export function summaryJson(rules: Record<string, Record<string, number>>): string {
  return `${JSON.stringify(rules, null, 2)}\n`;
}
