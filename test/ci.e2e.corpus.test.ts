// End-to-end on the LLM-written workflow sample in ../shared/ci-llm-sample (`npm run test:corpus`).
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { sharedPath } from "./corpus.js";
import { ensureBuilt, mlgate } from "./e2e.js";

beforeAll(ensureBuilt);

/** The LLM sample of docs/ci.md: each file checked as `.github/workflows/<file>`, as the docs and bench:ci do. */
const SAMPLE = sharedPath("ci-llm-sample");

interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  file: string;
  line: number;
  column: number;
}

function checkSample(suffix: string): Map<string, JsonFinding[]> {
  const dir = mkdtempSync(join(tmpdir(), "mlgate-ci-sample-"));
  mkdirSync(join(dir, ".github", "workflows"), { recursive: true });
  const rows = readdirSync(SAMPLE).filter((f) => f.endsWith(`.${suffix}.yml`));
  for (const f of rows) cpSync(join(SAMPLE, f), join(dir, ".github", "workflows", `${f.slice(0, 4)}.yml`));
  const r = mlgate(["check", ".github/workflows", "--format", "json", "--fail-on", "never"], { cwd: dir });
  const out = new Map<string, JsonFinding[]>(rows.map((f) => [f.slice(0, 4), []]));
  for (const f of JSON.parse(r.stdout).findings as JsonFinding[])
    out.get(f.file.replace(/^.*\//, "").slice(0, 4))?.push(f);
  return out;
}

describe("the LLM-written workflow sample (../shared/ci-llm-sample)", () => {
  it("on the reference workflows, every warning and error is one reviewed as true", () => {
    const ref = checkSample("reference");
    const serious = [...ref.values()].flat().filter((f) => f.severity !== "info");
    const byRule: Record<string, number> = {};
    for (const f of serious) byRule[`${f.ruleId} ${f.severity}`] = (byRule[`${f.ruleId} ${f.severity}`] ?? 0) + 1;
    expect(byRule).toEqual({
      // 14 documentation fragments without on: (six with incomplete jobs), and row 113's steps under strategy.
      "ci/missing-key error": 23,
      "ci/unknown-key error": 1,
      // Only where the block matters: secrets, writes, deployments.
      "ci/permissions warning": 12,
      // Third-party reusable workflows called by tag.
      "ci/unpinned-action warning": 2,
    });
    for (const f of serious.filter((x) => x.ruleId === "ci/permissions"))
      expect(f.message).toMatch(/no top-level "permissions" and (reads secrets|has steps that write)/);
    for (const f of serious.filter((x) => x.ruleId === "ci/unpinned-action"))
      expect(f.message).toMatch(/\.github\/workflows\/[^"]+@v1" is not pinned/);
    expect(ref.get("0113")?.map((f) => f.message)).toContain(
      'job "build" has no "steps": they are indented one level too deep, under "strategy"',
    );
  });

  it("on the LLM outputs, dropped permissions and SHA pinning are reported", () => {
    const hasPermissions = (t: string) => /^\s*permissions\s*:/m.test(t);
    const pins = (t: string) => /uses:\s*["']?[^@\s"']+@[0-9a-f]{40}\b/.test(t);
    for (const model of ["gpt-4o", "gpt-4.1"]) {
      const found = checkSample(model);
      for (const [row, fs] of found) {
        const reference = readFileSync(join(SAMPLE, `${row}.reference.yml`), "utf8");
        const output = readFileSync(join(SAMPLE, `${row}.${model}.yml`), "utf8");
        if (hasPermissions(reference) && !hasPermissions(output))
          expect(
            fs.some((f) => f.ruleId === "ci/permissions"),
            `${row}.${model}`,
          ).toBe(true);
        if (pins(reference) && !pins(output))
          expect(
            fs.some((f) => f.ruleId === "ci/unpinned-action"),
            `${row}.${model}`,
          ).toBe(true);
      }
    }
  });
});
