// KAI Scheduler's topology constraints, as a workload or a KAI PodGroup writes them, and the
// Topology object they name (resolved through refs.ts). The facts (annotation keys, fields, what the
// scheduler does with them) are src/catalog/schedulers.ts.
import {
  KAI_POD_GROUP,
  KAI_QUEUE,
  KAI_QUEUE_LABEL,
  KAI_TOPOLOGY,
  KAI_TOPOLOGY_ANNOTATION,
  KAI_TOPOLOGY_PREFERRED_ANNOTATION,
  KAI_TOPOLOGY_REQUIRED_ANNOTATION,
} from "../catalog/schedulers.js";
import type { Path } from "./path.js";
import { type Resolution, resolveAmong, resolveRef } from "./refs.js";
import { asArray, asObject, asString, getIn, type Resource } from "./resource.js";
import { indexResources } from "./set-index.js";
import type { Workload } from "./workload.js";

export interface KaiValue {
  value: string;
  path: Path;
}

/** One topology constraint: a Topology's name and a required and/or preferred level (a node label). */
export interface KaiTopologyConstraint {
  /** Where it is declared, for messages: `annotations of PyTorchJob bert`, `sub-group workers`. */
  where: string;
  topology: KaiValue | undefined;
  required: KaiValue | undefined;
  preferred: KaiValue | undefined;
}

function value(v: unknown, path: Path): KaiValue | undefined {
  const s = asString(v);
  return s ? { value: s, path } : undefined;
}

function fromAnnotations(annotations: Record<string, unknown>, at: Path, where: string): KaiTopologyConstraint[] {
  const c: KaiTopologyConstraint = {
    where,
    topology: value(annotations[KAI_TOPOLOGY_ANNOTATION], [...at, KAI_TOPOLOGY_ANNOTATION]),
    required: value(annotations[KAI_TOPOLOGY_REQUIRED_ANNOTATION], [...at, KAI_TOPOLOGY_REQUIRED_ANNOTATION]),
    preferred: value(annotations[KAI_TOPOLOGY_PREFERRED_ANNOTATION], [...at, KAI_TOPOLOGY_PREFERRED_ANNOTATION]),
  };
  return c.topology || c.required || c.preferred ? [c] : [];
}

function fromField(spec: unknown, at: Path, where: string): KaiTopologyConstraint[] {
  const t = asObject(spec);
  if (!t) return [];
  const c: KaiTopologyConstraint = {
    where,
    topology: value(t.topology, [...at, "topology"]),
    required: value(t.requiredTopologyLevel, [...at, "requiredTopologyLevel"]),
    preferred: value(t.preferredTopologyLevel, [...at, "preferredTopologyLevel"]),
  };
  return c.topology || c.required || c.preferred ? [c] : [];
}

export function isKaiPodGroup(r: Resource): boolean {
  return r.group === KAI_POD_GROUP.group && r.kind === KAI_POD_GROUP.kind;
}

/**
 * Every KAI topology constraint an object declares: a KAI PodGroup's `spec.topologyConstraint` and
 * each `spec.subGroups[].topologyConstraint`; a workload's annotations, on the object (KAI's pod
 * grouper reads the top owner's) and on its pod templates (where the Ray and LeaderWorkerSet groupers
 * read them per group).
 */
export function kaiTopologyConstraints(r: Resource, w: Workload | undefined): KaiTopologyConstraint[] {
  if (isKaiPodGroup(r)) {
    const out = fromField(
      getIn(r.value, ["spec", "topologyConstraint"]),
      ["spec", "topologyConstraint"],
      "the PodGroup",
    );
    asArray(getIn(r.value, ["spec", "subGroups"])).forEach((sg, i) => {
      const name = asString(asObject(sg)?.name) ?? String(i);
      out.push(
        ...fromField(
          asObject(sg)?.topologyConstraint,
          ["spec", "subGroups", i, "topologyConstraint"],
          `sub-group ${name}`,
        ),
      );
    });
    return out;
  }
  if (!w) return [];
  const out = fromAnnotations(r.annotations, ["metadata", "annotations"], `the ${r.kind}'s annotations`);
  // Two groups may share a template (a LeaderWorkerSet without a leaderTemplate): one constraint, both roles.
  const byTemplate = new Map<string, { path: Path; annotations: Record<string, unknown>; roles: string[] }>();
  for (const g of w.podGroups) {
    if (!g.templatePath || g.templatePath.length === 0) continue;
    const key = g.templatePath.join("\u0000");
    const t = byTemplate.get(key);
    if (t) t.roles.push(g.role);
    else byTemplate.set(key, { path: g.templatePath, annotations: g.podAnnotations, roles: [g.role] });
  }
  for (const t of byTemplate.values())
    out.push(
      ...fromAnnotations(
        t.annotations,
        [...t.path, "metadata", "annotations"],
        `the ${t.roles.join(" and ")} pod template`,
      ),
    );
  return out;
}

/** How the Topology a constraint names resolves among the resources (cluster-scoped: any namespace). */
export function kaiTopologyRef(resources: readonly Resource[], from: Resource, name: string): Resolution {
  return resolveRef(resources, from, { ...KAI_TOPOLOGY, name, namespaced: false });
}

/** A Topology's levels (node labels), broadest first, as `spec.levels[].nodeLabel` lists them. */
export function kaiTopologyLevels(topology: Resource): string[] {
  return asArray(getIn(topology.value, ["spec", "levels"]))
    .map((l) => asString(asObject(l)?.nodeLabel))
    .filter((l): l is string => l !== undefined);
}

/** The KAI queue an object names: a KAI PodGroup's `spec.queue`, else the `kai.scheduler/queue` label on it or a pod template. */
export function kaiQueueOf(r: Resource, w: Workload | undefined): KaiValue | undefined {
  if (isKaiPodGroup(r)) return value(getIn(r.value, ["spec", "queue"]), ["spec", "queue"]);
  const own = value(r.labels[KAI_QUEUE_LABEL], ["metadata", "labels", KAI_QUEUE_LABEL]);
  if (own) return own;
  for (const g of w?.podGroups ?? []) {
    if (!g.templatePath || g.templatePath.length === 0) continue;
    const v = value(g.podLabels[KAI_QUEUE_LABEL], [...g.templatePath, "metadata", "labels", KAI_QUEUE_LABEL]);
    if (v) return v;
  }
  return undefined;
}

/** How a KAI queue name resolves (Queues are cluster-scoped), and the Queues beside it that name it their parent. */
export function kaiQueueRef(
  resources: readonly Resource[],
  from: Resource,
  name: string,
): { resolution: Resolution; children: readonly Resource[] } {
  const resolution = resolveRef(resources, from, { ...KAI_QUEUE, name, namespaced: false });
  const children = indexResources(resources)
    .ofKind(KAI_QUEUE.group, KAI_QUEUE.kind)
    .filter((q) => asString(getIn(q.value, ["spec", "parentQueue"])) === name);
  return { resolution, children: resolveAmong(children, from).objects };
}

/** The names of every object of a KAI kind (Queue, Topology) the run defines, each once. */
export function kaiDefinedNames(resources: readonly Resource[], kind: { group: string; kind: string }): string[] {
  const names = indexResources(resources)
    .ofKind(kind.group, kind.kind)
    .map((r) => r.name)
    .filter((n): n is string => n !== undefined);
  return [...new Set(names)];
}
