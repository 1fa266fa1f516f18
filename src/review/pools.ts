// What a change does to the GPU node pools Terraform declares: each pool matched by its name in
// its module (or plan; a plan against its own `before`), with its size and monthly cost at
// minimum, desired and maximum on both sides. Pure; review.ts adds it to the result and judges it.
import { HOURS_PER_MONTH } from "../catalog/instance-types.js";
import { poolCost } from "../estimate/pool-cost.js";
import { poolPairs } from "../model/terraform-change.js";
import type { GpuPool } from "../model/terraform-pools.js";
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
  /** `replaced`: the change destroys the pool's nodes and creates new ones. */
  action: ChangeAction | "replaced";
  /** Why it is replaced (a ForceNew attribute, the plan's actions). */
  replacedBecause?: string;
  before: PoolSide | undefined;
  after: PoolSide | undefined;
  /** A side has a size but no price: its cost is not in the totals. */
  priceUnknown: boolean;
}

function sideOf(p: GpuPool | undefined): PoolSide | undefined {
  if (!p) return undefined;
  const c = poolCost(p);
  const n = (x: number | undefined) => (x === undefined ? null : x);
  const usd = (x: number | undefined) => (x === undefined ? null : Math.round(x * 100) / 100);
  return {
    instanceType: c.instanceType,
    acceleratorsPerNode: n(c.acceleratorsPerNode),
    nodes: { min: n(c.nodes.min), desired: n(c.nodes.desired), max: n(c.nodes.max) },
    monthlyUsd: { min: usd(c.monthlyUsd.min), desired: usd(c.monthlyUsd.desired), max: usd(c.monthlyUsd.max) },
  };
}

function unpriced(s: PoolSide | undefined): boolean {
  return s !== undefined && s.nodes.desired !== null && s.nodes.desired > 0 && s.monthlyUsd.desired === null;
}

/**
 * The GPU pools added, removed, replaced or changed (size, type, price) between the two sides; a
 * plan of the head is compared with its own `before` values (src/model/terraform-change.ts).
 */
export function poolChanges(base: CheckedSet, head: CheckedSet): PoolChange[] {
  const out: PoolChange[] = [];
  for (const pair of poolPairs(base.terraform, head.terraform)) {
    const before = sideOf(pair.before);
    const after = sideOf(pair.after);
    if (before && after && !pair.replaced && canonical(before) === canonical(after)) continue;
    out.push({
      pool: pair.name,
      module: pair.module,
      action: !before ? "added" : !after ? "removed" : pair.replaced ? "replaced" : "modified",
      before,
      after,
      ...(pair.replaced ? { replacedBecause: pair.replaced.why } : {}),
      priceUnknown: unpriced(before) || unpriced(after),
    });
  }
  return out;
}

/** Total monthly cost at one size over one side of the changes (unknown counted as 0). */
export function poolTotal(changes: readonly PoolChange[], side: "before" | "after", size: keyof Sizes): number {
  return changes.reduce((n, c) => n + (c[side]?.monthlyUsd[size] ?? 0), 0);
}

/** A monthly amount as a daily one, to compare with the per-day allowance of `--max-cost-increase`. */
export function monthlyToDaily(usd: number): number {
  return (usd / HOURS_PER_MONTH) * 24;
}
