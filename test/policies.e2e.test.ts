// The user's own policies and rule plugins through the built CLI: docs/examples/policies (three
// ValidatingAdmissionPolicies for ML platforms, a plugin rule and manifests that break them),
// --policy, review, and a plugin installed as a package.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./corpus.js";
import { ensureBuilt, type JsonFinding, mlgate } from "./e2e.js";
import { expectValid } from "./schemas.js";

const examples = join(repoRoot, "docs", "examples", "policies");
const ours = (fs: JsonFinding[]) =>
  fs
    .filter((f) => f.ruleId.startsWith("policy/") || f.ruleId.startsWith("acme/"))
    .map((f) => `${f.ruleId} ${f.severity} ${f.resource?.kind}/${f.resource?.name} ${f.line}`);

beforeAll(() => ensureBuilt());

describe("docs/examples/policies", () => {
  it("each policy denies the manifest that breaks it, and the plugin rule runs (configured in .mlgate.yaml)", () => {
    const r = mlgate(["check", "manifests/", "--format", "json"], { cwd: examples });
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expectValid("check.schema.json", json);
    expect(ours(json.findings)).toEqual([
      "policy/ml-queue-label-required error PyTorchJob/bert-pretrain 25",
      "policy/gpu-count-per-namespace error Job/sweep 51",
      "policy/allowed-registries error Deployment/chat 72",
      "acme/gpu-cost-center warning Deployment/chat 74",
    ]);
    const messages = json.findings
      .filter((f: JsonFinding) => f.ruleId.startsWith("policy/"))
      .map((f: JsonFinding) => f.message);
    expect(messages).toEqual([
      "ValidatingAdmissionPolicy 'ml-queue-label-required' with binding 'ml-queue-label-required' denied request: PyTorchJob bert-pretrain in ml-research must name its Kueue LocalQueue in the label kueue.x-k8s.io/queue-name",
      "ValidatingAdmissionPolicy 'gpu-count-per-namespace' with binding 'gpu-count-per-namespace' denied request: Job sweep asks for 32 GPUs (4 pods × 8); namespace ml-research allows 16 per workload",
      "ValidatingAdmissionPolicy 'allowed-registries' with binding 'allowed-registries' denied request: images from registries outside registry.internal.example.com/, nvcr.io/nvidia/: docker.io/vllm/vllm-openai:v0.6.3",
    ]);
  });

  it("--policy from the command line, and SARIF and text carry the policy rule", () => {
    const args = [
      "check",
      "docs/examples/policies/manifests",
      "--policy",
      "docs/examples/policies/allowed-registries.yaml",
    ];
    const json = JSON.parse(mlgate([...args, "--format", "json"]).stdout);
    expect(ours(json.findings)).toEqual(["policy/allowed-registries error Deployment/chat 72"]);
    const sarif = JSON.parse(mlgate([...args, "--format", "sarif"]).stdout);
    const rules = sarif.runs[0].tool.driver.rules.map(
      (r: { id: string; properties: { category: string } }) => `${r.id} ${r.properties.category}`,
    );
    expect(rules).toContain("policy/allowed-registries policy");
    expect(mlgate(args).stdout).toMatch(
      /denied request: images from registries outside .* policy\/allowed-registries Deployment\/chat/,
    );
    expect(mlgate(["check", "x", "--policy", "nope.yaml"]).code).toBe(2);
  });

  it("the plugin is listed, explained, and its examples pass mlgate test-rules", () => {
    expect(mlgate(["rules"], { cwd: examples }).stdout).toMatch(
      /^acme\/gpu-cost-center\s+warning\s+A GPU workload has no cost-center label$/m,
    );
    expect(mlgate(["rules"]).stdout).not.toMatch(/acme\//);
    const explain = mlgate(["explain", "acme/gpu-cost-center"], { cwd: examples });
    expect(explain.code).toBe(0);
    expect(explain.stdout).toMatch(/^acme\/gpu-cost-center \(cost, default severity warning\)/);
    const t = mlgate(["test-rules"], { cwd: examples });
    expect(t.stdout).toMatch(/^3 passed, 0 failed$/m);
    expect(t.code).toBe(0);
  });
});

describe("plugins from an installed package, and mistakes", () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "mlgate-plugin-e2e-"));
    const pkg = join(dir, "node_modules", "@acme", "mlgate-rules");
    mkdirSync(pkg, { recursive: true });
    writeFileSync(
      join(pkg, "package.json"),
      JSON.stringify({ name: "@acme/mlgate-rules", version: "1.0.0", type: "module", exports: "./index.js" }),
    );
    // The example plugin, installed as a package, with an example that fails.
    const source = readFileSync(join(examples, "plugin", "gpu-cost-center.mjs"), "utf8");
    writeFileSync(
      join(pkg, "index.js"),
      source.replace("findings: [{ line: 3, column: 1,", "findings: [{ line: 4, column: 1,"),
    );
    writeFileSync(
      join(dir, ".mlgate.yaml"),
      'plugins: ["@acme/mlgate-rules"]\nrules:\n  acme/gpu-cost-center: error\n',
    );
    writeFileSync(
      join(dir, "job.yaml"),
      "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: train\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: t\n          image: nvcr.io/nvidia/pytorch:24.05-py3\n          resources: {limits: {nvidia.com/gpu: 2}}\n",
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("loads, runs (with the configured severity) and lists the package's rules", () => {
    const json = JSON.parse(mlgate(["check", "job.yaml", "--format", "json"], { cwd: dir }).stdout);
    expect(ours(json.findings)).toEqual(["acme/gpu-cost-center error Job/train 3"]);
    expect(mlgate(["rules", "--format", "json"], { cwd: dir }).stdout).toMatch(/"id": "acme\/gpu-cost-center"/);
  });

  it("test-rules fails with the example's difference", () => {
    const t = mlgate(["test-rules"], { cwd: dir });
    expect(t.code).toBe(1);
    expect(t.stdout).toMatch(
      /FAIL {2}acme\/gpu-cost-center {2}invalid: a GPU Job without the label\n {8}finding 1: line 3, expected 4/,
    );
  });

  it("a broken plugin or an unknown plugin rule id is a usage error naming it", () => {
    writeFileSync(join(dir, "bad.mjs"), "export default { apiVersion: 2, name: 'bad', rules: [] };\n");
    const bad = mlgate(["check", "job.yaml", "--config", "bad.yaml"], { cwd: dir });
    expect(bad.code).toBe(2);
    writeFileSync(join(dir, "bad.yaml"), "plugins: [./bad.mjs]\n");
    const r = mlgate(["check", "job.yaml", "--config", "bad.yaml"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/plugin \.\/bad\.mjs: declares rule API version 2, this mlgate provides version 1/);
    writeFileSync(join(dir, "typo.yaml"), 'plugins: ["@acme/mlgate-rules"]\nrules: {acme/gpu-costcenter: off}\n');
    const typo = mlgate(["check", "job.yaml", "--config", "typo.yaml"], { cwd: dir });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/unknown rule id "acme\/gpu-costcenter" \(no configured plugin defines it\)/);
  });
});

describe("review", () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "mlgate-policy-review-"));
    for (const side of ["base", "head"]) mkdirSync(join(dir, side));
    const policy = readFileSync(join(examples, "queue-label-required.yaml"), "utf8");
    const job = (labels: string) =>
      `---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: train\n  namespace: ml-vision\n  labels: {${labels}}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: t, image: "nvcr.io/nvidia/pytorch:24.05-py3"}]\n`;
    writeFileSync(join(dir, "base", "all.yaml"), policy + job("kueue.x-k8s.io/queue-name: vision"));
    writeFileSync(join(dir, "head", "all.yaml"), policy + job("app: train"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("a policy in the set blocks the change that breaks it", () => {
    const r = mlgate(["review", "--base", "base", "--head", "head", "--format", "json"], { cwd: dir });
    const json = JSON.parse(r.stdout);
    expectValid("review.schema.json", json);
    expect(json.verdict).toBe("block");
    expect(r.code).toBe(1);
    expect(json.findings.map((f: JsonFinding) => f.ruleId).filter((id: string) => id.startsWith("policy/"))).toEqual([
      "policy/ml-queue-label-required",
    ]);
  });
});
