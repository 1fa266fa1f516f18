// Rules' own options, end to end on the built CLI: `rules: {<id>: {options}}` in .mlgate.yaml,
// per configuration (nested files set their own), the older top-level keys, and a wrong option
// refused as a usage error that names the file and the key.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, mlgate } from "./e2e.js";

const POD = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: [{name: c, image: "docker.io/library/busybox:1.36"}]
`;

let root = "";
function put(rel: string, text: string) {
  const p = join(root, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
}

/** `severity message` of each security/image-registry finding, by file. */
function registryFindings(stdout: string): string[] {
  return JSON.parse(stdout)
    .findings.filter((f: { ruleId: string }) => f.ruleId === "security/image-registry")
    .map((f: { file: string; severity: string; message: string }) => `${f.file} ${f.severity} ${f.message}`);
}

beforeAll(() => {
  ensureBuilt();
  root = mkdtempSync(join(tmpdir(), "mlgate-rule-options-"));
  put(
    "new/.mlgate.yaml",
    "rules:\n  security/image-registry:\n    severity: warning\n    options: {registries: [nvcr.io]}\n",
  );
  put("new/pod.yaml", POD);
  put("new/hub/.mlgate.yaml", "rules:\n  security/image-registry: {options: {registries: [docker.io/library]}}\n");
  put("new/hub/pod.yaml", POD);
  put("old/.mlgate.yaml", "allowedRegistries: [nvcr.io]\n");
  put("old/pod.yaml", POD);
  put("bad/.mlgate.yaml", "rules:\n  security/image-registry: {options: {registries: nvcr.io}}\n");
  put("bad/pod.yaml", POD);
});

describe("rule options in .mlgate.yaml", () => {
  it("a rule's options and severity per configuration; the older top-level key still sets the option", () => {
    const r = mlgate(["check", "new", "old", "--format", "json"], { cwd: root });
    const message =
      "image docker.io/library/busybox:1.36 comes from docker.io/library/busybox, which is not in allowedRegistries (nvcr.io)";
    expect(registryFindings(r.stdout)).toEqual([`new/pod.yaml warning ${message}`, `old/pod.yaml error ${message}`]);
  });

  it("an option its schema does not allow is a usage error naming the file and the key", () => {
    const r = mlgate(["check", "bad"], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("rules.security/image-registry.options.registries: must be a list");
    expect(r.stderr).toContain(join("bad", ".mlgate.yaml"));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
