// One way to resolve a reference by name (a TrainJob's runtime, a workload's Kueue queue, a
// LocalQueue's ClusterQueue, a pod's PodGroup, network, ConfigMap, …) to the objects of the checked
// set it means. Every rule and model helper that follows a reference goes through `resolveRef`, so
// two rules never disagree about which object a job uses.
//
// What belongs together: a run often holds many unrelated applications (a repository's examples,
// several charts). A reference resolves only among objects that belong with the one that names it,
// nearest first (`belonging`):
//   1. `file`: the referrer's own file (the same path from the same render);
//   2. `unit`: everything the same render produced — a kustomization with the bases, overlays and
//      components it lists, or a Helm chart with its subcharts (`SourceFile.unit`, set by the
//      loader, which renders such directories as a whole);
//   3. `directory`: the one plain file of the referrer's directory that defines the name (one
//      application split across files, as `kubectl apply -f dir/` applies them);
//   4. `tree`: the one plain file, nearest first, in a directory above the referrer's (a setup the
//      whole tree shares) or below it (`kubectl apply -R -f dir/`).
// Nothing further: a sibling directory (examples/a against examples/b) is another application, and
// so is another render. When, at the nearest tier that has definitions, they come from more than
// one file (several examples of one directory each defining the name), the reference is
// ambiguous: nothing belongs. Rules that judge a job by the object (its quota, its runtime's pods)
// then say nothing; rules that only ask whether the object exists (unknown-reference rules) read
// `all`, every definition in the run, since the run applies them all.
// Namespaced kinds match the referrer's namespace (an object without one matches any: both go to
// the namespace of the apply).
//
// The precedence reads only plain facts of each object (`Place`: its file's path and render unit),
// so it can run over facts gathered elsewhere (a worker thread's) as well as over resources.
import type { Resource } from "./resource.js";
import { locateInResource, namespacesMatch } from "./resource.js";
import { indexResources, perObject, perSet } from "./set-index.js";

/**
 * Where the objects that belong with the referrer were found (`file`, `unit`, `directory`, `tree`);
 * or `ambiguous` (several files at the nearest tier define the name), `elsewhere` (only other
 * applications do), `none` (the run defines no such object).
 */
export type RefScope = "file" | "unit" | "directory" | "tree" | "ambiguous" | "elsewhere" | "none";

/** Where an object was written: all that the precedence reads. */
export interface Place {
  /** The file's path as the user sees it. */
  file: string;
  /** The render that produced it (`SourceFile.unit`); undefined for a file read as it is. */
  unit?: string | undefined;
}

export interface RefTarget {
  group: string;
  kind: string;
  name: string;
  /** Whether the kind is namespaced (then the referrer's namespace must match). */
  namespaced: boolean;
}

export interface Resolution {
  /**
   * The objects that belong with the referrer (the nearest tier's, when one file there defines
   * them; the whole unit's); empty when none does. Rules that judge the referrer by what the object
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

/** The place of a resource's document. */
export function placeOf(r: Resource): Place {
  const f = r.doc.file;
  return { file: f.path, unit: f.unit };
}

function dirOf(path: string): string {
  const at = path.lastIndexOf("/");
  return at < 0 ? "" : path.slice(0, at);
}

/** Steps between two directories when one holds the other (`a` → `a/b/c`: 2); undefined for siblings. */
function lineage(a: string, b: string): number | undefined {
  if (a === b) return 0;
  const [outer, inner] = a.length < b.length ? [a, b] : [b, a];
  if (outer !== "" && !inner.startsWith(`${outer}/`)) return undefined;
  const rest = outer === "" ? inner : inner.slice(outer.length + 1);
  return rest.split("/").length;
}

/** Whether one directory holds the other (or they are the same): files of one directory tree. */
export function sameTree(a: Place, b: Place): boolean {
  return lineage(dirOf(a.file), dirOf(b.file)) !== undefined;
}

/** The same file: the same path from the same render (a plain file's unit is undefined). */
function sameFile(a: Place, b: Place): boolean {
  return a.file === b.file && a.unit === b.unit;
}

/** Distinct files among places. */
function fileCount(places: readonly Place[]): number {
  return new Set(places.map((p) => `${p.unit ?? ""}\u0000${p.file}`)).size;
}

/**
 * Which of `candidates` (definitions of the name the referrer at `from` uses) belong with it, and
 * at which tier: the precedence above, over places alone. With `many` (objects found by a label
 * selector, which may match several objects of one application), every candidate of the nearest
 * tier belongs and nothing is ambiguous; a name means one object, so two files that define it are
 * two examples.
 */
export function belonging<T>(
  from: Place,
  candidates: readonly T[],
  placeOf: (t: T) => Place,
  many = false,
): { objects: T[]; scope: RefScope } {
  if (candidates.length === 0) return { objects: [], scope: "none" };
  const places = candidates.map(placeOf);
  const pick = (keep: (p: Place) => boolean) => candidates.filter((_, i) => keep(places[i] as Place));
  const file = pick((p) => sameFile(p, from));
  if (file.length > 0) return { objects: file, scope: "file" };
  if (from.unit !== undefined) {
    const unit = pick((p) => p.unit === from.unit);
    if (unit.length > 0) return { objects: unit, scope: "unit" };
  }
  // Beyond its render, only plain files: another render is another application.
  const dir = dirOf(from.file);
  let nearest: number | undefined;
  for (const p of places) {
    if (p.unit !== undefined) continue;
    const d = lineage(dir, dirOf(p.file));
    if (d !== undefined && (nearest === undefined || d < nearest)) nearest = d;
  }
  if (nearest === undefined) return { objects: [], scope: "elsewhere" };
  const at = (p: Place) => p.unit === undefined && lineage(dir, dirOf(p.file)) === nearest;
  const objects = pick(at);
  if (!many && fileCount(places.filter(at)) > 1) return { objects: [], scope: "ambiguous" };
  return { objects, scope: nearest === 0 ? "directory" : "tree" };
}

/**
 * Of `candidates`, those certainly applied with the object at `from`: its own file, else its render
 * (a kustomization or chart). For rules that read what is defined *beside* an object rather than a
 * reference by name (a team's queues a job does not use): files that merely share a directory may be
 * separate examples, so the directory tiers do not count.
 */
export function together<T>(from: Place, candidates: readonly T[], placeOf: (t: T) => Place): T[] {
  const { objects, scope } = belonging(from, candidates, placeOf, true);
  return scope === "file" || scope === "unit" ? objects : [];
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

/** unit + file path → group/kind → namespace (or "") → name → resolution. */
const cacheOf = perSet((_resources: readonly Resource[]) => new Map<string, Nested<Nested<Nested<Resolution>>>>());

/** What `target` means when `from` names it. */
export function resolveRef(resources: readonly Resource[], from: Resource, target: RefTarget): Resolution {
  const file = from.doc.file;
  return resolveRefAt(resources, file.path, file.unit, from.namespace, target);
}

/**
 * What `target` means when named from a place (`file`, `unit`) in `namespace`: `resolveRef` for a
 * referrer known only by its facts (a `set` hook's fact of a workload held by another thread).
 */
export function resolveRefAt(
  resources: readonly Resource[],
  file: string,
  unit: string | undefined,
  namespace: string | undefined,
  target: RefTarget,
): Resolution {
  // Thousands of jobs name the same few queues from the same files: answer each question once,
  // in nested maps keyed by strings the model already holds.
  const byName = nested(
    nested(
      nested(cacheOf(resources), unit === undefined ? file : `${unit}\u0000${file}`),
      `${target.group}/${target.kind}`,
    ),
    target.namespaced ? (namespace ?? "") : "",
  );
  let found = byName.get(target.name);
  if (!found) {
    const all = indexResources(resources)
      .named(target.group, target.kind, target.name)
      .filter((r) => !target.namespaced || namespacesMatch(r.namespace, namespace));
    const { objects, scope } = belonging({ file, unit }, all, placeOf);
    found = { objects, scope, all };
    byName.set(target.name, found);
  }
  return found;
}

/**
 * The same tiers for objects found by something other than their name (the pods a label selector
 * picks: an InferencePool's model servers): which of `all`, every candidate in the run, belong with
 * the referrer.
 */
export function resolveAmong(all: readonly Resource[], from: Resource): Resolution {
  const { objects, scope } = belonging(placeOf(from), all, placeOf);
  return { objects, scope, all };
}

/**
 * How a message names the object a reference matched: `LocalQueue team-a (queues.yaml:4)`, at the
 * line of its `metadata.name` (else of the object). Kept on the object: the facts of several
 * set-level rules name the same workload.
 */
export const describeMatch = perObject((r: Resource): string => {
  const located = locateInResource(r, ["metadata", "name"]) ?? locateInResource(r, []);
  const line = r.doc.file.position(located?.value.start ?? r.doc.start).line;
  return `${r.kind} ${r.name ?? "(unnamed)"} (${r.doc.file.path}:${line})`;
});
