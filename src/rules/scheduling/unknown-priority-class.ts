import { BUILTIN_PRIORITY_CLASSES } from "../../catalog/schedulers.js";
import type { Path } from "../../model/path.js";
import { resolveRef } from "../../model/refs.js";
import { asString, getIn } from "../../model/resource.js";
import type { Workload } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { describe, refSeverity, refSuffix } from "./_util.js";

/** Every priority class name a workload sets, with where. */
export function priorityClassRefs(w: Workload): { name: string; path: Path; role?: string }[] {
  const r = w.resource;
  const out: { name: string; path: Path; role?: string }[] = [];
  for (const pg of w.podGroups) {
    const p = asString(pg.podSpec?.priorityClassName);
    if (p && pg.podSpecPath) out.push({ name: p, path: [...pg.podSpecPath, "priorityClassName"], role: pg.role });
  }
  const extra: Path[] = [
    ["spec", "priorityClassName"], // Volcano Job
    ["spec", "runPolicy", "schedulingPolicy", "priorityClass"], // Kubeflow runPolicy
  ];
  for (const path of extra) {
    const p = asString(getIn(r.value, path));
    if (p && (path.length > 2 || r.group === "batch.volcano.sh")) out.push({ name: p, path });
  }
  return out;
}

export default defineRule({
  id: "scheduling/unknown-priority-class",
  category: "scheduling",
  severity: "info",
  summary: "A workload names a PriorityClass that is not in the checked set",
  rationale:
    "The API server rejects a pod whose priorityClassName names no existing PriorityClass (`no PriorityClass with name … was found`), so a controller creates no pods at all and the job sits with only a FailedCreate event. Volcano and Trainer's Volcano plugin reject it at admission. mlgate sees only the files of one run: a class missing from them is info (it may exist in the cluster) unless --strict-refs is given.",
  remediation:
    "Fix the name, or include the PriorityClass in the manifests you check (or make sure it exists in the cluster).",
  links: [
    {
      title: "Kubernetes: Pod priority and preemption",
      url: "https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/",
    },
  ],
  examples: {
    valid: [
      {
        title: "the class is defined beside the job",
        yaml: dedent`
          apiVersion: scheduling.k8s.io/v1
          kind: PriorityClass
          metadata:
            name: training-high
          value: 1000
          ---
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: j
          spec:
            template:
              spec:
                priorityClassName: training-high
                restartPolicy: Never
                containers: [{name: c, image: i}]
        `,
      },
    ],
    invalid: [
      {
        title: "a class that is not in the set",
        yaml: dedent`
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: j
          spec:
            template:
              spec:
                priorityClassName: training-hgih
                restartPolicy: Never
                containers: [{name: c, image: i}]
        `,
        findings: [{ line: 8, column: 26, severity: "info", message: /PriorityClass training-hgih/ }],
      },
    ],
  },
  workload(w, ctx) {
    // Whether the run defines it, in any file: the run applies them all (model/refs.ts).
    const known = (name: string) =>
      resolveRef(ctx.set.resources, w.resource, {
        group: "scheduling.k8s.io",
        kind: "PriorityClass",
        name,
        namespaced: false,
      }).all.length > 0;
    const seen = new Set<string>();
    for (const ref of priorityClassRefs(w)) {
      if (known(ref.name) || BUILTIN_PRIORITY_CLASSES.has(ref.name) || seen.has(ref.name)) continue;
      seen.add(ref.name);
      ctx.report({
        resource: w.resource,
        path: ref.path,
        severity: refSeverity(ctx),
        message: `${describe(w.resource)} uses PriorityClass ${ref.name}, which is not in the checked set: if it does not exist, the API server rejects every pod of the workload${refSuffix(ctx)}`,
      });
    }
  },
});
