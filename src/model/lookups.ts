// What other objects look up: the part of the set every thread of a parallel check holds.
import type { CheckedSet } from "./checked-set.js";
import { kindTraits } from "./kind-traits.js";
import type { Resource } from "./resource.js";
import { indexSet, perSet } from "./set-index.js";

/**
 * Whether other objects look this one up by name or selector: every object that is not a
 * workload (queues, quotas, flavors, PodGroups, ConfigMaps, Services, Roles, networks, CRDs, …),
 * and templates another object completes (Trainer runtimes). Workloads are judged where they are.
 */
export function isLookup(r: Resource, set: CheckedSet): boolean {
  return indexSet(set).workloadOf(r) === undefined || kindTraits(r).template === true;
}

/**
 * The set as a `set` hook sees it: its lookups (`isLookup`), no workloads, and everything else
 * (files, Terraform, DVC, MLflow, CRDs) as it is. A single-threaded check and a parallel check's
 * main thread, which holds only these, give the hook the same view.
 */
export const lookupsOf = perSet((set: CheckedSet): CheckedSet => {
  const { shapeWorkloads: _, ...rest } = set;
  return { ...rest, resources: set.resources.filter((r) => isLookup(r, set)), workloads: [] };
});
