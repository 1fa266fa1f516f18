import { podCount } from "../../model/gang.js";
import { isAcceleratorResource } from "../../model/gpu.js";
import {
  type ClusterQueueQuota,
  clusterQueueOf,
  clusterQueueQuota,
  type ResourceGroupQuota,
} from "../../model/kueue.js";
import { queueLabel } from "../../model/kueue-queue.js";
import { describeMatch } from "../../model/refs.js";
import type { Resource } from "../../model/resource.js";
import { perObject } from "../../model/set-index.js";
import type { Workload } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { describe, podRequests } from "./_util.js";

/** `36Gi` for byte quantities, `9` for counts and cores. */
function fmt(resource: string, n: number): string {
  if (/memory|storage|hugepages/.test(resource)) {
    const gi = n / 2 ** 30;
    return gi >= 1 ? `${Number(gi.toFixed(2))}Gi` : `${Number((n / 2 ** 20).toFixed(1))}Mi`;
  }
  return String(Number(n.toFixed(3)));
}

interface PodSet {
  role: string;
  count: number;
  perPod: ReadonlyMap<string, number>;
}

function podSets(w: Workload, resources: readonly Resource[]): PodSet[] | undefined {
  const r = w.resource;
  if (r.group === "trainer.kubeflow.org" && r.kind === "TrainJob") {
    const n = podCount(w, resources);
    const g = w.podGroups[0];
    if (n === undefined || !g) return undefined;
    return [{ role: "node", count: n, perPod: podRequests(g) }];
  }
  const out: PodSet[] = [];
  for (const g of w.podGroups) {
    if (g.replicas === undefined) return undefined;
    if (g.replicas > 0) out.push({ role: g.role, count: g.replicas, perPod: podRequests(g) });
  }
  return out;
}

interface Capacity {
  flavor: string;
  cap: number;
  how: string;
}

function capacitiesUncached(group: ResourceGroupQuota, resource: string, inCohort: boolean): Capacity[] {
  const out: Capacity[] = [];
  for (const flavor of group.flavors) {
    const entry = flavor.resources.find((e) => e.name === resource);
    if (!entry) continue;
    const nominal = entry.nominal;
    if (nominal === undefined) continue;
    let borrow = 0;
    if (inCohort) {
      const limit = entry.borrowingLimit;
      if (limit === undefined) return []; // unlimited borrowing from the cohort: nothing can be said
      borrow = limit;
    }
    const name = flavor.name ?? "?";
    out.push({
      flavor: name,
      cap: nominal + borrow,
      how: `nominalQuota ${fmt(resource, nominal)}${inCohort ? ` + borrowingLimit ${fmt(resource, borrow)}` : ""} in flavor ${name}`,
    });
  }
  return out;
}

/** Capacities per resource group and resource name, filled as jobs ask; read once per ClusterQueue. */
const capacityCache = perObject((_cq: Resource) => new Map<string, Capacity[]>());

function capacities(cq: Resource, quota: ClusterQueueQuota, group: ResourceGroupQuota, resource: string): Capacity[] {
  const cache = capacityCache(cq);
  const key = `${quota.groups.indexOf(group)}\0${resource}`;
  let caps = cache.get(key);
  if (!caps) {
    caps = capacitiesUncached(group, resource, Boolean(quota.cohort));
    cache.set(key, caps);
  }
  return caps;
}

export default defineRule({
  id: "scheduling/kueue-quota-exceeded",
  category: "scheduling",
  severity: "error",
  summary:
    "A workload asks for more of a resource than its Kueue ClusterQueue can ever give, or for a resource it does not cover",
  rationale:
    "Kueue admits a workload only when the quota of its ClusterQueue covers every pod set at once: all pods of a pod set in one flavor, each flavor limited to its nominalQuota plus, in a cohort, its borrowingLimit. A workload whose request is larger than that, or that requests a resource the ClusterQueue does not list in coveredResources, can never be admitted: it stays suspended forever with `insufficient quota … > maximum capacity` or `resource … unavailable in ClusterQueue`.",
  remediation:
    "Shrink the job (fewer pods or smaller requests), raise the ClusterQueue's nominalQuota or borrowingLimit, or add the resource to coveredResources with a flavor that has quota for it.",
  links: [
    {
      title: "Kueue: ClusterQueue resource groups and quotas",
      url: "https://kueue.sigs.k8s.io/docs/concepts/cluster_queue/",
    },
    {
      title: "Kueue flavor assignment (flavorassigner.go)",
      url: "https://github.com/kubernetes-sigs/kueue/blob/main/pkg/scheduler/flavorassigner/flavorassigner.go",
    },
  ],
  examples: {
    valid: [
      {
        title: "a 16-GPU job in a queue with 16 GPUs",
        yaml: dedent`
          apiVersion: kueue.x-k8s.io/v1beta2
          kind: ClusterQueue
          metadata:
            name: gpu-cq
          spec:
            resourceGroups:
              - coveredResources: [cpu, nvidia.com/gpu]
                flavors:
                  - name: a100
                    resources:
                      - {name: cpu, nominalQuota: 64}
                      - {name: nvidia.com/gpu, nominalQuota: 16}
          ---
          apiVersion: kueue.x-k8s.io/v1beta2
          kind: LocalQueue
          metadata:
            name: team-a
          spec:
            clusterQueue: gpu-cq
          ---
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: bert
            labels: {kueue.x-k8s.io/queue-name: team-a}
          spec:
            pytorchReplicaSpecs:
              Worker:
                replicas: 2
                template:
                  spec:
                    containers:
                      - name: pytorch
                        image: i
                        resources: {limits: {cpu: 8, nvidia.com/gpu: 8}}
        `,
      },
    ],
    invalid: [
      {
        title: "32 GPUs requested from a queue that can give 16",
        yaml: dedent`
          apiVersion: kueue.x-k8s.io/v1beta2
          kind: ClusterQueue
          metadata:
            name: gpu-cq
          spec:
            resourceGroups:
              - coveredResources: [nvidia.com/gpu]
                flavors:
                  - name: a100
                    resources:
                      - {name: nvidia.com/gpu, nominalQuota: 16}
          ---
          apiVersion: kueue.x-k8s.io/v1beta2
          kind: LocalQueue
          metadata:
            name: team-a
          spec:
            clusterQueue: gpu-cq
          ---
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: llama
            labels: {kueue.x-k8s.io/queue-name: team-a}
          spec:
            pytorchReplicaSpecs:
              Worker:
                replicas: 4
                template:
                  spec:
                    containers:
                      - name: pytorch
                        image: i
                        resources: {limits: {nvidia.com/gpu: 8}}
        `,
        findings: [
          {
            line: 24,
            column: 39,
            message:
              /requests 32 nvidia.com\/gpu \(Worker: 4 pods × 8\) .*ClusterQueue gpu-cq \(example.yaml:\d+\) can give at most 16 \(nominalQuota 16 in flavor a100\)/,
          },
        ],
      },
      {
        title: "GPUs requested from a queue that covers only cpu",
        yaml: dedent`
          apiVersion: kueue.x-k8s.io/v1beta2
          kind: ClusterQueue
          metadata:
            name: cpu-cq
          spec:
            resourceGroups:
              - coveredResources: [cpu]
                flavors:
                  - name: default
                    resources: [{name: cpu, nominalQuota: 9}]
          ---
          apiVersion: kueue.x-k8s.io/v1beta2
          kind: LocalQueue
          metadata:
            name: user-queue
          spec:
            clusterQueue: cpu-cq
          ---
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: j
            labels: {kueue.x-k8s.io/queue-name: user-queue}
          spec:
            template:
              spec:
                restartPolicy: Never
                containers: [{name: c, image: i, resources: {limits: {cpu: 1, nvidia.com/gpu: 1}}}]
        `,
        findings: [
          {
            line: 23,
            column: 39,
            message:
              /requests 1 nvidia.com\/gpu \(pod: 1 pod × 1\), which ClusterQueue cpu-cq \(example.yaml:4\) does not cover/,
          },
        ],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    const q = queueLabel(w);
    if (!q) return;
    // Partial admission may shrink a batch Job to fit.
    if (r.annotations["kueue.x-k8s.io/job-min-parallelism"] !== undefined) return;
    const queue = clusterQueueOf(ctx.set.resources, r, q.name);
    if (!queue) return;
    const { clusterQueue: cq } = queue;
    const quota = clusterQueueQuota(cq);
    const groups = quota.groups;
    const sets = podSets(w, ctx.set.resources);
    if (!sets) return;
    const names = new Set<string>();
    for (const s of sets) for (const [k, v] of s.perPod) if (v > 0) names.add(k);
    for (const name of names) {
      const group = groups.find((g) => g.covered.includes(name));
      const needs: Array<{ s: PodSet; need: number }> = [];
      let total = 0;
      for (const s of sets) {
        const need = s.count * (s.perPod.get(name) ?? 0);
        if (need > 0) {
          needs.push({ s, need });
          total += need;
        }
      }
      // Built only for a report: most jobs fit their queue.
      const detail = () =>
        needs
          .map(
            (x) => `${x.s.role}: ${x.s.count} ${x.s.count === 1 ? "pod" : "pods"} × ${fmt(name, x.need / x.s.count)}`,
          )
          .join(", ");
      if (!group) {
        if (name !== "cpu" && name !== "memory" && !isAcceleratorResource(name)) continue;
        // Kueue's resourceTransformations map device resources (HAMi's nvidia.com/gpucores) to
        // covered ones of the same vendor: only a vendor the queue never mentions is certain.
        const domain = name.includes("/") ? name.slice(0, name.indexOf("/") + 1) : undefined;
        const covered = groups.flatMap((g) => g.covered);
        if (domain && covered.some((c) => c.startsWith(domain))) continue;
        ctx.report({
          resource: r,
          path: q.path,
          message: `${describe(r)} requests ${fmt(name, total)} ${name} (${detail()}), which ${describeMatch(cq)} does not cover: Kueue reports "resource ${name} unavailable in ClusterQueue" and never admits the job; add ${name} to its coveredResources with quota`,
        });
        continue;
      }
      const caps = capacities(cq, quota, group, name);
      if (caps.length === 0) continue;
      const best = caps.reduce((a, b) => (b.cap > a.cap ? b : a));
      const sum = caps.reduce((n, c) => n + c.cap, 0);
      const tooBig = needs.find((x) => x.need > best.cap);
      if (tooBig || total > sum) {
        const limit = tooBig ? best.cap : sum;
        const how = tooBig ? best.how : caps.map((c) => c.how).join(" + ");
        const scope =
          tooBig && needs.length > 1
            ? `its ${tooBig.s.role} pods alone need ${fmt(name, tooBig.need)}, and a pod set must fit in one flavor`
            : "";
        ctx.report({
          resource: r,
          path: q.path,
          message: `${describe(r)} requests ${fmt(name, total)} ${name} (${detail()}) but ${describeMatch(cq)} can give at most ${fmt(name, limit)} (${how})${scope ? `; ${scope}` : ""}: the workload can never be admitted and stays suspended`,
        });
      }
    }
  },
});
