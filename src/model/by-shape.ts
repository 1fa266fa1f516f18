/**
 * Pod templates in kinds mlgate does not model, found by their shape, and known kinds embedded
 * in other objects.
 *
 * Operators wrap pods in kinds of their own (a kaito Workspace's `inference.template`, a Katib
 * Experiment's `trialTemplate.trialSpec`, a KaiwoJob's `spec.rayJob`). What such a pod says —
 * a privileged flag, a credential, a misspelt GPU resource, a malformed quantity — is as wrong
 * there as in a Deployment, but how many pods run, how they are scheduled and what the operator
 * adds to them is the operator's business. So:
 *
 * - an object with a `containers` list of container-shaped objects, at any depth, is a pod spec
 *   (inside a `{metadata, spec}` template when it sits under `spec`); each becomes a pod group
 *   that is `partial` (what it lacks may be added) with unknown replicas, in a workload marked
 *   `byShape`, which only the rules that judge what a pod says (`Rule.podContent`) see;
 * - an embedded object that names a kind mlgate models (`apiVersion` and `kind`, as a Katib
 *   trialSpec does) is a resource of that kind in its own right, checked by every rule;
 * - an embedded object a wrapping controller completes by merging its own fields in (a KaiwoJob's
 *   `rayJob`, catalog/embedded-kinds.ts) is modelled as its kind, but `byShape` and partial.
 */

import { EMBEDDED_KINDS } from "../catalog/embedded-kinds.js";
import { formatPath, type Path } from "./path.js";
import { asArray, asObject, getIn, isObject, type JsonObject, type Resource, toResource } from "./resource.js";
import { perObject } from "./set-index.js";
import { containersOf, fromTemplate, type PodGroup, podGroupsOf, toWorkload, type Workload } from "./workload.js";

/** Container fields that only a container has: together with a name or an image, they mark one. */
const CONTAINER_KEYS = [
  "image",
  "command",
  "args",
  "env",
  "envFrom",
  "resources",
  "ports",
  "volumeMounts",
  "securityContext",
  "livenessProbe",
  "readinessProbe",
  "startupProbe",
  "imagePullPolicy",
  "workingDir",
] as const;

/**
 * API groups whose objects hold no pod specs, or only patterns that pods are matched against: a
 * CRD's schema, an admission policy's pattern, a GKE Autopilot allowlist (which lists the
 * privileged containers it permits). A pattern is not a pod.
 */
const NO_PODS_GROUPS: ReadonlySet<string> = new Set([
  "apiextensions.k8s.io",
  "admissionregistration.k8s.io",
  "rbac.authorization.k8s.io",
  "kyverno.io",
  "templates.gatekeeper.sh",
  "constraints.gatekeeper.sh",
  "mutations.gatekeeper.sh",
  "auto.gke.io",
]);

const MAX_DEPTH = 40;

/** A container: the API requires its name, and it has at least one other field only containers have. */
function isContainerShaped(v: unknown): boolean {
  if (!isObject(v) || typeof v.name !== "string") return false;
  return CONTAINER_KEYS.some((k) => v[k] !== undefined);
}

/** Whether `v` holds a pod spec: a non-empty `containers` list whose every item is container-shaped. */
function isPodSpec(v: JsonObject): boolean {
  const list = v.containers;
  return Array.isArray(list) && list.length > 0 && list.every(isContainerShaped);
}

/** What scanning one resource found. */
export interface ShapeScan {
  /** Pod groups found by shape directly in the resource (paths relative to it). */
  groups: PodGroup[];
  /** Known kinds embedded in the resource, each a resource of its own (paths relative to it). */
  embedded: Array<{ resource: Resource; merged: boolean; path: Path }>;
}

const EMPTY: ShapeScan = { groups: [], embedded: [] };

function scan(r: Resource): ShapeScan {
  if (NO_PODS_GROUPS.has(r.group) || podGroupsOf(r) !== undefined) return EMPTY;
  const out: ShapeScan = { groups: [], embedded: [] };
  const catalogued = EMBEDDED_KINDS[`${r.group}/${r.kind}`] ?? [];
  const visit = (v: unknown, path: Path, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) visit(v[i], [...path, i], depth + 1);
      return;
    }
    if (!isObject(v)) return;
    if (path.length > 0) {
      const entry = catalogued.find((e) => e.path.length === path.length && e.path.every((s, i) => s === path[i]));
      // An object reference (an HPA's scaleTargetRef) names a kind too; an embedded object has a spec.
      const typed = typeof v.apiVersion === "string" && typeof v.kind === "string" && isObject(v.spec);
      if (entry || typed) {
        const value = typed ? v : { apiVersion: entry?.apiVersion, kind: entry?.kind, ...v };
        const inner = toResource(r.doc, value, [...r.basePath, ...path]);
        inner.embeddedIn = r;
        if (podGroupsOf(inner) !== undefined) {
          out.embedded.push({ resource: inner, merged: entry?.merged ?? false, path });
          return;
        }
      }
      if (isPodSpec(v)) {
        out.groups.push(groupAt(r, path));
        return;
      }
    }
    for (const key of Object.keys(v)) {
      if (path.length === 0 && (key === "metadata" || key === "status" || key === "apiVersion" || key === "kind"))
        continue;
      visit(v[key], [...path, key], depth + 1);
    }
  };
  visit(r.value, [], 0);
  return out.groups.length === 0 && out.embedded.length === 0 ? EMPTY : out;
}

/** The pod group of the pod spec at `podSpecPath`: from its `{metadata, spec}` template when it has one. */
function groupAt(r: Resource, podSpecPath: Path): PodGroup {
  const parentPath = podSpecPath.slice(0, -1);
  const parent = asObject(getIn(r.value, parentPath));
  const inTemplate =
    podSpecPath[podSpecPath.length - 1] === "spec" &&
    parent !== undefined &&
    Object.keys(parent).every((k) => k === "metadata" || k === "spec");
  if (inTemplate) {
    const g = fromTemplate(r, formatPath(parentPath), undefined, parentPath);
    g.partial = true;
    return g;
  }
  const podSpec = asObject(getIn(r.value, podSpecPath));
  return {
    role: formatPath(podSpecPath),
    replicas: undefined,
    templatePath: undefined,
    podSpecPath,
    podSpec,
    podLabels: {},
    podAnnotations: {},
    containers: containersOf(podSpec, podSpecPath),
    partial: true,
    memo: null,
  };
}

/** Pod templates and embedded known kinds of a resource mlgate does not model (memoised per resource). */
export const shapeScan = perObject(scan);

/**
 * The workloads a resource contributes: its own (a kind mlgate models), or, for any other kind,
 * the embedded known kinds and the pod groups found by shape. `full` goes with the set's
 * workloads; `shape` only to the rules that judge what a pod says; `resources` are embedded
 * objects that are resources of their own (a Katib trial's MPIJob).
 */
export function workloadsOf(r: Resource): { full: Workload[]; shape: Workload[]; resources: Resource[] } {
  const own = toWorkload(r);
  if (own) return { full: [own], shape: [], resources: [] };
  const s = shapeScan(r);
  if (s === EMPTY) return { full: [], shape: [], resources: [] };
  const full: Workload[] = [];
  const shape: Workload[] = [];
  const resources: Resource[] = [];
  for (const e of s.embedded) {
    const w = toWorkload(e.resource);
    if (!w) continue;
    w.embeddedIn = r;
    if (e.merged) {
      for (const g of w.podGroups) g.partial = true;
      w.byShape = true;
      shape.push(w);
    } else {
      full.push(w);
      resources.push(e.resource);
    }
  }
  if (s.groups.length > 0) {
    shape.push({
      resource: r,
      podGroups: s.groups,
      scheduling: { schedulerNames: [], queue: undefined, priorityClassName: undefined, minAvailable: undefined },
      byShape: true,
      memo: null,
    });
  }
  return { full, shape, resources };
}

/** Containers of the pod groups (for messages). */
export function containerCount(groups: readonly PodGroup[]): number {
  return groups.reduce((n, g) => n + asArray(g.podSpec?.containers).length, 0);
}
