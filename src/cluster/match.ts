/**
 * The scheduler's node filters, as pure predicates: nodeSelector, required node affinity,
 * taints and tolerations. Semantics follow the Kubernetes API reference for NodeSelectorRequirement
 * (In, NotIn, Exists, DoesNotExist, Gt, Lt; NotIn and DoesNotExist match nodes without the label)
 * and "Taints and Tolerations" (only NoSchedule and NoExecute keep new pods off a node;
 * an empty key with operator Exists tolerates everything).
 * https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/node-selector-requirement/
 * https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
 */
import type { NodeSelectorRequirement, NodeSelectorTerm, Toleration } from "./requirements.js";
import type { ClusterNode, Taint } from "./types.js";

export function requirementMatches(req: NodeSelectorRequirement, labels: Readonly<Record<string, string>>): boolean {
  const v = labels[req.key];
  switch (req.operator) {
    case "In":
      return v !== undefined && req.values.includes(v);
    case "NotIn":
      return v === undefined || !req.values.includes(v);
    case "Exists":
      return v !== undefined;
    case "DoesNotExist":
      return v === undefined;
    case "Gt":
    case "Lt": {
      if (v === undefined || !/^-?\d+$/.test(v) || req.values.length !== 1) return false;
      const n = Number(v);
      const bound = Number(req.values[0]);
      return req.operator === "Gt" ? n > bound : n < bound;
    }
    default:
      return false;
  }
}

/** A term matches when all its expressions and fields do; an empty term matches nothing (API semantics). */
export function termMatches(term: NodeSelectorTerm, node: ClusterNode): boolean {
  if (term.matchExpressions.length === 0 && term.matchFields.length === 0) return false;
  if (!term.matchExpressions.every((r) => requirementMatches(r, node.labels))) return false;
  return term.matchFields.every(
    (r) => r.key === "metadata.name" && requirementMatches(r, { "metadata.name": node.name }),
  );
}

export function tolerates(tol: Toleration, taint: Taint): boolean {
  if (tol.effect !== undefined && tol.effect !== taint.effect) return false;
  if (tol.key === undefined || tol.key === "") return tol.operator === "Exists";
  if (tol.key !== taint.key) return false;
  return tol.operator === "Exists" || (tol.value ?? "") === (taint.value ?? "");
}

/** The taint the scheduler puts on a cordoned node. */
export const UNSCHEDULABLE_TAINT: Taint = { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" };

/** Taints that keep a pod with these tolerations off the node (a cordoned node counts as tainted). */
export function untoleratedTaints(node: ClusterNode, tolerations: readonly Toleration[]): Taint[] {
  const taints = node.unschedulable ? [...node.taints, UNSCHEDULABLE_TAINT] : node.taints;
  return taints.filter((t) => t.effect !== "PreferNoSchedule" && !tolerations.some((tol) => tolerates(tol, t)));
}

export function formatTaint(t: Taint): string {
  return `${t.key}${t.value !== undefined && t.value !== "" ? `=${t.value}` : ""}:${t.effect}`;
}
