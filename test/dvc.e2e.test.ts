// DVC pipelines and MLflow projects through the built CLI: a project directory on disk, its tree
// listed, findings at their positions in JSON (validated against the schema), review of a change.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, type JsonFinding, mlgate } from "./e2e.js";
import { expectValid } from "./schemas.js";

beforeAll(ensureBuilt);

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "mlgate-dvc-"));
  dirs.push(root);
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}

const project = {
  "ml/dvc.yaml": [
    "stages:",
    "  prepare:",
    "    cmd: python src/prepare.py",
    "    deps: [src/prepare.py, data/raw.csv]",
    "    params: [prepare.split]",
    "    outs: [data/prepared]",
    "  train:",
    "    cmd: python src/train.py",
    "    deps: [data/prepared]",
    "    outs: [model.pkl]",
    "",
  ].join("\n"),
  "ml/params.yaml": "prepare:\n  split: 0.2\n",
  "ml/data/raw.csv.dvc": "outs:\n- md5: 22a1a2931c8370d3aeedd7183606fd7f\n  path: raw.csv\n",
  "ml/src/prepare.py": "print('prepare')\n",
  "ml/src/train.py": "print('train')\n",
  "ml/MLproject":
    'name: ml\npython_env: python_env.yaml\nentry_points:\n  main:\n    parameters:\n      lr: {type: float, default: 0.1}\n    command: "python src/train.py {lr} {epochs}"\n',
};

const dvcFindings = (stdout: string) =>
  (JSON.parse(stdout).findings as JsonFinding[])
    .filter((f) => /^reproducibility\/(dvc|mlproject)-/.test(f.ruleId))
    .map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.resource?.kind}/${f.resource?.name}`);

describe("DVC and MLflow projects", () => {
  it("checks a project directory: what the tree lacks, with positions, in the JSON contract", () => {
    const root = tree(project);
    const r = mlgate(["check", "ml", "--format", "json"], { cwd: root });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    expectValid("check.schema.json", JSON.parse(r.stdout));
    expect(dvcFindings(r.stdout)).toEqual([
      "ml/MLproject:2:13 reproducibility/mlproject-missing-env MLproject/ml",
      "ml/MLproject:7:40 reproducibility/mlproject-undeclared-param MLproject/ml",
      "ml/dvc.yaml:8:17 reproducibility/dvc-undeclared-script Stage/train",
    ]);
  });

  it("names a pipeline on its own: its directory is listed, its params file is not judged", () => {
    const root = tree({ ...project, "ml/dvc.yaml": project["ml/dvc.yaml"].replace("prepare.split", "prepare.seed") });
    const alone = mlgate(["check", "ml/dvc.yaml", "--format", "json"], { cwd: root });
    expect(dvcFindings(alone.stdout)).toEqual(["ml/dvc.yaml:8:17 reproducibility/dvc-undeclared-script Stage/train"]);
    const whole = mlgate(["check", "ml", "--format", "json"], { cwd: root });
    expect(dvcFindings(whole.stdout)).toContain("ml/dvc.yaml:5:14 reproducibility/dvc-missing-param Stage/prepare");
  });

  it("a malformed dvc.yaml is a finding with its position, and the other files are still checked", () => {
    const root = tree({ ...project, "ml/dvc.yaml": "stages:\n  prepare:\n    cmd: [python\n" });
    const r = mlgate(["check", "ml", "--format", "json"], { cwd: root });
    expect(r.stderr).toBe("");
    const all = JSON.parse(r.stdout).findings as JsonFinding[];
    expect(all.find((f) => f.file === "ml/dvc.yaml")).toMatchObject({ ruleId: "schema/yaml-syntax", line: 4 });
    expect(all.some((f) => f.file === "ml/MLproject")).toBe(true);
  });

  it("review reports a dependency the change leaves behind", () => {
    const base = tree(project);
    const head = tree({
      ...project,
      "ml/dvc.yaml": project["ml/dvc.yaml"].replace("data/raw.csv]", "data/raw_v2.csv]"),
    });
    const r = mlgate(["review", "--base", base, "--head", head, "--format", "json"], { cwd: head });
    const found = (JSON.parse(r.stdout).findings as JsonFinding[]).map((f) => `${f.ruleId} ${f.line}:${f.column}`);
    expect(found).toContain("reproducibility/dvc-missing-dependency 4:28");
  });
});
