import { asArray, asObject, getIn } from "../../model/resource.js";
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
        yaml: "apiVersion: batch.volcano.sh/v1alpha1\nkind: Job\nmetadata:\n  name: j\nspec:\n  minAvailable: 3\n  tasks:\n    - name: master\n      replicas: 1\n      template: {spec: {containers: [{name: m, image: i}]}}\n    - name: worker\n      replicas: 2\n      template: {spec: {containers: [{name: w, image: i}]}}\n",
      },
    ],
    invalid: [
      {
        title: "minAvailable above the total",
        yaml: "apiVersion: batch.volcano.sh/v1alpha1\nkind: Job\nmetadata:\n  name: j\nspec:\n  minAvailable: 4\n  tasks:\n    - name: worker\n      replicas: 2\n      minAvailable: 3\n      template: {spec: {containers: [{name: w, image: i}]}}\n",
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
