import { describe, expect, it } from "vitest";
import { checkTexts } from "../check.js";
import { TWO_H100_NODES } from "../cluster/example-inventories.js";
import { TEST_RULE_BASE } from "./testing.js";
import { clusterOf, defineRule } from "./types.js";

const base = TEST_RULE_BASE;

describe("rule engine", () => {
  it("runs a rule that requires the cluster only when the run has an inventory", () => {
    let calls = 0;
    const needsCluster = defineRule({
      ...base,
      id: "scheduling/needs-cluster",
      requires: ["cluster"],
      workload(w, ctx) {
        calls++;
        ctx.report({ resource: w.resource, path: [], message: `${clusterOf(ctx).nodes.length} nodes` });
      },
    });
    const needsPods = defineRule({
      ...base,
      id: "scheduling/needs-pods",
      requires: ["cluster-pods"],
      workload() {
        calls++;
      },
    });
    const files = [
      {
        path: "p.yaml",
        text: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: [{name: c, image: i}]\n",
      },
    ];
    expect(checkTexts(files, { rules: [needsCluster, needsPods] }).findings).toEqual([]);
    expect(calls).toBe(0);
    const r = checkTexts(files, { rules: [needsCluster, needsPods], options: { cluster: TWO_H100_NODES } });
    expect(r.findings.map((f) => f.message)).toEqual([`${TWO_H100_NODES.nodes.length} nodes`]);
    expect(calls).toBe(1);
  });

  it("turns a rule that throws into an error finding naming the rule and the resource; other rules still run", () => {
    const broken = defineRule({
      ...base,
      id: "schema/broken",
      workload() {
        throw new Error("boom");
      },
    });
    const working = defineRule({
      ...base,
      id: "schema/working",
      workload(w, ctx) {
        ctx.report({ resource: w.resource, path: ["metadata", "name"], message: "seen" });
      },
    });
    const r = checkTexts(
      [
        {
          path: "p.yaml",
          text: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: [{name: c, image: i}]\n",
        },
      ],
      { rules: [broken, working] },
    );
    expect(r.findings.map((f) => [f.ruleId, f.severity, f.message])).toEqual([
      [
        "schema/broken",
        "error",
        "internal error: rule schema/broken failed on Pod p: boom (please report this; other rules still ran)",
      ],
      ["schema/working", "warning", "seen"],
    ]);
    expect(r.findings[1]).toMatchObject({ line: 4, column: 9 });
  });

  const workflowText = "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n";
  const podText = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: [{name: c, image: i}]\n";
  const throwsOnWorkflow = defineRule({
    ...base,
    id: "ci/broken",
    category: "ci",
    workflow(w) {
      if (w.value.jobs) throw new Error("boom");
    },
  });

  it("reports a workflow rule that throws in a run of workflows only, and the run fails", () => {
    const r = checkTexts([{ path: ".github/workflows/ci.yml", text: workflowText }], { rules: [throwsOnWorkflow] });
    expect(r.findings.map((f) => [f.ruleId, f.severity, f.file, f.line, f.message])).toEqual([
      [
        "ci/broken",
        "error",
        ".github/workflows/ci.yml",
        1,
        "internal error: rule ci/broken failed on Workflow ci.yml: boom (please report this; other rules still ran)",
      ],
    ]);
    expect(r.summary.errors).toBe(1);
  });

  it("attributes a workflow rule's crash to the workflow it judged, not to another file of the run", () => {
    const r = checkTexts(
      [
        { path: "a-pod.yaml", text: podText },
        { path: ".github/workflows/ci.yml", text: workflowText },
        { path: ".github/workflows/empty.yml", text: "on: push\n" },
      ],
      { rules: [throwsOnWorkflow] },
    );
    expect(r.findings.map((f) => [f.ruleId, f.file])).toEqual([["ci/broken", ".github/workflows/ci.yml"]]);
  });

  it("still reports a set hook that throws when the run has no object to attribute it to", () => {
    const broken = defineRule({
      ...base,
      id: "schema/broken-set",
      set() {
        throw new Error("boom");
      },
    });
    const r = checkTexts([{ path: "empty.yaml", text: "# nothing here\n" }], { rules: [broken] });
    expect(r.findings.map((f) => [f.ruleId, f.severity, f.file, f.message])).toEqual([
      [
        "schema/broken-set",
        "error",
        "empty.yaml",
        "internal error: rule schema/broken-set failed on the set: boom (please report this; other rules still ran)",
      ],
    ]);
  });
});
