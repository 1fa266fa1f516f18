// End-to-end: runs the built CLI (dist/, via bin/mlgate.js) as a user would.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import AjvDraft04 from "ajv-draft-04";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./corpus.js";

const bin = join(repoRoot, "bin", "mlgate.js");

function mlgate(args: string[], opts: { input?: string; cwd?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: opts.cwd ?? repoRoot,
    input: opts.input,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...opts.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  // `npm test` builds first; build here too when the tests run alone.
  try {
    readFileSync(join(repoRoot, "dist", "cli.js"));
  } catch {
    execFileSync("npx", ["tsup"], { cwd: repoRoot, stdio: "ignore" });
  }
});

describe("mlgate check on the bundled examples", () => {
  it("prints findings with file:line:column and code frames, exits 1", () => {
    const r = mlgate(["check", "examples/"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/examples\/pytorch-multinode\.yaml:\d+:\d+ +error/);
    expect(r.stdout).toMatch(/> +\d+ \| .*memory: 512Gb/);
    expect(r.stdout).toMatch(/\n +\| +\^+/);
    expect(r.stdout).toMatch(/\d+ errors?, \d+ warnings?, \d+ info in \d+ documents from 5 files/);
    expect(r.stderr).toBe("");
  });

  it("--format json lists findings with their fields in a fixed order", () => {
    const r = mlgate(["check", "examples/", "--format", "json"]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.version).toBe(1);
    expect(Object.keys(j.findings[0])).toEqual([
      "ruleId",
      "category",
      "severity",
      "message",
      "file",
      "line",
      "column",
      "endLine",
      "endColumn",
      "resource",
      "path",
    ]);
  });

  it("cat examples/*.yaml | mlgate check - --format sarif is valid SARIF 2.1.0", () => {
    const files = ["pytorch-multinode", "ray-cluster", "trainjob", "vllm-serving"];
    const input = files.map((f) => readFileSync(join(repoRoot, "examples", `${f}.yaml`), "utf8")).join("\n---\n");
    const r = mlgate(["check", "-", "--format", "sarif"], { input });
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    const require = createRequire(import.meta.url);
    const schema = require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
    // ajv-draft-04 is CommonJS with `exports.default`; take the class from either shape.
    const Ajv = ((AjvDraft04 as unknown as { default?: unknown }).default ??
      AjvDraft04) as typeof import("ajv-draft-04").default;
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const run = log.runs[0];
    expect(run.results.length).toBeGreaterThan(3);
    for (const res of run.results) {
      expect(run.tool.driver.rules[res.ruleIndex].id).toBe(res.ruleId);
      expect(res.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
    }
    expect(run.tool.driver.rules[0].helpUri).toMatch(/^https:\/\//);
  });
});

describe("exit codes and options", () => {
  const dir = mkdtempSync(join(tmpdir(), "mlgate-e2e-"));
  const clean = join(dir, "clean.yaml");
  writeFileSync(clean, "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: i}]\n");
  const warn = join(dir, "warn.yaml");
  writeFileSync(
    warn,
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: busybox:1.36\n      env: [{name: A, value: '1'}, {name: A, value: '2'}]\n",
  );

  it("exits 0 on a clean file", () => {
    expect(mlgate(["check", clean, "--fail-on", "error"]).code).toBe(0);
  });

  it("--fail-on decides what fails the run", () => {
    expect(mlgate(["check", warn]).code).toBe(0);
    expect(mlgate(["check", warn, "--fail-on", "warning"]).code).toBe(1);
    expect(mlgate(["check", "examples/", "--fail-on", "never"]).code).toBe(0);
  });

  it("--quiet prints only errors", () => {
    const r = mlgate(["check", warn, "--quiet"]);
    expect(r.stdout).not.toMatch(/warning +env/);
    expect(r.stdout).toMatch(/0 errors, 1 warning/);
  });

  it("--quiet never hides a finding that fails the run (--fail-on, or failOn in .mlgate.yaml)", () => {
    const findingLines = (stdout: string) => stdout.split("\n").filter((l) => /^ {2}\S+:\d+:\d+ {2}/.test(l));
    const all = JSON.parse(mlgate(["check", "examples/", "--format", "json"]).stdout).findings as Array<{
      file: string;
      line: number;
      column: number;
      severity: string;
    }>;
    const rank: Record<string, number> = { error: 3, warning: 2, info: 1 };
    for (const failOn of ["error", "warning", "info", "never"]) {
      const r = mlgate(["check", "examples/", "--quiet", "--fail-on", failOn]);
      const min = failOn === "never" ? 3 : (rank[failOn] as number);
      const want = all.filter((f) => (rank[f.severity] as number) >= min);
      const lines = findingLines(r.stdout);
      expect(lines.length, failOn).toBe(want.length);
      for (const f of want) expect(r.stdout, failOn).toContain(`${f.file}:${f.line}:${f.column}  ${f.severity}`);
      expect(r.stdout, failOn).not.toMatch(/> +\d+ \|/); // still no code frames
      expect(r.code, failOn).toBe(failOn === "never" ? 0 : 1);
    }
    const quietWarn = mlgate(["check", warn, "--quiet", "--fail-on", "warning"]);
    expect(quietWarn.code).toBe(1);
    expect(quietWarn.stdout).toMatch(/warn\.yaml:\d+:\d+ +warning +env/);
    const cfgDir = mkdtempSync(join(tmpdir(), "mlgate-quiet-"));
    writeFileSync(join(cfgDir, ".mlgate.yaml"), "failOn: warning\n");
    writeFileSync(join(cfgDir, "w.yaml"), readFileSync(warn, "utf8"));
    const fromConfig = mlgate(["check", "w.yaml", "--quiet"], { cwd: cfgDir });
    expect(fromConfig.code).toBe(1);
    expect(fromConfig.stdout).toMatch(/w\.yaml:\d+:\d+ +warning +env/);
  });

  it("exits 2 with a clear message on usage errors", () => {
    for (const args of [
      ["check", "no-such-dir/"],
      ["check", "examples/", "--format", "xml"],
      ["check"],
      ["explain", "gpu/nope"],
      ["frobnicate"],
    ]) {
      const r = mlgate(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).not.toMatch(/\n\s+at /);
      expect(r.stderr.length, args.join(" ")).toBeGreaterThan(5);
    }
    expect(mlgate(["check", "no-such-dir/"]).stderr).toMatch(/no-such-dir\/: no such file or directory/);
  });

  it("reports bad configuration with the file and exits 2", () => {
    const cfgDir = mkdtempSync(join(tmpdir(), "mlgate-cfg-"));
    writeFileSync(join(cfgDir, ".mlgate.yaml"), "rules:\n  schema/no-such-rule: off\n");
    writeFileSync(join(cfgDir, "m.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
    const r = mlgate(["check", "m.yaml"], { cwd: cfgDir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.mlgate\.yaml: rules: unknown rule id "schema\/no-such-rule"/);
  });

  it("applies .mlgate.yaml severities, ignores and annotation suppressions", () => {
    const cfgDir = mkdtempSync(join(tmpdir(), "mlgate-cfg-"));
    writeFileSync(
      join(cfgDir, ".mlgate.yaml"),
      "rules:\n  schema/duplicate-name: error\n  reproducibility/image-tag: error\nignore:\n  - rule: schema/invalid-quantity\n    kind: Pod\n    name: vendor\n    reason: third-party chart\n",
    );
    writeFileSync(
      join(cfgDir, "w.yaml"),
      `${readFileSync(warn, "utf8")}---\napiVersion: v1\nkind: Pod\nmetadata: {name: q}\nspec:\n  containers: [{name: c, image: trainer, resources: {limits: {memory: 1Gi}}}]\n`,
    );
    writeFileSync(
      join(cfgDir, "v.yaml"),
      "apiVersion: v1\nkind: Pod\nmetadata: {name: vendor}\nspec:\n  containers: [{name: c, image: busybox:1.36, resources: {limits: {memory: 1Gb}}}]\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: mine\n  annotations:\n    mlgate.io/ignore: schema/invalid-quantity\n    mlgate.io/ignore-reason: tested elsewhere\nspec:\n  containers: [{name: c, image: busybox:1.36, resources: {limits: {memory: 1Gb}}}]\n",
    );
    const r = mlgate(["check", ".", "--format", "json"], { cwd: cfgDir });
    const j = JSON.parse(r.stdout);
    const shown = j.findings.filter((f: { severity: string }) => f.severity !== "info");
    // The override replaces a rule's default severity (image-tag: warning → error); the env variable
    // set twice is a warning duplicate-name reports on purpose below its default error, and stays one.
    expect(shown.map((f: { ruleId: string; severity: string }) => `${f.ruleId}:${f.severity}`)).toEqual([
      "schema/duplicate-name:warning",
      "reproducibility/image-tag:error",
    ]);
    expect(j.findings.some((f: { ruleId: string }) => f.ruleId === "schema/invalid-quantity")).toBe(false);
    expect(r.code).toBe(1);
  });

  it("keeps checking the other files when one is broken", () => {
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "apiVersion: v1\nkind: [1\n");
    writeFileSync(join(dir, "binary.yaml"), Buffer.from([0, 1, 2, 3]));
    const r = mlgate(["check", dir, "--format", "json", "--fail-on", "never"]);
    const j = JSON.parse(r.stdout);
    const ids = j.findings.map((f: { ruleId: string; file: string }) => `${f.ruleId} ${f.file.split("/").pop()}`);
    expect(ids).toContain("schema/yaml-syntax bad.yaml");
    expect(ids).toContain("schema/unreadable-file binary.yaml");
    expect(ids).toContain("schema/duplicate-name warn.yaml");
    expect(r.stderr).toBe("");
  });

  it("answers hostile and huge inputs with findings naming the file, never a stack trace", () => {
    const hostile = mkdtempSync(join(tmpdir(), "mlgate-hostile-"));
    // Each is a manifest (it names a kind): files that are not are skipped, not parsed for rules.
    const bomb = ["kind: ConfigMap", 'a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(",")}]`,
      );
    }
    writeFileSync(join(hostile, "bomb.yaml"), `${bomb.join("\n")}\n`);
    writeFileSync(join(hostile, "deep.yaml"), `kind: ConfigMap\na: ${"[".repeat(20000)}${"]".repeat(20000)}\n`);
    writeFileSync(
      join(hostile, "chart.yaml"),
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n",
    );
    writeFileSync(join(hostile, "huge.yaml"), `data: "${"x".repeat(2_000_000)}"\n`);
    writeFileSync(join(hostile, "latin1.yaml"), Buffer.from([0x6b, 0x3a, 0x20, 0xe9, 0x0a]));
    const started = Date.now();
    const r = mlgate(["check", hostile, "--format", "json", "--fail-on", "never", "--max-file-size", "1000000"]);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const byFile = Object.fromEntries(
      JSON.parse(r.stdout).findings.map((f: { file: string; ruleId: string; message: string }) => [
        f.file.split("/").pop(),
        `${f.ruleId}: ${f.message}`,
      ]),
    );
    expect(byFile["bomb.yaml"]).toMatch(/schema\/yaml-syntax: aliases expand/);
    expect(byFile["deep.yaml"]).toMatch(/schema\/yaml-syntax: .*nests too deeply/);
    expect(byFile["chart.yaml"]).toMatch(/schema\/unrendered-template: .*helm template/);
    expect(byFile["huge.yaml"]).toMatch(/schema\/unreadable-file: .*over the 1000000-byte limit/);
    expect(byFile["latin1.yaml"]).toMatch(/schema\/unreadable-file: .*UTF-8/);
  });

  it("lists and explains rules", () => {
    expect(mlgate(["rules"]).stdout).toMatch(/schema\/invalid-quantity +error/);
    const e = mlgate(["explain", "schema/non-string-value"]);
    expect(e.code).toBe(0);
    expect(e.stdout).toMatch(/Why:[\s\S]*YAML 1\.1/);
    expect(mlgate(["explain", "schema/non-string-valu"]).stderr).toMatch(/did you mean "schema\/non-string-value"/);
  });

  it("prints its version", () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
    expect(mlgate(["--version"]).stdout.trim()).toBe(pkg.version);
  });

  it("colours only on a terminal and honours NO_COLOR", () => {
    const r = mlgate(["check", "examples/"], { env: { FORCE_COLOR: "1" } });
    expect(r.stdout.includes(String.fromCharCode(27))).toBe(false);
  });
});
