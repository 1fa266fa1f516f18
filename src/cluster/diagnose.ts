/**
 * Diagnoses shared by the cluster rules, so that one root cause is reported once: a GPU product
 * selector that matches no node, and GPU nodes whose taints the pod does not tolerate, each have
 * their own rule, and the no-fitting-node rule stays quiet when one of them explains it.
 */
import type { Path } from "../model/path.js";
import { getIn } from "../model/resource.js";
import type { PodGroup, Workload } from "../model/workload.js";
import { GPU_PRODUCT_LABELS, isMigResource, MIG_STRATEGY_LABEL } from "./labels.js";
import { formatTaint, UNSCHEDULABLE_TAINT, untoleratedTaints } from "./match.js";
import { acceleratorRequests, formatAmount, type GroupAnalysis, type Misfit, nodeClasses } from "./placement.js";
import type { ClusterInventory, ClusterNode, Taint } from "./types.js";

export interface ProductMiss {
  label: string;
  /** The values the pod asks for, none of which any node carries. */
  wanted: string[];
  path: Path;
  /** Values of the label in the cluster with how many nodes carry each. */
  present: Map<string, number>;
}

const valuesCache = new WeakMap<ClusterInventory, Map<string, Map<string, number>>>();

function labelValues(inv: ClusterInventory, key: string): Map<string, number> {
  let perInv = valuesCache.get(inv);
  if (!perInv) {
    perInv = new Map();
    valuesCache.set(inv, perInv);
  }
  const hit = perInv.get(key);
  if (hit) return hit;
  const out = new Map<string, number>();
  perInv.set(key, out);
  for (const n of inv.nodes) {
    const v = n.labels[key];
    if (v !== undefined) out.set(v, (out.get(v) ?? 0) + 1);
  }
  return out;
}

/** GPU product selectors (nodeSelector, or required affinity in every term) that match no node. */
export function productMisses(a: GroupAnalysis, inv: ClusterInventory): ProductMiss[] {
  const req = a.req;
  if (!req.constraintsKnown) return [];
  const out: ProductMiss[] = [];
  for (const [key, want] of Object.entries(req.nodeSelector)) {
    if (!GPU_PRODUCT_LABELS.includes(key)) continue;
    const present = labelValues(inv, key);
    if (!present.has(want) && req.nodeSelectorPath)
      out.push({ label: key, wanted: [want], path: [...req.nodeSelectorPath, key], present });
  }
  if (req.affinityTerms.length === 0) return out;
  const perTerm = req.affinityTerms.map((t) =>
    t.matchExpressions.flatMap((e): ProductMiss[] => {
      if (!GPU_PRODUCT_LABELS.includes(e.key) || e.operator !== "In") return [];
      const present = labelValues(inv, e.key);
      if (e.values.some((v) => present.has(v))) return [];
      return [{ label: e.key, wanted: e.values, path: [...e.path, "values"], present }];
    }),
  );
  if (perTerm.every((m) => m.length > 0)) out.push(...perTerm.flat());
  return out;
}

export interface GpuTaintProblem {
  resource: string;
  /** Nodes that offer the resource. */
  gpuNodes: ClusterNode[];
  /** Untolerated taints every one of those nodes carries (empty when each carries a different one). */
  common: Taint[];
  /** One untolerated taint per node, for the message when there is no common one. */
  examples: Array<[ClusterNode, Taint]>;
}

/** The pod requests an accelerator, and every node offering it carries a taint the pod does not tolerate. */
export function gpuTaintProblem(a: GroupAnalysis, inv: ClusterInventory): GpuTaintProblem | undefined {
  if (!a.req.constraintsKnown) return undefined;
  for (const [resource] of acceleratorRequests(a.req)) {
    const classes = nodeClasses(inv).filter((cls) => ((cls[0] as ClusterNode).allocatable[resource] ?? 0) > 0);
    if (classes.length === 0) continue;
    const perClass: Taint[][] = [];
    let tolerated = false;
    for (const cls of classes) {
      const ts = untoleratedTaints({ ...(cls[0] as ClusterNode), unschedulable: false }, a.req.tolerations).filter(
        (t) => t.key !== UNSCHEDULABLE_TAINT.key,
      );
      if (ts.length === 0) {
        tolerated = true;
        break;
      }
      perClass.push(ts);
    }
    if (tolerated) continue;
    const gpuNodes = classes.flat();
    const perNode = classes.flatMap((cls, i) => cls.map(() => perClass[i] as Taint[]));
    const first = perNode[0] as Taint[];
    const common = first.filter((t) =>
      perNode.every((ts) => ts.some((u) => u.key === t.key && u.effect === t.effect && u.value === t.value)),
    );
    const examples = gpuNodes
      .slice(0, 3)
      .map((n, i) => [n, (perNode[i] as Taint[])[0] as Taint] as [ClusterNode, Taint]);
    return { resource, gpuNodes, common, examples };
  }
  return undefined;
}

/** True when some node would take the pod if only its taints were tolerated. */
export function fitsIgnoringTaints(a: GroupAnalysis): boolean {
  return a.verdicts.some((v) => v.misfits.length > 0 && v.misfits.every((m) => m.kind === "taint"));
}

/** What one pod of the group asks for, in a few words: `nvidia.com/gpu 8, cpu 32, memory 256Gi`. */
export function requestSummary(a: GroupAnalysis): string {
  const parts: string[] = [];
  for (const [r, n] of acceleratorRequests(a.req)) parts.push(`${r} ${formatAmount(r, n)}`);
  for (const r of ["cpu", "memory"]) {
    const n = a.req.requests[r];
    if (n !== undefined) parts.push(`${r} ${formatAmount(r, n)}`);
  }
  return parts.length > 0 ? parts.join(", ") : "no resources";
}

export function describeMisfit(m: Misfit, inv: ClusterInventory): string {
  switch (m.kind) {
    case "resource": {
      const base = `${m.resource} ${formatAmount(m.resource, m.have)} allocatable, ${formatAmount(m.resource, m.need)} needed`;
      if (m.have > 0 || !isMigResource(m.resource)) return base;
      const profiles = new Set<string>();
      let single = 0;
      for (const n of inv.nodes) {
        for (const r of Object.keys(n.allocatable))
          if (isMigResource(r) && (n.allocatable[r] ?? 0) > 0) profiles.add(r);
        if (n.labels[MIG_STRATEGY_LABEL] === "single") single++;
      }
      const hints: string[] = [];
      if (profiles.size > 0) hints.push(`MIG profiles offered in this cluster: ${[...profiles].sort().join(", ")}`);
      if (single > 0)
        hints.push(`${single} node(s) use MIG strategy single, which advertises slices as nvidia.com/gpu`);
      return hints.length > 0 ? `${base} (${hints.join("; ")})` : `${base} (no node offers MIG slices)`;
    }
    case "selector":
      return `label ${m.key}=${m.have ?? "(none)"}, nodeSelector wants ${m.want}`;
    case "affinity":
      return "no required node affinity term matches its labels";
    case "taint":
      return `taint ${formatTaint(m.taint)} not tolerated`;
  }
}

/** Where to point for a misfit: the request, the selector key, the affinity, or the tolerations. */
export function misfitPath(m: Misfit, a: GroupAnalysis, g: PodGroup): Path {
  const fallback = g.podSpecPath ?? g.containers[0]?.path ?? [];
  switch (m.kind) {
    case "resource":
      return a.req.requestPaths[m.resource] ?? g.containers[0]?.path ?? fallback;
    case "selector":
      return a.req.nodeSelectorPath ? [...a.req.nodeSelectorPath, m.key] : fallback;
    case "affinity":
      return a.req.affinityPath ?? fallback;
    case "taint":
      return a.req.tolerationsPath ?? fallback;
  }
}

/** The field that sets how many pods the group has, when the manifest has one; else the group's pod spec. */
export function replicasPath(w: Workload, g: PodGroup): Path {
  const candidates: Path[] = [];
  const t = g.templatePath;
  if (t && t.length > 0) {
    const parent = t.slice(0, -1);
    candidates.push([...parent, "replicas"], [...parent, "parallelism"]);
    // JobSet replicatedJobs[i].template.spec.template → replicatedJobs[i].replicas
    const rj = t.lastIndexOf("replicatedJobs");
    if (rj >= 0) candidates.push([...t.slice(0, rj + 2), "replicas"]);
  }
  candidates.push(["spec", "replicas"], ["spec", "parallelism"]);
  for (const c of candidates) if (getIn(w.resource.value, c) !== undefined) return c;
  return g.templatePath ?? g.podSpecPath ?? ["metadata", "name"];
}

export function nodeList(nodes: readonly ClusterNode[], max = 3): string {
  const names = nodes.slice(0, max).map((n) => n.name);
  return nodes.length > max ? `${names.join(", ")} and ${nodes.length - max} more` : names.join(", ");
}
