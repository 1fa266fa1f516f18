import { describe, expect, it } from "vitest";
import { checkTexts } from "../check.js";
import { EMPTY_CONFIG } from "../config/config.js";
import { TEST_RULE_BASE } from "../rules/testing.js";
import { defineRule } from "../rules/types.js";

const base = TEST_RULE_BASE;

const pytorchJob = (worker: string) =>
  `apiVersion: kubeflow.org/v1\nkind: PyTorchJob\nmetadata:\n  name: j\nspec:\n  pytorchReplicaSpecs:\n    Master:\n      replicas: 1\n      template:\n        spec:\n          containers: [{name: pytorch, image: trainer}]\n    Worker:\n      replicas: 2\n      template:\n        spec:\n          containers: [{name: pytorch, image: ${worker}}]\n`;

/** Reports every container's image, with a message that does not name the group. */
const perContainer = defineRule({
  ...base,
  id: "schema/per-container",
  workload(w, ctx) {
    for (const g of w.podGroups)
      for (const c of g.containers)
        ctx.report({ resource: w.resource, path: [...c.path, "image"], message: `image ${String(c.value.image)}` });
  },
});

describe("pod-group merging", () => {
  it("reports a finding repeated in Master and Worker once, at the Master, naming both groups", () => {
    const r = checkTexts([{ path: "j.yaml", text: pytorchJob("trainer") }], { rules: [perContainer] });
    expect(r.findings.map((f) => [f.line, f.message])).toEqual([
      [11, "image trainer (the same in pod groups Master, Worker)"],
    ]);
  });

  it("never merges two workloads' findings: the same template in two files is two findings", () => {
    const r = checkTexts(
      [
        { path: "a.yaml", text: pytorchJob("trainer") },
        { path: "b.yaml", text: pytorchJob("trainer") },
      ],
      { rules: [perContainer] },
    );
    expect(r.findings.map((f) => [f.file, f.line])).toEqual([
      ["a.yaml", 11],
      ["b.yaml", 11],
    ]);
  });

  it("keeps findings whose messages differ between the groups", () => {
    const r = checkTexts([{ path: "j.yaml", text: pytorchJob("other") }], { rules: [perContainer] });
    expect(r.findings.map((f) => [f.line, f.message])).toEqual([
      [11, "image trainer"],
      [16, "image other"],
    ]);
  });
});

describe("severity overrides", () => {
  const twoSeverities = defineRule({
    ...base,
    id: "schema/two-severities",
    resource(r, ctx) {
      ctx.report({ resource: r, path: ["metadata", "name"], message: "at the default" });
      ctx.report({ resource: r, path: ["kind"], message: "on purpose info", severity: "info" });
    },
  });

  it("changes the rule's default severity, never a finding the rule reports at another severity", () => {
    const r = checkTexts([{ path: "p.yaml", text: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n" }], {
      rules: [twoSeverities],
      config: { ...EMPTY_CONFIG, rules: { "schema/two-severities": "error" } },
    });
    expect(r.findings.map((f) => [f.message, f.severity])).toEqual([
      ["on purpose info", "info"],
      ["at the default", "error"],
    ]);
  });
});

describe("supersession", () => {
  const general = defineRule({
    ...base,
    id: "schema/general",
    severity: "error",
    resource(r, ctx) {
      ctx.report({ resource: r, path: ["metadata", "name"], message: "general" });
      ctx.report({ resource: r, path: ["kind"], message: "general elsewhere" });
    },
  });
  const specific = defineRule({
    ...base,
    id: "schema/specific",
    supersedes: [{ rule: "schema/general", cause: "the name, for the test" }],
    resource(r, ctx) {
      ctx.report({ resource: r, path: ["metadata", "name"], message: "specific" });
    },
  });
  const text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n";

  it("keeps only the superseding finding at a shared place, at the higher severity; others stay", () => {
    const r = checkTexts([{ path: "p.yaml", text }], { rules: [general, specific] });
    expect(r.findings.map((f) => [f.ruleId, f.line, f.severity, f.message])).toEqual([
      ["schema/general", 2, "error", "general elsewhere"],
      ["schema/specific", 4, "error", "specific"],
    ]);
  });

  it("leaves the superseded finding when the superseding rule is off", () => {
    const r = checkTexts([{ path: "p.yaml", text }], {
      rules: [general, specific],
      config: { ...EMPTY_CONFIG, rules: { "schema/specific": "off" } },
    });
    expect(r.findings.map((f) => [f.ruleId, f.line])).toEqual([
      ["schema/general", 2],
      ["schema/general", 4],
    ]);
  });
});
