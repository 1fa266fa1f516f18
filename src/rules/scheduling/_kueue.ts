// Resolving Kueue references in the checked set: workload → LocalQueue → ClusterQueue → ResourceFlavor.
import { dirname } from "node:path";
import { KUEUE_QUEUE_LABEL } from "../../catalog/schedulers.js";
import { kindTraits } from "../../model/kind-traits.js";
import type { Path } from "../../model/path.js";
import { asString, namespacesMatch, type Resource } from "../../model/resource.js";
import { indexResources, perSet } from "../../model/set-index.js";
import type { Workload } from "../../model/workload.js";
import type { CheckedSet } from "../types.js";

export const KUEUE = "kueue.x-k8s.io";

/** The LocalQueue a workload names, from its own label or (pod-based workloads) its pod template. */
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
 * The objects of a kind and name that a reference from `from` can mean, nearest first: the same
 * file, then the same directory, then anywhere in the run. Unrelated manifests that reuse a name
 * elsewhere in a large run are only used when nothing nearer exists.
 */
export function resolve(set: CheckedSet, from: Resource, kind: string, name: string, namespaced: boolean): Resource[] {
  // Thousands of jobs name the same few queues from the same files: answer each question once.
  // Nested maps keyed by strings the model already holds (file path, kind, namespace, name), so
  // a lookup builds and hashes no key string.
  const cache = nested(
    nested(nested(resolutions(set), from.doc.file.path), kind),
    namespaced ? (from.namespace ?? "") : "",
  );
  const hit = cache.get(name);
  if (hit) return hit;
  const all = indexResources(set.resources)
    .named(KUEUE, kind, name)
    .filter((r) => !namespaced || namespacesMatch(r.namespace, from.namespace));
  const sameFile = all.filter((r) => r.doc.file === from.doc.file);
  let found = sameFile;
  if (sameFile.length === 0) {
    const dir = dirname(from.doc.file.path);
    const sameDir = all.filter((r) => dirname(r.doc.file.path) === dir);
    found = sameDir.length > 0 ? sameDir : all;
  }
  cache.set(name, found);
  return found;
}

type Nested<T> = Map<string, T>;

/** The map under `key`, created when missing. */
function nested<T>(m: Map<string, Nested<T>>, key: string): Nested<T> {
  let inner = m.get(key);
  if (!inner) {
    inner = new Map();
    m.set(key, inner);
  }
  return inner;
}

/** file path → kind → namespace (or "") → name → resolution. */
const resolutions = perSet((_set: CheckedSet) => new Map<string, Nested<Nested<Nested<Resource[]>>>>());

/** Kinds whose jobs Kueue manages through the queue-name label (batch integrations, on by default). */
export function isKueueJobKind(r: Resource): boolean {
  return kindTraits(r).kueue === true;
}
