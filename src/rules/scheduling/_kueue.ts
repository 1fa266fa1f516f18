// Resolving Kueue references in the checked set: workload → LocalQueue → ClusterQueue → ResourceFlavor.
import { KUEUE_QUEUE_LABEL } from "../../catalog/schedulers.js";
import { kindTraits } from "../../model/kind-traits.js";
import type { Path } from "../../model/path.js";
import { resolveRef } from "../../model/refs.js";
import { asArray, asObject, asString, getIn, type Resource } from "../../model/resource.js";
import type { Workload } from "../../model/workload.js";
import type { CheckedSet } from "../types.js";

export const KUEUE = "kueue.x-k8s.io";

/**
 * The objects of a kind and name that a reference from `from` can mean: those that belong with it
 * (its file, else its directory when one file there defines it; src/model/refs.ts), else none.
 */
export function resolve(set: CheckedSet, from: Resource, kind: string, name: string, namespaced: boolean): Resource[] {
  return resolveRef(set.resources, from, { group: KUEUE, kind, name, namespaced }).objects as Resource[];
}

/** Whether the run defines the object a reference from `from` names (in any directory: the run applies them all). */
export function exists(set: CheckedSet, from: Resource, kind: string, name: string, namespaced: boolean): boolean {
  return resolveRef(set.resources, from, { group: KUEUE, kind, name, namespaced }).all.length > 0;
}

/** Kinds whose jobs Kueue manages through the queue-name label (batch integrations, on by default). */
export function isKueueJobKind(r: Resource): boolean {
  return kindTraits(r).kueue === true;
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
