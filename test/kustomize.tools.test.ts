// Needs kubectl on the PATH (npm run test:tools): renders Kustomize directories for real with the
// built CLI and checks that findings point back at the resource files.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, findingAt, type JsonFinding, mlgate as run } from "./e2e.js";
import { requireTool } from "./tools.js";

const fixtures = "test/fixtures/kustomize";

const mlgate = (args: string[], cwd?: string) => run(args, cwd ? { cwd } : {});

const at = findingAt;

beforeAll(() => {
  requireTool("kubectl", ["version", "--client"], "install kubectl (https://kubernetes.io/docs/tasks/tools/)");
  ensureBuilt();
});

describe("Kustomize directories, rendered with kubectl kustomize", () => {
  it("renders an overlay; findings point at the base's resource file, the base is not rendered twice", () => {
    const r = mlgate(["check", fixtures, "--format", "json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    const quantity = j.findings.filter((f: JsonFinding) => f.ruleId === "schema/invalid-quantity");
    expect(quantity.map(at)).toEqual([`schema/invalid-quantity ${fixtures}/base/deployment.yaml:26:23`]);
    // The object as the overlay renders it: prefixed name, its namespace.
    expect(quantity[0].resource).toMatchObject({ name: "prod-inference", namespace: "serving" });
    expect(j.summary.rendered).toEqual([
      {
        source: `${fixtures}/overlays/prod`,
        renderer: "kubectl kustomize",
        version: expect.stringMatching(/^v\d+\.\d+\.\d+ \(kubectl v1\./),
      },
    ]);
    // The origin annotation mlgate asks kustomize for is not seen by the rules.
    expect(r.stdout).not.toContain("config.kubernetes.io/origin");
  });

  it("a remote base is not fetched: one finding, nothing rendered from that directory", () => {
    const r = mlgate(["check", `${fixtures}/remote`, "--format", "json"]);
    const j = JSON.parse(r.stdout);
    expect(j.findings.map((f: JsonFinding) => `${at(f)} ${f.severity}`)).toEqual([
      `schema/unrendered-template ${fixtures}/remote/kustomization.yaml:2:5 warning`,
    ]);
    expect(j.findings[0].message).toMatch(
      /remote base "github\.com\/example\/platform\/\/deploy\/base\?ref=v1\.2\.0" is not fetched/,
    );
    expect(j.summary.rendered).toBeUndefined();
  });

  it("helmCharts are not inflated (that needs --enable-helm and may download): one finding", () => {
    const r = mlgate(["check", `${fixtures}/helm-charts`, "--format", "json"]);
    const j = JSON.parse(r.stdout);
    expect(j.findings.map((f: JsonFinding) => `${at(f)} ${f.severity}`)).toEqual([
      `schema/unrendered-template ${fixtures}/helm-charts/kustomization.yaml:1:1 warning`,
    ]);
    expect(j.findings[0].message).toMatch(/--enable-helm/);
  });

  it("a kustomization that does not build is an error quoting kubectl", () => {
    const dir = mkdtempSync(join(tmpdir(), "mlgate-kbroken-"));
    writeFileSync(join(dir, "kustomization.yaml"), "resources:\n  - missing.yaml\n");
    const r = mlgate(["check", ".", "--format", "json"], dir);
    const j = JSON.parse(r.stdout);
    expect(r.code).toBe(1);
    expect(j.findings.map(at)).toEqual(["schema/unrendered-template kustomization.yaml:1:1"]);
    expect(j.findings[0].message).toMatch(/^kubectl kustomize failed on \.: .*missing\.yaml/);
    expect(j.findings[0].message).not.toMatch(/mlgate-kustomize-[A-Za-z0-9]{6}/);
  });

  it("what one render produced is one application: each overlay's job is judged by its own render of the base's queue", () => {
    // Both overlays build on one base (a ClusterQueue of 16 GPUs); the small one patches it to 4.
    // Its 8-GPU job never fits; the large one's does. Without the render's unit the job would find
    // the queue nowhere (the base is neither its directory nor above it) and nothing would be judged.
    const apps = "test/fixtures/kustomize-apps";
    const j = JSON.parse(mlgate(["check", apps, "--format", "json"]).stdout);
    const quota = j.findings.filter((f: JsonFinding) => f.ruleId === "scheduling/kueue-quota-exceeded");
    expect(quota.map(at)).toEqual([`scheduling/kueue-quota-exceeded ${apps}/overlays/small/job.yaml:7:32`]);
    expect(quota[0].message).toMatch(
      new RegExp(`ClusterQueue gpu-cq \\(${apps}/base/queues\\.yaml:9\\) can give at most 4 \\(nominalQuota 4`),
    );
  });
});
