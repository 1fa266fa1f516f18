// Running the built CLI (dist/, through bin/mlgate.js) as a user would, for end-to-end tests.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./corpus.js";

export const bin = join(repoRoot, "bin", "mlgate.js");

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function mlgate(args: string[], opts: { input?: string; cwd?: string; env?: Record<string, string> } = {}): Run {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: opts.cwd ?? repoRoot,
    input: opts.input,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...opts.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `npm test` builds first; build here when a test file runs alone on a clone without dist/. */
export function ensureBuilt(): void {
  if (!existsSync(join(repoRoot, "dist", "cli.js"))) execFileSync("npx", ["tsup"], { cwd: repoRoot, stdio: "ignore" });
}

/** A finding of `--format json`, as the tests read it (the contract is docs/schema/). */
export interface JsonFinding {
  ruleId: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  message: string;
  resource: { apiVersion?: string; kind?: string; name?: string; namespace?: string } | null;
}

/** `ruleId file:line:column`: a finding's identity and place, for comparing lists. */
export const findingAt = (f: JsonFinding): string => `${f.ruleId} ${f.file}:${f.line}:${f.column}`;
