// One way to resolve a reference by name (a TrainJob's runtime, a workload's Kueue queue, a
// LocalQueue's ClusterQueue, …) to the objects of the checked set it means. Every rule and model
// helper that follows a reference goes through `resolveRef`, so two rules never disagree about
// which object a job uses.
//
// What belongs together: a run often holds many unrelated applications (a repository's examples,
// several charts). A reference resolves only among objects that belong with the one that names it,
// nearest first:
//   1. `file`: the referrer's own file;
//   2. `directory`: the other files of its directory (one application split across files, as
//      `kubectl apply -f dir/` applies them; a rendered chart's objects come back as its
//      templates, which share the chart's templates/ directory).
// Nothing further: objects in other directories are other applications (a repository's
// examples/, the upstream corpus), and a job is never judged against another one's queue or
// runtime. When the definitions in the directory come from more than one file, the directory
// holds separate examples that each define the name, and the reference is ambiguous: nothing
// belongs. Rules that judge a job by the object (its quota, its runtime's pods) then say
// nothing; rules that only ask whether the object exists (unknown-reference rules) read `all`,
// every definition in the run, since the run applies them all.
// Namespaced kinds match the referrer's namespace (an object without one matches any: both go to
// the namespace of the apply).
import { dirname } from "node:path";
import type { Resource } from "./resource.js";
import { namespacesMatch } from "./resource.js";
import { indexResources, perSet } from "./set-index.js";

/**
 * Where the objects that belong with the referrer were found: its `file`, its `directory`; or
 * `ambiguous` (several files of its directory define the name), `elsewhere` (only other
 * directories do), `none` (the run defines no such object).
 */
export type RefScope = "file" | "directory" | "ambiguous" | "elsewhere" | "none";

export interface RefTarget {
  group: string;
  kind: string;
  name: string;
  /** Whether the kind is namespaced (then the referrer's namespace must match). */
  namespaced: boolean;
}

export interface Resolution {
  /**
   * The objects that belong with the referrer (its file's, else its directory's when one file
   * there defines them); empty when none does. Rules that judge the referrer by what the object
   * says (a quota, a runtime's pods) read these.
   */
  objects: readonly Resource[];
  scope: RefScope;
  /**
   * Every object of that kind, name (and namespace) in the run. Rules that only ask whether the
   * reference points at something that exists (unknown-reference rules) read these: an object in
   * another directory still exists when the run applies it.
   */
  all: readonly Resource[];
}

type Nested<T> = Map<string, T>;
function nested<T>(m: Map<string, Nested<T>>, key: string): Nested<T> {
  let inner = m.get(key);
  if (!inner) {
    inner = new Map();
    m.set(key, inner);
  }
  return inner;
}

/** file path → group/kind → namespace (or "") → name → resolution. */
const cacheOf = perSet((_resources: readonly Resource[]) => new Map<string, Nested<Nested<Nested<Resolution>>>>());

/** What `target` means when `from` names it. */
export function resolveRef(resources: readonly Resource[], from: Resource, target: RefTarget): Resolution {
  // Thousands of jobs name the same few queues from the same files: answer each question once,
  // in nested maps keyed by strings the model already holds.
  const byName = nested(
    nested(nested(cacheOf(resources), from.doc.file.path), `${target.group}/${target.kind}`),
    target.namespaced ? (from.namespace ?? "") : "",
  );
  let found = byName.get(target.name);
  if (!found) {
    found = resolveUncached(resources, from, target);
    byName.set(target.name, found);
  }
  return found;
}

const NOTHING: readonly Resource[] = [];

function resolveUncached(resources: readonly Resource[], from: Resource, target: RefTarget): Resolution {
  const all = indexResources(resources)
    .named(target.group, target.kind, target.name)
    .filter((r) => !target.namespaced || namespacesMatch(r.namespace, from.namespace));
  return resolveAmong(all, from);
}

/**
 * The same tiers for objects found by something other than their name (the pods a label selector
 * picks: an InferencePool's model servers): which of `all`, every candidate in the run, belong with
 * the referrer.
 */
export function resolveAmong(all: readonly Resource[], from: Resource): Resolution {
  if (all.length === 0) return { objects: NOTHING, scope: "none", all };
  const file = from.doc.file;
  const sameFile = all.filter((r) => r.doc.file === file);
  if (sameFile.length > 0) return { objects: sameFile, scope: "file", all };
  const dir = dirname(file.path);
  const sameDir = all.filter((r) => dirname(r.doc.file.path) === dir);
  if (sameDir.length === 0) return { objects: NOTHING, scope: "elsewhere", all };
  const one = sameDir[0]?.doc.file;
  return sameDir.every((r) => r.doc.file === one)
    ? { objects: sameDir, scope: "directory", all }
    : { objects: NOTHING, scope: "ambiguous", all };
}
