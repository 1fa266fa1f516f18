import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { alignLines, hasSourceComments, renderedFiles, splitHelmOutput, splitKustomizeOutput } from "./rendered.js";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "test", "fixtures");
const helmOutput = readFileSync(join(fixtures, "helm-output", "trainer.yaml"), "utf8");
const chart = join(fixtures, "repo", "charts", "trainer");

describe("Helm output", () => {
  it("splits at --- and reads each document's # Source: comment", () => {
    const docs = splitHelmOutput(helmOutput);
    expect(docs.map((d) => d.source)).toEqual(["trainer/templates/configmap.yaml", "trainer/templates/job.yaml"]);
    expect(docs[1]?.text).toMatch(/^# Source: trainer\/templates\/job\.yaml\napiVersion: batch\/v1\n/);
  });

  it("maps each document to its template, and rendered lines to template lines", () => {
    const files = renderedFiles(
      splitHelmOutput(helmOutput),
      "<stdin>",
      (s) => `charts/${s}`,
      (p) => readFileSync(join(chart, p.replace("charts/trainer/", "")), "utf8"),
      "charts/trainer",
    );
    expect(files.map((f) => f.path)).toEqual([
      "charts/trainer/templates/configmap.yaml",
      "charts/trainer/templates/job.yaml",
    ]);
    // Every file of one render names it: they are one application (model/refs.ts).
    expect(files.map((f) => f.unit)).toEqual(["charts/trainer", "charts/trainer"]);
    const job = files[1];
    if (!job) throw new Error("no job file");
    // `memory: 64Gb` was rendered from `memory: {{ .Values.memory }}`, line 22 of the template.
    const at = job.text.indexOf("64Gb");
    expect(job.position(at)).toEqual({ line: 22, column: 23 });
    // A line the template has word for word keeps its column.
    expect(job.position(job.text.indexOf("backoffLimit"))).toEqual({ line: 8, column: 3 });
    // Lines an include produced take the place of the include.
    expect(job.position(job.text.indexOf("app.kubernetes.io/instance")).line).toBe(6);
    expect(job.frameText).toContain("{{ .Values.memory }}");
  });

  it("without the template's text, positions fall to line 1 of the template", () => {
    const files = renderedFiles(
      splitHelmOutput(helmOutput),
      "<stdin>",
      (s) => s,
      () => undefined,
      "<stdin>",
    );
    const job = files[1];
    expect(job?.path).toBe("trainer/templates/job.yaml");
    expect(job?.position(job.text.indexOf("64Gb"))).toEqual({ line: 1, column: 1 });
    expect(job?.frameText).toBeUndefined();
  });

  it("keeps documents without a source under the fallback name", () => {
    const files = renderedFiles(
      splitHelmOutput("apiVersion: v1\nkind: List\n"),
      "<stdin>",
      (s) => s,
      () => undefined,
      "<stdin>",
    );
    expect(files.map((f) => f.path)).toEqual(["<stdin>"]);
  });
});

describe("alignLines", () => {
  it("prefers the first match at or after the previous one, so repeated lines map in order", () => {
    const source = "a:\n  - name: x\n    image: one\nb:\n  - name: x\n    image: two\n";
    const rendered = "a:\n- name: x\n  image: one\nb:\n- name: x\n  image: two\n";
    const { lines, shifts } = alignLines(rendered, source);
    expect(lines.slice(0, 6)).toEqual([1, 2, 3, 4, 5, 6]);
    // Kustomize writes list items two columns further left.
    expect(shifts[2]).toBe(2);
  });
});

describe("Kustomize output", () => {
  it("reads and removes the origin annotation the loader asked for", () => {
    const out =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  annotations:\n    config.kubernetes.io/origin: |\n      path: ../overlay/cm.yaml\n  name: prod-c\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  annotations:\n    config.kubernetes.io/origin: |\n      path: ../base/s.yaml\n    team: ml\n  name: s\n";
    const docs = splitKustomizeOutput(out);
    expect(docs.map((d) => d.source)).toEqual(["../overlay/cm.yaml", "../base/s.yaml"]);
    expect(docs[0]?.text).toBe("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: prod-c\n");
    // The user's own annotations stay.
    expect(docs[1]?.text).toBe("apiVersion: v1\nkind: Secret\nmetadata:\n  annotations:\n    team: ml\n  name: s\n");
  });
});

describe("hasSourceComments", () => {
  it("recognises Helm's comment, not a URL someone noted as a source", () => {
    expect(hasSourceComments("---\n# Source: x/templates/a.yaml\nkind: A\n")).toBe(true);
    expect(hasSourceComments("# Source: https://github.com/org/repo/blob/main/deploy.yaml\nkind: A\n")).toBe(false);
    expect(splitHelmOutput("# Source: https://example.com/a.yaml\nkind: A\n")[0]?.source).toBeUndefined();
  });
});
