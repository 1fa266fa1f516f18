import { describe, expect, it } from "vitest";
import { buildSet } from "../check.js";
import { SourceFile } from "../load/types.js";
import { readKueue } from "../model/kueue.js";
import { exampleInventory } from "./example-inventories.js";
import { parseInventory } from "./inventory.js";
import { simulate } from "./simulate.js";

const FOUR_NODES = exampleInventory([
  { name: "gpu-0", gpus: 8 },
  { name: "gpu-1", gpus: 8 },
  { name: "gpu-2", gpus: 8 },
  { name: "gpu-3", gpus: 8 },
]);

function set(yaml: string) {
  return buildSet([new SourceFile("w.yaml", yaml)]).set;
}

const job = (name: string, queue: string | undefined, gpus = 8, ns = "ml") =>
  `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ${name}\n  namespace: ${ns}\n${queue ? `  labels:\n    kueue.x-k8s.io/queue-name: ${queue}\n` : ""}spec:\n  template:\n    spec:\n      containers:\n        - name: c\n          image: i\n          resources:\n            limits:\n              nvidia.com/gpu: ${gpus}\n`;

const cq = (name: string, gpus: number, extra = "") =>
  `apiVersion: kueue.x-k8s.io/v1beta1\nkind: ClusterQueue\nmetadata:\n  name: ${name}\nspec:\n${extra}  namespaceSelector: {}\n  resourceGroups:\n    - coveredResources: [nvidia.com/gpu]\n      flavors:\n        - name: h100\n          resources:\n            - name: nvidia.com/gpu\n              nominalQuota: ${gpus}\n`;
const lq = (name: string, cluster: string, ns = "ml") =>
  `apiVersion: kueue.x-k8s.io/v1beta1\nkind: LocalQueue\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  clusterQueue: ${cluster}\n`;

function run(yaml: string) {
  const s = set(yaml);
  return simulate(s.workloads, FOUR_NODES, "spread", readKueue(s.resources));
}

describe("simulate with Kueue: ClusterQueue quota and cohort borrowing", () => {
  it("two 8-GPU jobs behind an 8-GPU quota do not both start at submission, though the cluster has 32 GPUs", () => {
    const r = run([cq("team", 8), lq("q", "team"), job("a", "q"), job("b", "q")].join("---\n"));
    const [a, b] = r.workloads;
    expect(a?.withGang.atSubmission && a.withoutGang.atSubmission).toBe(true);
    expect(b?.withGang.starts).toBe(true);
    expect(b?.withGang.atSubmission).toBe(false);
    expect(b?.withoutGang.atSubmission).toBe(false);
    expect(b?.withGang.queue).toMatch(/quota in ClusterQueue team is released/);
    expect(b?.reason).toMatch(/^Kueue: /);
    expect(r.cluster.gpusUsed).toBe(8);
  });

  it("without ClusterQueues in the set, the queue label changes nothing", () => {
    const r = run([job("a", "q"), job("b", "q")].join("---\n"));
    expect(r.workloads.every((w) => w.withGang.atSubmission && w.withoutGang.atSubmission)).toBe(true);
  });

  it("borrows the unused nominal quota of its cohort, up to its borrowingLimit", () => {
    const cohort = "  cohort: org\n";
    const yaml = (limit: string) =>
      [
        cq("team-a", 8, cohort).replace("nominalQuota: 8", `nominalQuota: 8${limit}`),
        cq("team-b", 16, cohort),
        lq("qa", "team-a"),
        job("a1", "qa"),
        job("a2", "qa"),
        job("a3", "qa"),
      ].join("---\n");
    const open = run(yaml(""));
    expect(open.workloads.map((w) => w.withGang.atSubmission)).toEqual([true, true, true]);
    const capped = run(yaml("\n              borrowingLimit: 8"));
    expect(capped.workloads.map((w) => w.withGang.atSubmission)).toEqual([true, true, false]);
  });

  it("a job above what its ClusterQueue can ever admit never starts, and says so; a missing LocalQueue keeps it suspended", () => {
    const big = run(
      [
        cq("team", 8),
        lq("q", "team"),
        job("big", "q").replace("spec:\n  template", "spec:\n  parallelism: 2\n  template"),
      ].join("---\n"),
    );
    expect(big.workloads[0]?.withGang.starts).toBe(false);
    expect(big.workloads[0]?.withGang.queue).toMatch(
      /more than ClusterQueue team can ever admit \(16 nvidia\.com\/gpu against 8 nominal\)/,
    );
    const lost = run([cq("team", 8), job("a", "nowhere")].join("---\n"));
    expect(lost.workloads[0]?.withGang.starts).toBe(false);
    expect(lost.workloads[0]?.withGang.queue).toMatch(/no LocalQueue ml\/nowhere/);
  });

  it("StrictFIFO blocks its queue behind a head that does not fit; BestEffortFIFO lets a smaller job through", () => {
    const jobs = [
      job("big", "q", 8).replace("spec:\n  template", "spec:\n  parallelism: 2\n  template"),
      job("small", "q", 4),
    ];
    const best = run([cq("team", 12), lq("q", "team"), job("first", "q", 8), ...jobs].join("---\n"));
    expect(best.workloads.map((w) => w.withGang.atSubmission)).toEqual([true, false, true]);
    const strict = run(
      [cq("team", 12, "  queueingStrategy: StrictFIFO\n"), lq("q", "team"), job("first", "q", 8), ...jobs].join(
        "---\n",
      ),
    );
    expect(strict.workloads.map((w) => w.withGang.atSubmission)).toEqual([true, false, false]);
  });
});

describe("node state", () => {
  const nodes = (conditions: string, extra = "") =>
    JSON.stringify({
      kind: "NodeList",
      items: [
        {
          metadata: { name: "n0", labels: {} },
          spec: JSON.parse(`{${extra}}`),
          status: {
            allocatable: { cpu: "64", memory: "512Gi", "nvidia.com/gpu": "8", pods: "110" },
            conditions: JSON.parse(conditions),
          },
        },
      ],
    });

  it("a NotReady or unreachable node gets no pods (the not-ready / unreachable NoSchedule taint)", () => {
    const s = set(job("a", undefined));
    const ready = parseInventory(nodes('[{"type":"Ready","status":"True"}]'), "n.json");
    expect(simulate(s.workloads, ready).workloads[0]?.withGang.starts).toBe(true);
    for (const [status, key] of [
      ["False", "node.kubernetes.io/not-ready"],
      ["Unknown", "node.kubernetes.io/unreachable"],
    ]) {
      const inv = parseInventory(nodes(`[{"type":"Ready","status":"${status}"}]`), "n.json");
      expect(inv.nodes[0]?.taints).toEqual([{ key, effect: "NoSchedule" }]);
      const r = simulate(s.workloads, inv);
      expect(r.workloads[0]?.withGang.starts).toBe(false);
      expect(r.workloads[0]?.withoutGang.starts).toBe(false);
    }
  });

  it("cordoned and tainted nodes get no pods without a toleration", () => {
    const s = set(job("a", undefined));
    const cordoned = parseInventory(nodes('[{"type":"Ready","status":"True"}]', '"unschedulable": true'), "n.json");
    expect(simulate(s.workloads, cordoned).workloads[0]?.withGang.starts).toBe(false);
    const tainted = parseInventory(
      nodes('[{"type":"Ready","status":"True"}]', '"taints": [{"key":"gpu","value":"h100","effect":"NoSchedule"}]'),
      "n.json",
    );
    expect(simulate(s.workloads, tainted).workloads[0]?.withGang.starts).toBe(false);
    const tolerating = set(
      job("a", undefined).replace(
        "      containers:",
        "      tolerations:\n        - {key: gpu, operator: Exists, effect: NoSchedule}\n      containers:",
      ),
    );
    expect(simulate(tolerating.workloads, tainted).workloads[0]?.withGang.starts).toBe(true);
  });
});
