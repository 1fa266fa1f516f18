import { DEFAULT_SCHEDULER } from "../../catalog/schedulers.js";
import { podGroupRefs, schedulerNameOf } from "../../model/gang.js";
import type { Path } from "../../model/path.js";
import { asObject, getIn } from "../../model/resource.js";
import type { PodGroup, Workload } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
import { defineRule, type RuleContext } from "../types.js";
import { describe } from "./_util.js";

type Want = "coscheduling" | "volcano" | "kube-scheduler";

const WANT_TEXT: Record<Want, string> = {
  coscheduling: "a scheduler running the Coscheduling plugin (scheduler-plugins-scheduler)",
  volcano: "schedulerName volcano",
  "kube-scheduler": "the default kube-scheduler",
};

/** Scheduler names that certainly do not run the wanted gang plugin. */
const WRONG: Record<Want, ReadonlySet<string>> = {
  coscheduling: new Set([DEFAULT_SCHEDULER, "volcano", "kai-scheduler", "yunikorn"]),
  volcano: new Set([DEFAULT_SCHEDULER, "scheduler-plugins-scheduler", "kai-scheduler", "yunikorn"]),
  "kube-scheduler": new Set(["volcano", "scheduler-plugins-scheduler", "kai-scheduler", "yunikorn"]),
};

function check(
  w: Workload,
  pg: PodGroup,
  want: Want,
  what: string,
  path: Path,
  ctx: RuleContext,
  quietIfUnset: boolean,
) {
  const s = schedulerNameOf(pg);
  const r = w.resource;
  const role = w.podGroups.length > 1 ? ` (${pg.role})` : "";
  if (s.explicit && s.path && WRONG[want].has(s.name)) {
    ctx.report({
      resource: r,
      path: s.path,
      severity: "warning",
      message: `${describe(r)}${role} uses ${what} but its pods ask for schedulerName ${s.name}, which ignores that group: the pods are bound one by one and the gang gives no all-or-nothing guarantee; use ${WANT_TEXT[want]}`,
    });
  } else if (!s.explicit && want !== "kube-scheduler" && !quietIfUnset) {
    ctx.report({
      resource: r,
      path,
      message: `${describe(r)}${role} uses ${what} but sets no schedulerName, so its pods go to ${DEFAULT_SCHEDULER}: unless this cluster's default scheduler runs ${want === "volcano" ? "Volcano" : "Coscheduling"}, the group is ignored and the pods are bound one by one; set ${WANT_TEXT[want]}`,
    });
  }
}

export default defineRule({
  id: "scheduling/gang-scheduler-name",
  category: "scheduling",
  severity: "info",
  summary: "Pods join a PodGroup but are handed to a scheduler that does not implement that gang",
  rationale:
    "A PodGroup is only honoured by the scheduler that implements it: the Coscheduling plugin for `scheduling.x-k8s.io` PodGroups, Volcano for `scheduling.volcano.sh` PodGroups, kube-scheduler for the native Workload API. Pods carrying the group label or annotation but scheduled by another scheduler are placed one at a time, so the gang silently gives no all-or-nothing guarantee; the PodGroup may even report that it is waiting. Kubeflow Trainer's podGroupPolicy creates the PodGroup but does not set schedulerName.",
  remediation:
    "Set `schedulerName` in every pod template of the gang to the scheduler that implements it (`scheduler-plugins-scheduler`, `volcano`), or drop the group reference when the default scheduler is meant.",
  links: [
    {
      title: "scheduler-plugins install: run as a second scheduler",
      url: "https://github.com/kubernetes-sigs/scheduler-plugins/blob/master/doc/install.md",
    },
    {
      title: "Kubeflow Trainer v2 proposal: PodGroup plugins do not set schedulerName",
      url: "https://github.com/kubeflow/trainer/tree/master/docs/proposals/2170-kubeflow-trainer-v2",
    },
  ],
  examples: {
    valid: [
      {
        title: "a Coscheduling label with the scheduler-plugins scheduler",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: pause
          spec:
            replicas: 3
            selector: {matchLabels: {app: pause}}
            template:
              metadata:
                labels: {app: pause, scheduling.x-k8s.io/pod-group: pg1}
              spec:
                schedulerName: scheduler-plugins-scheduler
                containers: [{name: pause, image: pause}]
        `,
      },
    ],
    invalid: [
      {
        title: "a PodGroup label on pods of the default scheduler",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: pause
          spec:
            replicas: 3
            selector: {matchLabels: {app: pause}}
            template:
              metadata:
                labels: {app: pause, scheduling.x-k8s.io/pod-group: pg1}
              spec:
                schedulerName: default-scheduler
                containers: [{name: pause, image: pause}]
        `,
        findings: [{ line: 12, column: 22, severity: "warning", message: /schedulerName default-scheduler/ }],
      },
      {
        title: "a Volcano podGroupPolicy whose pods set no schedulerName",
        yaml: dedent`
          apiVersion: trainer.kubeflow.org/v1alpha1
          kind: ClusterTrainingRuntime
          metadata:
            name: torch-volcano
          spec:
            mlPolicy: {numNodes: 2, torch: {}}
            podGroupPolicy:
              volcano: {}
            template:
              spec:
                replicatedJobs:
                  - name: node
                    template:
                      spec:
                        template:
                          spec:
                            containers: [{name: node, image: i}]
        `,
        findings: [{ line: 8, column: 14, severity: "info", message: /sets no schedulerName.*Volcano/ }],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    // Controllers that fill in schedulerName themselves.
    const fills =
      r.group === "ray.io" ||
      r.group === "batch.volcano.sh" ||
      (r.group === "kubeflow.org" && asObject(getIn(r.value, ["spec", "runPolicy", "schedulingPolicy"])) !== undefined);
    for (const pg of w.podGroups) {
      for (const ref of podGroupRefs(pg)) {
        if (ref.mechanism === "coscheduling")
          check(w, pg, "coscheduling", `scheduler-plugins PodGroup ${ref.name}`, ref.path, ctx, fills);
        else if (ref.mechanism === "volcano-pod-group")
          check(w, pg, "volcano", `Volcano PodGroup ${ref.name}`, ref.path, ctx, fills);
        else if (ref.mechanism === "workload-api")
          check(w, pg, "kube-scheduler", `native gang ${ref.name}`, ref.path, ctx, true);
      }
    }
    if (r.group === "trainer.kubeflow.org" && r.kind !== "TrainJob") {
      const policy = asObject(getIn(r.value, ["spec", "podGroupPolicy"]));
      if (!policy) return;
      const want: Want | undefined = policy.coscheduling ? "coscheduling" : policy.volcano ? "volcano" : undefined;
      if (!want) return;
      const field = want === "coscheduling" ? "coscheduling" : "volcano";
      const unset = w.podGroups.filter((pg) => !schedulerNameOf(pg).explicit);
      for (const pg of w.podGroups) {
        if (schedulerNameOf(pg).explicit)
          check(w, pg, want, `the ${field} podGroupPolicy`, ["spec", "podGroupPolicy", field], ctx, true);
      }
      // One finding for the runtime, at the policy, rather than one per replicated job.
      const first = unset[0];
      if (first)
        check(
          { ...w, podGroups: [first] },
          first,
          want,
          `the ${field} podGroupPolicy`,
          ["spec", "podGroupPolicy", field],
          ctx,
          false,
        );
    }
  },
});
