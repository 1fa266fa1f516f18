import { KAI_INSTALLED_QUEUES, KAI_QUEUE, KAI_SCHEDULER_NAME } from "../../catalog/schedulers.js";
import { isKaiPodGroup, type KaiValue, kaiDefinedNames, kaiQueueOf, kaiQueueRef } from "../../model/kai.js";
import type { Resource } from "../../model/resource.js";
import { asString } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule, type RuleContext } from "../types.js";

function judge(r: Resource, queue: KaiValue, ctx: RuleContext): void {
  const name = queue.value;
  const { resolution, children } = kaiQueueRef(ctx.set.resources, r, name);
  const installed = KAI_INSTALLED_QUEUES[name];
  if (children.length > 0 || (installed === "parent" && resolution.all.length === 0)) {
    const kids = children.map((q) => q.name).filter((n): n is string => n !== undefined);
    ctx.report({
      resource: r,
      path: queue.path,
      message: `KAI queue ${name} is a parent queue${kids.length > 0 ? ` (of ${kids.join(", ")})` : " (KAI's chart creates it as the parent of default-queue)"}: KAI Scheduler schedules jobs only from leaf queues, so the pods stay Pending; name one of its child queues`,
    });
    return;
  }
  if (resolution.all.length > 0 || installed) return;
  // Only a run that defines Queues says which exist; otherwise the cluster may hold it.
  const defined = kaiDefinedNames(ctx.set.resources, KAI_QUEUE);
  if (defined.length === 0) return;
  ctx.report({
    resource: r,
    path: queue.path,
    severity: "warning",
    message: `KAI queue ${name} is not among the Queues the checked set defines (${defined.join(", ")}): until it exists KAI Scheduler leaves the pods Pending`,
  });
}

export default defineRule({
  id: "scheduling/kai-queue",
  category: "scheduling",
  severity: "error",
  summary: "A workload or KAI PodGroup names a KAI parent queue, or a queue the set does not define",
  rationale:
    "KAI Scheduler's queues (scheduling.run.ai/v2 Queue, cluster-scoped) form a tree by spec.parentQueue, and only leaf queues schedule jobs: parent queues only divide quota among their children. A job whose kai.scheduler/queue label (or KAI PodGroup spec.queue) names a parent queue is never scheduled and stays Pending with no error on the pods. A queue the cluster does not have leaves the pods Pending too; when the checked set defines the KAI Queues, one it does not define is reported. KAI's chart creates default-parent-queue and its leaf default-queue itself.",
  remediation: "Name a leaf queue (one no Queue names as its parentQueue), or define the queue the workload names.",
  links: [
    {
      title: "KAI Scheduler: queues (only leaf queues schedule)",
      url: "https://github.com/NVIDIA/KAI-Scheduler/blob/72de64fc8eca10fa8cca26a20156178f3edbe092/docs/queues/README.md",
    },
  ],
  examples: {
    valid: [
      {
        title: "a job in a leaf queue of the set's tree, and one in KAI's default-queue",
        yaml: dedent`
          apiVersion: scheduling.run.ai/v2
          kind: Queue
          metadata:
            name: research
          spec:
            resources:
              gpu: {quota: 16, limit: -1, overQuotaWeight: 1}
          ---
          apiVersion: scheduling.run.ai/v2
          kind: Queue
          metadata:
            name: team-a
          spec:
            parentQueue: research
            resources:
              gpu: {quota: 8, limit: -1, overQuotaWeight: 1}
          ---
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: bert
            labels: {kai.scheduler/queue: team-a}
          spec:
            pytorchReplicaSpecs:
              Worker:
                replicas: 2
                template:
                  spec:
                    schedulerName: kai-scheduler
                    containers: [{name: pytorch, image: pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime}]
          ---
          apiVersion: v1
          kind: Pod
          metadata:
            name: gpu-test
            labels: {kai.scheduler/queue: default-queue}
          spec:
            schedulerName: kai-scheduler
            containers: [{name: t, image: nvcr.io/nvidia/cuda:12.4.1-base-ubuntu22.04}]
        `,
      },
    ],
    invalid: [
      {
        title: "a job in the parent queue",
        yaml: dedent`
          apiVersion: scheduling.run.ai/v2
          kind: Queue
          metadata:
            name: research
          spec:
            resources:
              gpu: {quota: 16, limit: -1, overQuotaWeight: 1}
          ---
          apiVersion: scheduling.run.ai/v2
          kind: Queue
          metadata:
            name: team-a
          spec:
            parentQueue: research
          ---
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: bert
            labels: {kai.scheduler/queue: research}
          spec:
            pytorchReplicaSpecs:
              Worker:
                replicas: 2
                template:
                  spec:
                    schedulerName: kai-scheduler
                    containers: [{name: pytorch, image: pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime}]
        `,
        findings: [{ line: 20, column: 33, message: /KAI queue research is a parent queue \(of team-a\)/ }],
      },
      {
        title: "a KAI PodGroup in KAI's default parent queue, and one in a queue the set does not define",
        yaml: dedent`
          apiVersion: scheduling.run.ai/v2
          kind: Queue
          metadata:
            name: team-a
          spec:
            resources:
              gpu: {quota: 8, limit: -1, overQuotaWeight: 1}
          ---
          apiVersion: scheduling.run.ai/v2alpha2
          kind: PodGroup
          metadata:
            name: pg-a
          spec:
            minMember: 2
            queue: default-parent-queue
          ---
          apiVersion: scheduling.run.ai/v2alpha2
          kind: PodGroup
          metadata:
            name: pg-b
          spec:
            minMember: 2
            queue: team-b
        `,
        findings: [
          { line: 15, column: 10, message: /default-parent-queue is a parent queue \(KAI's chart creates it/ },
          {
            line: 23,
            column: 10,
            severity: "warning",
            message: /team-b is not among the Queues the checked set defines \(team-a\)/,
          },
        ],
      },
    ],
  },
  resource(r, ctx) {
    if (!isKaiPodGroup(r)) return;
    const q = kaiQueueOf(r, undefined);
    if (q) judge(r, q, ctx);
  },
  workload(w, ctx) {
    // The label counts only on pods KAI schedules (scheduling/no-gang says when it is ignored).
    if (!w.podGroups.some((g) => asString(g.podSpec?.schedulerName) === KAI_SCHEDULER_NAME)) return;
    const q = kaiQueueOf(w.resource, w);
    if (q) judge(w.resource, q, ctx);
  },
});
