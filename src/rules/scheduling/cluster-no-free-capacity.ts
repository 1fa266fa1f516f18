import { replicasPath } from "../../cluster/diagnose.js";
import { exampleInventory, nodeListText } from "../../cluster/example-inventories.js";
import { parseInventory, withRunningPods } from "../../cluster/inventory.js";
import { analyzeGroup, fitWorkload, isGangScheduled } from "../../cluster/placement.js";
import type { PodGroup } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
import { clusterOf, defineRule } from "../types.js";

const NODES = [
  { name: "gpu-0", gpus: 8, product: "NVIDIA-H100-80GB-HBM3" },
  { name: "gpu-1", gpus: 8, product: "NVIDIA-H100-80GB-HBM3" },
];
/** Two 8-GPU nodes, one of them fully taken by a running training pod. */
const HALF_BUSY = withRunningPods(
  parseInventory(nodeListText(NODES), "nodes.json"),
  JSON.stringify({
    apiVersion: "v1",
    kind: "List",
    items: [
      {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "llama-ft-0", namespace: "ml" },
        spec: {
          nodeName: "gpu-0",
          containers: [{ name: "main", image: "i", resources: { limits: { "nvidia.com/gpu": "8" } } }],
        },
        status: { phase: "Running" },
      },
    ],
  }),
  "pods.json",
);

export default defineRule({
  id: "scheduling/cluster-no-free-capacity",
  category: "scheduling",
  severity: "warning",
  requires: ["cluster-pods"],
  summary: "The workload fits the cluster, but not what is free now given the running pods (--pods)",
  rationale:
    "With `--pods` (the output of `kubectl get pods -A -o json`) mlgate subtracts what running pods request from each node. A workload that fits the cluster's allocatable but not what is free now will wait for running pods to finish: a gang-scheduled job stays Pending as a whole, and a non-gang job starts partially and holds the GPUs it got. Worth knowing before submitting an urgent job. Checked only with `mlgate check --cluster nodes.json --pods pods.json`.",
  remediation:
    "Submit when the capacity frees up, through a queue (Kueue, Volcano) that admits it when it fits, or make room by preempting lower-priority work.",
  links: [
    {
      title: "Kubernetes: Pod Priority and Preemption",
      url: "https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/",
    },
  ],
  examples: {
    valid: [
      {
        title: "One 8-GPU pod while one of two nodes is free",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: c
                image: i
                resources:
                  limits:
                    nvidia.com/gpu: 8
        `,
        options: { cluster: HALF_BUSY },
      },
      {
        title: "Without --pods the rule does nothing",
        yaml: dedent`
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: j
          spec:
            parallelism: 2
            template:
              spec:
                containers:
                  - name: c
                    image: i
                    resources:
                      limits:
                        nvidia.com/gpu: 8
        `,
        options: { cluster: exampleInventory(NODES) },
      },
    ],
    invalid: [
      {
        title: "Two 8-GPU workers while one of two nodes is busy",
        yaml: dedent`
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: j
          spec:
            parallelism: 2
            template:
              spec:
                containers:
                  - name: c
                    image: i
                    resources:
                      limits:
                        nvidia.com/gpu: 8
        `,
        options: { cluster: HALF_BUSY },
        findings: [{ line: 6, column: 16, message: /fits the cluster but not what is free now.*at most 1 of them/ }],
      },
    ],
  },
  workload(w, ctx) {
    const inv = clusterOf(ctx);
    const groups = w.podGroups.filter((g) => (g.replicas ?? 0) > 0);
    if (groups.length === 0 || groups.some((g) => analyzeGroup(g, inv).fitting.length === 0)) return;
    const all = fitWorkload(w, inv, false);
    if (!all?.placement) return; // scheduling/cluster-workload-exceeds-capacity
    const now = fitWorkload(w, inv, true);
    if (!now || now.placement) return;
    const biggest = [...groups].sort((a, b) => (b.replicas as number) - (a.replicas as number))[0] as PodGroup;
    const why =
      now.proof ?? `mlgate's best-fit packing placed ${now.placed} of the ${now.pods} pods in the free capacity`;
    const effect = isGangScheduled(w)
      ? "as a gang it waits until enough running pods finish"
      : "its pods that fit start and hold their resources while the rest wait";
    ctx.report({
      resource: w.resource,
      path: replicasPath(w, biggest),
      message: `${w.resource.kind} ${w.resource.name ?? ""} fits the cluster but not what is free now (${inv.source}): ${why}; ${effect}`,
    });
  },
});
