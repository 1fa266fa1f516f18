// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} is DVC's templating syntax, not a JS template
import { describe, expect, it } from "vitest";
import { buildSet, checkTexts } from "../check.js";
import { FileTree } from "../load/tree.js";
import { SourceFile } from "../load/types.js";
import { interpolate, matrixMembers } from "./dvc-template.js";

function dvcOf(files: Record<string, string>, extra: string[] = []) {
  const tree = FileTree.of([...Object.keys(files), ...extra]);
  return buildSet(
    Object.entries(files).map(([p, t]) => new SourceFile(p, t)),
    [],
    tree,
  ).set.dvc;
}

describe("DVC templating", () => {
  const ctx = { values: { a: { b: [1, 2] }, flag: true, name: "x" }, complete: true };
  it("keeps a lone ${} value's type and writes others into the string", () => {
    expect(interpolate("${a.b}", ctx)).toEqual({ ok: true, value: [1, 2] });
    expect(interpolate("n=${a.b[1]} f=${flag} ${name}", ctx)).toEqual({ ok: true, value: "n=2 f=true x" });
    expect(interpolate("\\${name}", ctx)).toEqual({ ok: true, value: "${name}" });
  });
  it("names a missing key only when every source was read", () => {
    expect(interpolate("${nope}", ctx)).toEqual({ ok: false, missing: "nope" });
    expect(interpolate("${nope}", { ...ctx, complete: false })).toEqual({ ok: false });
  });
  it("names matrix members as DVC does", () => {
    expect(matrixMembers({ os: ["linux", "mac"], cfg: [{ a: 1 }] }).map((m) => m.key)).toEqual([
      "linux-cfg0",
      "mac-cfg0",
    ]);
  });
});

describe("DVC model", () => {
  it("expands foreach over params and a list, with DVC's names and resolved paths", () => {
    const d = dvcOf({
      "p/dvc.yaml":
        "stages:\n  fit:\n    foreach: ${regions}\n    do:\n      cmd: python fit.py ${item}\n      wdir: src\n      deps:\n        - ../data/${item}.csv\n  each:\n    foreach:\n      - {n: 1}\n      - {n: 2}\n    do:\n      cmd: echo ${item.n}\n",
      "p/params.yaml": "regions: [eu, us]\n",
    });
    const stages = d?.pipelines[0]?.stages ?? [];
    expect(stages.map((s) => s.name)).toEqual(["fit@eu", "fit@us", "each@0", "each@1"]);
    expect(stages[0]?.cmd).toEqual(["python fit.py eu"]);
    expect(stages[1]?.deps[0]?.path).toBe("p/data/us.csv");
    expect(stages[3]?.cmd).toEqual(["echo 2"]);
  });
  it("leaves a foreach over a file it cannot read unresolved, with a pattern for its outputs", () => {
    const d = dvcOf(
      {
        "dvc.yaml":
          'vars: [conf.toml]\nstages:\n  s:\n    foreach: ${models}\n    do:\n      cmd: x\n      outs: ["out/${item}.pkl"]\n',
      },
      ["conf.toml"],
    );
    const s = d?.pipelines[0]?.stages[0];
    expect(s?.name).toBe("s@…");
    expect(s?.outs[0]?.path).toBeUndefined();
    expect(s?.outs[0]?.pattern?.test("out/a.pkl")).toBe(true);
    expect(d?.pipelines[0]?.problems).toEqual([]);
  });
  it("reads the lock beside a pipeline", () => {
    const d = dvcOf({
      "dvc.yaml": "stages:\n  a:\n    cmd: x\n",
      "dvc.lock": "schema: '2.0'\nstages:\n  a:\n    cmd: y\n",
    });
    expect(d?.pipelines[0]?.lock?.stages.get("a")?.cmd).toEqual(["y"]);
  });
});

describe("malformed DVC files", () => {
  it("gives a YAML syntax error a position and keeps checking the rest", () => {
    const r = checkTexts([
      { path: "dvc.yaml", text: "stages:\n  a:\n    cmd: [unclosed\n" },
      { path: "other/dvc.yaml", text: "stages:\n  b:\n    deps: 3\n" },
    ]);
    expect(r.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`)).toEqual([
      "dvc.yaml:4:1 schema/yaml-syntax",
      "other/dvc.yaml:2:3 reproducibility/dvc-invalid-pipeline",
      "other/dvc.yaml:3:11 reproducibility/dvc-invalid-pipeline",
    ]);
  });
  it("reports a pipeline that is not a mapping", () => {
    const r = checkTexts([{ path: "dvc.yaml", text: "- a\n- b\n" }]);
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/must be a mapping/)]);
  });
});

describe("odd DVC and MLflow input never throws", () => {
  const odd = [
    "stages: 5\n",
    "stages:\n  a: {cmd: 1, deps: [null, 3, {x: 1}], outs: {a: 1}, params: [5, {f.yaml: 7}], wdir: 3}\n",
    "stages:\n  a: {foreach: 5, do: {cmd: x}}\n  b: {foreach: [1], do: 3}\n  c: {matrix: {x: 5}, cmd: y}\n  d: {matrix: 3, cmd: y}\n  e: {do: {cmd: x}}\n",
    "vars: 5\nstages:\n  a: {cmd: '${', vars: [3, null], outs: ['${a.b.c[}']}\n",
    "stages:\n  a:\n    cmd: echo ${x} ${y}\n    outs: [{a: 1, b: 2}, {'${q}': {cache: false}}]\n",
    "[1, 2]\n",
  ];
  it.each(odd.map((t, i) => [i, t] as const))("dvc.yaml %i", (_i, text) => {
    const r = checkTexts([
      { path: "dvc.yaml", text },
      { path: "dvc.lock", text: "stages: [1]\n" },
      { path: "x.dvc", text: "outs: 5\n" },
      {
        path: "MLproject",
        text: "entry_points: {a: 3, b: {parameters: [1], command: 5}, c: {parameters: {p: [1], q: {type: 3}}}}\ndocker_env: 5\n",
      },
    ]);
    expect(r.findings.filter((f) => f.internal)).toEqual([]);
  });
});

describe("silencing a DVC finding", () => {
  it("an ignore: entry by kind Stage and the name DVC addresses it by", async () => {
    const { EMPTY_CONFIG } = await import("../config/config.js");
    const texts = [
      { path: "dvc.yaml", text: "stages:\n  a:\n    cmd: x\n    outs: [o]\n  b:\n    cmd: y\n    outs: [o]\n" },
    ];
    const ids = (ignore: typeof EMPTY_CONFIG.ignore) =>
      checkTexts(texts, { config: { ...EMPTY_CONFIG, ignore } }).findings.map((f) => f.ruleId);
    expect(ids([])).toContain("reproducibility/dvc-overlapping-outputs");
    expect(ids([{ rules: ["reproducibility/dvc-overlapping-outputs"], kind: "Stage", name: "b" }])).not.toContain(
      "reproducibility/dvc-overlapping-outputs",
    );
  });
});
