// The Kueue LocalQueue a workload names, read once for the rules and the cluster simulator.
import { KUEUE_QUEUE_LABEL } from "../catalog/schedulers.js";
import type { Path } from "../util/path.js";
import { asArray, asObject, asString, getIn } from "./resource.js";
import type { Workload } from "./workload.js";

/**
 * The queue-name label on the workload itself, else on the first pod group whose template is written
 * in the document (so a finding can point at it), with where it is.
 */
export function queueLabel(w: Workload): { name: string; path: Path } | undefined {
  const own = asString(w.resource.labels[KUEUE_QUEUE_LABEL]);
  if (own) return { name: own, path: ["metadata", "labels", KUEUE_QUEUE_LABEL] };
  for (const pg of w.podGroups) {
    const v = asString(pg.podLabels[KUEUE_QUEUE_LABEL]);
    if (v && pg.templatePath) return { name: v, path: [...pg.templatePath, "metadata", "labels", KUEUE_QUEUE_LABEL] };
  }
  return undefined;
}

/**
 * The queue name Kueue would read for admission: the workload's label, else any pod group's labels,
 * including groups built from fields rather than a written template (what the simulator routes by).
 */
export function queueName(w: Workload): string | undefined {
  const own = asString(w.resource.labels[KUEUE_QUEUE_LABEL]);
  if (own) return own;
  for (const g of w.podGroups) {
    const v = asString(g.podLabels[KUEUE_QUEUE_LABEL]);
    if (v) return v;
  }
  return undefined;
}

/**
 * The Kueue queue-name label written inside a JobSet (on a replicated job's Job template or its pod
 * template) instead of on the JobSet: where it is, and on what.
 */
export function misplacedQueueLabels(r: {
  group: string;
  kind: string;
  labels: Record<string, unknown>;
  value: Record<string, unknown>;
}): { name: string; path: Path; where: string }[] {
  if (r.group !== "jobset.x-k8s.io" || r.kind !== "JobSet" || asString(r.labels[KUEUE_QUEUE_LABEL])) return [];
  const out: { name: string; path: Path; where: string }[] = [];
  asArray(getIn(r.value, ["spec", "replicatedJobs"])).forEach((rj, i) => {
    const job = asObject(rj);
    const rjName = asString(job?.name) ?? `replicatedJobs[${i}]`;
    for (const [tpl, where] of [
      [["spec", "replicatedJobs", i, "template"], `the Job template of ${rjName}`],
      [["spec", "replicatedJobs", i, "template", "spec", "template"], `the pod template of ${rjName}`],
    ] as const) {
      const v = asString(getIn(r.value, [...tpl, "metadata", "labels", KUEUE_QUEUE_LABEL]));
      if (v) out.push({ name: v, path: [...tpl, "metadata", "labels", KUEUE_QUEUE_LABEL], where });
    }
  });
  return out;
}
