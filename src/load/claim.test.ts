import { describe, expect, it } from "vitest";
import { claimManifest, knownNonManifest } from "./claim.js";
import { parseStream } from "./parse.js";
import { SourceFile } from "./types.js";

function claim(path: string, text: string) {
  const file = new SourceFile(path, text);
  const { documents, problems } = parseStream(file);
  return claimManifest(path, text, documents, problems);
}

describe("claimManifest", () => {
  it("claims Kubernetes objects, whatever the file is called", () => {
    expect(claim("k8s/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n").claimed).toBe(true);
    // Another tool's name does not hide a whole object.
    expect(claim("environment.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n").claimed).toBe(true);
  });

  it("claims a document with a kind but no apiVersion, or the reverse: a broken manifest", () => {
    expect(claim("a.yaml", "kind: ConfigMap\nmetadata: {name: a}\n").claimed).toBe(true);
    expect(claim("a.yaml", "apiVersion: v1\nmetadata: {name: a}\n").claimed).toBe(true);
    // One broken document among objects keeps the file.
    expect(claim("a.yaml", "apiVersion: v1\nkind: ConfigMap\n---\nname: x\n").claimed).toBe(true);
  });

  it("claims a file that fails to parse when it names apiVersion or kind", () => {
    expect(claim("a.yaml", "apiVersion: v1\nkind: [Pod\n").claimed).toBe(true);
  });

  it("skips files of other tools by name, even with an apiVersion", () => {
    expect(claim("charts/x/Chart.yaml", "apiVersion: v2\nname: x\nversion: 0.1.0\n")).toEqual({
      claimed: false,
      reason: "a Helm chart's metadata",
    });
    for (const p of [
      ".github/dependabot.yml",
      ".github/ISSUE_TEMPLATE/bug.yml",
      "package.json",
      "charts/x/values.yaml",
      "charts/x/values-prod.yaml",
      ".pre-commit-config.yaml",
      "docker-compose.yml",
      "compose.yaml",
      "mkdocs.yml",
      "codecov.yml",
      ".gitlab-ci.yml",
      "tsconfig.json",
    ]) {
      expect(knownNonManifest(p), p).toBeDefined();
    }
    expect(knownNonManifest("k8s/deployment.yaml")).toBeUndefined();
    expect(knownNonManifest("k8s/values-service.yaml.bak")).toBeUndefined();
  });

  it("skips content that is not a manifest: no apiVersion and no kind", () => {
    expect(claim("openapi.json", '{"openapi": "3.1.0"}').claimed).toBe(false);
    expect(claim("list.json", "[1, 2]").claimed).toBe(false);
    expect(claim("notes.yaml", "just a string\n").claimed).toBe(false);
    expect(claim("broken.yaml", "a: [1\n")).toEqual({
      claimed: false,
      reason: "not valid YAML or JSON, and no apiVersion or kind: not a Kubernetes manifest",
    });
  });

  it("skips mlgate's own node pool inventories", () => {
    expect(claim("pools.yaml", "kind: NodePools\npools:\n  - name: a\n    count: 1\n").claimed).toBe(false);
  });

  it("claims an empty file: it holds nothing to report", () => {
    expect(claim("empty.yaml", "").claimed).toBe(true);
    expect(claim("comments.yaml", "# nothing yet\n").claimed).toBe(true);
  });
});
