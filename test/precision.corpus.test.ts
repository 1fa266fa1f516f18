// Precision on the upstream corpus (issue 14): one cause, one finding.
import { describe, expect, it } from "vitest";
import { checkCorpus } from "./corpus.js";

describe("precision on the upstream corpus", () => {
  const result = checkCorpus();

  it("never reports two rules' warnings or errors at one file:line:column", () => {
    const at = new Map<string, Set<string>>();
    for (const f of result.findings) {
      if (f.severity === "info") continue;
      const k = `${f.file}:${f.line}:${f.column}`;
      const ids = at.get(k) ?? new Set<string>();
      ids.add(f.ruleId);
      at.set(k, ids);
    }
    const shared = [...at].filter(([, ids]) => ids.size > 1).map(([k, ids]) => `${k} ${[...ids].join(" + ")}`);
    expect(shared).toEqual([]);
  });
});
