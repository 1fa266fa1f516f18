import { describe, expect, it } from "vitest";
import { buildSet, checkTexts } from "../check.js";
import { isMlprojectPath } from "../load/project-files.js";
import { FileTree } from "../load/tree.js";
import { SourceFile } from "../load/types.js";
import { formatFields } from "./mlproject.js";

describe("MLproject", () => {
  it("is found by name in any letter case, as MLflow finds it", () => {
    expect(isMlprojectPath("proj/MLproject")).toBe(true);
    expect(isMlprojectPath("proj/mlproject")).toBe(true);
    expect(isMlprojectPath("proj/MLproject.yaml")).toBe(false);
  });
  it("reads str.format fields, leaving doubled braces alone", () => {
    expect(formatFields("run {a} {{lit}} {b.x} {c[0]} {d!r} {e:.2f} {}").map((f) => f.name)).toEqual([
      "a",
      "b",
      "c",
      "d",
      "e",
      "",
    ]);
  });
  it("models entry points and parameters in both forms, and looks paths up in the tree", () => {
    const set = buildSet(
      [
        new SourceFile(
          "p/MLproject",
          "entry_points:\n  main:\n    parameters:\n      a: float\n      b: {default: 1}\n    command: x {a} {b}\n",
        ),
      ],
      [],
      FileTree.of(["p/MLproject", "p/conda.yaml"]),
    ).set;
    const p = set.mlprojects?.[0];
    expect(p?.entryPoints[0]?.parameters.map((x) => [x.name, x.type, x.form, x.hasDefault])).toEqual([
      ["a", "float", "name", false],
      ["b", "string", "mapping", true],
    ]);
    expect(p?.exists("conda.yaml")).toBe(true);
    expect(p?.exists("python_env.yaml")).toBe(false);
    expect(p?.exists("../../elsewhere.yaml")).toBeUndefined();
  });
  it("reports a malformed MLproject at its position, never throwing", () => {
    const r = checkTexts([
      { path: "MLproject", text: "entry_points: [a, b]\n" },
      { path: "other/MLproject", text: "name: [unclosed\n" },
    ]);
    expect(r.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`)).toEqual([
      "MLproject:1:15 reproducibility/mlproject-invalid",
      "other/MLproject:2:1 schema/yaml-syntax",
    ]);
  });
});

describe("duplicate keys in project files", () => {
  it("say what DVC and MLflow do with them", () => {
    const r = checkTexts([
      { path: "dvc.yaml", text: "stages:\n  a: {cmd: x}\n  a: {cmd: y}\n" },
      { path: "MLproject", text: "name: a\nname: b\n" },
    ]);
    expect(r.findings.map((f) => `${f.file} ${f.message}`)).toEqual([
      "MLproject duplicate key: MLflow (PyYAML) keeps the last value and ignores the first",
      "dvc.yaml duplicate key: DVC (ruamel.yaml) refuses a mapping that repeats a key",
    ]);
  });
});
