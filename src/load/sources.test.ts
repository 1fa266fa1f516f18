import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeFile, readSources } from "./sources.js";
import { SourceFile } from "./types.js";

describe("readSources", () => {
  const dir = mkdtempSync(join(tmpdir(), "mlgate-src-"));
  mkdirSync(join(dir, "a", "vendor"), { recursive: true });
  writeFileSync(join(dir, "a", "x.yaml"), "kind: A\n");
  writeFileSync(join(dir, "a", "y.json"), "{}\n");
  writeFileSync(join(dir, "a", "notes.txt"), "ignored\n");
  writeFileSync(join(dir, "a", "vendor", "z.yml"), "kind: Z\n");

  it("walks directories for .yaml, .yml and .json, sorted, honouring --exclude", () => {
    const r = readSources(["a"], { cwd: dir, exclude: ["**/vendor/**"], maxFileSize: 1000 });
    expect(r.files.map((f) => f.path)).toEqual(["a/x.yaml", "a/y.json"]);
    expect(r.missing).toEqual([]);
  });

  it("lists every file and directory walked (not only manifests), and reads DVC and MLflow files by name", () => {
    const p = join(dir, "proj");
    mkdirSync(join(p, "src"), { recursive: true });
    mkdirSync(join(p, ".dvc", "cache"), { recursive: true });
    writeFileSync(join(p, "dvc.yaml"), "stages: {}\n");
    writeFileSync(join(p, "dvc.lock"), "schema: '2.0'\n");
    writeFileSync(join(p, "data.xml.dvc"), "outs: []\n");
    writeFileSync(join(p, "MLproject"), "name: x\n");
    writeFileSync(join(p, "src", "train.py"), "\n");
    writeFileSync(join(p, ".dvc", "cache", "ab"), "\n");
    const r = readSources(["proj"], { cwd: dir, exclude: [], maxFileSize: 1000 });
    expect(r.files.map((f) => f.path)).toEqual([
      "proj/MLproject",
      "proj/data.xml.dvc",
      "proj/dvc.lock",
      "proj/dvc.yaml",
    ]);
    expect(r.tree.has("proj/src/train.py")).toBe(true);
    expect(r.tree.has("proj/src")).toBe(true);
    expect(r.tree.has("proj/.dvc/cache/ab")).toBe(false);
    expect(r.tree.covers("proj/data.xml")).toBe(true);
    expect(r.tree.covers("a/x.yaml")).toBe(false);
    // A pipeline named on its own: its directory is listed, not read.
    const one = readSources(["proj/dvc.yaml"], { cwd: dir, exclude: [], maxFileSize: 1000 });
    expect(one.files.map((f) => f.path)).toEqual(["proj/dvc.yaml"]);
    expect(one.tree.has("proj/src/train.py")).toBe(true);
  });

  it("reports paths that do not exist", () => {
    expect(readSources(["nope.yaml"], { cwd: dir, exclude: [], maxFileSize: 1000 }).missing).toEqual(["nope.yaml"]);
  });

  it("reads - from standard input", () => {
    const r = readSources(["-"], { cwd: dir, exclude: [], maxFileSize: 1000, readStdin: () => "kind: S\n" });
    expect(r.files[0]?.path).toBe("<stdin>");
  });
});

describe("decodeFile", () => {
  const bytes = (s: string | number[]) => () =>
    typeof s === "string" ? new TextEncoder().encode(s) : new Uint8Array(s);
  it("refuses binary, non-UTF-8 and oversized files with a reason", () => {
    expect(decodeFile("b", bytes([0x7f, 0x45, 0x4c, 0x46, 0, 1]), 100, 6)).toMatchObject({ message: /binary/ });
    expect(decodeFile("l", bytes([0x61, 0xe9, 0x0a]), 100, 3)).toMatchObject({ message: /UTF-8/ });
    // An encoded UTF-16 surrogate (CESU-8) and an overlong form are not UTF-8 either.
    expect(decodeFile("c", bytes([0xed, 0xa0, 0x80]), 100, 3)).toMatchObject({ message: /UTF-8/ });
    expect(decodeFile("o", bytes([0xc0, 0xaf]), 100, 2)).toMatchObject({ message: /UTF-8/ });
    expect(decodeFile("s", bytes("a: 1\n"), 2, 5)).toMatchObject({ message: /over the 2-byte limit/ });
  });
  it("strips a byte-order mark", () => {
    const f = decodeFile("bom", bytes("\uFEFFa: 1\n"), 100, 8);
    expect(f).toBeInstanceOf(SourceFile);
    expect((f as SourceFile).text).toBe("a: 1\n");
  });
});
