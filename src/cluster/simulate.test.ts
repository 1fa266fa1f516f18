import { describe, expect, it } from "vitest";
import { buildSet } from "../check.js";
import { SourceFile } from "../load/types.js";
import { exampleInventory } from "./example-inventories.js";
import { simulate } from "./simulate.js";

const TWO_NODES = exampleInventory([
  { name: "gpu-0", gpus: 8 },
  { name: "gpu-1", gpus: 8 },
]);

function workloads(yaml: string) {
  const file = new SourceFile("w.yaml", yaml);
  return buildSet([file]).set.workloads;
}

const job = (name: string, pods: number, gpus: number) =>
  `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ${name}\nspec:\n  parallelism: ${pods}\n  template:\n    spec:\n      containers:\n        - name: c\n          image: i\n          resources:\n            limits:\n              nvidia.com/gpu: ${gpus}\n`;

describe("simulate", () => {
  it("finds the two-job deadlock that gang admission avoids", () => {
    const r = simulate(workloads(`${job("a", 2, 8)}---\n${job("b", 2, 8)}`), TWO_NODES);
    expect(r.cluster.deadlock).toEqual({ workloads: ["Job/a", "Job/b"], heldGpus: { "Job/a": 8, "Job/b": 8 } });
    expect(r.workloads.map((w) => [w.name, w.gpus, w.startsWithoutGang, w.startsWithGang])).toEqual([
      ["Job/a", 16, false, true],
      ["Job/b", 16, false, true],
    ]);
    expect(r.workloads[1]?.reason).toMatch(/deadlocked with Job\/a.*with gang admission it waits/);
    expect(r.cluster.gpusTotal).toBe(16);
    expect(r.cluster.gpusUsed).toBe(16);
    expect(r.cluster.withGang.gpusUsed).toBe(16);
  });

  it("shows the fragmentation of spread that binpack avoids", () => {
    const ws = workloads(`${job("small-a", 1, 4)}---\n${job("small-b", 1, 4)}---\n${job("big", 1, 8)}`);
    const spread = simulate(ws, TWO_NODES, "spread");
    expect(spread.cluster.gpusIdleFragmented).toBe(8);
    // It starts only once a small job has finished and freed gpu-0.
    expect(spread.workloads[2]?.startsWithoutGang).toBe(true);
    expect(spread.workloads[2]?.placement).toEqual([{ pod: "pod-0", node: "gpu-0" }]);
    expect(spread.workloads[2]?.reason).toMatch(/waits for earlier workloads/);
    const binpack = simulate(ws, TWO_NODES, "binpack");
    expect(binpack.cluster.gpusIdleFragmented).toBe(0);
    expect(binpack.workloads.map((w) => w.placement.map((p) => p.node))).toEqual([["gpu-0"], ["gpu-0"], ["gpu-1"]]);
    expect(binpack.workloads.every((w) => w.reason === "")).toBe(true);
  });

  it("says when a workload never fits", () => {
    const r = simulate(workloads(job("huge", 3, 8)), TWO_NODES);
    expect(r.cluster.deadlock).toBeNull();
    expect(r.workloads[0]).toMatchObject({ startsWithGang: false, startsWithoutGang: false });
    expect(r.workloads[0]?.reason).toMatch(/holds 16 GPUs and never gets the rest; even admitted whole it never fits/);
  });
});
