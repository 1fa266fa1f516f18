import type { Memo } from "./memo.js";
import type { Resource } from "./resource.js";
import type { PodGroup, Workload } from "./workload.js";

/** The part of the checked set that model helpers read. */
export interface ResourceSet {
  readonly resources: readonly Resource[];
  readonly workloads: readonly Workload[];
}

/**
 * Memoises a derivation of the whole set (an index, a list of definitions) so that rules that
 * call it once per workload pay for one pass over the set per run, not one per call. Keyed on
 * the set object, so nothing outlives the run.
 */
export function perSet<S extends object, T>(derive: (set: S) => T): (set: S) => T {
  const cache = new WeakMap<S, T>();
  return (set) => {
    let v = cache.get(set);
    if (v === undefined && !cache.has(set)) {
      v = derive(set);
      cache.set(set, v);
    }
    return v as T;
  };
}

/** A slot holding a fact whose value is undefined (most containers start no model server). */
const UNDEFINED_FACT = Symbol("undefined");
let memoSlots = 0;

/**
 * Memoises a pure derivation of one model object (a container view, a pod group, a workload, a
 * resource). Several rules ask the same question of the same container — its accelerators, its
 * environment, its launcher command line — and the answer never changes within a run. The
 * answer lives in the object's memo, so it goes when the object goes. Callers must not mutate
 * what they get back.
 */
export function perObject<K extends { memo: Memo }, A extends unknown[], T>(
  derive: (key: K, ...rest: A) => T,
): (key: K, ...rest: A) => T {
  const slot = memoSlots++;
  // Fixed arity (no rest parameters): this wrapper runs on every call of every memoised helper.
  const memo = (key: K, b?: unknown, c?: unknown): T => {
    let slots = key.memo;
    if (slots === null) {
      slots = [];
      key.memo = slots;
    }
    const hit = slots[slot];
    if (hit !== undefined) return (hit === UNDEFINED_FACT ? undefined : hit) as T;
    const v = (derive as unknown as (k: K, b?: unknown, c?: unknown) => T)(key, b, c);
    slots[slot] = v === undefined ? UNDEFINED_FACT : v;
    return v;
  };
  return memo as unknown as (key: K, ...rest: A) => T;
}

/**
 * Memoises a pure derivation of a parsed value (a container's YAML object), which has no memo of
 * its own: kept in a WeakMap, so nothing outlives the run.
 */
export function perValue<K extends object, T>(derive: (key: K) => T): (key: K) => T {
  const cache = new WeakMap<K, T>();
  return (key) => {
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit as T;
    const v = derive(key);
    cache.set(key, v);
    return v;
  };
}

export interface SetIndex {
  /** Resources of one `group/kind` (group "" for the core API), in input order. */
  ofKind(group: string, kind: string): readonly Resource[];
  /** Resources of one `group/kind` with a given name, in input order. */
  named(group: string, kind: string, name: string): readonly Resource[];
  /** The workload a pod group belongs to. */
  ownerOf(group: PodGroup): Workload | undefined;
  /** The workload of a resource, when it is one. */
  workloadOf(r: Resource): Workload | undefined;
}

const EMPTY: readonly Resource[] = [];

export interface ResourceIndex {
  ofKind(group: string, kind: string): readonly Resource[];
  named(group: string, kind: string, name: string): readonly Resource[];
}

/** Lookups by kind and by name over a list of resources, built in one pass and kept per list. */
export const indexResources = perSet((resources: readonly Resource[]): ResourceIndex => {
  const byKind = new Map<string, Resource[]>();
  const byName = new Map<string, Resource[]>();
  for (const r of resources) {
    const k = `${r.group}/${r.kind}`;
    const list = byKind.get(k);
    if (list) list.push(r);
    else byKind.set(k, [r]);
    if (r.name !== undefined) {
      const nk = `${k}/${r.name}`;
      const named = byName.get(nk);
      if (named) named.push(r);
      else byName.set(nk, [r]);
    }
  }
  return {
    ofKind: (group, kind) => byKind.get(`${group}/${kind}`) ?? EMPTY,
    named: (group, kind, name) => byName.get(`${group}/${kind}/${name}`) ?? EMPTY,
  };
});

/** One pass over the set builds lookups by kind, by name, and from pod groups to workloads. */
export const indexSet = perSet((set: ResourceSet): SetIndex => {
  const resources = indexResources(set.resources);
  const owners = new Map<PodGroup, Workload>();
  const workloads = new Map<Resource, Workload>();
  for (const w of set.workloads) {
    workloads.set(w.resource, w);
    for (const g of w.podGroups) owners.set(g, w);
  }
  return {
    ofKind: resources.ofKind,
    named: resources.named,
    ownerOf: (g) => owners.get(g),
    workloadOf: (r) => workloads.get(r),
  };
});
