// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ }} is GitHub Actions expression syntax, not a JS template
// End-to-end for GitHub Actions workflows: the built CLI on the workflow shown in docs/ci.md.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./corpus.js";

const bin = join(repoRoot, "bin", "mlgate.js");
const WF = ".github/workflows/gpu-tests.yml";

function mlgate(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The fenced blocks of docs/ci.md's "A real run" section: the workflow, then the output. */
function docBlocks(): { workflow: string; output: string } {
  const md = readFileSync(join(repoRoot, "docs", "ci.md"), "utf8");
  const section = md.slice(md.indexOf("## A real run"));
  const blocks = [...section.matchAll(/```(?:yaml|text)\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  return { workflow: blocks[0] ?? "", output: blocks[1] ?? "" };
}

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "mlgate-ci-"));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, p, ".."), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

beforeAll(() => {
  try {
    readFileSync(join(repoRoot, "dist", "cli.js"));
  } catch {
    execFileSync("npx", ["tsup"], { cwd: repoRoot, stdio: "ignore" });
  }
});

describe("mlgate check on a GitHub Actions workflow", () => {
  it("prints exactly the run shown in docs/ci.md", () => {
    const { workflow, output } = docBlocks();
    const dir = project({ [WF]: workflow });
    const r = mlgate(["check", WF], dir);
    expect(r.code).toBe(1);
    expect(r.stdout.trimEnd()).toBe(output.trimEnd());
  });

  it("--format json has workflow resources and exact positions", () => {
    const dir = project({ [WF]: docBlocks().workflow });
    const r = mlgate(["check", WF, "--format", "json"], dir);
    const j = JSON.parse(r.stdout);
    const ids = new Set(j.findings.map((f: { ruleId: string }) => f.ruleId));
    for (const id of [
      "ci/permissions",
      "ci/script-injection",
      "ci/job-needs",
      "ci/self-hosted-pull-request",
      "ci/unpinned-action",
      "cost/ci-gpu-timeout",
    ])
      expect(ids).toContain(id);
    const needs = j.findings.find((f: { ruleId: string }) => f.ruleId === "ci/job-needs");
    expect(needs).toMatchObject({
      file: WF,
      line: 13,
      column: 12,
      resource: { apiVersion: "github.com/actions", kind: "Workflow", name: "gpu-tests" },
      path: "jobs.gpu-test.needs",
    });
  });

  it("knows runner labels declared in .mlgate.yaml and treats them as GPU runners", () => {
    const wf = "on: push\npermissions: {}\njobs:\n  t:\n    runs-on: big-iron-8x\n    steps: [{run: make}]\n";
    const without = mlgate(["check", WF, "--format", "json", "--fail-on", "never"], project({ [WF]: wf }));
    expect(JSON.parse(without.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toEqual([
      "ci/unknown-runner-label",
    ]);
    const dir = project({ [WF]: wf, ".mlgate.yaml": "runnerLabels: [big-iron-8x]\n" });
    const withConfig = mlgate(["check", WF, "--format", "json", "--fail-on", "never"], dir);
    expect(JSON.parse(withConfig.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toEqual([
      "cost/ci-gpu-concurrency",
      "cost/ci-gpu-timeout",
    ]);
  });

  it("checks a YAML file with on: and jobs: given explicitly as a workflow", () => {
    const dir = project({
      "ci/build.yaml": "on: push\njobs:\n  a:\n    runs_on: ubuntu-latest\n    steps: [{run: make}]\n",
    });
    const r = mlgate(["check", "ci/build.yaml", "--format", "json"], dir);
    const ids = JSON.parse(r.stdout).findings.map((f: { ruleId: string; line: number }) => `${f.ruleId}:${f.line}`);
    expect(ids).toContain("ci/unknown-key:4");
    expect(ids).not.toContain("schema/unknown-kind:1");
  });
});

interface JsonFinding {
  ruleId: string;
  line: number;
  column: number;
}

describe("positions of expressions", () => {
  it("points at the ${{ }} itself, inside a run: | block scalar", () => {
    const wf =
      'on: pull_request\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          echo start\n          echo "${{ github.event.pull_request.title }}"\n';
    const r = mlgate(["check", WF, "--format", "json", "--fail-on", "never"], project({ [WF]: wf }));
    const f = JSON.parse(r.stdout).findings.find((x: JsonFinding) => x.ruleId === "ci/script-injection");
    expect(f).toMatchObject({ line: 9, column: 17, endLine: 9, endColumn: 55, path: "jobs.a.steps[0].run" });
  });
});
