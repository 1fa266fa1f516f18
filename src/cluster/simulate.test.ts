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

  it("does not call workloads that never fit a deadlock when they hold no GPUs", () => {
    // A launcher pod without GPUs binds; the 16-GPU worker never fits an 8-GPU node.
    const launcherJob = (name: string) =>
      `apiVersion: kubeflow.org/v1\nkind: PyTorchJob\nmetadata:\n  name: ${name}\nspec:\n  pytorchReplicaSpecs:\n    Master:\n      replicas: 1\n      template:\n        spec:\n          containers:\n            - name: c\n              image: i\n              resources:\n                requests:\n                  cpu: "1"\n    Worker:\n      replicas: 1\n      template:\n        spec:\n          containers:\n            - name: c\n              image: i\n              resources:\n                limits:\n                  nvidia.com/gpu: 16\n`;
    const r = simulate(workloads(`${launcherJob("x")}---\n${launcherJob("y")}`), TWO_NODES);
    expect(r.cluster.deadlock).toBeNull();
    expect(r.workloads[0]?.reason).toMatch(/holds some of its pods and never gets the rest/);
  });

  it("leaves out workloads whose pod count is unknown or zero, and says why", () => {
    const ds =
      "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: dcgm\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          image: i\n";
    const zero =
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: idle\nspec:\n  replicas: 0\n  template:\n    spec:\n      containers:\n        - name: c\n          image: i\n";
    const r = simulate(workloads(`${ds}---\n${zero}---\n${job("a", 1, 8)}`), TWO_NODES);
    expect(r.workloads.map((w) => w.name)).toEqual(["Job/a"]);
    expect(r.skipped).toEqual([
      { name: "DaemonSet/dcgm", kind: "DaemonSet", reason: expect.stringMatching(/not fixed by the manifest/) },
      { name: "Deployment/idle", kind: "Deployment", reason: "it creates no pods (replicas 0)" },
    ]);
  });

  it("counts as fragmented only GPUs a waiting pod could use", () => {
    // gpu-1 is cordoned: its 8 free GPUs are not idle by fragmentation.
    const inv = exampleInventory([
      { name: "gpu-0", gpus: 8 },
      { name: "gpu-1", gpus: 8, taints: [{ key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" }] },
    ]);
    const r = simulate(workloads(`${job("small", 1, 4)}---\n${job("big", 1, 8)}`), inv);
    expect(r.cluster.gpusIdleFragmented).toBe(4);
    expect(r.workloads[1]?.withoutGang).toMatchObject({ starts: true, atSubmission: false });
  });
});

describe("occupancy at submission (the HTML report's node × GPU grid)", () => {
  it("shows who holds each node's GPUs in each run, and where fragmentation leaves GPUs idle", () => {
    const dead = simulate(workloads(`${job("a", 2, 8)}---\n${job("b", 2, 8)}`), TWO_NODES);
    // Without gang scheduling each job holds one node and waits; with it, a takes both.
    expect(dead.occupancy.withoutGang.map((n) => [n.node, n.pods.map((p) => [p.workload, p.gpus])])).toEqual([
      ["gpu-0", [[0, 8]]],
      ["gpu-1", [[1, 8]]],
    ]);
    expect(dead.occupancy.withGang.map((n) => n.pods.map((p) => p.workload))).toEqual([[0], [0]]);
    const spread = simulate(
      workloads(`${job("small-a", 1, 4)}---\n${job("small-b", 1, 4)}---\n${job("big", 1, 8)}`),
      TWO_NODES,
      "spread",
    );
    const frag = spread.occupancy.withoutGang.map((n) => [n.node, n.gpus, n.idleFragmented]);
    expect(frag).toEqual([
      ["gpu-0", 8, 4],
      ["gpu-1", 8, 4],
    ]);
    expect(frag.reduce((a, [, , f]) => a + (f as number), 0)).toBe(spread.cluster.gpusIdleFragmented);
  });
});
