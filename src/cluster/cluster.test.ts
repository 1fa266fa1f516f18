import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkTexts } from "../check.js";
import { runCli } from "../cli/run.js";
import { toResource } from "../model/resource.js";
import { toWorkload } from "../model/workload.js";
import { cudaOfImage, driverNeed, driverVerdict } from "./cuda-image.js";
import { exampleInventory } from "./example-inventories.js";
import { parseInventory, withRunningPods } from "./inventory.js";
import { requirementMatches, tolerates, untoleratedTaints } from "./match.js";
import { analyzeGroup, fitWorkload, isGangScheduled } from "./placement.js";
import { InventoryError } from "./types.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const fx = (name: string) => join("test", "fixtures", "cluster", name);
const text = (name: string) => readFileSync(join(root, fx(name)), "utf8");

const NODES = parseInventory(text("nodes.json"), "nodes.json");
const WITH_PODS = withRunningPods(NODES, text("pods.json"), "pods.json");

function workload(yamlValue: Record<string, unknown>) {
  const doc = { file: undefined as never, index: 0, value: yamlValue } as never;
  const w = toWorkload(toResource(doc, yamlValue, []));
  if (!w) throw new Error("not a workload");
  return w;
}

function job(gpus: number, parallelism: number, extra: Record<string, unknown> = {}) {
  return workload({
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "j" },
    spec: {
      parallelism,
      template: {
        spec: {
          ...extra,
          containers: [{ name: "c", image: "i", resources: { limits: { "nvidia.com/gpu": gpus } } }],
        },
      },
    },
  });
}

function cli(args: string[]) {
  let out = "";
  let err = "";
  const code = runCli(args, {
    cwd: root,
    env: {},
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      err += s;
    },
    stdoutIsTty: false,
  });
  return { code, out, err };
}

describe("inventory: kubectl get nodes -o json", () => {
  it("reads allocatable, labels, taints, cordons and GFD driver labels", () => {
    expect(NODES.nodes.map((n) => n.name)).toEqual([
      "h100-0",
      "h100-1",
      "a100-0",
      "a100-1",
      "a100-2",
      "a100-mig-0",
      "cpu-0",
      "cpu-1",
    ]);
    const h = NODES.nodes[0];
    expect(h?.allocatable["nvidia.com/gpu"]).toBe(8);
    expect(h?.allocatable.cpu).toBe(190);
    expect(h?.allocatable.memory).toBe(2113351128 * 1024);
    expect(h?.taints).toEqual([{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }]);
    expect(h?.driver).toEqual({ major: 550, minor: 54, revision: 15 });
    expect(h?.cudaRuntime).toEqual({ major: 12, minor: 4 });
    expect(NODES.nodes[4]?.unschedulable).toBe(true);
    expect(NODES.nodes[5]?.allocatable["nvidia.com/mig-3g.40gb"]).toBe(2);
  });

  it("accepts a single Node and YAML output", () => {
    const inv = parseInventory(
      "apiVersion: v1\nkind: Node\nmetadata:\n  name: n\nstatus:\n  allocatable:\n    cpu: 4\n    memory: 16Gi\n",
      "n.yaml",
    );
    expect(inv.nodes[0]?.allocatable).toMatchObject({ cpu: 4, memory: 16 * 2 ** 30, pods: 110 });
  });

  it("adds running pods' requests to their nodes and skips finished and unbound pods", () => {
    const byName = new Map(WITH_PODS.nodes.map((n) => [n.name, n]));
    expect(byName.get("h100-0")?.used["nvidia.com/gpu"]).toBe(8);
    expect(byName.get("a100-0")?.used["nvidia.com/gpu"]).toBe(2);
    expect(byName.get("a100-1")?.used["nvidia.com/gpu"]).toBeUndefined();
    expect(byName.get("cpu-0")?.used.cpu).toBeCloseTo(0.1);
    expect(WITH_PODS.hasPods).toBe(true);
    // The original inventory is untouched.
    expect(NODES.nodes[0]?.used).toEqual({});
  });
});

describe("inventory: hand-written node pools", () => {
  const pools = parseInventory(text("pools.yaml"), "pools.yaml");
  it("expands pools into nodes with GFD-style labels", () => {
    expect(pools.nodes).toHaveLength(9);
    const h = pools.nodes[0];
    expect(h?.name).toBe("h100-0");
    expect(h?.pool).toBe("h100");
    expect(h?.labels["nvidia.com/gpu.product"]).toBe("NVIDIA-H100-80GB-HBM3");
    expect(h?.allocatable).toMatchObject({ "nvidia.com/gpu": 8, cpu: 190, "rdma/ib": 8 });
    expect(h?.taints).toEqual([{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }]);
    expect(h?.driver).toEqual({ major: 570, minor: 124, revision: 6 });
    expect(pools.nodes[4]?.cudaRuntime).toEqual({ major: 12, minor: 2 });
  });
});

describe("inventory errors name the file and the place", () => {
  const cases: Array<[string, string, RegExp]> = [
    ["empty", "", /e\.json: the file is empty/],
    ["bad JSON", "{ nope", /e\.json: not valid JSON or YAML/],
    [
      "a Deployment",
      "apiVersion: apps/v1\nkind: Deployment\n",
      /kind "Deployment"; expected the output of `kubectl get nodes -o json`/,
    ],
    ["pods given as nodes", text("bad-pods-as-nodes.json"), /items\[0\] is a Pod, not a Node/],
    [
      "a bad quantity",
      text("bad-quantity.json"),
      /items\[0\] \(gpu-0\) status.allocatable.memory: "1Tb" is not a quantity/,
    ],
    ["a misspelt pool field", text("bad-pool.yaml"), /pools\[0\] \(h100\): unknown field "gpu"; did you mean "gpus"\?/],
    [
      "a bad taint",
      "pools:\n  - {name: p, cpu: 1, memory: 1Gi, taints: [gpu]}\n",
      /pools\[0\] \(p\).taints\[0\]: "gpu" is not a taint/,
    ],
    [
      "a node without allocatable",
      '{"kind":"List","items":[{"kind":"Node","metadata":{"name":"x"}}]}',
      /no status.allocatable/,
    ],
  ];
  it.each(cases)("%s", (_t, body, re) => {
    expect(() => parseInventory(body, "e.json")).toThrow(InventoryError);
    expect(() => parseInventory(body, "e.json")).toThrow(re);
  });

  it("rejects a NodeList given as --pods", () => {
    expect(() => withRunningPods(NODES, text("nodes.json"), "p.json")).toThrow(
      /p\.json: items\[0\] is a Node, not a Pod/,
    );
  });
});

describe("scheduler filters", () => {
  const labels = { zone: "a", gpus: "8" };
  it("follows NodeSelectorRequirement semantics", () => {
    const r = (operator: string, values: string[], key = "zone") =>
      requirementMatches({ key, operator, values, path: [] }, labels);
    expect(r("In", ["a", "b"])).toBe(true);
    expect(r("NotIn", ["a"])).toBe(false);
    expect(r("NotIn", ["a"], "missing")).toBe(true);
    expect(r("Exists", [])).toBe(true);
    expect(r("DoesNotExist", [], "missing")).toBe(true);
    expect(r("Gt", ["4"], "gpus")).toBe(true);
    expect(r("Lt", ["4"], "gpus")).toBe(false);
  });

  it("matches tolerations to taints", () => {
    const taint = { key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" as const };
    expect(tolerates({ key: "nvidia.com/gpu", operator: "Exists" }, taint)).toBe(true);
    expect(tolerates({ key: "nvidia.com/gpu", operator: "Equal", value: "true" }, taint)).toBe(false);
    expect(tolerates({ operator: "Exists" }, taint)).toBe(true);
    expect(tolerates({ key: "nvidia.com/gpu", operator: "Exists", effect: "NoExecute" }, taint)).toBe(false);
    const cordoned = NODES.nodes[4];
    if (!cordoned) throw new Error("fixture");
    expect(untoleratedTaints(cordoned, []).map((t) => t.key)).toContain("node.kubernetes.io/unschedulable");
  });

  it("finds the nodes that fit, the capacity, and the closest node when none fits", () => {
    const four = analyzeGroup(job(4, 1).podGroups[0] as never, NODES);
    // a100-0 and a100-1 (a100-2 is cordoned; the H100s are tainted).
    expect(four.fitting.map((n) => n.name)).toEqual(["a100-0", "a100-1"]);
    expect(four.capacity).toBe(2);
    const eight = analyzeGroup(job(8, 1).podGroups[0] as never, NODES);
    expect(eight.fitting).toEqual([]);
    expect(eight.closest?.node.name).toBe("a100-0");
  });
});

describe("whole-workload fit", () => {
  const tol = { tolerations: [{ key: "nvidia.com/gpu", operator: "Exists" }] };
  it("places a job that fits and says where", () => {
    const fit = fitWorkload(job(8, 2, tol), NODES, false);
    expect(fit?.placement?.map((p) => p.node).sort()).toEqual(["h100-0", "h100-1"]);
  });
  it("proves when a group has more pods than the cluster holds", () => {
    const fit = fitWorkload(job(8, 3, tol), NODES, false);
    expect(fit?.placement).toBeUndefined();
    expect(fit?.proof).toMatch(/holds at most 2/);
  });
  it("checks what is free now with --pods", () => {
    expect(fitWorkload(job(8, 2, tol), WITH_PODS, false)?.placement).toBeDefined();
    expect(fitWorkload(job(8, 2, tol), WITH_PODS, true)?.placement).toBeUndefined();
  });
  it("recognises gang scheduling", () => {
    expect(isGangScheduled(job(1, 2))).toBe(false);
    expect(isGangScheduled(job(1, 2, { schedulerName: "volcano" }))).toBe(true);
  });
  it("stays fast on 1,000 nodes", () => {
    const big = exampleInventory(Array.from({ length: 1000 }, (_, i) => ({ name: `n-${i}`, gpus: 8 })));
    const t0 = performance.now();
    const fit = fitWorkload(job(8, 512), big, false);
    expect(fit?.placement).toHaveLength(512);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe("CUDA version of an image", () => {
  it.each([
    ["nvcr.io/nvidia/pytorch:24.05-py3", "12.4.1", "ngc"],
    ["nvcr.io/nvidia/pytorch:25.12-py3@sha256:abc", "13.1.0", "ngc"],
    ["nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04", "12.4.1", "tag"],
    ["docker.io/nvidia/cuda:12.8.0-devel-ubuntu24.04", "12.8.0", "tag"],
    ["pytorch/pytorch:2.6.0-cuda12.4-cudnn9-runtime", "12.4", "tag"],
    ["ghcr.io/org/train:1.2-cu121", "12.1", "tag"],
  ])("%s → CUDA %s", (image, version, via) => {
    expect(cudaOfImage(image)).toMatchObject({ text: version, via });
  });
  it.each([["nvcr.io/nvidia/pytorch:23.07-py3"], ["vllm/vllm-openai:v0.6.3"], ["python:3.12"], ["busybox"]])(
    "%s → unknown",
    (image) => {
      expect(cudaOfImage(image)).toBeUndefined();
    },
  );
  it("compares with the node's driver", () => {
    const [h100, a100] = [NODES.nodes[0], NODES.nodes[2]];
    if (!h100 || !a100) throw new Error("fixture");
    expect(driverNeed({ major: 12, minor: 7 }).toolkit).toEqual({ major: 560, minor: 28, revision: 3 });
    expect(driverVerdict(h100, { major: 12, minor: 4 })).toBe("ok");
    expect(driverVerdict(a100, { major: 12, minor: 4 })).toBe("compat");
    expect(driverVerdict(a100, { major: 13, minor: 0 })).toBe("old");
    expect(driverVerdict(NODES.nodes[6] as never, { major: 12, minor: 4 })).toBe("unknown");
  });
});

describe("mlgate check --cluster", () => {
  it("catches the impossible job with the closest node", () => {
    const r = cli(["check", "-f", "json", "--cluster", fx("nodes.json"), fx("impossible-job.yaml")]);
    expect(r.code).toBe(1);
    const found = JSON.parse(r.out).findings.filter((f: { ruleId: string }) => f.ruleId.includes("/cluster-"));
    expect(found).toMatchObject([
      {
        ruleId: "scheduling/cluster-no-fitting-node",
        line: 23,
        severity: "error",
        message: expect.stringMatching(/closest is a100-0: nvidia.com\/gpu 4 allocatable, 8 needed/),
      },
    ]);
  });

  it("reports a product the planned pools lack", () => {
    const r = cli(["check", "-f", "json", "--cluster", fx("pools.yaml"), fx("impossible-job.yaml")]);
    const ids = JSON.parse(r.out).findings.map((f: { ruleId: string }) => f.ruleId);
    expect(ids).toContain("gpu/cluster-gpu-product-mismatch");
    expect(ids).not.toContain("scheduling/cluster-no-fitting-node");
  });

  it("says when a job fits the cluster but not what is free now", () => {
    const r = cli(["check", "-f", "json", "--cluster", fx("nodes.json"), "--pods", fx("pods.json"), fx("fits.yaml")]);
    const found = JSON.parse(r.out).findings.filter((f: { ruleId: string }) => f.ruleId.includes("/cluster-"));
    expect(found.map((f: { ruleId: string }) => f.ruleId)).toEqual(["scheduling/cluster-no-free-capacity"]);
  });

  it.each([
    [["--cluster", fx("bad-quantity.json")], /bad-quantity\.json: items\[0\] \(gpu-0\)/],
    [["--cluster", fx("missing.json")], /--cluster test\/fixtures\/cluster\/missing\.json: no such file/],
    [["--pods", fx("pods.json")], /--pods needs --cluster/],
    [["--cluster", fx("nodes.json"), "--pods", fx("nodes.json")], /nodes\.json: items\[0\] is a Node, not a Pod/],
  ])("exits 2 on bad inventory input %j", (args, re) => {
    const r = cli(["check", ...args, fx("fits.yaml")]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(re);
    expect(r.err).not.toMatch(/internal error|at .*\.ts:/);
  });

  it("leaves results unchanged without --cluster", () => {
    const plain = checkTexts([{ path: "j.yaml", text: text("impossible-job.yaml") }]);
    expect(plain.findings.some((f) => f.ruleId.includes("/cluster-"))).toBe(false);
  });
});
