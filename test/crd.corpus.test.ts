// The upstream corpus checked with the projects' own CRDs given as --crd (`npm run test:corpus`):
// a user's CRD must not make mlgate reject what the projects publish as examples.
import { describe, expect, it } from "vitest";
import { check } from "../src/check.js";
import { readSources } from "../src/load/sources.js";
import { checkCorpus, repoRoot, sharedPath } from "./corpus.js";

describe("--crd with the projects' own CRDs", () => {
  it("gives no error on the upstream corpus beyond those without them, and every CEL rule holds", () => {
    const crds = readSources([sharedPath("corpus", "crds")], { cwd: repoRoot, exclude: [], maxFileSize: 50_000_000 });
    const read = readSources([sharedPath("corpus", "upstream")], {
      cwd: repoRoot,
      exclude: [],
      maxFileSize: 10_000_000,
    });
    const withCrds = check({ files: read.files, problems: read.problems, crdFiles: crds.files });
    const key = (f: { ruleId: string; file: string; line: number; column: number }) =>
      `${f.ruleId} ${f.file}:${f.line}:${f.column}`;
    const before = new Set(
      checkCorpus()
        .findings.filter((f) => f.severity === "error")
        .map(key),
    );
    const added = withCrds.findings.filter((f) => f.severity === "error" && !before.has(key(f))).map(key);
    expect(added).toEqual([]);
    expect(withCrds.findings.filter((f) => f.ruleId === "schema/crd-validation" && f.severity !== "info")).toEqual([]);
  });
});
