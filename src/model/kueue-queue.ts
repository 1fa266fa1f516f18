// The Kueue LocalQueue a workload names, read once for the rules and the cluster simulator.
import { KUEUE_QUEUE_LABEL } from "../catalog/schedulers.js";
import type { Path } from "../util/path.js";
import { asString } from "./resource.js";
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
