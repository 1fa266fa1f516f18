import type { Path } from "../model/path.js";
import { groupResourceRequests, podResourceRequests } from "../model/requests.js";
import { asArray, asObject, asString, isObject, type JsonObject } from "../model/resource.js";
import type { PodGroup } from "../model/workload.js";
import type { TaintEffect } from "./types.js";

/** One `matchExpressions` item of a node selector term. */
export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values: string[];
  /** Path of this requirement, relative to the resource. */
  path: Path;
}

/** One `nodeSelectorTerms` item: all its requirements must hold (terms are ORed). */
export interface NodeSelectorTerm {
  matchExpressions: NodeSelectorRequirement[];
  matchFields: NodeSelectorRequirement[];
}

export interface Toleration {
  key?: string;
  operator: "Exists" | "Equal";
  value?: string;
  effect?: TaintEffect;
}

/** What one pod of a group needs from a node, as the scheduler's filters see it. */
export interface PodRequirements {
  /** Effective pod requests in base units: max(sum of containers, largest init container) + overhead, plus `pods: 1`. */
  requests: Record<string, number>;
  /** Where each requested resource is declared (first container that asks for it), relative to the resource. */
  requestPaths: Record<string, Path>;
  nodeSelector: Record<string, string>;
  nodeSelectorPath: Path | undefined;
  /** requiredDuringSchedulingIgnoredDuringExecution terms; empty when the pod sets none. */
  affinityTerms: NodeSelectorTerm[];
  affinityPath: Path | undefined;
  tolerations: Toleration[];
  tolerationsPath: Path | undefined;
  /**
   * False when the pod spec is not in the manifest (a TrainJob's pods come from its runtime):
   * selectors and tolerations are unknown, so only resources can be checked.
   */
  constraintsKnown: boolean;
}

const TAINT_EFFECTS = new Set(["NoSchedule", "PreferNoSchedule", "NoExecute"]);

function selectorRequirements(v: unknown, path: Path): NodeSelectorRequirement[] {
  const out: NodeSelectorRequirement[] = [];
  asArray(v).forEach((e, i) => {
    const req = asObject(e);
    const key = asString(req?.key);
    const operator = asString(req?.operator);
    if (!req || key === undefined || operator === undefined) return;
    const values = asArray(req.values).map((x) => String(x));
    out.push({ key, operator, values, path: [...path, i] });
  });
  return out;
}

/** Scheduling constraints of a pod spec whose fields sit at `specPath`. */
function constraintsOf(spec: JsonObject, specPath: Path) {
  const nodeSelector: Record<string, string> = {};
  const ns = asObject(spec.nodeSelector);
  for (const [k, v] of Object.entries(ns ?? {})) {
    if (v !== null && v !== undefined) nodeSelector[k] = String(v);
  }
  const reqPath: Path = [
    ...specPath,
    "affinity",
    "nodeAffinity",
    "requiredDuringSchedulingIgnoredDuringExecution",
    "nodeSelectorTerms",
  ];
  const rawTerms = asArray(
    asObject(asObject(asObject(spec.affinity)?.nodeAffinity)?.requiredDuringSchedulingIgnoredDuringExecution)
      ?.nodeSelectorTerms,
  );
  const affinityTerms: NodeSelectorTerm[] = rawTerms.map((t, i) => {
    const term = asObject(t) ?? {};
    return {
      matchExpressions: selectorRequirements(term.matchExpressions, [...reqPath, i, "matchExpressions"]),
      matchFields: selectorRequirements(term.matchFields, [...reqPath, i, "matchFields"]),
    };
  });
  const tolerations: Toleration[] = [];
  for (const t of asArray(spec.tolerations)) {
    if (!isObject(t)) continue;
    const effect = asString(t.effect);
    const tol: Toleration = { operator: t.operator === "Exists" ? "Exists" : "Equal" };
    const key = asString(t.key);
    if (key) tol.key = key;
    if (t.value !== undefined && t.value !== null) tol.value = String(t.value);
    if (effect && TAINT_EFFECTS.has(effect)) tol.effect = effect as TaintEffect;
    tolerations.push(tol);
  }
  return {
    nodeSelector,
    nodeSelectorPath: ns ? [...specPath, "nodeSelector"] : undefined,
    affinityTerms,
    affinityPath: rawTerms.length > 0 ? reqPath : undefined,
    tolerations,
    tolerationsPath: Array.isArray(spec.tolerations) ? [...specPath, "tolerations"] : undefined,
  };
}

/** What one pod of the group needs from a node. */
export function groupRequirements(g: PodGroup): PodRequirements {
  const pod = groupResourceRequests(g);
  // The scheduler also counts the pod itself against the node's allocatable `pods`.
  const requests = { ...pod.requests, pods: 1 };
  const requestPaths = pod.requestPaths;
  if (!g.podSpec || !g.podSpecPath) {
    return {
      requests,
      requestPaths,
      nodeSelector: {},
      nodeSelectorPath: undefined,
      affinityTerms: [],
      affinityPath: undefined,
      tolerations: [],
      tolerationsPath: undefined,
      constraintsKnown: false,
    };
  }
  return { requests, requestPaths, ...constraintsOf(g.podSpec, g.podSpecPath), constraintsKnown: true };
}

/** Requests of a running pod (an item of `kubectl get pods -o json`), for what it takes from its node. */
export function runningPodRequests(spec: JsonObject): Record<string, number> {
  const list = (field: string) =>
    asArray(spec[field]).flatMap((c) => (isObject(c) ? [{ value: c, path: [] as Path }] : []));
  return {
    ...podResourceRequests(list("containers"), list("initContainers"), asObject(spec.overhead)).requests,
    pods: 1,
  };
}
