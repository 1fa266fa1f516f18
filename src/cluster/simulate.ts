/**
 * Submitting several workloads together: their pods enter the scheduling queue interleaved
 * (round-robin across workloads, in the given order) and are bound one at a time, as the default
 * scheduler does; then again with all-or-nothing gang admission (workloads admitted whole, in
 * order). Pure: the result is a function of the workloads, the inventory and the strategy. The
 * `mlgate simulate` command is the intended front end (issue 9); this module is its engine.
 *
 * Model, deliberately small: pods only bind where analyzeGroup's filters pass and room is left;
 * node scoring is kube-scheduler's NodeResourcesFit LeastAllocated (`spread`) or MostAllocated
 * (`binpack`) over the pod's requested CPU, memory and accelerators; a workload runs only when
 * all its pods are bound (synchronous training), a running workload eventually finishes and frees
 * its nodes, and partially bound workloads hold what they got.
 * https://kubernetes.io/docs/concepts/scheduling-eviction/resource-bin-packing/
 */

import { isAcceleratorResource } from "../model/gpu.js";
import type { KueueSetup } from "../model/kueue.js";
import type { PodGroup, Workload } from "../model/workload.js";
import { addUsage, everFitsQuota, fitsQuota, type KueueRoute, type QuotaUsage, routeOf } from "./kueue.js";
import { analyzeGroup, isGangScheduled, type PodPlacement } from "./placement.js";
import type { ClusterInventory, ClusterNode } from "./types.js";

export type Strategy = "spread" | "binpack";

export interface SimulatedWorkload {
  name: string;
  kind: string;
  /** Accelerators the whole workload requests. */
  gpus: number;
  startsWithGang: boolean;
  startsWithoutGang: boolean;
  /** Where its pods run in the non-gang run when it starts there, else in the gang run; empty when it never starts. */
  placement: PodPlacement[];
  /** Why it does not start, or waits, in words; empty when it starts at once in both runs. */
  reason: string;
  /** Each run in detail, for reports: `placement` above picks one of them. */
  withoutGang: RunOutcome;
  withGang: RunOutcome;
}

/** What happened to one workload in one run. */
export interface RunOutcome {
  starts: boolean;
  /** Started at submission; false when it started only after earlier workloads finished, or never. */
  atSubmission: boolean;
  /** Where its pods ran when it started; what it held when it never did (non-gang run); else empty. */
  placement: PodPlacement[];
  /** Accelerators it holds without starting (non-gang run, stuck); 0 otherwise. */
  heldGpus: number;
  /** Why Kueue kept it suspended at submission (or for good), when it did. */
  queue?: string;
}

/** A workload the simulation leaves out, and why. */
export interface SkippedWorkload {
  name: string;
  kind: string;
  reason: string;
}

export interface RunSummary {
  gpusUsed: number;
  /** Free GPUs on nodes where a waiting GPU pod could run but none fits in what is left (see fragmented). */
  gpusIdleFragmented: number;
}

/** One node's accelerators at submission time in one run: who holds them, and which sit idle. */
export interface NodeOccupancy {
  node: string;
  /** Accelerators the node has (allocatable). */
  gpus: number;
  /** Taken by pods that already ran there (`--pods`) before the workloads were submitted. */
  preexisting: number;
  /** The submitted workloads' pods on it (workload: index in `workloads`), with their accelerators. */
  pods: { workload: number; pod: string; gpus: number }[];
  /** Free ones no waiting pod can use though some could run on the node (fragmentation). */
  idleFragmented: number;
}

export interface Deadlock {
  workloads: string[];
  /** GPUs each deadlocked workload holds. */
  heldGpus: Record<string, number>;
}

export interface SimulationResult {
  strategy: Strategy;
  workloads: SimulatedWorkload[];
  /** Workloads not simulated: their pod count is unknown (a DaemonSet, an autoscaled group) or zero. */
  skipped: SkippedWorkload[];
  cluster: {
    gpusTotal: number;
    /** The non-gang run at submission time (before anything finishes). */
    gpusUsed: number;
    gpusIdleFragmented: number;
    deadlock: Deadlock | null;
    withGang: RunSummary;
  };
  /** Every node's accelerators at submission, per run: for pictures (the HTML report), not the JSON contract. */
  occupancy: { withoutGang: NodeOccupancy[]; withGang: NodeOccupancy[] };
}

interface Pod {
  w: number;
  name: string;
  group: PodGroup;
  requests: Array<[string, number]>;
  gpus: number;
}

function accel(requests: ReadonlyArray<[string, number]>): number {
  let n = 0;
  for (const [r, v] of requests) if (isAcceleratorResource(r)) n += v;
  return n;
}

/** The name a simulation reports for a workload: `Kind/namespace/name`. */
export function workloadName(w: Workload): string {
  return `${w.resource.kind}/${w.resource.namespace ? `${w.resource.namespace}/` : ""}${w.resource.name ?? "?"}`;
}

class ClusterState {
  readonly free = new Map<ClusterNode, Record<string, number>>();
  constructor(readonly inv: ClusterInventory) {
    for (const n of inv.nodes) {
      const m: Record<string, number> = {};
      for (const [r, v] of Object.entries(n.allocatable)) m[r] = v - (n.used[r] ?? 0);
      this.free.set(n, m);
    }
  }
  fits(n: ClusterNode, p: Pod): boolean {
    const m = this.free.get(n) as Record<string, number>;
    return p.requests.every(([r, v]) => (m[r] ?? 0) + 1e-9 >= v);
  }
  apply(n: ClusterNode, p: Pod, sign: 1 | -1) {
    const m = this.free.get(n) as Record<string, number>;
    for (const [r, v] of p.requests) m[r] = (m[r] ?? 0) - sign * v;
  }
  /** Share of the node's allocatable left free after the pod, averaged over the pod's scored resources. */
  freeShareAfter(n: ClusterNode, p: Pod): number {
    const m = this.free.get(n) as Record<string, number>;
    let sum = 0;
    let k = 0;
    for (const [r, v] of p.requests) {
      if (r !== "cpu" && r !== "memory" && !isAcceleratorResource(r)) continue;
      const cap = n.allocatable[r] ?? 0;
      if (cap <= 0) continue;
      sum += ((m[r] ?? 0) - v) / cap;
      k++;
    }
    return k === 0 ? 0 : sum / k;
  }
  /** The node the scheduler binds the pod to, or undefined when none has room. */
  pick(p: Pod, strategy: Strategy, inv: ClusterInventory): ClusterNode | undefined {
    let best: ClusterNode | undefined;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const n of analyzeGroup(p.group, inv).fitting) {
      if (!this.fits(n, p)) continue;
      const share = this.freeShareAfter(n, p);
      const score = strategy === "spread" ? share : -share;
      if (score > bestScore + 1e-12) {
        bestScore = score;
        best = n;
      }
    }
    return best;
  }
  gpusFree(n: ClusterNode): number {
    const m = this.free.get(n) as Record<string, number>;
    let g = 0;
    for (const [r, v] of Object.entries(m)) if (isAcceleratorResource(r)) g += Math.max(0, v);
    return g;
  }
}

function podsOf(w: Workload, wi: number, inv: ClusterInventory): Pod[] {
  const out: Pod[] = [];
  for (const g of w.podGroups) {
    const req = analyzeGroup(g, inv).req;
    const requests = Object.entries(req.requests).filter(([, v]) => v > 0);
    for (let i = 0; i < (g.replicas ?? 0); i++)
      out.push({ w: wi, name: `${g.role}-${i}`, group: g, requests, gpus: accel(requests) });
  }
  return out;
}

/**
 * Accelerators left idle by fragmentation: free ones on nodes that some waiting GPU pod could run on
 * (its filters pass and the node is large enough) but where no waiting pod fits in what is left.
 */
function fragmentedByNode(state: ClusterState, waiting: Pod[]): Map<ClusterNode, number> {
  const out = new Map<ClusterNode, number>();
  const byGroup = new Map<PodGroup, Pod>();
  for (const p of waiting) if (p.gpus > 0 && !byGroup.has(p.group)) byGroup.set(p.group, p);
  if (byGroup.size === 0) return out;
  const eligible = new Set<ClusterNode>();
  for (const g of byGroup.keys()) for (const n of analyzeGroup(g, state.inv).fitting) eligible.add(n);
  for (const n of eligible) {
    const f = state.gpusFree(n);
    if (f <= 0) continue;
    let fitsOne = false;
    for (const p of byGroup.values())
      if (state.fits(n, p)) {
        fitsOne = true;
        break;
      }
    if (!fitsOne) out.set(n, f);
  }
  return out;
}

function fragmented(state: ClusterState, waiting: Pod[]): number {
  let idle = 0;
  for (const f of fragmentedByNode(state, waiting).values()) idle += f;
  return idle;
}

/** Each node's accelerators as the run left them at submission. */
function occupancyOf(
  state: ClusterState,
  inv: ClusterInventory,
  placed: Iterable<[Pod, ClusterNode]>,
  waiting: Pod[],
): NodeOccupancy[] {
  const frag = fragmentedByNode(state, waiting);
  const pods = new Map<ClusterNode, NodeOccupancy["pods"]>();
  for (const [p, nd] of placed)
    if (p.gpus > 0) pods.set(nd, [...(pods.get(nd) ?? []), { workload: p.w, pod: p.name, gpus: p.gpus }]);
  return inv.nodes.map((nd) => {
    let gpus = 0;
    for (const [r, v] of Object.entries(nd.allocatable)) if (isAcceleratorResource(r)) gpus += v;
    const mine = pods.get(nd) ?? [];
    const taken = mine.reduce((a, p) => a + p.gpus, 0);
    return {
      node: nd.name,
      gpus,
      preexisting: Math.max(0, gpus - state.gpusFree(nd) - taken),
      pods: mine,
      idleFragmented: frag.get(nd) ?? 0,
    };
  });
}

/**
 * Kueue's admission across rounds: a workload a ClusterQueue manages gets pods only once admitted,
 * whole, within its queue's quota (plus what it may borrow in its cohort), in submission order
 * (BestEffortFIFO: a workload that does not fit lets later ones try; StrictFIFO: it blocks its
 * queue). Workloads Kueue does not manage are admitted at once. An admitted workload holds its
 * quota until it finishes.
 */
class Admission {
  readonly admitted: boolean[];
  readonly admittedAt: number[];
  private readonly usage: QuotaUsage = new Map();
  constructor(
    private readonly routes: readonly KueueRoute[],
    private readonly reqs: ReadonlyArray<Record<string, number>>,
    private readonly kueue: KueueSetup | undefined,
  ) {
    this.admitted = routes.map(() => false);
    this.admittedAt = routes.map(() => -1);
  }
  admit(round: number, finished: readonly boolean[]): void {
    const blocked = new Set<string>();
    this.routes.forEach((route, wi) => {
      if (this.admitted[wi] || finished[wi]) return;
      if (!route.managed) {
        this.admitted[wi] = true;
        this.admittedAt[wi] = round;
        return;
      }
      const cq = route.clusterQueue;
      if (!cq || !this.kueue || blocked.has(cq.name)) return;
      const req = this.reqs[wi] as Record<string, number>;
      if (fitsQuota(cq, req, this.usage, this.kueue)) {
        addUsage(this.usage, cq.name, req, 1);
        this.admitted[wi] = true;
        this.admittedAt[wi] = round;
      } else if (cq.strictFifo) blocked.add(cq.name);
    });
  }
  release(wi: number): void {
    const route = this.routes[wi];
    if (route?.managed && route.clusterQueue) addUsage(this.usage, route.clusterQueue.name, this.reqs[wi] ?? {}, -1);
  }
}

interface Run {
  started: boolean[];
  /** Placement of each workload when it started (or what it held when stuck). */
  placement: PodPlacement[][];
  /** Iteration (0 = at submission) at which each workload started; -1 never. */
  startedAt: number[];
  summary: RunSummary;
  /** Workloads holding part of their pods at the end, with the GPUs they hold. */
  stuck: Array<[number, number]>;
  /** Round at which Kueue admitted each workload; -1 never. */
  admittedAt: number[];
  occupancy: NodeOccupancy[];
}

/** Binds pods one at a time in round-robin order; finished workloads free their nodes; repeats until nothing moves. */
function runWithoutGang(pods: Pod[][], inv: ClusterInventory, strategy: Strategy, admission: Admission): Run {
  const state = new ClusterState(inv);
  const n = pods.length;
  const bound: Array<Map<Pod, ClusterNode>> = pods.map(() => new Map());
  const started = new Array<boolean>(n).fill(false);
  const startedAt = new Array<number>(n).fill(-1);
  const finished = new Array<boolean>(n).fill(false);
  const placement: PodPlacement[][] = pods.map(() => []);
  let summary: RunSummary | undefined;
  let occupancy: NodeOccupancy[] = [];
  for (let round = 0; ; round++) {
    admission.admit(round, finished);
    // Queue: round-robin across workloads, each workload's pods in order.
    const queue: Pod[] = [];
    const waiting = pods.map((ps, wi) =>
      admission.admitted[wi] ? ps.filter((p) => !finished[wi] && !bound[wi]?.has(p)) : [],
    );
    const longest = Math.max(0, ...waiting.map((ps) => ps.length));
    for (let i = 0; i < longest; i++) for (const ps of waiting) if (ps[i]) queue.push(ps[i] as Pod);
    let progress = false;
    for (const p of queue) {
      const node = state.pick(p, strategy, inv);
      if (!node) continue;
      state.apply(node, p, 1);
      bound[p.w]?.set(p, node);
      progress = true;
    }
    for (let wi = 0; wi < n; wi++) {
      if (started[wi] || finished[wi]) continue;
      if ((bound[wi] as Map<Pod, ClusterNode>).size === (pods[wi] as Pod[]).length && (pods[wi] as Pod[]).length > 0) {
        started[wi] = true;
        startedAt[wi] = round;
        placement[wi] = [...(bound[wi] as Map<Pod, ClusterNode>)].map(([p, nd]) => ({ pod: p.name, node: nd.name }));
      }
    }
    if (round === 0) {
      let used = 0;
      for (const nd of inv.nodes)
        for (const [r, v] of Object.entries(nd.allocatable)) if (isAcceleratorResource(r)) used += v;
      for (const nd of inv.nodes) used -= state.gpusFree(nd);
      const left = queue.filter((p) => !bound[p.w]?.has(p));
      summary = { gpusUsed: used, gpusIdleFragmented: fragmented(state, left) };
      occupancy = occupancyOf(
        state,
        inv,
        bound.flatMap((b) => [...b]),
        left,
      );
    }
    // Running workloads finish and free their nodes.
    let freed = false;
    for (let wi = 0; wi < n; wi++) {
      if (!started[wi] || finished[wi]) continue;
      for (const [p, nd] of bound[wi] as Map<Pod, ClusterNode>) state.apply(nd, p, -1);
      (bound[wi] as Map<Pod, ClusterNode>).clear();
      finished[wi] = true;
      admission.release(wi);
      freed = true;
    }
    if (!progress && !freed) break;
  }
  const stuck: Array<[number, number]> = [];
  for (let wi = 0; wi < n; wi++) {
    const held = bound[wi] as Map<Pod, ClusterNode>;
    if (started[wi] || held.size === 0) continue;
    let gpus = 0;
    for (const p of held.keys()) gpus += p.gpus;
    stuck.push([wi, gpus]);
    placement[wi] = [...held].map(([p, nd]) => ({ pod: p.name, node: nd.name }));
  }
  return {
    started,
    placement,
    startedAt,
    summary: summary as RunSummary,
    stuck,
    admittedAt: admission.admittedAt,
    occupancy,
  };
}

/** Admits workloads whole, in order; finished workloads free their nodes; repeats until nothing moves. */
function runWithGang(pods: Pod[][], inv: ClusterInventory, strategy: Strategy, admission: Admission): Run {
  const state = new ClusterState(inv);
  const n = pods.length;
  const started = new Array<boolean>(n).fill(false);
  const startedAt = new Array<number>(n).fill(-1);
  const placement: PodPlacement[][] = pods.map(() => []);
  const running: Array<[number, Array<[Pod, ClusterNode]>]> = [];
  const finished = new Array<boolean>(n).fill(false);
  let summary: RunSummary | undefined;
  let occupancy: NodeOccupancy[] = [];
  for (let round = 0; ; round++) {
    admission.admit(round, finished);
    let progress = false;
    for (let wi = 0; wi < n; wi++) {
      const ps = pods[wi] as Pod[];
      if (started[wi] || ps.length === 0 || !admission.admitted[wi]) continue;
      const tried: Array<[Pod, ClusterNode]> = [];
      let ok = true;
      for (const p of ps) {
        const node = state.pick(p, strategy, inv);
        if (!node) {
          ok = false;
          break;
        }
        state.apply(node, p, 1);
        tried.push([p, node]);
      }
      if (!ok) {
        for (const [p, node] of tried) state.apply(node, p, -1);
        continue;
      }
      started[wi] = true;
      startedAt[wi] = round;
      placement[wi] = tried.map(([p, nd]) => ({ pod: p.name, node: nd.name }));
      running.push([wi, tried]);
      progress = true;
    }
    if (round === 0) {
      let used = 0;
      for (const nd of inv.nodes)
        for (const [r, v] of Object.entries(nd.allocatable)) if (isAcceleratorResource(r)) used += v;
      for (const nd of inv.nodes) used -= state.gpusFree(nd);
      const waiting = pods.flatMap((ps, wi) => (started[wi] ? [] : ps));
      summary = { gpusUsed: used, gpusIdleFragmented: fragmented(state, waiting) };
      occupancy = occupancyOf(
        state,
        inv,
        running.flatMap(([, r]) => r),
        waiting,
      );
    }
    const freed = running.length > 0;
    for (const [wi, r] of running.splice(0)) {
      for (const [p, nd] of r) state.apply(nd, p, -1);
      finished[wi] = true;
      admission.release(wi);
    }
    if (!progress && !freed) break;
  }
  return {
    started,
    placement,
    startedAt,
    summary: summary as RunSummary,
    stuck: [],
    admittedAt: admission.admittedAt,
    occupancy,
  };
}

/** Why a workload is left out of the simulation, or undefined when it is simulated. */
export function skipReason(w: Workload): string | undefined {
  const unknown = w.podGroups.find((g) => g.replicas === undefined);
  if (unknown)
    return `the number of pods of "${unknown.role}" is not fixed by the manifest (a DaemonSet, or autoscaled)`;
  if (w.podGroups.every((g) => g.replicas === 0)) return "it creates no pods (replicas 0)";
  return undefined;
}

function optional<K extends string>(key: K, v: string | undefined): { [k in K]?: string } {
  return (v === undefined ? {} : { [key]: v }) as { [k in K]?: string };
}

/** Simulates submitting the workloads together (see the module comment). */
export function simulate(
  workloads: readonly Workload[],
  inv: ClusterInventory,
  strategy: Strategy = "spread",
  kueue?: KueueSetup,
): SimulationResult {
  const ws = workloads.filter((w) => skipReason(w) === undefined);
  const skipped: SkippedWorkload[] = workloads.flatMap((w) => {
    const reason = skipReason(w);
    return reason === undefined ? [] : [{ name: workloadName(w), kind: w.resource.kind, reason }];
  });
  const pods = ws.map((w, wi) => podsOf(w, wi, inv));
  const routes = ws.map((w) => routeOf(w, kueue));
  const reqs = pods.map((ps) => {
    const total: Record<string, number> = {};
    for (const p of ps) for (const [r, v] of p.requests) total[r] = (total[r] ?? 0) + v;
    return total;
  });
  const plain = runWithoutGang(pods, inv, strategy, new Admission(routes, reqs, kueue));
  const gang = runWithGang(pods, inv, strategy, new Admission(routes, reqs, kueue));
  const queueNote = (wi: number, run: Run): string | undefined => {
    const route = routes[wi] as KueueRoute;
    if (!route.managed) return undefined;
    if (!route.clusterQueue) return route.reason;
    const cq = route.clusterQueue;
    const req = reqs[wi] as Record<string, number>;
    if (!everFitsQuota(cq, req, kueue as KueueSetup)) {
      const over = Object.keys(req).filter(
        (r) => (req[r] ?? 0) > 0 && r !== "pods" && !((cq.nominal[r] ?? -1) >= (req[r] ?? 0)),
      );
      return `it asks for more than ClusterQueue ${cq.name} can ever admit (${over.map((r) => `${req[r]} ${r} against ${cq.nominal[r] ?? 0} nominal${cq.cohort ? ` + what cohort ${cq.cohort} lends` : ""}`).join(", ")})`;
    }
    const at = run.admittedAt[wi] as number;
    if (at === 0) return undefined;
    if (at < 0) return `ClusterQueue ${cq.name} never has quota free for it`;
    return `Kueue admits it only when quota in ClusterQueue ${cq.name} is released by earlier workloads`;
  };
  const names = ws.map(workloadName);
  // A deadlock: workloads left holding part of what they need, at least one of which would start
  // if admitted whole. Workloads that never fit the cluster are in it only when they hold GPUs
  // (then they block the others); one that never fits and holds, say, only its CPU launcher pod
  // is not deadlocked, just never starting.
  const involved = plain.stuck.filter(([wi, gpus]) => gang.started[wi] || gpus > 0);
  const deadlocked = involved.length >= 2 && involved.some(([wi]) => gang.started[wi]) ? involved : [];
  const deadlock: Deadlock | null =
    deadlocked.length > 0
      ? {
          workloads: deadlocked.map(([wi]) => names[wi] as string),
          heldGpus: Object.fromEntries(deadlocked.map(([wi, g]) => [names[wi] as string, g])),
        }
      : null;
  let gpusTotal = 0;
  for (const nd of inv.nodes)
    for (const [r, v] of Object.entries(nd.allocatable)) if (isAcceleratorResource(r)) gpusTotal += v;
  const out: SimulatedWorkload[] = ws.map((w, wi) => {
    const reasons: string[] = [];
    const queued = queueNote(wi, plain) ?? queueNote(wi, gang);
    if (queued) reasons.push(`Kueue: ${queued}`);
    const held = plain.stuck.find(([x]) => x === wi);
    const holds = held && held[1] > 0 ? `${held[1]} GPUs` : "some of its pods";
    if (!plain.started[wi]) {
      if (held && deadlocked.some(([x]) => x === wi))
        reasons.push(
          `without gang scheduling it holds ${holds} and waits for the rest, deadlocked with ${(deadlock as Deadlock).workloads.filter((x) => x !== names[wi]).join(", ")}`,
        );
      else if (held) reasons.push(`without gang scheduling it holds ${holds} and never gets the rest`);
      else if (plain.admittedAt[wi] !== -1) reasons.push("without gang scheduling none of its pods can be placed");
    } else if ((plain.startedAt[wi] as number) > 0)
      reasons.push("without gang scheduling it waits for earlier workloads to finish");
    if (!gang.started[wi] && gang.admittedAt[wi] !== -1)
      reasons.push(
        inv.hasPods
          ? "even admitted whole it never fits beside the pods already running"
          : "even admitted whole it never fits the cluster",
      );
    else if ((gang.startedAt[wi] as number) > 0)
      reasons.push("with gang admission it waits for earlier workloads to finish");
    return {
      name: names[wi] as string,
      kind: w.resource.kind,
      gpus: (pods[wi] as Pod[]).reduce((s, p) => s + p.gpus, 0),
      startsWithGang: gang.started[wi] as boolean,
      startsWithoutGang: plain.started[wi] as boolean,
      placement: plain.started[wi] ? (plain.placement[wi] as PodPlacement[]) : (gang.placement[wi] as PodPlacement[]),
      reason: reasons.join("; "),
      withoutGang: {
        starts: plain.started[wi] as boolean,
        atSubmission: plain.startedAt[wi] === 0,
        placement: plain.placement[wi] as PodPlacement[],
        heldGpus: held ? held[1] : 0,
        ...optional("queue", queueNote(wi, plain)),
      },
      withGang: {
        starts: gang.started[wi] as boolean,
        atSubmission: gang.startedAt[wi] === 0,
        placement: gang.placement[wi] as PodPlacement[],
        heldGpus: 0,
        ...optional("queue", queueNote(wi, gang)),
      },
    };
  });
  return {
    strategy,
    workloads: out,
    skipped,
    cluster: {
      gpusTotal,
      gpusUsed: plain.summary.gpusUsed,
      gpusIdleFragmented: plain.summary.gpusIdleFragmented,
      deadlock,
      withGang: gang.summary,
    },
    occupancy: { withoutGang: plain.occupancy, withGang: gang.occupancy },
  };
}

/**
 * What a simulation says about the submission as a whole: the workloads that never start even
 * admitted whole, and the deadlocked ones that declare no gang scheduling (as written, they really
 * deadlock). `ok` when there are neither. `workloads` are the simulated ones, index for index with
 * `result.workloads`.
 */
export interface SimulationVerdict {
  ok: boolean;
  neverStart: string[];
  deadlockedWithoutGang: string[];
}

export function simulationVerdict(result: SimulationResult, workloads: readonly Workload[]): SimulationVerdict {
  const neverStart = result.workloads.filter((w) => !w.startsWithGang).map((w) => w.name);
  const d = result.cluster.deadlock;
  const deadlockedWithoutGang = d
    ? result.workloads
        .map((sw, i) => [sw, workloads[i] as Workload] as const)
        .filter(([sw, w]) => d.workloads.includes(sw.name) && !isGangScheduled(w))
        .map(([sw]) => sw.name)
    : [];
  return { ok: neverStart.length === 0 && deadlockedWithoutGang.length === 0, neverStart, deadlockedWithoutGang };
}
