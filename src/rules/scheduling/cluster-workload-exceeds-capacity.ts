import { replicasPath } from "../../cluster/diagnose.js";
import { FOUR_A100_NODES, TWO_H100_NODES } from "../../cluster/example-inventories.js";
import {
  acceleratorRequests,
  analyzeGroup,
  fitWorkload,
  formatAmount,
  isGangScheduled,
} from "../../cluster/placement.js";
import type { PodGroup } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
import { clusterOf, defineRule } from "../types.js";

export default defineRule({
  id: "scheduling/cluster-workload-exceeds-capacity",
  category: "scheduling",
  severity: "error",
  requires: ["cluster"],
  summary: "The whole workload cannot be placed on the cluster inventory (--cluster) at once",
  rationale:
    "Each pod may fit some node, and still the workload as a whole may not: 4 workers of 8 GPUs need 32 GPUs at once, in whole-node pieces. A gang-scheduled job (Volcano, Coscheduling, Kueue, a declared minAvailable) then waits forever; without gang scheduling the pods that do fit start and hold their GPUs while the rest pend, and synchronous training hangs at its first collective. Checked only with `mlgate check --cluster nodes.json`; error for gang-scheduled workloads, warning otherwise.",
  remediation:
    "Reduce the replicas or the resources per pod to what the cluster holds, or add nodes. The message says which group or resource is short.",
  links: [
    {
      title: "Kueue: all-or-nothing admission and quota versus placement",
      url: "https://kueue.sigs.k8s.io/docs/concepts/all_or_nothing/",
    },
    {
      title: "scheduler-plugins Coscheduling",
      url: "https://github.com/kubernetes-sigs/scheduler-plugins/blob/master/pkg/coscheduling/README.md",
    },
  ],
  examples: {
    valid: [
      {
        title: "Two 8-GPU workers on two 8-GPU nodes",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: llm
          spec:
            pytorchReplicaSpecs:
              Worker:
                replicas: 2
                template:
                  spec:
                    tolerations:
                      - {key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}
                    containers:
                      - name: pytorch
                        image: i
                        resources:
                          limits:
                            nvidia.com/gpu: 8
        `,
        options: { cluster: TWO_H100_NODES },
      },
    ],
    invalid: [
      {
        title: "A Volcano job of 6 pods × 4 GPUs on 16 GPUs",
        yaml: dedent`
          apiVersion: batch.volcano.sh/v1alpha1
          kind: Job
          metadata:
            name: train
          spec:
            minAvailable: 6
            tasks:
              - name: worker
                replicas: 6
                template:
                  spec:
                    containers:
                      - name: c
                        image: i
                        resources:
                          limits:
                            nvidia.com/gpu: 4
        `,
        options: { cluster: FOUR_A100_NODES },
        findings: [
          {
            line: 9,
            column: 17,
            severity: "error",
            message: /needs 24 nvidia.com\/gpu at once .*holds at most 4 of them.*gang-scheduled/,
          },
        ],
      },
      {
        title: "A plain Job of 3 × 8 GPUs on two 8-GPU nodes (warning: partial start)",
        yaml: dedent`
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: train
          spec:
            parallelism: 3
            template:
              spec:
                tolerations:
                  - {key: nvidia.com/gpu, operator: Exists}
                containers:
                  - name: c
                    image: i
                    resources:
                      limits:
                        nvidia.com/gpu: 8
        `,
        options: { cluster: TWO_H100_NODES },
        findings: [{ line: 6, column: 16, severity: "warning", message: /start one by one/ }],
      },
    ],
  },
  workload(w, ctx) {
    const inv = clusterOf(ctx);
    const groups = w.podGroups.filter((g) => (g.replicas ?? 0) > 0);
    if (groups.length === 0) return;
    // A group no node can host is scheduling/cluster-no-fitting-node's finding.
    if (groups.some((g) => analyzeGroup(g, inv).fitting.length === 0)) return;
    const fit = fitWorkload(w, inv, false);
    if (!fit || fit.placement || fit.pods <= 1) return;
    const gang = isGangScheduled(w);
    const biggest = [...groups].sort((a, b) => (b.replicas as number) - (a.replicas as number))[0] as PodGroup;
    const need = demandText(groups, inv);
    const why =
      fit.proof ??
      `mlgate's best-fit packing placed ${fit.placed} of the ${fit.pods} pods and found no room for the rest`;
    const serving = SERVING_KINDS.has(w.resource.kind);
    const effect = gang
      ? "it is gang-scheduled, so it waits and never starts"
      : serving
        ? "the pods that do not fit stay Pending"
        : "its pods start one by one and those that start hold their GPUs while the rest pend (a partial start; two such jobs can deadlock each other)";
    ctx.report({
      resource: w.resource,
      path: replicasPath(w, biggest),
      severity: gang && fit.proof ? "error" : "warning",
      message:
        `${w.resource.kind} ${w.resource.name ?? ""} ${need} and ${inv.source} cannot hold it: ${why}; ${effect}`.replace(
          /\s+/g,
          " ",
        ),
    });
  },
});

/** Long-running services: pods that do not fit just pend; there is no synchronous start to hang. */
const SERVING_KINDS: ReadonlySet<string> = new Set([
  "Deployment",
  "StatefulSet",
  "ReplicaSet",
  "ReplicationController",
  "InferenceService",
  "RayService",
]);

/** `needs 24 nvidia.com/gpu at once (worker 6 × 4)`. */
function demandText(groups: PodGroup[], inv: NonNullable<Parameters<typeof analyzeGroup>[1]>): string {
  const totals = new Map<string, number>();
  const parts: string[] = [];
  for (const g of groups) {
    const accel = acceleratorRequests(analyzeGroup(g, inv).req);
    for (const [r, n] of accel) totals.set(r, (totals.get(r) ?? 0) + n * (g.replicas as number));
    const first = accel[0];
    parts.push(first ? `${g.role} ${g.replicas} × ${formatAmount(first[0], first[1])}` : `${g.role} ${g.replicas}`);
  }
  const what = [...totals].map(([r, n]) => `${formatAmount(r, n)} ${r}`).join(" and ");
  return what ? `needs ${what} at once (${parts.join(", ")})` : `needs ${parts.join(", ")} pods at once`;
}
