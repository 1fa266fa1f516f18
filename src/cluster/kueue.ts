/**
 * Kueue's admission, as far as the simulator needs it: which ClusterQueue a workload's LocalQueue
 * points to, each ClusterQueue's nominal quota per resource (summed over its flavors), its cohort
 * and borrowing limits, and whether a workload's requests fit what is left. Kueue admits a
 * workload whole, or leaves its job suspended (no pods); an admitted workload holds its quota
 * until it finishes. Pure: reads the queues as the model reads them (src/model/kueue.ts).
 */

import type { ClusterQueueQuota, KueueSetup } from "../model/kueue.js";
import { queueName } from "../model/kueue-queue.js";
import type { Workload } from "../model/workload.js";

/** What Kueue does with one workload: not managed, managed by a ClusterQueue, or never admitted (why). */
export type KueueRoute =
  | { managed: false }
  | { managed: true; clusterQueue: ClusterQueueQuota }
  | { managed: true; clusterQueue: undefined; reason: string };

export function routeOf(w: Workload, k: KueueSetup | undefined): KueueRoute {
  const queue = queueName(w);
  if (!k || !queue) return { managed: false };
  const key = `${w.resource.namespace ?? "default"}/${queue}`;
  const cqName = k.localQueues.get(key);
  if (!cqName)
    return {
      managed: true,
      clusterQueue: undefined,
      reason: `no LocalQueue ${key} in the manifests: Kueue keeps it suspended`,
    };
  const cq = k.clusterQueues.get(cqName);
  if (!cq)
    return {
      managed: true,
      clusterQueue: undefined,
      reason: `LocalQueue ${key} points to ClusterQueue ${cqName}, which is not in the manifests: Kueue keeps it suspended`,
    };
  return { managed: true, clusterQueue: cq };
}

/** Quota in use per ClusterQueue and resource. */
export type QuotaUsage = Map<string, Record<string, number>>;

/**
 * Whether `req` fits in the queue now: for every resource it asks for, the queue's usage plus the
 * request stays within its nominal quota plus what it may borrow — the cohort's unused nominal
 * quota, capped by its borrowingLimit. A resource the queue has no quota for never fits.
 */
export function fitsQuota(
  cq: ClusterQueueQuota,
  req: Readonly<Record<string, number>>,
  usage: QuotaUsage,
  k: KueueSetup,
): boolean {
  const used = usage.get(cq.name) ?? {};
  for (const [r, need] of Object.entries(req)) {
    // The scheduler's own count of pods is not a request Kueue sees unless the queue covers it.
    if (need <= 0 || (r === "pods" && cq.nominal.pods === undefined)) continue;
    const nominal = cq.nominal[r];
    if (nominal === undefined) return false;
    const after = (used[r] ?? 0) + need;
    if (after <= nominal + 1e-9) continue;
    if (!cq.cohort) return false;
    let spare = 0;
    for (const other of k.clusterQueues.values()) {
      if (other === cq || other.cohort !== cq.cohort) continue;
      spare += Math.max(0, (other.nominal[r] ?? 0) - (usage.get(other.name)?.[r] ?? 0));
    }
    const limit = cq.borrowingLimit[r] ?? Number.POSITIVE_INFINITY;
    if (after - nominal > Math.min(spare, limit) + 1e-9) return false;
  }
  return true;
}

/** Whether `req` could ever fit the queue (nothing else admitted). */
export function everFitsQuota(cq: ClusterQueueQuota, req: Readonly<Record<string, number>>, k: KueueSetup): boolean {
  return fitsQuota(cq, req, new Map(), k);
}

export function addUsage(usage: QuotaUsage, cq: string, req: Readonly<Record<string, number>>, sign: 1 | -1): void {
  const u = usage.get(cq) ?? {};
  for (const [r, v] of Object.entries(req)) u[r] = (u[r] ?? 0) + sign * v;
  usage.set(cq, u);
}
