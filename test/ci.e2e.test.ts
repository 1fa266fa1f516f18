// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ }} is GitHub Actions expression syntax, not a JS template
// End-to-end for GitHub Actions workflows: the built CLI on the workflow shown in docs/ci.md.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
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

  it("--format json follows the contract, with workflow resources and exact positions", () => {
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
    const contract = join(repoRoot, "..", "shared", "tools", "check-json-contract.mjs");
    const c = spawnSync(process.execPath, [contract], { input: r.stdout, encoding: "utf8" });
    expect(c.stdout).toMatch(/contract ok/);
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

/** The LLM sample of docs/ci.md: each file checked as `.github/workflows/<file>`, as the docs and bench:ci do. */
const SAMPLE = join(repoRoot, "..", "shared", "ci-llm-sample");

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
  const r = mlgate(["check", ".github/workflows", "--format", "json", "--fail-on", "never"], dir);
  const out = new Map<string, JsonFinding[]>(rows.map((f) => [f.slice(0, 4), []]));
  for (const f of JSON.parse(r.stdout).findings as JsonFinding[])
    out.get(f.file.replace(/^.*\//, "").slice(0, 4))?.push(f);
  return out;
}

describe.skipIf(!existsSync(SAMPLE))("the LLM-written workflow sample (../shared/ci-llm-sample)", () => {
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

describe("positions of expressions", () => {
  it("points at the ${{ }} itself, inside a run: | block scalar", () => {
    const wf =
      'on: pull_request\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          echo start\n          echo "${{ github.event.pull_request.title }}"\n';
    const r = mlgate(["check", WF, "--format", "json", "--fail-on", "never"], project({ [WF]: wf }));
    const f = JSON.parse(r.stdout).findings.find((x: JsonFinding) => x.ruleId === "ci/script-injection");
    expect(f).toMatchObject({ line: 9, column: 17, endLine: 9, endColumn: 55, path: "jobs.a.steps[0].run" });
  });
});
