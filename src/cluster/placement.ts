/**
 * Placement: which nodes could host one pod of a group, how many at once, the closest node when
 * none can, and whether a whole workload fits the cluster at once.
 */
import { COSCHEDULING_POD_GROUP_LABEL, GANG_SCHEDULERS, VOLCANO_GROUP_ANNOTATION } from "../catalog/schedulers.js";
import { isAcceleratorResource } from "../model/gpu.js";
import type { PodGroup, Workload } from "../model/workload.js";
import { termMatches, untoleratedTaints } from "./match.js";
import { groupRequirements, type PodRequirements } from "./requirements.js";
import type { ClusterInventory, ClusterNode, Taint } from "./types.js";

/** Why a node cannot take a pod. */
export type Misfit =
  | { kind: "resource"; resource: string; need: number; have: number }
  | { kind: "selector"; key: string; want: string; have: string | undefined }
  | { kind: "affinity" }
  | { kind: "taint"; taint: Taint };

export interface NodeVerdict {
  node: ClusterNode;
  misfits: Misfit[];
  /** Pods of the group the node holds at once (0 when a filter fails). */
  capacity: number;
}

export interface GroupAnalysis {
  group: PodGroup;
  req: PodRequirements;
  /** Nodes that pass every filter and have room for at least one pod, by allocatable (class by class). */
  fitting: ClusterNode[];
  /** The same, as classes of nodes the filters cannot tell apart (see nodeClasses). */
  fittingClasses: ClusterNode[][];
  /** Σ over nodes of how many pods of this group each holds, by allocatable. */
  capacity: number;
  /** The same against what is free now (allocatable minus running pods); equal to capacity without --pods. */
  freeCapacity: number;
  /** When no node fits: the node with the fewest and smallest misfits, and what it lacks. */
  closest: NodeVerdict | undefined;
  /** One verdict per class of nodes the filters cannot tell apart (see nodeClasses), in inventory order. */
  verdicts: NodeVerdict[];
}

const EPS = 1e-9;

/** How many pods needing `req` fit into `avail` (resource → amount). */
export function podsThatFit(req: Readonly<Record<string, number>>, avail: (r: string) => number): number {
  let n = Number.POSITIVE_INFINITY;
  for (const [r, need] of Object.entries(req)) {
    if (need <= 0) continue;
    n = Math.min(n, Math.floor(avail(r) / need + EPS));
    if (n <= 0) return 0;
  }
  return n === Number.POSITIVE_INFINITY ? 0 : n;
}

/** Filters other than resources: node selector, required affinity, taints. */
export function filterMisfits(req: PodRequirements, node: ClusterNode): Misfit[] {
  const out: Misfit[] = [];
  if (!req.constraintsKnown) return out;
  for (const [key, want] of Object.entries(req.nodeSelector)) {
    if (node.labels[key] !== want) out.push({ kind: "selector", key, want, have: node.labels[key] });
  }
  if (req.affinityTerms.length > 0 && !req.affinityTerms.some((t) => termMatches(t, node)))
    out.push({ kind: "affinity" });
  for (const taint of untoleratedTaints(node, req.tolerations)) out.push({ kind: "taint", taint });
  return out;
}

export function evaluateNode(req: PodRequirements, node: ClusterNode): NodeVerdict {
  const misfits = filterMisfits(req, node);
  for (const [r, need] of Object.entries(req.requests)) {
    const have = node.allocatable[r] ?? 0;
    if (need > have + EPS) misfits.push({ kind: "resource", resource: r, need, have });
  }
  const capacity = misfits.length > 0 ? 0 : podsThatFit(req.requests, (r) => node.allocatable[r] ?? 0);
  return { node, misfits, capacity };
}

/** Lower is closer: filters count double, then how far short the resources fall. */
function distance(v: NodeVerdict): number {
  let d = 0;
  for (const m of v.misfits) {
    if (m.kind === "resource") d += 1 + (m.need - m.have) / m.need;
    else d += 2;
  }
  return d;
}

const cache = new WeakMap<ClusterInventory, WeakMap<PodGroup, GroupAnalysis>>();
const classCache = new WeakMap<ClusterInventory, ClusterNode[][]>();

/** Labels that name one node; a pod that selects on them is evaluated node by node. */
const IDENTITY_LABELS = new Set(["kubernetes.io/hostname"]);

function mentionsNodeIdentity(req: PodRequirements): boolean {
  if (Object.keys(req.nodeSelector).some((k) => IDENTITY_LABELS.has(k))) return true;
  return req.affinityTerms.some(
    (t) => t.matchFields.length > 0 || t.matchExpressions.some((e) => IDENTITY_LABELS.has(e.key)),
  );
}

/**
 * Nodes the scheduler's filters cannot tell apart (same labels but the hostname, allocatable, taints,
 * cordon and running pods), in inventory order: node pools make a 1,000-node cluster a handful of classes.
 */
export function nodeClasses(inv: ClusterInventory): ClusterNode[][] {
  const hit = classCache.get(inv);
  if (hit) return hit;
  const byKey = new Map<string, ClusterNode[]>();
  for (const n of inv.nodes) {
    const labels = Object.entries(n.labels)
      .filter(([k]) => !IDENTITY_LABELS.has(k))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const key = JSON.stringify([labels, n.allocatable, n.used, n.taints, n.unschedulable]);
    const cls = byKey.get(key);
    if (cls) cls.push(n);
    else byKey.set(key, [n]);
  }
  const out = [...byKey.values()];
  classCache.set(inv, out);
  return out;
}

/** Evaluates one pod group against every node (memoised per inventory and group). */
export function analyzeGroup(g: PodGroup, inv: ClusterInventory): GroupAnalysis {
  let perInv = cache.get(inv);
  if (!perInv) {
    perInv = new WeakMap();
    cache.set(inv, perInv);
  }
  const hit = perInv.get(g);
  if (hit) return hit;
  const req = groupRequirements(g);
  const perNode = req.constraintsKnown && mentionsNodeIdentity(req);
  const verdicts: NodeVerdict[] = [];
  const fitting: ClusterNode[] = [];
  let capacity = 0;
  let freeCapacity = 0;
  let closest: NodeVerdict | undefined;
  let best = Number.POSITIVE_INFINITY;
  const fitClasses: ClusterNode[][] = [];
  for (const cls of perNode ? inv.nodes.map((n) => [n]) : nodeClasses(inv)) {
    const rep = cls[0] as ClusterNode;
    const v = evaluateNode(req, rep);
    verdicts.push(v);
    if (v.capacity > 0) {
      fitClasses.push(cls);
      capacity += v.capacity * cls.length;
      freeCapacity +=
        (inv.hasPods ? podsThatFit(req.requests, (r) => (rep.allocatable[r] ?? 0) - (rep.used[r] ?? 0)) : v.capacity) *
        cls.length;
      continue;
    }
    const d = distance(v);
    if (d < best) {
      best = d;
      closest = v;
    }
  }
  for (const cls of fitClasses) for (const n of cls) fitting.push(n);
  const out: GroupAnalysis = {
    group: g,
    req,
    fitting,
    fittingClasses: fitClasses,
    capacity,
    freeCapacity,
    closest: fitting.length ? undefined : closest,
    verdicts,
  };
  perInv.set(g, out);
  return out;
}

/** Accelerator resources one pod of the group asks for. */
export function acceleratorRequests(req: PodRequirements): Array<[string, number]> {
  return Object.entries(req.requests).filter(([r, n]) => n > 0 && isAcceleratorResource(r));
}

/**
 * Whether the workload's pods are admitted all or nothing: a declared minAvailable, a gang
 * scheduler, a PodGroup label or annotation, or a Kueue queue (Kueue admits a workload whole).
 */
export function isGangScheduled(w: Workload): boolean {
  if (w.scheduling.minAvailable) return true;
  if (w.scheduling.queue?.source === "kueue") return true;
  if (w.scheduling.schedulerNames.some((s) => s in GANG_SCHEDULERS)) return true;
  return w.podGroups.some(
    (g) =>
      g.podLabels[COSCHEDULING_POD_GROUP_LABEL] !== undefined ||
      g.podAnnotations[VOLCANO_GROUP_ANNOTATION] !== undefined,
  );
}

export interface PodPlacement {
  pod: string;
  node: string;
}

export interface WorkloadFit {
  /** Pods of the workload when every group is at its declared size. */
  pods: number;
  /** A placement of every pod at once, or undefined when none was found. */
  placement: PodPlacement[] | undefined;
  /**
   * When no placement exists for certain: what proves it (a group with more pods than the
   * cluster holds, or a resource the workload needs more of than the eligible nodes have).
   */
  proof: string | undefined;
  /** Pods placed before the packing ran out of room (undefined placement only). */
  placed: number;
}

/**
 * Tries to place every pod of the workload at once. `free`: against what is free now
 * (allocatable minus running pods) rather than allocatable. Placement is best-fit over the nodes
 * already in use (the one with the least room left for the pod), else the next unused eligible
 * node, groups with the largest accelerator requests first; a failure is certain only when
 * `proof` says why.
 */
export function fitWorkload(w: Workload, inv: ClusterInventory, free: boolean): WorkloadFit | undefined {
  const groups = w.podGroups.filter((g) => (g.replicas ?? 0) > 0);
  if (w.podGroups.some((g) => g.replicas === undefined)) return undefined;
  const analyses = groups.map((g) => analyzeGroup(g, inv));
  const pods = groups.reduce((s, g) => s + (g.replicas as number), 0);
  // Certain failures first.
  for (const a of analyses) {
    const cap = free ? a.freeCapacity : a.capacity;
    if ((a.group.replicas as number) > cap) {
      return {
        pods,
        placement: undefined,
        placed: 0,
        proof: `group "${a.group.role}" has ${a.group.replicas} pods but the cluster holds at most ${cap} of them${free ? " in what is free now" : ""}`,
      };
    }
  }
  const eligible = new Set<ClusterNode>();
  for (const a of analyses) for (const n of a.fitting) eligible.add(n);
  const demand: Record<string, number> = {};
  for (const a of analyses)
    for (const [r, n] of Object.entries(a.req.requests))
      demand[r] = (demand[r] ?? 0) + n * (a.group.replicas as number);
  for (const [r, need] of Object.entries(demand)) {
    if (r === "pods") continue;
    let have = 0;
    for (const n of eligible) have += (n.allocatable[r] ?? 0) - (free ? (n.used[r] ?? 0) : 0);
    if (need > have + EPS) {
      return {
        pods,
        placement: undefined,
        placed: 0,
        proof: `it needs ${formatAmount(r, need)} ${r} at once and the nodes that can host its pods have ${formatAmount(r, have)}${free ? " free now" : ""}`,
      };
    }
  }
  // Best-fit packing over the nodes already in use, then the next untouched node in inventory order.
  const remaining = new Map<ClusterNode, Record<string, number>>();
  const touched: ClusterNode[] = [];
  const take = (n: ClusterNode): Record<string, number> => {
    const m: Record<string, number> = {};
    for (const [r, v] of Object.entries(n.allocatable)) m[r] = v - (free ? (n.used[r] ?? 0) : 0);
    remaining.set(n, m);
    touched.push(n);
    return m;
  };
  const order = [...analyses].sort((a, b) => weight(b.req.requests) - weight(a.req.requests));
  const placement: PodPlacement[] = [];
  for (const a of order) {
    const need = Object.entries(a.req.requests).filter(([, v]) => v > 0);
    const eligibleHere = new Set(a.fitting);
    let next = 0;
    for (let i = 0; i < (a.group.replicas as number); i++) {
      let bestNode: ClusterNode | undefined;
      let bestLeft = Number.POSITIVE_INFINITY;
      for (const n of touched) {
        if (!eligibleHere.has(n)) continue;
        const fits = roomFor(need, remaining.get(n) as Record<string, number>);
        if (fits >= 1 && fits < bestLeft) {
          bestLeft = fits;
          bestNode = n;
          if (fits === 1) break;
        }
      }
      let m = bestNode ? (remaining.get(bestNode) as Record<string, number>) : undefined;
      while (!bestNode && next < a.fitting.length) {
        const n = a.fitting[next++] as ClusterNode;
        if (remaining.has(n)) continue;
        const room = take(n);
        if (roomFor(need, room) >= 1) {
          bestNode = n;
          m = room;
        }
      }
      if (!bestNode || !m) return { pods, placement: undefined, placed: placement.length, proof: undefined };
      for (const [r, v] of need) m[r] = (m[r] ?? 0) - v;
      placement.push({ pod: `${a.group.role}-${i}`, node: bestNode.name });
    }
  }
  return { pods, placement, placed: placement.length, proof: undefined };
}

function roomFor(need: ReadonlyArray<[string, number]>, avail: Readonly<Record<string, number>>): number {
  let n = Number.POSITIVE_INFINITY;
  for (const [r, v] of need) {
    n = Math.min(n, Math.floor((avail[r] ?? 0) / v + EPS));
    if (n <= 0) return 0;
  }
  return n === Number.POSITIVE_INFINITY ? 0 : n;
}

function weight(req: Readonly<Record<string, number>>): number {
  let accel = 0;
  for (const [r, n] of Object.entries(req)) if (isAcceleratorResource(r)) accel += n;
  return accel * 1e6 + (req.cpu ?? 0);
}

/** A resource amount as a person reads it: memory in GiB, CPU in cores, counts as numbers. */
export function formatAmount(resource: string, n: number): string {
  if (resource === "memory" || resource === "ephemeral-storage" || resource.startsWith("hugepages-")) {
    const gi = n / 2 ** 30;
    return `${Number.isInteger(gi) ? gi : gi.toFixed(1)}Gi`;
  }
  if (Number.isInteger(n)) return String(n);
  return String(Math.round(n * 1000) / 1000);
}
