// Helpers of the change-risk rules (the rules with a `change` hook): pairs of workloads and of
// containers present on both sides of a review. Not a rule module.
import type { ContainerView, PodGroup, Workload } from "../model/workload.js";
import type { ChangeSet, ResourceChange } from "./types.js";

export interface WorkloadPair {
  change: ResourceChange;
  base: Workload;
  head: Workload;
}

/** Every object modified or renamed by the change that is a workload on both sides. */
export function workloadPairs(c: ChangeSet): WorkloadPair[] {
  const out: WorkloadPair[] = [];
  for (const change of c.resources) {
    if (!change.base || !change.head) continue;
    const base = c.base.workloads.find((w) => w.resource === change.base);
    const head = c.head.workloads.find((w) => w.resource === change.head);
    if (base && head) out.push({ change, base, head });
  }
  return out;
}

export interface ContainerPair {
  group: PodGroup;
  base: ContainerView;
  head: ContainerView;
}

/** Containers of the same pod group (role) and name on both sides, init and app containers alike. */
export function containerPairs(p: WorkloadPair): ContainerPair[] {
  const out: ContainerPair[] = [];
  for (const hg of p.head.podGroups) {
    const bg = p.base.podGroups.find((g) => g.role === hg.role);
    if (!bg) continue;
    for (const hc of hg.containers) {
      const name = hc.value.name;
      const bc = bg.containers.find((c) => c.role === hc.role && c.value.name === name);
      if (bc) out.push({ group: hg, base: bc, head: hc });
    }
  }
  return out;
}
