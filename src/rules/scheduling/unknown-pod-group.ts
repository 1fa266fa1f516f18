import { type PodGroupRef, podGroupRefs } from "../../model/gang.js";
import { resolveRef } from "../../model/refs.js";
import { asObject, getIn, type Resource } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { describe, refSeverity, refSuffix } from "./_util.js";

/** Kind and group of the object each reference names. */
const TARGET: Record<
  Exclude<PodGroupRef["mechanism"], "kueue-pod-group">,
  { group: string; kinds: string[]; text: string }
> = {
  coscheduling: { group: "scheduling.x-k8s.io", kinds: ["PodGroup"], text: "scheduler-plugins PodGroup" },
  "volcano-pod-group": { group: "scheduling.volcano.sh", kinds: ["PodGroup"], text: "Volcano PodGroup" },
  "kai-pod-group": { group: "scheduling.run.ai", kinds: ["PodGroup"], text: "KAI PodGroup" },
  "workload-api": { group: "scheduling.k8s.io", kinds: ["PodGroup", "Workload"], text: "scheduling.k8s.io" },
};

/** Controllers that create the PodGroup their pods name. */
function controllerCreatesGroup(r: Resource): boolean {
  if (r.group === "batch.volcano.sh" || r.group === "ray.io" || r.group === "trainer.kubeflow.org") return true;
  return (
    r.group === "kubeflow.org" && asObject(getIn(r.value, ["spec", "runPolicy", "schedulingPolicy"])) !== undefined
  );
}

export default defineRule({
  id: "scheduling/unknown-pod-group",
  category: "scheduling",
  severity: "info",
  summary: "Pods name a PodGroup or Workload (gang) that is not in the checked set",
  rationale:
    "A pod that names a gang object waits for it: the Coscheduling plugin rejects pods whose PodGroup does not exist, Volcano keeps them Pending, and kube-scheduler holds pods whose Workload or PodGroup (KEP-4671) is missing until it appears. Nobody creates these objects for a hand-labelled Deployment, Job or JobSet, so a missing one means pods that never start. Info (it may exist in the cluster) unless --strict-refs is given.",
  remediation: "Create the PodGroup (or Workload) with the name the pods use, in the same namespace, or fix the name.",
  links: [
    {
      title: "scheduler-plugins Coscheduling",
      url: "https://github.com/kubernetes-sigs/scheduler-plugins/blob/master/pkg/coscheduling/README.md",
    },
    {
      title: "Kubernetes: Workload reference",
      url: "https://kubernetes.io/docs/concepts/workloads/pods/workload-reference/",
    },
  ],
  examples: {
    valid: [
      {
        title: "the PodGroup is defined beside the pods",
        yaml: dedent`
          apiVersion: scheduling.x-k8s.io/v1alpha1
          kind: PodGroup
          metadata:
            name: pg1
          spec:
            minMember: 2
          ---
          apiVersion: apps/v1
          kind: ReplicaSet
          metadata:
            name: rs
          spec:
            replicas: 2
            selector: {matchLabels: {app: a}}
            template:
              metadata:
                labels: {app: a, scheduling.x-k8s.io/pod-group: pg1}
              spec:
                schedulerName: scheduler-plugins-scheduler
                containers: [{name: c, image: i}]
        `,
      },
    ],
    invalid: [
      {
        title: "a native PodGroup that is not in the set",
        yaml: dedent`
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: j
          spec:
            parallelism: 2
            completions: 2
            template:
              spec:
                schedulingGroup: {podGroupName: j-workers}
                restartPolicy: Never
                containers: [{name: c, image: i}]
        `,
        findings: [{ line: 10, column: 39, severity: "info", message: /scheduling.k8s.io PodGroup j-workers/ }],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    if (controllerCreatesGroup(r)) return;
    // Whether the run defines it, in any file: the run applies them all (model/refs.ts).
    const exists = (group: string, kind: string, name: string) =>
      resolveRef(ctx.set.resources, r, { group, kind, name, namespaced: true }).all.length > 0;
    const seen = new Set<string>();
    for (const pg of w.podGroups) {
      for (const ref of podGroupRefs(pg)) {
        if (ref.mechanism === "kueue-pod-group") continue;
        const t = TARGET[ref.mechanism];
        const kind =
          ref.mechanism === "workload-api" ? (ref.podGroup !== undefined ? "Workload" : "PodGroup") : "PodGroup";
        if (exists(t.group, kind, ref.name) || seen.has(`${kind}/${ref.name}`)) continue;
        seen.add(`${kind}/${ref.name}`);
        const what = ref.mechanism === "workload-api" ? `${t.text} ${kind} ${ref.name}` : `${t.text} ${ref.name}`;
        ctx.report({
          resource: r,
          path: ref.path,
          severity: refSeverity(ctx),
          message: `${describe(r)} names ${what}, which is not in the checked set: until it exists the pods stay Pending${refSuffix(ctx)}`,
        });
      }
    }
  },
});
