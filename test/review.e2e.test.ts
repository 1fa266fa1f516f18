// End-to-end: `mlgate review` on the built CLI, over two directories and over two git refs.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import AjvDraft04 from "ajv-draft-04";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./corpus.js";
import { expectValid } from "./schemas.js";

const bin = join(repoRoot, "bin", "mlgate.js");

function mlgate(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined> } = {}) {
  const env: Record<string, string | undefined> = {
    ...process.env,
    NO_COLOR: "1",
    GITHUB_BASE_REF: undefined,
    ...opts.env,
  };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: opts.cwd ?? repoRoot,
    encoding: "utf8",
    env: env as NodeJS.ProcessEnv,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function write(root: string, files: Record<string, string>) {
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "mlgate-review-test-"));
}

function json(args: string[], opts: Parameters<typeof mlgate>[1] = {}, isReview = true) {
  const r = mlgate([...args, "--format", "json"], opts);
  const j = JSON.parse(r.stdout);
  // review.schema.json refers to check.schema.json's finding: the published schemas load together.
  if (isReview) expectValid("review.schema.json", j);
  return { ...r, j };
}

const deployment = (name: string, replicas: number, app = "web") => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${app}}
  template:
    metadata:
      labels: {app: ${app}}
    spec:
      nodeSelector: {nvidia.com/gpu.product: NVIDIA-H100-80GB-HBM3}
      containers:
        - name: server
          image: vllm/vllm-openai:v0.6.0
          resources:
            limits: {nvidia.com/gpu: 4}
`;

beforeAll(() => {
  try {
    readFileSync(join(repoRoot, "dist", "cli.js"));
  } catch {
    execFileSync("npx", ["tsup"], { cwd: repoRoot, stdio: "ignore" });
  }
});

describe("mlgate review of two directories", () => {
  it("a file moved to another name is no change; a renamed object is one rename", () => {
    const root = tempDir();
    write(root, {
      "base/serve.yaml": deployment("web", 2),
      "base/other.yaml": deployment("api", 1, "api"),
      "head/moved/serve-v2.yaml": deployment("web", 2),
      "head/other.yaml": deployment("api-server", 1, "api"),
    });
    const { code, j } = json(["review", "--base", "base", "--head", "head"], { cwd: root });
    expect(code).toBe(0);
    expect(j.changes).toEqual([
      {
        resource: { apiVersion: "apps/v1", kind: "Deployment", namespace: null, name: "api-server" },
        action: "renamed",
        from: { apiVersion: "apps/v1", kind: "Deployment", namespace: null, name: "api" },
      },
    ]);
    // The renamed object keeps its findings: they are not new.
    expect(j.findings).toEqual([]);
    expect(j.summary.existingFindings).toBeGreaterThan(0);
    expect(j.cost.delta).toEqual({ gpus: 0, dailyUsd: 0 });
    expect(j.verdict).toBe("allow");
    rmSync(root, { recursive: true, force: true });
  });

  it("a GPU increase asks for review with the cost before and after", () => {
    const root = tempDir();
    write(root, { "base/serve.yaml": deployment("web", 2), "head/serve.yaml": deployment("web", 4) });
    const { code, j } = json(["review", "--base", "base", "--head", "head"], { cwd: root });
    expect(code).toBe(0);
    expect(j.verdict).toBe("review");
    expect(j.reasons.map((r: { code: string }) => r.code)).toEqual(["cost-increase"]);
    expect(j.cost.before.gpus).toBe(8);
    expect(j.cost.after.gpus).toBe(16);
    expect(j.cost.delta.gpus).toBe(8);
    // Twice the GPUs at the same price: the delta equals the base cost.
    expect(j.cost.delta.dailyUsd).toBeCloseTo(j.cost.before.dailyUsd, 2);
    expect(j.cost.before.dailyUsd).toBeGreaterThan(0);
    // Allowed when the increase is within --max-cost-increase; exit 1 with --fail-on-verdict review.
    expect(
      json(["review", "--base", "base", "--head", "head", "--max-cost-increase", "5000"], { cwd: root }).j.verdict,
    ).toBe("allow");
    expect(
      mlgate(["review", "--base", "base", "--head", "head", "--fail-on-verdict", "review"], { cwd: root }).code,
    ).toBe(1);
    const text = mlgate(["review", "--base", "base", "--head", "head"], { cwd: root }).stdout;
    expect(text).toMatch(/^mlgate review: REVIEW/);
    expect(text).toMatch(/Deployment\/web: 8 GPUs \$[\d,.]+\/day → 16 GPUs \$[\d,.]+\/day/);
    rmSync(root, { recursive: true, force: true });
  });

  it("a head that only edits a comment in files with old findings: allow, no findings", () => {
    const root = tempDir();
    cpSync(join(repoRoot, "examples"), join(root, "base"), { recursive: true });
    cpSync(join(repoRoot, "examples"), join(root, "head"), { recursive: true });
    for (const f of ["pytorch-multinode.yaml", "vllm-serving.yaml"]) {
      const p = join(root, "head", f);
      writeFileSync(p, `# reviewed 2026-12-04\n# owner: ml-platform\n${readFileSync(p, "utf8")}`);
    }
    const { code, j } = json(["review", "--base", "base", "--head", "head"], { cwd: root });
    expect(code).toBe(0);
    expect(j.verdict).toBe("allow");
    expect(j.findings).toEqual([]);
    expect(j.fixed).toEqual([]);
    expect(j.changes).toEqual([]);
    expect(j.summary.existingFindings).toBeGreaterThan(5);
    const all = json(["review", "--base", "base", "--head", "head", "--all"], { cwd: root }).j;
    expect(all.existing).toHaveLength(j.summary.existingFindings);
    rmSync(root, { recursive: true, force: true });
  });

  it("nested .mlgate.yaml files of the head govern their folders, as in check (rules, severities, exclude)", () => {
    const root = tempDir();
    const bad = deployment("web", 2).replace("limits: {nvidia.com/gpu: 4}", "limits: {nvidia.com/gpu: 4, memory: 1Gb}");
    const moved = (d: string) => d.replace(/app: web/g, "app: web2");
    write(root, {
      "base/a/serve.yaml": deployment("web", 2),
      "base/team/serve.yaml": deployment("web", 2),
      "head/a/serve.yaml": moved(bad),
      "head/team/serve.yaml": moved(bad),
      "head/team/vendor/broken.yaml": "apiVersion: v1\nkind: Pod\nmetadata: {name: p\n",
      "head/team/.mlgate.yaml":
        "rules:\n  schema/invalid-quantity: off\n  schema/immutable-field-changed: warning\nexclude: [vendor/**]\n",
    });
    const { j } = json(["review", "--base", "base", "--head", "head"], { cwd: root });
    const seen = j.findings.map((f: { ruleId: string; file: string; severity: string }) => [
      f.file,
      f.ruleId,
      f.severity,
    ]);
    expect(seen).toContainEqual(["a/serve.yaml", "schema/invalid-quantity", "error"]);
    expect(seen).toContainEqual(["a/serve.yaml", "schema/immutable-field-changed", "error"]);
    expect(seen).toContainEqual(["team/serve.yaml", "schema/immutable-field-changed", "warning"]);
    expect(seen).not.toContainEqual(["team/serve.yaml", "schema/invalid-quantity", "error"]);
    expect(seen.filter((x: string[]) => String(x[0]).includes("vendor"))).toEqual([]);
    // The same files checked by `mlgate check` in the head say the same about the nested folder.
    const checked = json(["check", "."], { cwd: join(root, "head") }, false).j;
    expect(
      checked.findings.some(
        (f: { file: string; ruleId: string }) => f.file === "team/serve.yaml" && f.ruleId === "schema/invalid-quantity",
      ),
    ).toBe(false);
    rmSync(root, { recursive: true, force: true });
  });

  it("new findings are listed, fixed ones reported as good news, and an error blocks", () => {
    const root = tempDir();
    const bad = deployment("web", 2).replace("limits: {nvidia.com/gpu: 4}", "limits: {nvidia.com/gpu: 4, memory: 1Gb}");
    write(root, {
      "base/serve.yaml": deployment("web", 2),
      "head/serve.yaml": bad,
      "fix/serve.yaml": deployment("web", 2),
    });
    const blocked = json(["review", "--base", "base", "--head", "head"], { cwd: root });
    expect(blocked.code).toBe(1);
    expect(blocked.j.verdict).toBe("block");
    expect(blocked.j.reasons[0].code).toBe("new-error");
    expect(blocked.j.findings.map((f: { ruleId: string }) => f.ruleId)).toContain("schema/invalid-quantity");
    const fixed = json(["review", "--base", "head", "--head", "fix"], { cwd: root });
    expect(fixed.code).toBe(0);
    expect(fixed.j.fixed.map((f: { ruleId: string }) => f.ruleId)).toContain("schema/invalid-quantity");
    // Dropping the broken memory limit fixes the quantity, removes a limit and brings back the missing-limit warning.
    expect(fixed.j.findings.map((f: { ruleId: string }) => f.ruleId).sort()).toEqual([
      "reliability/memory-limit",
      "reliability/safeguard-removed",
    ]);
    rmSync(root, { recursive: true, force: true });
  });

  it("Kustomize directories are rendered on both sides, as check renders them", () => {
    const root = tempDir();
    cpSync(join(repoRoot, "test", "fixtures", "kustomize"), join(root, "base"), { recursive: true });
    cpSync(join(repoRoot, "test", "fixtures", "kustomize"), join(root, "head"), { recursive: true });
    const patch = join(root, "head", "overlays", "prod", "replicas.yaml");
    writeFileSync(patch, readFileSync(patch, "utf8").replace(/replicas: \d+/, "replicas: 7"));
    const { j } = json(["review", "--base", "base", "--head", "head", "overlays/prod"], { cwd: root });
    expect(j.changes).toEqual([
      {
        resource: { apiVersion: "apps/v1", kind: "Deployment", namespace: "serving", name: "prod-inference" },
        action: "modified",
      },
    ]);
    rmSync(root, { recursive: true, force: true });
  });

  it("a step inserted before a flagged step does not make its old finding new", () => {
    const root = tempDir();
    const wf = (extra: string) => `name: ci
on: [push]
permissions: {contents: read}
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
${extra}      - uses: some-org/setup-thing@v1
      - run: make test
`;
    write(root, {
      "base/.github/workflows/ci.yml": wf(""),
      "head/.github/workflows/ci.yml": wf("      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n"),
    });
    const { j } = json(["review", "--base", "base", "--head", "head"], { cwd: root });
    expect(j.findings.filter((f: { ruleId: string }) => f.ruleId === "ci/unpinned-action")).toEqual([]);
    expect(j.summary.existingFindings).toBeGreaterThan(0);
    expect(j.changes).toEqual([
      {
        workflow: {
          file: ".github/workflows/ci.yml",
          job: "test",
          step: "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683",
        },
        action: "added",
      },
    ]);
    rmSync(root, { recursive: true, force: true });
  });
});

describe("mlgate review --format markdown and sarif", () => {
  it("markdown: the comment, verdict first, with the GPU table; sarif: the new findings only, valid SARIF 2.1.0", () => {
    const root = tempDir();
    const bad = deployment("web", 4).replace("limits: {nvidia.com/gpu: 4}", "limits: {nvidia.com/gpu: 4, memory: 1Gb}");
    write(root, { "base/serve.yaml": deployment("web", 2), "head/serve.yaml": bad });
    const md = mlgate(["review", "--base", "base", "--head", "head", "--format", "markdown"], { cwd: root });
    expect(md.code).toBe(1);
    expect(md.stdout.split("\n").slice(0, 2)).toEqual(["<!-- mlgate-review -->", "### mlgate review: ⛔ **block**"]);
    expect(md.stdout).toMatch(/\| Deployment\/web \| modified \| 8 → 16 \| \$[\d,.]+ → \$[\d,.]+ \|/);
    expect(md.stdout).toMatch(/#### Errors \(1\)\n\n- `schema\/invalid-quantity` `serve\.yaml:18`/);
    const sarif = mlgate(["review", "--base", "base", "--head", "head", "--format", "sarif"], { cwd: root });
    const log = JSON.parse(sarif.stdout);
    const require = createRequire(import.meta.url);
    const schema = require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
    const Ajv4 = ((AjvDraft04 as unknown as { default?: unknown }).default ??
      AjvDraft04) as typeof import("ajv-draft-04").default;
    const validateSarif = new Ajv4({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
    expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
    const results = log.runs[0].results.map((x: { ruleId: string }) => x.ruleId);
    // Only what the change introduces: none of the findings the base already had.
    const newIds = json(["review", "--base", "base", "--head", "head"], { cwd: root }).j.findings.map(
      (f: { ruleId: string }) => f.ruleId,
    );
    expect(results).toEqual(newIds);
    expect(results).toContain("schema/invalid-quantity");
    expect(mlgate(["check", "base", "--format", "json"], { cwd: root }).stdout).toMatch(/"findings": \[\n +\{/);
    rmSync(root, { recursive: true, force: true });
  });
});

describe("the example review workflow", () => {
  it("passes mlgate check: no errors or warnings (the first-party tag pins are info)", () => {
    const r = json(["check", "docs/examples/.github/workflows/mlgate-review.yml"], {}, false);
    expect(r.code).toBe(0);
    expect(r.j.findings.filter((f: { severity: string }) => f.severity !== "info")).toEqual([]);
  });
});

describe("mlgate review of git refs", () => {
  function repo(): string {
    const root = tempDir();
    const g = (...args: string[]) =>
      execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
        cwd: root,
        stdio: "pipe",
      });
    g("init", "-q", "-b", "main");
    write(root, { "k8s/serve.yaml": deployment("web", 2), "README.md": "x\n" });
    g("add", ".");
    g("commit", "-q", "-m", "base");
    g("checkout", "-q", "-b", "feature");
    write(root, { "k8s/serve.yaml": deployment("web", 3) });
    g("commit", "-q", "-am", "more replicas");
    return root;
  }

  it("--base main --head feature reads both trees with git", () => {
    const root = repo();
    const { code, j } = json(["review", "--base", "main", "--head", "feature"], { cwd: root });
    expect(code).toBe(0);
    expect(j.verdict).toBe("review");
    expect(j.cost.before.gpus).toBe(8);
    expect(j.cost.after.gpus).toBe(12);
    rmSync(root, { recursive: true, force: true });
  });

  it("head defaults to the working tree; PATHS limit the review; GITHUB_BASE_REF gives the base", () => {
    const root = repo();
    writeFileSync(join(root, "k8s", "serve.yaml"), deployment("web", 2));
    expect(json(["review", "--base", "main", "k8s"], { cwd: root }).j.changes).toEqual([]);
    writeFileSync(join(root, "k8s", "serve.yaml"), deployment("web", 5));
    const viaEnv = json(["review", "k8s/serve.yaml"], { cwd: root, env: { GITHUB_BASE_REF: "main" } });
    expect(viaEnv.j.cost.after.gpus).toBe(20);
    // Run from a subdirectory: paths are relative to it on both sides.
    expect(json(["review", "--base", "main", "serve.yaml"], { cwd: join(root, "k8s") }).j.cost.after.gpus).toBe(20);
    rmSync(root, { recursive: true, force: true });
  });

  it("a pull request that renames a file and an object, drops the test step, widens permissions and changes a selector: block", () => {
    const root = tempDir();
    const g = (...args: string[]) =>
      execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
        cwd: root,
        stdio: "pipe",
      });
    const ci = (steps: string, permissions: string) => `name: ci
on: [pull_request]
permissions: ${permissions}
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
      - name: Build
        run: make build
${steps}`;
    g("init", "-q", "-b", "main");
    write(root, {
      ".github/workflows/ci.yml": ci("      - name: Run tests\n        run: make test\n", "{contents: read}"),
      "k8s/serve.yaml": deployment("web", 2),
      "k8s/api.yaml": deployment("api", 1, "api"),
    });
    g("add", ".");
    g("commit", "-q", "-m", "base");
    g("checkout", "-q", "-b", "feature");
    g("mv", "k8s/api.yaml", "k8s/api-server.yaml");
    write(root, {
      ".github/workflows/ci.yml": ci("", "write-all"),
      "k8s/serve.yaml": deployment("web", 4, "web-v2"),
      "k8s/api-server.yaml": deployment("api-server", 1, "api"),
    });
    g("commit", "-q", "-am", "head");
    const { code, j } = json(["review", "--base", "main", "--head", "feature"], { cwd: root });
    expect(code).toBe(1);
    expect(j.verdict).toBe("block");
    const ids = j.findings.map((f: { ruleId: string }) => f.ruleId);
    expect(ids).toContain("schema/immutable-field-changed");
    expect(ids).toContain("ci/step-removed");
    expect(ids).toContain("ci/permissions-widened");
    const stepRemoved = j.findings.find((f: { ruleId: string }) => f.ruleId === "ci/step-removed");
    expect(stepRemoved).toMatchObject({ severity: "warning", file: ".github/workflows/ci.yml" });
    expect(stepRemoved.message).toMatch(/step "Run tests" \(a test step: make test\) is removed from job test/);
    expect(j.changes).toEqual(
      expect.arrayContaining([
        {
          resource: { apiVersion: "apps/v1", kind: "Deployment", namespace: null, name: "api-server" },
          action: "renamed",
          from: { apiVersion: "apps/v1", kind: "Deployment", namespace: null, name: "api" },
        },
        { resource: { apiVersion: "apps/v1", kind: "Deployment", namespace: null, name: "web" }, action: "modified" },
        { workflow: { file: ".github/workflows/ci.yml", job: null, step: null }, action: "modified" },
        { workflow: { file: ".github/workflows/ci.yml", job: "test", step: "Run tests" }, action: "removed" },
      ]),
    );
    expect(j.cost.delta.gpus).toBe(8);
    expect(j.reasons.map((r: { code: string }) => r.code)).toEqual(["new-error", "new-warning", "cost-increase"]);
    rmSync(root, { recursive: true, force: true });
  });

  it("usage errors exit 2 with a clear message", () => {
    const root = repo();
    const noBase = mlgate(["review"], { cwd: root });
    expect(noBase.code).toBe(2);
    expect(noBase.stderr).toMatch(/give --base/);
    const badRef = mlgate(["review", "--base", "no-such-branch"], { cwd: root });
    expect(badRef.code).toBe(2);
    expect(badRef.stderr).toMatch(/--base no-such-branch: neither a directory nor a git commit/);
    const missing = mlgate(["review", "--base", "main", "nowhere.yaml"], { cwd: root });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nowhere\.yaml: no such file or directory in the base or the head/);
    expect(mlgate(["review", "--base", "main", "--max-cost-increase", "lots"], { cwd: root }).code).toBe(2);
    expect(mlgate(["review", "--base", "main", "-"], { cwd: root }).stderr).toMatch(/standard input is not an input/);
    rmSync(root, { recursive: true, force: true });
  });
});
