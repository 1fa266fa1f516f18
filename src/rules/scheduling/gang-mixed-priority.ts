import { gangSignals } from "../../model/gang.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { describe } from "./_util.js";

export default defineRule({
  id: "scheduling/gang-mixed-priority",
  category: "scheduling",
  severity: "warning",
  summary: "The pod groups of one gang-scheduled workload have different priority classes",
  rationale:
    "Preemption works pod by pod in kube-scheduler and by priority in Volcano: when the roles of one gang carry different priorities, a higher-priority job can preempt the lower-priority role alone (say the workers but not the master). The gang is broken piecemeal — the remaining pods hold their GPUs while the job cannot make progress — and on restart the group may not fit back. scheduler-plugins asks that all pods of a PodGroup share one priority.",
  remediation: "Give every pod template of the workload the same priorityClassName.",
  links: [
    {
      title: "scheduler-plugins Coscheduling: pods of a group share one priority",
      url: "https://github.com/kubernetes-sigs/scheduler-plugins/blob/master/pkg/coscheduling/README.md",
    },
    {
      title: "Kubernetes: Pod priority and preemption",
      url: "https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/",
    },
  ],
  examples: {
    valid: [
      {
        title: "one priority for every role",
        yaml: dedent`
          apiVersion: batch.volcano.sh/v1alpha1
          kind: Job
          metadata:
            name: j
          spec:
            tasks:
              - name: master
                replicas: 1
                template: {spec: {priorityClassName: high, containers: [{name: m, image: i}]}}
              - name: worker
                replicas: 2
                template: {spec: {priorityClassName: high, containers: [{name: w, image: i}]}}
        `,
      },
    ],
    invalid: [
      {
        title: "workers at a lower priority than the master",
        yaml: dedent`
          apiVersion: batch.volcano.sh/v1alpha1
          kind: Job
          metadata:
            name: j
          spec:
            tasks:
              - name: master
                replicas: 1
                template: {spec: {priorityClassName: high, containers: [{name: m, image: i}]}}
              - name: worker
                replicas: 2
                template: {spec: {priorityClassName: low, containers: [{name: w, image: i}]}}
        `,
        findings: [{ line: 12, column: 44, message: /worker uses priorityClassName low but master uses high/ }],
      },
    ],
  },
  workload(w, ctx) {
    if (w.podGroups.length < 2 || gangSignals(w).length === 0) return;
    const classes = w.podGroups.map((g) => ({
      g,
      name: typeof g.podSpec?.priorityClassName === "string" ? g.podSpec.priorityClassName : "(none)",
    }));
    const first = classes[0];
    if (!first) return;
    for (const c of classes.slice(1)) {
      if (c.name === first.name || !c.g.podSpecPath) continue;
      const path = c.name === "(none)" ? c.g.podSpecPath : [...c.g.podSpecPath, "priorityClassName"];
      ctx.report({
        resource: w.resource,
        path,
        message: `${describe(w.resource)}: ${c.g.role} uses priorityClassName ${c.name} but ${first.g.role} uses ${first.name}; preemption can then evict one role of the gang and leave the rest holding their GPUs without making progress`,
      });
    }
  },
});
