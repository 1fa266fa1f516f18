import { describe, expect, it } from "vitest";
import { reviewTexts } from "./review.js";

const WF = ".github/workflows/ci.yml";
const workflow = (steps: string) => `name: ci
on: [push]
permissions: {contents: read}
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
${steps}`;

describe("matching workflows", () => {
  it("a step renamed with the same run is a rename; a step gone is a removal", () => {
    const r = reviewTexts(
      [
        {
          path: WF,
          text: workflow("      - name: Lint\n        run: make lint\n      - name: Test\n        run: make test\n"),
        },
      ],
      [{ path: WF, text: workflow("      - name: Static checks\n        run: make lint\n") }],
    );
    expect(r.changes).toEqual([
      { workflow: { file: WF, job: "test", step: "Static checks" }, action: "renamed", from: "Lint" },
      { workflow: { file: WF, job: "test", step: "Test" }, action: "removed" },
    ]);
  });

  it("a workflow moved to another file is a rename of the file", () => {
    const text = workflow("      - run: make test\n");
    const r = reviewTexts([{ path: WF, text }], [{ path: ".github/workflows/test.yml", text }]);
    expect(r.changes).toEqual([
      { workflow: { file: ".github/workflows/test.yml", job: null, step: null }, action: "renamed", from: WF },
    ]);
  });

  it("a changed job setting is a modified job; a new job an added one", () => {
    const base = workflow("      - run: make test\n");
    const head = `${base.replace("ubuntu-latest", "ubuntu-24.04")}  docs:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make docs\n`;
    const r = reviewTexts([{ path: WF, text: base }], [{ path: WF, text: head }]);
    expect(r.changes).toEqual([
      { workflow: { file: WF, job: "test", step: null }, action: "modified" },
      { workflow: { file: WF, job: "docs", step: null }, action: "added" },
    ]);
  });
});

describe("matching Kubernetes objects", () => {
  const cm = (name: string, ns: string | undefined, data: string) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ""}data:\n${data}`;
  const data = "  a: '1'\n  b: '2'\n  c: '3'\n  d: '4'\n";

  it("the default namespace written out is the same object; an apiVersion bump is a modification", () => {
    const r = reviewTexts(
      [{ path: "a.yaml", text: cm("x", undefined, data) }],
      [{ path: "b.yaml", text: cm("x", "default", data) }],
    );
    expect(r.changes).toEqual([
      { resource: { apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "x" }, action: "modified" },
    ]);
  });

  it("an object with little in common under a new name is an addition and a removal", () => {
    const r = reviewTexts(
      [{ path: "a.yaml", text: cm("x", undefined, data) }],
      [{ path: "a.yaml", text: cm("y", undefined, "  z: '9'\n") }],
    );
    expect(r.changes.map((c) => c.action)).toEqual(["removed", "added"]);
  });
});

describe("cost of a change", () => {
  // A Deployment of `gpus` one-GPU replicas (a Job's template could not change: that blocks).
  const job = (gpus: number, selector: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: serve}
spec:
  replicas: ${gpus}
  selector: {matchLabels: {app: serve}}
  template:
    metadata: {labels: {app: serve}}
    spec:
${selector}      containers:
        - name: t
          image: ghcr.io/example/serve:1.0
          resources: {limits: {nvidia.com/gpu: 1, memory: 64Gi}}
`;
  const h100 = "      nodeSelector: {nvidia.com/gpu.product: NVIDIA-H100-80GB-HBM3}\n";

  it("GPUs and $/day before and after, and the delta", () => {
    const r = reviewTexts([{ path: "j.yaml", text: job(2, h100) }], [{ path: "j.yaml", text: job(4, h100) }]);
    expect(r.cost.before.gpus).toBe(2);
    expect(r.cost.after.gpus).toBe(4);
    expect(r.cost.delta.dailyUsd).toBeCloseTo(r.cost.before.dailyUsd, 2);
    expect(r.verdict).toBe("review");
    expect(r.reasons.map((x) => x.code)).toEqual(["cost-increase"]);
  });

  it("a GPU product that is not named is an unknown price: review, not a guess", () => {
    const r = reviewTexts([{ path: "j.yaml", text: job(2, "") }], [{ path: "j.yaml", text: job(4, "") }]);
    expect(r.cost.after.dailyUsd).toBe(0);
    expect(r.workloads[0]?.priceUnknown).toBe(true);
    expect(r.verdict).toBe("review");
    expect(r.reasons.map((x) => x.code)).toEqual(["price-unknown"]);
  });

  it("a cost decrease is allowed", () => {
    const r = reviewTexts([{ path: "j.yaml", text: job(4, h100) }], [{ path: "j.yaml", text: job(2, h100) }]);
    expect(r.cost.delta.gpus).toBe(-2);
    expect(r.verdict).toBe("allow");
  });
});
