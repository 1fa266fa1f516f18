import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildSet } from "../src/check.js";
import { DEFAULT_MAX_FILE_SIZE, readSources } from "../src/load/sources.js";
import { KNOWN_GROUPS } from "../src/model/kinds.js";
import { checkCorpus, repoRoot, summarise, summaryDir, summaryJson } from "./corpus.js";

describe("upstream corpus (../shared/corpus/upstream)", () => {
  const result = checkCorpus();

  it("is checked without a crash or an internal error", () => {
    expect(result.summary.files).toBeGreaterThan(500);
    expect(result.summary.documents).toBeGreaterThan(500);
    const internal = result.findings.filter((f) => f.message.startsWith("internal error"));
    expect(internal).toEqual([]);
  });

  it("models or reports every document", () => {
    const read = readSources(["../shared/corpus/upstream"], {
      cwd: repoRoot,
      exclude: [],
      maxFileSize: DEFAULT_MAX_FILE_SIZE,
    });
    const { set } = buildSet(read.files);
    const unknownReported = new Set(
      result.findings.filter((f) => f.ruleId === "schema/unknown-kind").map((f) => `${f.file}:${f.line}`),
    );
    for (const r of set.resources) {
      if (KNOWN_GROUPS.has(r.group)) continue;
      const line = r.doc.file.lines.position(r.doc.nodes.locate([...r.basePath, "apiVersion"])?.value.start ?? 0).line;
      expect(unknownReported.has(`${r.doc.file.path}:${line}`), `${r.doc.file.path} ${r.apiVersion} ${r.kind}`).toBe(
        true,
      );
    }
  });

  it("matches the committed per-rule summary (run `npm run corpus-summary` and review the diff)", () => {
    const now = summarise(result);
    const committed = existsSync(summaryDir) ? readdirSync(summaryDir).filter((f) => f.endsWith(".json")) : [];
    expect(committed.sort()).toEqual([...now.keys()].map((c) => `${c}.json`).sort());
    for (const [category, rules] of now) {
      expect(readFileSync(join(summaryDir, `${category}.json`), "utf8"), category).toBe(summaryJson(rules));
    }
  });
});
