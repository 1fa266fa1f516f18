// Kueue's objects as mlgate reads them, once, for the rules and the cluster simulator alike: a
// ClusterQueue's quota (resource groups, flavors, nominal quotas, borrowing limits, cohort), the
// ClusterQueue a workload's queue leads to, and the queues of a whole run.
// https://kueue.sigs.k8s.io/docs/concepts/cluster_queue/ (resourceGroups, cohort, borrowingLimit,
// queueingStrategy BestEffortFIFO / StrictFIFO).
import { parseQuantity } from "./quantity.js";
import { resolveRef } from "./refs.js";
import { asArray, asObject, asString, getIn, type Resource } from "./resource.js";
import { perObject } from "./set-index.js";

export const KUEUE_GROUP = "kueue.x-k8s.io";

/** One `resources` entry of a flavor: the quantities are undefined when absent or unparseable. */
export interface QuotaEntry {
  name: string;
  nominal: number | undefined;
  borrowingLimit: number | undefined;
}

export interface FlavorQuota {
  /** The ResourceFlavor's name (undefined when the entry names none). */
  name: string | undefined;
  resources: readonly QuotaEntry[];
}

/** One of `spec.resourceGroups`: the resources it covers and its flavors, in order. */
export interface ResourceGroupQuota {
  covered: readonly string[];
  flavors: readonly FlavorQuota[];
}

export interface ClusterQueueQuota {
  name: string;
  cohort: string | undefined;
  /** Nominal quota per resource, summed over the queue's flavors. */
  nominal: Readonly<Record<string, number>>;
  /** Most it may borrow from its cohort per resource; a resource absent here may borrow without limit. */
  borrowingLimit: Readonly<Record<string, number>>;
  strictFifo: boolean;
  /** The resource groups as written (non-object entries and resources without a name left out). */
  groups: readonly ResourceGroupQuota[];
}

/** A ClusterQueue's quota, read once per queue (thousands of jobs share a few queues). */
export const clusterQueueQuota = perObject((cq: Resource): ClusterQueueQuota => {
  const spec = asObject(cq.value.spec) ?? {};
  const nominal: Record<string, number> = {};
  const borrowingLimit: Record<string, number> = {};
  const groups: ResourceGroupQuota[] = [];
  for (const g of asArray(spec.resourceGroups)) {
    const group = asObject(g);
    if (!group) continue;
    const flavors: FlavorQuota[] = [];
    for (const f of asArray(group.flavors)) {
      const flavor = asObject(f);
      if (!flavor) continue;
      const resources: QuotaEntry[] = [];
      for (const e of asArray(flavor.resources)) {
        const entry = asObject(e);
        const name = asString(entry?.name);
        if (!entry || !name) continue;
        const q = parseQuantity(entry.nominalQuota);
        const b = parseQuantity(entry.borrowingLimit);
        resources.push({ name, nominal: q, borrowingLimit: b });
        if (q === undefined) continue;
        nominal[name] = (nominal[name] ?? 0) + q;
        if (b !== undefined) borrowingLimit[name] = (borrowingLimit[name] ?? 0) + b;
      }
      flavors.push({ name: asString(flavor.name), resources });
    }
    groups.push({
      covered: asArray(group.coveredResources).filter((c): c is string => typeof c === "string"),
      flavors,
    });
  }
  return {
    name: cq.name ?? "",
    cohort: asString(spec.cohort) ?? asString(spec.cohortName),
    nominal,
    borrowingLimit,
    strictFifo: asString(spec.queueingStrategy) === "StrictFIFO",
    groups,
  };
});

/**
 * The Kueue objects of a kind and name that a reference from `from` means: those that belong with
 * it (its file, else its directory when one file there defines it; see refs.ts), else none.
 */
export function resolveKueue(
  resources: readonly Resource[],
  from: Resource,
  kind: string,
  name: string,
  namespaced: boolean,
): readonly Resource[] {
  return resolveRef(resources, from, { group: KUEUE_GROUP, kind, name, namespaced }).objects;
}

/** Whether the run defines the Kueue object a reference from `from` names (in any directory: the run applies them all). */
export function kueueObjectExists(
  resources: readonly Resource[],
  from: Resource,
  kind: string,
  name: string,
  namespaced: boolean,
): boolean {
  return resolveRef(resources, from, { group: KUEUE_GROUP, kind, name, namespaced }).all.length > 0;
}

/**
 * The single ClusterQueue that the LocalQueue `queue`, named by `from`, leads to among the objects
 * that belong with it; undefined when either link is missing or ambiguous.
 */
export function clusterQueueOf(
  resources: readonly Resource[],
  from: Resource,
  queue: string,
): { clusterQueue: Resource; name: string } | undefined {
  const lqs = resolveKueue(resources, from, "LocalQueue", queue, true);
  const names = new Set(lqs.map((lq) => asString(getIn(lq.value, ["spec", "clusterQueue"]))));
  const lq = lqs[0];
  if (names.size !== 1 || !lq) return undefined;
  const name = [...names][0];
  if (!name) return undefined;
  const cqs = resolveKueue(resources, lq, "ClusterQueue", name, false);
  const cq = cqs[0];
  return cqs.length === 1 && cq ? { clusterQueue: cq, name } : undefined;
}

export interface KueueSetup {
  clusterQueues: ReadonlyMap<string, ClusterQueueQuota>;
  /** `namespace/name` of a LocalQueue → its ClusterQueue. */
  localQueues: ReadonlyMap<string, string>;
}

/**
 * Every ClusterQueue and LocalQueue of the run, as one cluster would hold them (the simulator
 * submits the whole input to one cluster); undefined when there is no ClusterQueue.
 */
export function readKueue(resources: readonly Resource[]): KueueSetup | undefined {
  const clusterQueues = new Map<string, ClusterQueueQuota>();
  const localQueues = new Map<string, string>();
  for (const r of resources) {
    if (r.group !== KUEUE_GROUP || !r.name) continue;
    if (r.kind === "ClusterQueue") clusterQueues.set(r.name, clusterQueueQuota(r));
    else if (r.kind === "LocalQueue") {
      const cq = asString(asObject(r.value.spec)?.clusterQueue);
      if (cq) localQueues.set(`${r.namespace ?? "default"}/${r.name}`, cq);
    }
  }
  return clusterQueues.size > 0 ? { clusterQueues, localQueues } : undefined;
}
