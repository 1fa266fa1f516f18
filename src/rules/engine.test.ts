import { describe, expect, it } from "vitest";
import { checkTexts } from "../check.js";
import { defineRule } from "./types.js";

const base = {
  category: "schema" as const,
  severity: "warning" as const,
  summary: "test rule",
  rationale: "test",
  remediation: "test",
  links: [],
  examples: { valid: [], invalid: [] },
};

describe("rule engine", () => {
  it("turns a rule that throws into an error finding naming the rule and the resource; other rules still run", () => {
    const broken = defineRule({
      ...base,
      id: "schema/broken",
      workload() {
        throw new Error("boom");
      },
    });
    const working = defineRule({
      ...base,
      id: "schema/working",
      workload(w, ctx) {
        ctx.report({ resource: w.resource, path: ["metadata", "name"], message: "seen" });
      },
    });
    const r = checkTexts(
      [
        {
          path: "p.yaml",
          text: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: [{name: c, image: i}]\n",
        },
      ],
      { rules: [broken, working] },
    );
    expect(r.findings.map((f) => [f.ruleId, f.severity, f.message])).toEqual([
      [
        "schema/broken",
        "error",
        "internal error: rule schema/broken failed on Pod p: boom (please report this; other rules still ran)",
      ],
      ["schema/working", "warning", "seen"],
    ]);
    expect(r.findings[1]).toMatchObject({ line: 4, column: 9 });
  });
});
