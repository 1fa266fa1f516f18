// The upstream corpus checked on worker threads prints exactly what one thread prints.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { repoRoot, sharedPath } from "./corpus.js";
import { bin, ensureBuilt } from "./e2e.js";

/** The built CLI with room for the corpus's output (its SARIF is over spawnSync's 1 MiB default). */
function mlgate(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, error: r.error };
}

describe("mlgate check --jobs on the upstream corpus", () => {
  it("prints the same JSON, SARIF and text as one thread", () => {
    ensureBuilt();
    const corpus = sharedPath("corpus", "upstream");
    for (const format of ["json", "sarif", "text"]) {
      const one = mlgate(["check", corpus, "--format", format, "--jobs", "1"]);
      const many = mlgate(["check", corpus, "--format", format, "--jobs", "4", "--verbose"]);
      expect(one.error).toBeUndefined();
      expect(many.error).toBeUndefined();
      expect(many.stderr).toContain("mlgate: checked on 4 worker threads");
      expect(many.code).toBe(one.code);
      expect(many.stdout.length).toBeGreaterThan(1000);
      expect(many.stdout).toBe(one.stdout);
    }
  }, 300_000);
});
