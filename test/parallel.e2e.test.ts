// End-to-end: `mlgate check --jobs N` on worker threads of the built CLI prints exactly what one
// thread prints, in every format; the worker entry is found in dist/.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./corpus.js";
import { bin, ensureBuilt } from "./e2e.js";

/** The built CLI, with room for large outputs (spawnSync keeps 1 MiB unless told). */
function mlgate(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: "1" },
  });
  expect(r.error).toBeUndefined();
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(ensureBuilt);

const FORMATS = ["json", "sarif", "text"] as const;

function same(paths: string[], jobs: number): void {
  for (const format of FORMATS) {
    const one = mlgate(["check", ...paths, "--format", format, "--jobs", "1", "--verbose"]);
    const many = mlgate(["check", ...paths, "--format", format, "--jobs", String(jobs), "--verbose"]);
    expect(one.stderr).toContain("mlgate: checked in one thread (one job)");
    expect(many.stderr).toMatch(/mlgate: checked on \d+ worker threads/);
    expect(many.code).toBe(one.code);
    expect(many.stdout).toBe(one.stdout);
  }
}

describe("mlgate check --jobs", () => {
  it("prints what one thread prints, on the examples and fixtures", () => {
    same(["examples", "test/fixtures", "test/golden/repo"], 3);
  });

  it("prints what one thread prints, on a generated benchmark corpus", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "mlgate-jobs-")), "corpus");
    execFileSync(process.execPath, [join(repoRoot, "bench", "generate.mjs"), dir, "30", "10"], { stdio: "ignore" });
    same([dir], 4);
  });

  it("refuses a number of jobs that is not a positive whole number", () => {
    for (const bad of ["0", "-1", "two", "1.5"]) {
      const r = mlgate(["check", "examples", "--jobs", bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--jobs: ".*" is not a number of worker threads/);
    }
  });

  it("runs in one thread on a small input by default", () => {
    const r = mlgate(["check", "examples", "--verbose"]);
    expect(r.stderr).toContain("mlgate: checked in one thread");
  });
});
