import { asArray, asObject, getIn } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "schema/volcano-min-available",
  category: "schema",
  severity: "error",
  summary: "A Volcano Job's minAvailable exceeds its replicas (job-level or task-level), or it has no tasks",
  rationale:
    "Volcano's admission webhook denies a Job whose minAvailable is larger than the sum of its tasks' replicas, a task whose minAvailable is larger than its replicas, and a Job without tasks: the gang could never be complete.",
  remediation: "Lower minAvailable to at most the replicas, or raise the replicas.",
  links: [
    {
      title: "Volcano job admission (validate_job.go)",
      url: "https://github.com/volcano-sh/volcano/blob/master/pkg/webhooks/admission/jobs/validate/admit_job.go",
    },
  ],
  examples: {
    valid: [
      {
        title: "minAvailable equal to the replicas",
        yaml: dedent`
          apiVersion: batch.volcano.sh/v1alpha1
          kind: Job
          metadata:
            name: j
          spec:
            minAvailable: 3
            tasks:
              - name: master
                replicas: 1
                template: {spec: {containers: [{name: m, image: i}]}}
              - name: worker
                replicas: 2
                template: {spec: {containers: [{name: w, image: i}]}}
        `,
      },
    ],
    invalid: [
      {
        title: "minAvailable above the total",
        yaml: dedent`
          apiVersion: batch.volcano.sh/v1alpha1
          kind: Job
          metadata:
            name: j
          spec:
            minAvailable: 4
            tasks:
              - name: worker
                replicas: 2
                minAvailable: 3
                template: {spec: {containers: [{name: w, image: i}]}}
        `,
        findings: [
          { line: 6, column: 17, message: /minAvailable 4 .* 2 replicas/ },
          { line: 10, column: 21, message: /task "worker".*minAvailable 3/ },
        ],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    if (r.group !== "batch.volcano.sh" || r.kind !== "Job") return;
    const tasks = asArray(getIn(r.value, ["spec", "tasks"]));
    if (tasks.length === 0) {
      ctx.report({
        resource: r,
        path: ["spec"],
        message: "a Volcano Job needs at least one task; the webhook denies it",
      });
      return;
    }
    let total = 0;
    tasks.forEach((t, i) => {
      const task = asObject(t) ?? {};
      const replicas = typeof task.replicas === "number" ? task.replicas : 1;
      total += replicas;
      if (typeof task.minAvailable === "number" && task.minAvailable > replicas) {
        ctx.report({
          resource: r,
          path: ["spec", "tasks", i, "minAvailable"],
          message: `task "${String(task.name)}" has minAvailable ${task.minAvailable} but only ${replicas} replicas; the webhook denies it`,
        });
      }
    });
    const min = getIn(r.value, ["spec", "minAvailable"]);
    if (typeof min === "number" && min > total) {
      ctx.report({
        resource: r,
        path: ["spec", "minAvailable"],
        message: `minAvailable ${min} is more than the ${total} replicas of all tasks together; the webhook denies it`,
      });
    }
  },
});
