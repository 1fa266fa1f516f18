// End-to-end on a repository root (test/fixtures/repo): workflows, other tools' files, a Helm
// chart and manifests. Errors only on real mistakes; the chart rendered by a stand-in `helm`.
import { chmodSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./corpus.js";
import { ensureBuilt, findingAt, type JsonFinding, mlgate as run } from "./e2e.js";
import { expectValid } from "./schemas.js";

const repo = join(repoRoot, "test", "fixtures", "repo");
const helmOutput = join(repoRoot, "test", "fixtures", "helm-output", "trainer.yaml");

function mlgate(args: string[], opts: { cwd?: string; path?: string; input?: string } = {}) {
  // PATH decides which renderers exist; an empty directory holds none.
  return run(args, {
    cwd: opts.cwd ?? repo,
    ...(opts.input !== undefined ? { input: opts.input } : {}),
    env: { PATH: opts.path ?? emptyDir },
  });
}

const at = findingAt;
let emptyDir = "";

/** A directory holding a stand-in `helm` that prints the committed `helm template` output. */
function fakeHelm(script: string): string {
  const dir = mkdtempSync(join(tmpdir(), "mlgate-fake-helm-"));
  const helm = join(dir, "helm");
  writeFileSync(helm, `#!/bin/sh\n${script}\n`);
  chmodSync(helm, 0o755);
  return dir;
}

const workingHelm = () =>
  fakeHelm(
    `case "$1" in\n  version) echo "v3.15.2+g1a500d5" ;;\n  template) [ "$2" = trainer ] && [ "\${3%/charts/trainer}" != "$3" ] || { echo "bad args: $*" >&2; exit 3; }; while IFS= read -r l; do printf '%s\\n' "$l"; done < '${helmOutput}' ;;\n  *) exit 4 ;;\nesac`,
  );

beforeAll(() => {
  emptyDir = mkdtempSync(join(tmpdir(), "mlgate-empty-path-"));
  ensureBuilt();
});

describe("mlgate check on a repository root", () => {
  it("without helm: errors only on the real mistake, one finding for the chart, other tools' files skipped", () => {
    const r = mlgate(["check", ".", "--format", "json"]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    const errors = j.findings.filter((f: JsonFinding) => f.severity === "error").map(at);
    expect(errors).toEqual(["schema/required-fields k8s/broken.yaml:2:1"]);
    const chart = j.findings.filter((f: JsonFinding) => f.file.startsWith("charts/"));
    expect(chart).toHaveLength(1);
    expect(chart[0]).toMatchObject({
      ruleId: "schema/unrendered-template",
      severity: "warning",
      file: "charts/trainer/Chart.yaml",
      line: 1,
    });
    expect(chart[0].message).toMatch(
      /`helm` is not on the PATH.*helm template RELEASE charts\/trainer \| mlgate check -/,
    );
    expect(j.summary.skipped).toBe(10);
    expect(j.summary.rendered).toBeUndefined();
    // The workflow is still read as a workflow.
    expect(j.findings.some((f: JsonFinding) => f.file === ".github/workflows/ci.yml")).toBe(true);
  });

  it("--verbose lists the skipped files and why; the text summary counts them", () => {
    const r = mlgate(["check", ".", "--verbose", "--fail-on", "never"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/from \d+ files; 10 other files skipped \(not manifests\)/);
    expect(r.stderr).toContain("mlgate: skipped .github/dependabot.yml: Dependabot configuration\n");
    expect(r.stderr).toContain("mlgate: skipped package.json: ");
    expect(r.stderr).toContain("mlgate: skipped .github/ISSUE_TEMPLATE/bug.yml: a GitHub issue or discussion template");
    expect(r.stderr).toContain("mlgate: skipped docs/openapi.json: no document has an apiVersion or a kind");
    expect(r.stderr.split("\n").filter((l) => l.startsWith("mlgate: skipped"))).toHaveLength(10);
    expect(mlgate(["check", ".", "--fail-on", "never"]).stderr).toBe("");
  });

  it("with helm: the chart is rendered and its findings point at the template lines", () => {
    const r = mlgate(["check", ".", "--format", "json"], { path: workingHelm() });
    const j = JSON.parse(r.stdout);
    expect(r.stderr).toBe("");
    const errors = j.findings.filter((f: JsonFinding) => f.severity === "error").map(at);
    expect(errors).toEqual([
      "schema/invalid-quantity charts/trainer/templates/job.yaml:22:23",
      "schema/required-fields k8s/broken.yaml:2:1",
    ]);
    expect(j.summary.rendered).toEqual([
      { source: "charts/trainer", renderer: "helm template", version: "v3.15.2+g1a500d5" },
    ]);
    // values.yaml and Chart.yaml are the chart's, not skipped files; nothing is reported on them.
    expect(j.summary.skipped).toBe(10);
    expect(j.findings.some((f: JsonFinding) => /Chart\.yaml|values\.yaml|_helpers/.test(f.file))).toBe(false);
  });

  it("its JSON, with summary.rendered and summary.skipped, follows docs/schema/check.schema.json", () => {
    const r = mlgate(["check", ".", "--format", "json"], { path: workingHelm() });
    const json = JSON.parse(r.stdout);
    expect(json.summary.rendered).toHaveLength(1);
    expectValid("check.schema.json", json);
  });

  it("text output shows the template's own line in the code frame", () => {
    const r = mlgate(["check", "charts"], { path: workingHelm() });
    expect(r.stdout).toContain("charts/trainer/templates/job.yaml:22:23  error");
    expect(r.stdout).toMatch(/> 22 \| +memory: \{\{ \.Values\.memory \}\}\n +\| +\^/);
  });

  it("a template or values file named on its own renders its chart (as a changed-files list would)", () => {
    const args = ["check", "charts/trainer/templates/job.yaml", "charts/trainer/values.yaml", "--format", "json"];
    const without = JSON.parse(mlgate(args).stdout);
    expect(without.findings.map((f: JsonFinding) => `${at(f)} ${f.severity}`)).toEqual([
      "schema/unrendered-template charts/trainer/Chart.yaml:1:1 warning",
    ]);
    const withHelm = JSON.parse(mlgate(args, { path: workingHelm() }).stdout);
    expect(withHelm.summary.rendered).toHaveLength(1);
    expect(withHelm.findings.filter((f: JsonFinding) => f.severity === "error").map(at)).toEqual([
      "schema/invalid-quantity charts/trainer/templates/job.yaml:22:23",
    ]);
  });

  it("a dependency not vendored under charts/ is not fetched: one finding, no rendering", () => {
    const copy = mkdtempSync(join(tmpdir(), "mlgate-chart-deps-"));
    cpSync(join(repo, "charts", "trainer"), join(copy, "trainer"), { recursive: true });
    writeFileSync(
      join(copy, "trainer", "Chart.yaml"),
      "apiVersion: v2\nname: trainer\nversion: 0.1.0\ndependencies:\n  - name: redis\n    version: 19.0.0\n    repository: https://charts.bitnami.com/bitnami\n",
    );
    const r = mlgate(["check", "trainer", "--format", "json"], { cwd: copy, path: workingHelm() });
    const j = JSON.parse(r.stdout);
    expect(j.findings.map((f: JsonFinding) => `${at(f)} ${f.severity}`)).toEqual([
      "schema/unrendered-template trainer/Chart.yaml:5:5 warning",
    ]);
    expect(j.findings[0].message).toMatch(/"redis" is not vendored .* not fetched .*helm dependency build trainer/);
  });

  it("a chart helm fails to render is an error that quotes helm", () => {
    const broken = fakeHelm(
      'case "$1" in\n  version) echo "v3.15.2" ;;\n  *) echo "Error: parse error at (trainer/templates/job.yaml:4): unexpected EOF" >&2; exit 1 ;;\nesac',
    );
    const r = mlgate(["check", "charts", "--format", "json"], { path: broken });
    const j = JSON.parse(r.stdout);
    expect(r.code).toBe(1);
    expect(j.findings.map(at)).toEqual(["schema/unrendered-template charts/trainer/Chart.yaml:1:1"]);
    expect(j.findings[0].message).toMatch(/helm template failed on charts\/trainer: Error: parse error/);
  });
});

describe("Kustomize without a renderer", () => {
  it("gives the kustomization one finding that says how to render it, and reads none of its files", () => {
    const r = mlgate(["check", "kustomize", "--format", "json"], { cwd: join(repoRoot, "test", "fixtures") });
    const j = JSON.parse(r.stdout);
    expect(j.findings.map((f: JsonFinding) => `${at(f)} ${f.severity}`)).toEqual([
      "schema/unrendered-template kustomize/helm-charts/kustomization.yaml:1:1 warning",
      "schema/unrendered-template kustomize/overlays/prod/kustomization.yaml:1:1 warning",
      "schema/unrendered-template kustomize/remote/kustomization.yaml:1:1 warning",
    ]);
    expect(j.findings[1].message).toMatch(
      /neither `kubectl` nor `kustomize` is on the PATH.*kubectl kustomize kustomize\/overlays\/prod \| mlgate check -/,
    );
    expect(j.summary.documents).toBe(0);
  });
});

describe("standard input", () => {
  it("--stdin-filename names what - reads, in SARIF artifactLocation.uri", () => {
    const input = readFileSync(helmOutput, "utf8");
    const r = mlgate(["check", "-", "--stdin-filename", "charts/trainer/templates/job.yaml", "--format", "sarif"], {
      input,
    });
    expect(r.code).toBe(1);
    const uris = new Set(
      JSON.parse(r.stdout).runs[0].results.map(
        (x: { locations: [{ physicalLocation: { artifactLocation: { uri: string } } }] }) =>
          x.locations[0].physicalLocation.artifactLocation.uri,
      ),
    );
    expect([...uris]).toEqual(["charts/trainer/templates/job.yaml"]);
  });

  it("without it, rendered input's # Source: comments name the templates", () => {
    const input = readFileSync(helmOutput, "utf8");
    const r = mlgate(["check", "-", "--format", "json"], { input, cwd: join(repo, "charts") });
    const j = JSON.parse(r.stdout);
    expect(j.findings.filter((f: JsonFinding) => f.severity === "error").map(at)).toEqual([
      "schema/invalid-quantity trainer/templates/job.yaml:22:23",
    ]);
    expect(new Set(j.findings.map((f: JsonFinding) => f.file))).toEqual(new Set(["trainer/templates/job.yaml"]));
  });

  it("--stdin-filename without - is a usage error", () => {
    const r = mlgate(["check", "k8s", "--stdin-filename", "x.yaml"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--stdin-filename names what - reads/);
  });
});
