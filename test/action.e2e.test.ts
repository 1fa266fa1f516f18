// The example workflow that runs the Action (examples/mlgate-action.yml), checked by the built CLI.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./corpus.js";

const file = join("examples", "mlgate-action.yml");

describe("the Action's example workflow", () => {
  it("passes mlgate check but for the tag pin of the Action itself, which the comment tells users to replace", () => {
    const r = spawnSync(process.execPath, [join(repoRoot, "bin", "mlgate.js"), "check", file, "--format", "json"], {
      cwd: repoRoot,
      encoding: "utf8",
    });
    const j = JSON.parse(r.stdout);
    const above = j.findings.filter((f: { severity: string }) => f.severity !== "info");
    expect(above.map((f: { ruleId: string; line: number; message: string }) => [f.ruleId, f.line])).toEqual([
      ["ci/unpinned-action", 28],
    ]);
    expect(above[0].message).toMatch(/^"mlgate\/mlgate@v0\.1\.0" is not pinned/);
    expect(j.summary.errors).toBe(0);
  });

  it("uses the Action with inputs action.yml declares, and the permissions its comment and upload need", () => {
    const meta = yaml.load(readFileSync(join(repoRoot, "action.yml"), "utf8")) as { inputs: Record<string, unknown> };
    const wf = yaml.load(readFileSync(join(repoRoot, file), "utf8")) as {
      jobs: Record<string, { permissions: Record<string, string>; steps: Array<{ uses?: string; with?: object }> }>;
    };
    const job = wf.jobs.mlgate as (typeof wf.jobs)[string];
    const step = job.steps.find((s) => s.uses?.startsWith("mlgate/mlgate@"));
    expect(step).toBeDefined();
    for (const k of Object.keys(step?.with ?? {})) expect(Object.keys(meta.inputs), k).toContain(k);
    expect(job.permissions).toEqual({ contents: "read", "pull-requests": "write", "security-events": "write" });
  });
});

describe("the README's Action section", () => {
  it("shows the example workflow as it is", () => {
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("### The GitHub Action"));
    expect(/```yaml\n([\s\S]*?)```/.exec(section)?.[1]).toBe(readFileSync(join(repoRoot, file), "utf8"));
  });
});
