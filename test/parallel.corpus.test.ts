// The upstream corpus checked on worker threads prints exactly what one thread prints.
import { describe, expect, it } from "vitest";
import { sharedPath } from "./corpus.js";
import { ensureBuilt, mlgate } from "./e2e.js";

describe("mlgate check --jobs on the upstream corpus", () => {
  it("prints the same JSON, SARIF and text as one thread", () => {
    ensureBuilt();
    const corpus = sharedPath("corpus", "upstream");
    for (const format of ["json", "sarif", "text"]) {
      const one = mlgate(["check", corpus, "--format", format, "--jobs", "1"]);
      const many = mlgate(["check", corpus, "--format", format, "--jobs", "4", "--verbose"]);
      expect(many.stderr).toContain("mlgate: checked on 4 worker threads");
      expect(many.code).toBe(one.code);
      expect(many.stdout.length).toBeGreaterThan(1000);
      expect(many.stdout).toBe(one.stdout);
    }
  }, 300_000);
});
