import { POOL_REPLACEMENTS, type PoolFacet } from "../catalog/pool-replacement.js";
import { isReplace, planBefore, type TerraformSet, type TfLocation, type TfNode } from "./terraform.js";
import { type GpuPool, gpuPools } from "./terraform-pools.js";

/**
 * What a change does to Terraform's GPU node pools: each pool of the base paired with the pool of
 * the same name in the same module directory (or plan file) of the head. A plan is a change by
 * itself: a plan file of the head is compared with its own `change.before` values, unless the base
 * holds the very same plan (then it is not what this change introduces). Pure; `review` prices the
 * pairs and the `terraform/node-pool-replaced` rule reports the replacements.
 */

export interface Replacement {
  /** Where the head says it: the attribute that changed, or the plan's `change.actions`. */
  at: TfNode | TfLocation;
  /** In words: `instance type p4d.24xlarge → p5.48xlarge`, `the plan's actions delete, create (…)`. */
  why: string;
}

export interface PoolPair {
  module: string;
  name: string;
  before: GpuPool | undefined;
  after: GpuPool | undefined;
  /** The change destroys the pool's nodes and creates new ones; undefined: not replaced, or not known here. */
  replaced: Replacement | undefined;
}

function key(p: GpuPool): string {
  return `${p.object.module}\u0000${p.name}`;
}

function planText(set: TerraformSet | undefined, file: string): string | undefined {
  const o = set?.objects.find((x) => x.origin === "plan" && x.module === file);
  return o?.body.at.resource.doc.file.text;
}

/** Pools of both sides, paired by module (or plan file) and name. */
export function poolPairs(base: TerraformSet | undefined, head: TerraformSet | undefined): PoolPair[] {
  const headPools = head ? gpuPools(head) : [];
  const headPlans = new Set(head?.objects.filter((o) => o.origin === "plan").map((o) => o.module) ?? []);
  const samePlan = new Set([...headPlans].filter((f) => planText(base, f) === planText(head, f)));
  const basePools: GpuPool[] = [];
  for (const p of base ? gpuPools(base) : []) {
    // A plan of the base stands for itself only where the head holds the same plan.
    if (p.object.origin === "hcl" || samePlan.has(p.object.module)) basePools.push(p);
  }
  if (head) for (const p of gpuPools(planBefore(head))) if (!samePlan.has(p.object.module)) basePools.push(p);
  const b = new Map(basePools.map((p) => [key(p), p]));
  const h = new Map(headPools.map((p) => [key(p), p]));
  const out: PoolPair[] = [];
  for (const k of new Set([...b.keys(), ...h.keys()])) {
    const before = b.get(k);
    const after = h.get(k);
    const which = (after ?? before) as GpuPool;
    out.push({
      module: which.object.module,
      name: which.name,
      before,
      after,
      replaced: before && after ? replacement(before, after) : undefined,
    });
  }
  return out.sort((x, y) => (x.module + x.name < y.module + y.name ? -1 : 1));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Whether going from `before` to `after` replaces the pool's nodes, and why. */
export function replacement(before: GpuPool, after: GpuPool): Replacement | undefined {
  const o = after.object;
  if (o.origin === "plan") {
    if (!isReplace(o)) return undefined;
    const reason = [o.actionReason, o.replacePaths ? `forced by ${o.replacePaths.join(", ")}` : undefined]
      .filter(Boolean)
      .join("; ");
    return {
      at: { resource: o.body.at.resource, path: ["change", "actions"] },
      why: `the plan's actions are ${o.actions?.join(", ")}${reason ? ` (${reason})` : ""}`,
    };
  }
  if (before.object.origin !== "hcl") return undefined;
  const rule = POOL_REPLACEMENTS.find((r) => r.type === (o.mode === "module" ? "module" : o.type));
  if (!rule) return undefined;
  const facets: Array<[PoolFacet, unknown, unknown, TfNode | undefined]> = [
    ["instance type", before.types, after.types, after.typeNode],
    ["image", before.image?.value, after.image?.value, after.image?.node],
    ["capacity type", before.capacity, after.capacity, undefined],
    ["driver installation", !!before.driverDisabled, !!after.driverDisabled, after.driverDisabled],
  ];
  for (const [facet, was, is, node] of facets) {
    const attr = rule.facets[facet];
    if (!attr) continue;
    if (was === undefined || is === undefined || (Array.isArray(was) && was.length === 0)) continue;
    if (Array.isArray(is) && is.length === 0) continue;
    if (same(was, is)) continue;
    const show = (v: unknown) =>
      Array.isArray(v) ? v.join(", ") : facet === "driver installation" ? (v ? "off" : "on") : String(v);
    return {
      at: node ?? after.body.get(attr) ?? after.typeNode ?? after.at,
      why: `${facet} ${show(was)} → ${show(is)} (${attr} cannot change in place)`,
    };
  }
  return undefined;
}
