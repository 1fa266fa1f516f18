import { misplacedQueueLabels } from "../../model/kueue-queue.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "scheduling/kueue-label-misplaced",
  category: "scheduling",
  severity: "error",
  summary: "Kueue's queue-name label is on a JobSet's inner Job or pod template instead of on the JobSet",
  rationale:
    "Kueue's JobSet integration admits the JobSet as one workload and reads `kueue.x-k8s.io/queue-name` from the JobSet's own labels. A label on a replicated job's Job template (or its pod template) is copied onto the child Jobs and pods, which Kueue does not manage on their own while their JobSet owns them: the JobSet is never queued, takes GPUs outside every quota, and gets none of Kueue's all-or-nothing admission. The label looks present, so the mistake survives review.",
  remediation: "Move the label to the JobSet's `metadata.labels` and remove it from the templates.",
  links: [{ title: "Kueue: run a JobSet", url: "https://kueue.sigs.k8s.io/docs/tasks/run/jobsets/" }],
  examples: {
    valid: [
      {
        title: "the label on the JobSet",
        yaml: dedent`
          apiVersion: jobset.x-k8s.io/v1alpha2
          kind: JobSet
          metadata:
            name: train
            labels: {kueue.x-k8s.io/queue-name: user-queue}
          spec:
            replicatedJobs:
              - name: workers
                replicas: 2
                template:
                  spec:
                    template:
                      spec:
                        containers: [{name: c, image: i}]
        `,
      },
    ],
    invalid: [
      {
        title: "the label on a replicated job's Job template",
        yaml: dedent`
          apiVersion: jobset.x-k8s.io/v1alpha2
          kind: JobSet
          metadata:
            name: train
          spec:
            replicatedJobs:
              - name: workers
                replicas: 2
                template:
                  metadata:
                    labels: {kueue.x-k8s.io/queue-name: user-queue}
                  spec:
                    template:
                      spec:
                        containers: [{name: c, image: i}]
        `,
        findings: [
          {
            line: 11,
            column: 47,
            message: /queue-name user-queue is on the Job template of workers.*Kueue reads it from the JobSet/,
          },
        ],
      },
    ],
  },
  resource(r, ctx) {
    for (const m of misplacedQueueLabels(r)) {
      ctx.report({
        resource: r,
        path: m.path,
        message: `kueue.x-k8s.io/queue-name ${m.name} is on ${m.where}, but Kueue reads it from the JobSet's own labels: the JobSet is not queued and runs outside the queue's quota; move the label to metadata.labels`,
      });
    }
  },
});
