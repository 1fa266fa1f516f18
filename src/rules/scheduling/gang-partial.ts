import { GANG_SCHEDULERS } from "../../catalog/schedulers.js";
import { gangSignals, podGroupRefs, schedulerNameOf } from "../../model/gang.js";
import type { PodGroup } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { describe } from "./_util.js";

/** The pod-level gang settings of one pod group, as comparable text. */
function podLevel(pg: PodGroup): string[] {
  const out = podGroupRefs(pg).map((ref) => `${ref.mechanism} group ${ref.name}`);
  const s = schedulerNameOf(pg);
  if (s.explicit && GANG_SCHEDULERS[s.name]) out.push(`schedulerName ${s.name}`);
  return out;
}

export default defineRule({
  id: "scheduling/gang-partial",
  category: "scheduling",
  severity: "warning",
  summary: "Some pod groups of a workload join a gang and others do not",
  rationale:
    "A gang covers only the pods that carry its label, annotation or scheduler name. When one role of a job (say the Worker pods) is in the gang and another (the Master or launcher) is not, the uncovered pods are scheduled on their own: the job can still start with part of its pods placed and the rest Pending, and pods outside the group are not counted towards its minimum.",
  remediation:
    "Put the same PodGroup label or annotation and the same schedulerName on every pod template of the workload.",
  links: [
    {
      title: "scheduler-plugins Coscheduling",
      url: "https://github.com/kubernetes-sigs/scheduler-plugins/blob/master/pkg/coscheduling/README.md",
    },
  ],
  examples: {
    valid: [
      {
        title: "every role carries the same group",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: bert
          spec:
            pytorchReplicaSpecs:
              Master:
                replicas: 1
                template:
                  metadata: {labels: {scheduling.x-k8s.io/pod-group: bert}}
                  spec: {schedulerName: scheduler-plugins-scheduler, containers: [{name: pytorch, image: i}]}
              Worker:
                replicas: 3
                template:
                  metadata: {labels: {scheduling.x-k8s.io/pod-group: bert}}
                  spec: {schedulerName: scheduler-plugins-scheduler, containers: [{name: pytorch, image: i}]}
        `,
      },
    ],
    invalid: [
      {
        title: "the Master is left out of the Workers' gang",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: bert
          spec:
            pytorchReplicaSpecs:
              Master:
                replicas: 1
                template:
                  spec: {containers: [{name: pytorch, image: i}]}
              Worker:
                replicas: 3
                template:
                  metadata: {labels: {scheduling.x-k8s.io/pod-group: bert}}
                  spec: {schedulerName: scheduler-plugins-scheduler, containers: [{name: pytorch, image: i}]}
        `,
        findings: [
          {
            line: 9,
            column: 7,
            message: /Master .*Worker has coscheduling group bert, schedulerName scheduler-plugins-scheduler/,
          },
        ],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    // A workload-level mechanism (Kueue, runPolicy, Volcano Job, Trainer policy, KubeRay) covers every pod itself.
    if (gangSignals(w).some((s) => s.role === undefined)) return;
    const groups = w.podGroups.filter((g) => g.templatePath !== undefined && g.replicas !== 0);
    if (groups.length < 2) return;
    const levels = groups.map((g) => ({ g, level: podLevel(g) }));
    const covered = levels.find((l) => l.level.length > 0);
    if (!covered) return;
    for (const { g, level } of levels) {
      if (level.length > 0 || !g.templatePath) continue;
      ctx.report({
        resource: r,
        path: g.templatePath,
        at: "key",
        message: `${describe(r)}: ${g.role} joins no gang while ${covered.g.role} has ${covered.level.join(", ")}: the ${g.role} pods are scheduled on their own, so the job can still start partially and wait for them`,
      });
    }
  },
});
