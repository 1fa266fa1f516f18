// The committed bundle (action/dist/index.js) is what GitHub runs: it must be the build of the
// source as it is now, action.yml must describe it, and it must run on its own.
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

describe("the Action's bundle", () => {
  it("is the build of the current source (run `npm run build:action` and commit action/dist when this fails)", () => {
    const out = mkdtempSync(join(tmpdir(), "mlgate-action-build-"));
    try {
      // In a child process: the build reads its paths from the working directory, the repository.
      execFileSync(process.execPath, ["--import", "tsx", "scripts/build-action.ts", out], { cwd: repoRoot });
      const fresh = readFileSync(join(out, "index.js"), "utf8");
      const onDisk = readFileSync(committed, "utf8");
      expect(
        fresh === onDisk,
        "action/dist/index.js is stale: run `npm run build:action` and commit action/dist/index.js",
      ).toBe(true);
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

  it("runs on its own: a push checked by node action/dist/index.js, with the summary and outputs written", () => {
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
      const r = spawnSync(process.execPath, [committed], { cwd: root, env, encoding: "utf8" });
      expect(r.stdout).toMatch(/k8s\/pod\.yaml:5:\d+ +error +memory: "1Gb" is not a Kubernetes quantity/);
      expect(r.stdout).toMatch(/::error::mlgate check: 1 error, 0 warnings/);
      expect(r.status).toBe(1);
      expect(readFileSync(join(root, "summary.md"), "utf8")).toMatch(/^### mlgate check: ⛔ 1 error/);
      expect(readFileSync(join(root, "output.txt"), "utf8")).toBe(
        `findings=${JSON.parse(readFileSync(join(root, "mlgate.sarif"), "utf8")).runs[0].results.length}\nsarif-file=${join(root, "mlgate.sarif")}\n`,
      );
      execFileSync("git", ["--version"]); // the review path needs git, which the runner has
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
