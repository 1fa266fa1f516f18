// `--attest FILE` on check and review, and the lineage configuration (environments:, lineage:),
// through the built CLI.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, mlgate } from "./e2e.js";
import { expectValid } from "./schemas.js";

beforeAll(ensureBuilt);

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "mlgate-lineage-"));
  dirs.push(root);
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

const serving = (ns: string, revision = "") => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: chat
  namespace: ${ns}
spec:
  selector: {matchLabels: {app: chat}}
  template:
    metadata: {labels: {app: chat}}
    spec:
      containers:
        - name: vllm
          image: vllm/vllm-openai:v0.6.0
          args: ["--model", "meta-llama/Llama-3.1-8B-Instruct"${revision}]
`;

const read = (root: string, f: string) => JSON.parse(readFileSync(join(root, f), "utf8"));

describe("mlgate check --attest", () => {
  it("writes an in-toto Statement: the files by SHA-256, the rule set, configuration and findings digests, the exit code", () => {
    const text = serving("ml-prod");
    const root = tree({ "k8s/chat.yaml": text, ".mlgate.yaml": "environments: {ml-prod: prod}\n" });
    const r = mlgate(["check", "k8s", "--attest", "attest.json"], { cwd: root });
    expect(r.code).toBe(0);
    const s = read(root, "attest.json");
    expectValid("attestation.schema.json", s);
    expect(s._type).toBe("https://in-toto.io/Statement/v1");
    expect(s.subject).toEqual([{ name: "k8s/chat.yaml", digest: { sha256: sha256(text) } }]);
    expect(s.predicate.command).toBe("check");
    expect(s.predicate.configurations).toEqual([
      { path: ".mlgate.yaml", digest: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } },
    ]);
    expect(s.predicate.exitCode).toBe(0);
    const json = JSON.parse(mlgate(["check", "k8s", "--format", "json"], { cwd: root }).stdout);
    expect(s.predicate.findings.count).toBe(json.findings.length);
    expect(s.predicate.findings.warnings).toBe(json.summary.warnings);
    // The same inputs give the same bytes; a changed file or configuration changes its digest.
    mlgate(["check", "k8s", "--attest", "again.json"], { cwd: root });
    expect(readFileSync(join(root, "again.json"), "utf8")).toBe(readFileSync(join(root, "attest.json"), "utf8"));
    writeFileSync(join(root, ".mlgate.yaml"), "environments: {ml-prod: dev}\n");
    mlgate(["check", "k8s", "--attest", "dev.json"], { cwd: root });
    const dev = read(root, "dev.json");
    expect(dev.predicate.configurations[0].digest).not.toEqual(s.predicate.configurations[0].digest);
    expect(dev.predicate.findings.digest).not.toEqual(s.predicate.findings.digest);
    expect(dev.subject).toEqual(s.subject);
  });

  it("an unwritable --attest path is a usage error", () => {
    const root = tree({ "k8s/chat.yaml": serving("ml-prod") });
    const r = mlgate(["check", "k8s", "--attest", "no/such/dir/a.json"], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mlgate: --attest no\/such\/dir\/a\.json: cannot write: /);
  });
});

describe("mlgate review --attest", () => {
  it("names the head's files as subjects, the base's as inputs, and the verdict", () => {
    const before = serving("ml-prod", ', "--revision", "0e9e39f249a16976918f6564b8830bc894c89659"');
    const after = serving("ml-prod");
    const root = tree({
      "base/k8s/chat.yaml": before,
      "head/k8s/chat.yaml": after,
      "head/.mlgate.yaml": "environments: {ml-prod: prod}\n",
    });
    const r = mlgate(["review", "--base", "base", "--head", "head", "--attest", "review.json", "--format", "json"], {
      cwd: root,
    });
    const out = JSON.parse(r.stdout);
    expect(out.verdict).toBe("review");
    expect(out.findings.map((f: { ruleId: string; severity: string }) => [f.ruleId, f.severity])).toContainEqual([
      "reproducibility/floating-model-ref",
      "warning",
    ]);
    const s = read(root, "review.json");
    expectValid("attestation.schema.json", s);
    expect(s.subject).toEqual([{ name: "k8s/chat.yaml", digest: { sha256: sha256(after) } }]);
    expect(s.predicate.base).toEqual({
      label: "base",
      inputs: [{ name: "k8s/chat.yaml", digest: { sha256: sha256(before) } }],
    });
    expect(s.predicate.verdict).toBe("review");
    expect(s.predicate.findings.count).toBe(out.findings.length);
    // The working directory has no configuration (the defaults, first); the head's governs its files.
    expect(s.predicate.configurations.map((c: { path: string | null }) => c.path)).toEqual([null, "head/.mlgate.yaml"]);
  });
});

describe("lineage configuration", () => {
  it("environments: prod namespaces warn, dev ones inform; a bad value is a usage error with its place", () => {
    const root = tree({
      "prod.yaml": serving("ml-prod"),
      "dev.yaml": serving("ml-dev").replace("name: chat", "name: chat-dev"),
      ".mlgate.yaml": "environments:\n  ml-prod: prod\n  ml-dev: dev\n",
    });
    const j = JSON.parse(mlgate(["check", ".", "--format", "json"], { cwd: root }).stdout);
    const floating = j.findings
      .filter((f: { ruleId: string }) => f.ruleId === "reproducibility/floating-model-ref")
      .map((f: { file: string; severity: string }) => [f.file, f.severity]);
    expect(floating).toEqual([
      ["dev.yaml", "info"],
      ["prod.yaml", "warning"],
    ]);
    writeFileSync(join(root, ".mlgate.yaml"), "environments: {ml-prod: production}\n");
    const bad = mlgate(["check", "."], { cwd: root });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/environments\.ml-prod: "production" is not dev, staging or prod/);
  });
});
