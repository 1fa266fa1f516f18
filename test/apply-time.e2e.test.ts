// What the API server rejects at apply, end to end through the built CLI (issue 19, "Done when").
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, findingAt, type JsonFinding, mlgate } from "./e2e.js";

beforeAll(ensureBuilt);

const FILE = "test/fixtures/apply-time/rejected.yaml";

describe("apply-time rejections", () => {
  it("gives the four errors of a selector mismatch, a dangling volumeMount, a Job restartPolicy Always and imagePullPolicy Sometimes, at their positions", () => {
    const r = mlgate(["check", "--format", "json", FILE]);
    expect(r.code).toBe(1);
    const errors = (JSON.parse(r.stdout).findings as JsonFinding[]).filter((f) => f.severity === "error");
    expect(errors.map(findingAt)).toEqual([
      `schema/selector-mismatch ${FILE}:12:15`,
      `schema/unsupported-value ${FILE}:17:28`,
      `schema/missing-volume ${FILE}:21:22`,
      `schema/restart-policy ${FILE}:30:22`,
    ]);
    expect(errors.map((f) => f.message)).toEqual([
      expect.stringMatching(/app=vllm \(the template has app=vllm-server\)/),
      expect.stringMatching(/imagePullPolicy "Sometimes" is not supported/),
      expect.stringMatching(/names volume "model-cache", but the pod has no volumes/),
      expect.stringMatching(/restartPolicy "Always": supported values are "OnFailure", "Never"/),
    ]);
  });

  it("validates built-in kinds against the target release's schema (--kube-version)", () => {
    const svc =
      "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selectr: {app: x}\n  ports: [{name: http, targetPort: 8000}]\n";
    const r = mlgate(["check", "--format", "json", "--kube-version", "1.34", "-", "--stdin-filename", "svc.yaml"], {
      input: svc,
    });
    const found = (JSON.parse(r.stdout).findings as JsonFinding[]).map((f) => `${findingAt(f)} ${f.message}`);
    expect(found).toEqual([
      'schema/unknown-field svc.yaml:5:3 unknown field "selectr" in spec of Service: did you mean "selector"?',
      "schema/required-fields svc.yaml:6:11 port is required in spec.ports[0] of Service",
    ]);
  });
});

describe("--crd: a user's CustomResourceDefinition validates its kind", () => {
  const crd = "test/fixtures/crd/argo-workflow-crd.yaml";
  const wf = "test/fixtures/crd/fine-tune-workflow.yaml";
  const expected = [
    `schema/unknown-field ${wf}:8:3 error`,
    `schema/crd-validation ${wf}:9:26 error`,
    `schema/unsupported-value ${wf}:11:15 error`,
  ];
  const found = (stdout: string) =>
    (JSON.parse(stdout).findings as JsonFinding[]).map((f) => `${findingAt(f)} ${f.severity}`);

  it("reports a misspelt field, a value outside an enum and a failed CEL rule of an Argo Workflow", () => {
    const r = mlgate(["check", "--format", "json", "--crd", crd, wf]);
    expect(r.code).toBe(1);
    expect(found(r.stdout)).toEqual(expected);
    const messages = (JSON.parse(r.stdout).findings as JsonFinding[]).map((f) => f.message);
    expect(messages[0]).toMatch(/unknown field "entrypont" in spec of Workflow: did you mean "entrypoint"\?/);
    expect(messages[1]).toMatch(/activeDeadlineSeconds must be positive/);
  });

  it("without the CRD, the kind is unknown and only an info finding", () => {
    const r = mlgate(["check", "--format", "json", wf]);
    expect(r.code).toBe(0);
    expect(found(r.stdout)).toEqual([`schema/unknown-kind ${wf}:3:13 info`]);
  });

  it("takes crds: from .mlgate.yaml, relative to it, and a CRD among the checked files", () => {
    const dir = mkdtempSync(join(tmpdir(), "mlgate-crd-"));
    try {
      mkdirSync(join(dir, "crds"));
      copyFileSync(crd, join(dir, "crds", "workflow.yaml"));
      copyFileSync(wf, join(dir, "wf.yaml"));
      writeFileSync(join(dir, ".mlgate.yaml"), "crds: [crds]\n");
      const viaConfig = mlgate(["check", "--format", "json", "wf.yaml"], { cwd: dir });
      expect(found(viaConfig.stdout)).toEqual(expected.map((e) => e.replace(wf, "wf.yaml")));
      rmSync(join(dir, ".mlgate.yaml"));
      const inSet = mlgate(["check", "--format", "json", "."], { cwd: dir });
      expect(found(inSet.stdout)).toEqual(expected.map((e) => e.replace(wf, "wf.yaml")));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("review reads --crd and crds: as check does: the change's new errors in a custom resource block", () => {
    const dir = mkdtempSync(join(tmpdir(), "mlgate-crd-review-"));
    try {
      mkdirSync(join(dir, "base"));
      mkdirSync(join(dir, "head"));
      mkdirSync(join(dir, "crds"));
      copyFileSync(crd, join(dir, "crds", "workflow.yaml"));
      // The base is the same Workflow written correctly.
      const good = readFileSync(wf, "utf8")
        .replace("entrypont:", "entrypoint:")
        .replace("activeDeadlineSeconds: -1", "activeDeadlineSeconds: 3600")
        .replace("strategy: OnSuccess", "strategy: OnPodSuccess");
      writeFileSync(join(dir, "base", "wf.yaml"), good);
      copyFileSync(wf, join(dir, "head", "wf.yaml"));
      const args = ["review", "--base", "base", "--head", "head", "--format", "json"];
      const newFindings = (stdout: string) =>
        (JSON.parse(stdout).findings as JsonFinding[]).map((f) => `${findingAt(f)} ${f.severity}`);
      const withFlag = mlgate([...args, "--crd", "crds"], { cwd: dir });
      expect(JSON.parse(withFlag.stdout).verdict).toBe("block");
      expect(newFindings(withFlag.stdout)).toEqual(expected.map((e) => e.replace(wf, "wf.yaml")));
      const without = mlgate(args, { cwd: dir });
      expect(JSON.parse(without.stdout).verdict).toBe("allow");
      expect(newFindings(without.stdout)).toEqual([]);
      writeFileSync(join(dir, ".mlgate.yaml"), "crds: [crds]\n");
      const viaConfig = mlgate(args, { cwd: dir });
      expect(newFindings(viaConfig.stdout)).toEqual(expected.map((e) => e.replace(wf, "wf.yaml")));
      const missing = mlgate([...args, "--crd", "nowhere"], { cwd: dir });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/--crd nowhere: no such file or directory/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("serve refuses a --crd that holds no CustomResourceDefinition, or one that does not parse, before it listens", () => {
    const dir = mkdtempSync(join(tmpdir(), "mlgate-crd-serve-"));
    try {
      const tls = ["--tls-cert", join(dir, "none.crt"), "--tls-key", join(dir, "none.key")];
      const notCrd = mlgate(["serve", ...tls, "--crd", wf]);
      expect(notCrd.code).toBe(2);
      expect(notCrd.stderr).toMatch(/--crd .*fine-tune-workflow.yaml: no CustomResourceDefinition in it/);
      writeFileSync(join(dir, "broken.yaml"), "kind: CustomResourceDefinition\nspec: [unclosed\n");
      const broken = mlgate(["serve", ...tls, "--crd", join(dir, "broken.yaml")]);
      expect(broken.code).toBe(2);
      expect(broken.stderr).toMatch(/--crd .*broken.yaml:\d+:\d+: /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a --crd path with no CustomResourceDefinition (exit 2)", () => {
    const r = mlgate(["check", "--crd", wf, wf]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--crd .*fine-tune-workflow.yaml: no CustomResourceDefinition in it/);
  });
});
