// What a change does to the GPU node pools Terraform declares: each pool matched by its name in
// its module (or plan), with its size and monthly cost at minimum, desired and maximum on both
// sides. Pure; review.ts adds it to the result and judges it.
import { HOURS_PER_MONTH } from "../catalog/instance-types.js";
import { poolCost } from "../estimate/pool-cost.js";
import { gpuPools } from "../model/terraform-pools.js";
import type { ChangeAction, CheckedSet } from "../rules/types.js";
import { canonical } from "../util/canonical.js";

interface Sizes {
  min: number | null;
  desired: number | null;
  max: number | null;
}

export interface PoolSide {
  instanceType: string;
  /** Accelerators per node; null where not known. */
  acceleratorsPerNode: number | null;
  nodes: Sizes;
  /** USD a month (730 hours) on demand; null where the size or the price is not known. */
  monthlyUsd: Sizes;
}

export interface PoolChange {
  /** The pool's name: its address (and module group key). */
  pool: string;
  /** The module directory or plan file it is declared in (head side, else base). */
  module: string;
  action: ChangeAction;
  before: PoolSide | undefined;
  after: PoolSide | undefined;
  /** A side has a size but no price: its cost is not in the totals. */
  priceUnknown: boolean;
}

function sideOf(set: CheckedSet): Map<string, { module: string; pool: string; side: PoolSide }> {
  const out = new Map<string, { module: string; pool: string; side: PoolSide }>();
  if (!set.terraform) return out;
  for (const p of gpuPools(set.terraform)) {
    const c = poolCost(p);
    const n = (x: number | undefined) => (x === undefined ? null : x);
    const usd = (x: number | undefined) => (x === undefined ? null : Math.round(x * 100) / 100);
    out.set(`${p.object.module}\u0000${p.name}`, {
      module: p.object.module,
      pool: p.name,
      side: {
        instanceType: c.instanceType,
        acceleratorsPerNode: n(c.acceleratorsPerNode),
        nodes: { min: n(c.nodes.min), desired: n(c.nodes.desired), max: n(c.nodes.max) },
        monthlyUsd: { min: usd(c.monthlyUsd.min), desired: usd(c.monthlyUsd.desired), max: usd(c.monthlyUsd.max) },
      },
    });
  }
  return out;
}

function unpriced(s: PoolSide | undefined): boolean {
  return s !== undefined && s.nodes.desired !== null && s.nodes.desired > 0 && s.monthlyUsd.desired === null;
}

/** The GPU pools added, removed or changed (size, type, price) between the two sides. */
export function poolChanges(base: CheckedSet, head: CheckedSet): PoolChange[] {
  const b = sideOf(base);
  const h = sideOf(head);
  const out: PoolChange[] = [];
  for (const key of new Set([...b.keys(), ...h.keys()])) {
    const before = b.get(key);
    const after = h.get(key);
    if (before && after && canonical(before.side) === canonical(after.side)) continue;
    const which = (after ?? before) as { module: string; pool: string };
    out.push({
      pool: which.pool,
      module: which.module,
      action: !before ? "added" : !after ? "removed" : "modified",
      before: before?.side,
      after: after?.side,
      priceUnknown: unpriced(before?.side) || unpriced(after?.side),
    });
  }
  return out.sort((x, y) => (x.module + x.pool < y.module + y.pool ? -1 : 1));
}

/** Total monthly cost at one size over one side of the changes (unknown counted as 0). */
export function poolTotal(changes: readonly PoolChange[], side: "before" | "after", size: keyof Sizes): number {
  return changes.reduce((n, c) => n + (c[side]?.monthlyUsd[size] ?? 0), 0);
}

/** A monthly amount as a daily one, to compare with the per-day allowance of `--max-cost-increase`. */
export function monthlyToDaily(usd: number): number {
  return (usd / HOURS_PER_MONTH) * 24;
}
