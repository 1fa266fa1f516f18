import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkTexts } from "../check.js";
import { reviewTexts } from "../review/review.js";
import { exampleInput } from "./example-files.js";
import { ALL_RULES } from "./index.js";
import { CATEGORIES, exampleOptions, type InvalidExample, type Rule, type RuleExample } from "./types.js";

const here = dirname(fileURLToPath(import.meta.url));

function run(rule: Rule, ex: RuleExample) {
  const { maxFileSize, ...options } = exampleOptions(rule, ex);
  if (ex.base !== undefined) {
    // A change rule's example: the base file, then the same file after the change.
    const path = ex.path ?? "example.yaml";
    const result = reviewTexts([{ path, text: ex.base }], [{ path, text: ex.yaml }], { rules: ALL_RULES, options });
    return result.findings.filter((f) => f.ruleId === rule.id);
  }
  const { texts, tree } = exampleInput(ex);
  const result = checkTexts(texts, { rules: ALL_RULES, options, maxFileSize, tree });
  return result.findings.filter((f) => f.ruleId === rule.id);
}

describe("rule registry", () => {
  it("registers every module under src/rules/<category>/, with ids matching paths", () => {
    const onDisk: string[] = [];
    for (const cat of readdirSync(here, { withFileTypes: true })) {
      if (!cat.isDirectory()) continue;
      for (const f of readdirSync(join(here, cat.name))) {
        if (f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.startsWith("_") && f !== "index.ts")
          onDisk.push(`${cat.name}/${f.slice(0, -3)}`);
      }
    }
    expect(ALL_RULES.map((r) => r.id).sort()).toEqual(onDisk.sort());
  });

  it.each(ALL_RULES.map((r) => [r.id, r] as const))("%s has complete metadata", (_id, rule) => {
    expect(CATEGORIES).toContain(rule.category);
    expect(rule.id.startsWith(`${rule.category}/`)).toBe(true);
    expect(rule.summary.length).toBeGreaterThan(10);
    expect(rule.rationale.length).toBeGreaterThan(40);
    expect(rule.remediation.length).toBeGreaterThan(5);
    expect(rule.links.length).toBeGreaterThan(0);
    expect(rule.examples.valid.length).toBeGreaterThan(0);
    expect(rule.examples.invalid.length).toBeGreaterThan(0);
    // A change rule's examples are changes: each has the base it changes.
    if (rule.change) for (const ex of [...rule.examples.valid, ...rule.examples.invalid]) expect(ex.base).toBeDefined();
    for (const s of rule.supersedes ?? []) {
      expect(
        ALL_RULES.map((r) => r.id),
        `${rule.id} supersedes an unknown rule`,
      ).toContain(s.rule);
      expect(s.rule).not.toBe(rule.id);
      expect(s.cause.length).toBeGreaterThan(10);
    }
  });
});

for (const rule of ALL_RULES) {
  describe(rule.id, () => {
    for (const ex of rule.examples.valid) {
      it(`valid: ${ex.title}`, () => {
        expect(run(rule, ex)).toEqual([]);
      });
    }
    for (const ex of rule.examples.invalid as InvalidExample[]) {
      it(`invalid: ${ex.title}`, () => {
        const got = run(rule, ex);
        expect(got.map((f) => `${f.line}:${f.column} ${f.message}`)).toHaveLength(ex.findings.length);
        ex.findings.forEach((want, i) => {
          const f = got[i];
          expect(f, `finding ${i}`).toBeDefined();
          if (!f) return;
          expect(f.line, f.message).toBe(want.line);
          if (want.column !== undefined) expect(f.column, f.message).toBe(want.column);
          if (want.severity !== undefined) expect(f.severity).toBe(want.severity);
          if (want.messageId !== undefined) expect(f.messageId).toBe(want.messageId);
          if (want.message instanceof RegExp) expect(f.message).toMatch(want.message);
          else if (want.message !== undefined) expect(f.message).toContain(want.message);
        });
      });
    }
  });
}
