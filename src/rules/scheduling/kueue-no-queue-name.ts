import { KUEUE_DEFAULT_LOCAL_QUEUE } from "../../catalog/schedulers.js";
import { kindTraits } from "../../model/kind-traits.js";
import { KUEUE_GROUP } from "../../model/kueue.js";
import { queueLabel } from "../../model/kueue-queue.js";
import { describeMatch, placeOf, together } from "../../model/refs.js";
import { namespacesMatch } from "../../model/resource.js";
import { indexResources } from "../../model/set-index.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { describe } from "./_util.js";

export default defineRule({
  id: "scheduling/kueue-no-queue-name",
  category: "scheduling",
  severity: "info",
  summary:
    "A job has no kueue.x-k8s.io/queue-name label though LocalQueues are defined beside it (same file or same namespace)",
  rationale:
    "Kueue only manages jobs that name a LocalQueue (or, with LocalQueue defaulting, jobs in a namespace that has a LocalQueue called `default`). A job without the label next to manifests that define LocalQueues bypasses the quota and the all-or-nothing admission those queues provide — by default Kueue leaves it alone, so it competes for the same GPUs outside the queue; with manageJobsWithoutQueueName it is held suspended instead.",
  remediation:
    "Add `metadata.labels.kueue.x-k8s.io/queue-name: <LocalQueue>` to the job, or say why it runs outside the queue.",
  links: [
    { title: "Kueue: run a Job", url: "https://kueue.sigs.k8s.io/docs/tasks/run/jobs/" },
    {
      title: "Kueue: default LocalQueue",
      url: "https://kueue.sigs.k8s.io/docs/tasks/manage/enforce_job_management/setup_default_local_queue/",
    },
  ],
  examples: {
    valid: [
      {
        title: "the job names the queue",
        yaml: dedent`
          apiVersion: kueue.x-k8s.io/v1beta2
          kind: LocalQueue
          metadata:
            name: user-queue
          spec:
            clusterQueue: cq
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
                containers: [{name: c, image: i}]
        `,
      },
    ],
    invalid: [
      {
        title: "a job beside a LocalQueue without naming it",
        yaml: dedent`
          apiVersion: kueue.x-k8s.io/v1beta2
          kind: LocalQueue
          metadata:
            name: user-queue
          spec:
            clusterQueue: cq
          ---
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: j
          spec:
            template:
              spec:
                restartPolicy: Never
                containers: [{name: c, image: i}]
        `,
        findings: [
          { line: 11, column: 9, message: /Job j has no kueue.x-k8s.io\/queue-name label.*LocalQueue user-queue/ },
        ],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    if (!kindTraits(r).kueue || queueLabel(w)) return;
    const queues = indexResources(ctx.set.resources).ofKind(KUEUE_GROUP, "LocalQueue");
    if (queues.length === 0) return;
    // "Beside it": the LocalQueues of its namespace in its own file or render (model/refs.ts's
    // `together`), never another example's.
    const near = together(
      placeOf(r),
      queues.filter((q) => namespacesMatch(q.namespace, r.namespace)),
      placeOf,
    );
    if (near.length === 0) return;
    if (near.some((q) => q.name === KUEUE_DEFAULT_LOCAL_QUEUE)) return;
    const names = near.slice(0, 3).map(describeMatch).join(", ");
    ctx.report({
      resource: r,
      path: ["metadata", "name"],
      message: `${describe(r)} has no kueue.x-k8s.io/queue-name label, though ${names} is defined beside it: Kueue does not manage the job, so it takes GPUs outside the queue's quota and all-or-nothing admission`,
    });
  },
});
