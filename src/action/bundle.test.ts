// The committed bundle (action/dist/index.js) is what GitHub runs: it must be the build of the
// current source (npm run check:action-dist, also in .ci/run), the check must tell a stale bundle,
// the source must bundle into an Action that works, action.yml must describe it, and it must run.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { ACTION_DIST } from "../../scripts/build-action.js";
import { repoRoot } from "../../test/corpus.js";
import { readInputs } from "./context.js";

const committed = join(repoRoot, ACTION_DIST, "index.js");

/** Runs a bundle as the runner does on a push: a workspace with one broken Pod, no network. */
function runBundle(bundle: string) {
  const root = mkdtempSync(join(tmpdir(), "mlgate-action-run-"));
  try {
    mkdirSync(join(root, "k8s"));
    writeFileSync(
      join(root, "k8s", "pod.yaml"),
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: busybox:1.36, resources: {limits: {memory: 1Gb}}}]\n",
    );
    writeFileSync(join(root, "event.json"), JSON.stringify({ ref: "refs/heads/main" }));
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      GITHUB_WORKSPACE: root,
      GITHUB_EVENT_NAME: "push",
      GITHUB_EVENT_PATH: join(root, "event.json"),
      GITHUB_STEP_SUMMARY: join(root, "summary.md"),
      GITHUB_OUTPUT: join(root, "output.txt"),
      RUNNER_TEMP: root,
      "INPUT_UPLOAD-SARIF": "false",
      "INPUT_FAIL-ON": "error",
    };
    const r = spawnSync(process.execPath, [bundle], { cwd: root, env, encoding: "utf8" });
    const text = (f: string) => {
      try {
        return readFileSync(join(root, f), "utf8");
      } catch {
        return "";
      }
    };
    const sarif = text("mlgate.sarif");
    return {
      root,
      status: r.status,
      stdout: r.stdout,
      summary: text("summary.md"),
      output: text("output.txt"),
      sarifResults: sarif ? JSON.parse(sarif).runs[0].results.length : -1,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe("the Action's bundle", () => {
  it("builds, and the check that keeps the committed bundle in sync tells a stale one from a fresh one", () => {
    const out = mkdtempSync(join(tmpdir(), "mlgate-action-build-"));
    try {
      // In a child process: the build reads its paths from the working directory, the repository.
      execFileSync(process.execPath, ["--import", "tsx", "scripts/build-action.ts", out], { cwd: repoRoot });
      const fresh = join(out, "index.js");
      const check = (bundle: string) =>
        spawnSync(process.execPath, ["--import", "tsx", "scripts/check-action-dist.ts", bundle], {
          cwd: repoRoot,
          encoding: "utf8",
        });
      expect(check(fresh).status).toBe(0);
      // The committed bundle is the build of this source (land.sh rebuilds it after its rebase;
      // elsewhere: run `npm run build:action` and commit action/dist/index.js).
      const committedCheck = check(committed);
      expect(committedCheck.status, committedCheck.stderr).toBe(0);
      writeFileSync(join(out, "stale.js"), `${readFileSync(fresh, "utf8")}// an older build\n`);
      const stale = check(join(out, "stale.js"));
      expect(stale.status).toBe(1);
      expect(stale.stderr).toMatch(/is not the build of the current source: run `npm run build:action` and commit/);
      // The fresh build runs: the source bundles into a working Action.
      expect(runBundle(fresh).status).toBe(1);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);

  it("action.yml runs it on node24 and declares exactly the inputs the Action reads", () => {
    const meta = yaml.load(readFileSync(join(repoRoot, "action.yml"), "utf8")) as {
      runs: { using: string; main: string };
      inputs: Record<string, { default?: string }>;
    };
    expect(meta.runs).toEqual({ using: "node24", main: `${ACTION_DIST}/index.js` });
    // Every declared input changes what readInputs returns; none is read that is not declared.
    const base = readInputs({});
    for (const name of Object.keys(meta.inputs)) {
      const value = name === "fail-on-verdict" ? "never" : name === "fail-on" ? "never" : "false";
      const read = readInputs({ [`INPUT_${name.toUpperCase()}`]: value });
      expect(read, name).not.toEqual(base);
    }
    const source = readFileSync(join(repoRoot, "src", "action", "context.ts"), "utf8");
    const used = [...source.matchAll(/(?:input|booleanInput|oneOf)\(env, "([a-z-]+)"/g)].map((m) => m[1]);
    expect(new Set(used)).toEqual(new Set(Object.keys(meta.inputs)));
  });

  it("the committed bundle runs on its own: a push checked by node action/dist/index.js, summary and outputs written", () => {
    const r = runBundle(committed);
    expect(r.stdout).toMatch(/k8s\/pod\.yaml:5:\d+ +error +memory: "1Gb" is not a Kubernetes quantity/);
    expect(r.stdout).toMatch(/::error::mlgate check: 1 error, 0 warnings/);
    expect(r.status).toBe(1);
    expect(r.summary).toMatch(/^### mlgate check: ⛔ 1 error/);
    expect(r.output).toBe(`findings=${r.sarifResults}\nsarif-file=${join(r.root, "mlgate.sarif")}\n`);
  });
});
