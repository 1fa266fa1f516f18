// Nested configuration, end to end on the built CLI: each checked file uses the nearest
// .mlgate.yaml upward from its directory (then the working directory's); --config overrides all.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, mlgate as run } from "./e2e.js";

const mlgate = (args: string[], cwd: string) => run(args, { cwd });

const CRON =
  'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers: [{name: c, image: "busybox:1.36"}]\n';
const POD =
  "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: busybox:1.36\n      resources: {limits: {memory: 1Gb}}\n";

let root = "";
function put(rel: string, text: string) {
  const p = join(root, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
}

/** `ruleId severity file` for each finding of the given rules, files relative to the repository. */
function seen(stdout: string, rules: string[]): string[] {
  return JSON.parse(stdout)
    .findings.filter((f: { ruleId: string }) => rules.includes(f.ruleId))
    .map(
      (f: { ruleId: string; severity: string; file: string }) =>
        `${f.ruleId} ${f.severity} ${f.file.replace(/^.*?repo\//, "")}`,
    );
}

beforeAll(() => {
  ensureBuilt();
  root = mkdtempSync(join(tmpdir(), "mlgate-nested-"));
  // repo/.mlgate.yaml: quantities are warnings. repo/team/.mlgate.yaml: off, and generated/ excluded.
  // repo/legacy/.mlgate.yaml: the cluster runs 1.24, where batch/v1beta1 CronJob still exists.
  put("repo/.mlgate.yaml", "rules:\n  schema/invalid-quantity: warning\n");
  put("repo/pod.yaml", POD);
  put("repo/cron.yaml", CRON);
  put("repo/generated/pod.yaml", POD);
  put("repo/team/.mlgate.yaml", "rules:\n  schema/invalid-quantity: off\nexclude:\n  - generated/**\n");
  put("repo/team/pod.yaml", POD);
  put("repo/team/deep/pod.yaml", POD);
  put("repo/team/generated/pod.yaml", POD);
  put("repo/legacy/.mlgate.yaml", 'kubeVersion: "1.24"\nfailOn: never\n');
  put("repo/legacy/cron.yaml", CRON);
  put("elsewhere/.mlgate.yaml", "rules:\n  schema/invalid-quantity: info\n");
  put("elsewhere/nothing.txt", "");
  put("bare/pod.yaml", POD);
});

describe("nested .mlgate.yaml", () => {
  it("each file uses its nearest configuration, found from the file even when run from elsewhere", () => {
    const r = mlgate(["check", "../repo", "--format", "json"], join(root, "elsewhere"));
    expect(r.stderr).toBe("");
    expect(seen(r.stdout, ["schema/invalid-quantity", "schema/removed-api-version", "schema/yaml-syntax"])).toEqual([
      // repo/cron.yaml: the default target (1.35); legacy/cron.yaml targets 1.24, so nothing.
      "schema/removed-api-version error cron.yaml",
      "schema/invalid-quantity warning generated/pod.yaml",
      "schema/invalid-quantity warning pod.yaml",
    ]);
  });

  it("a nested exclude is read from its own directory", () => {
    const r = mlgate(["check", "repo", "--format", "json"], root);
    const files = JSON.parse(r.stdout).findings.map((f: { file: string }) => f.file);
    expect(files).not.toContain("repo/team/generated/pod.yaml");
    expect(files).toContain("repo/generated/pod.yaml");
  });

  it("--config overrides every nested configuration", () => {
    const r = mlgate(["check", "repo", "--format", "json", "--config", "repo/.mlgate.yaml"], root);
    expect(seen(r.stdout, ["schema/invalid-quantity", "schema/removed-api-version"])).toEqual([
      "schema/removed-api-version error cron.yaml",
      "schema/invalid-quantity warning generated/pod.yaml",
      "schema/removed-api-version error legacy/cron.yaml",
      "schema/invalid-quantity warning pod.yaml",
      "schema/invalid-quantity warning team/deep/pod.yaml",
      "schema/invalid-quantity warning team/generated/pod.yaml",
      "schema/invalid-quantity warning team/pod.yaml",
    ]);
  });

  it("a file with no configuration above it uses the working directory's", () => {
    const r = mlgate(["check", "../bare", "--format", "json"], join(root, "elsewhere"));
    expect(seen(r.stdout, ["schema/invalid-quantity"])).toEqual(["schema/invalid-quantity info ../bare/pod.yaml"]);
  });

  it("failOn is each file's own: an error where failOn is never does not fail the run", () => {
    const legacyOnly = mlgate(["check", "repo/legacy", "--kube-version", "1.35"], root);
    expect(legacyOnly.stdout).toMatch(/removed in Kubernetes 1\.25/);
    expect(legacyOnly.code).toBe(0);
    expect(mlgate(["check", "repo/legacy", "repo/cron.yaml"], root).code).toBe(1);
  });
});
