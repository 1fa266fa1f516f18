import { HOURS_PER_MONTH, type InstancePriceRow, type InstanceType, instanceType } from "../catalog/instance-types.js";
import { listedPrice } from "../catalog/prices.js";
import type { KarpenterPool } from "../model/karpenter.js";
import type { GpuPool } from "../model/terraform-pools.js";

/** What a node pool costs a month at its minimum, desired and maximum size, on demand. */
export interface PoolCost {
  instanceType: string;
  accelerator: string;
  acceleratorsPerNode: number | undefined;
  /** Node counts; undefined where not known here. */
  nodes: { min: number | undefined; desired: number | undefined; max: number | undefined };
  /** USD per month (730 hours) at each size; undefined where the size or the price is not known. */
  monthlyUsd: { min: number | undefined; desired: number | undefined; max: number | undefined };
  /** A Spot pool where the catalog has the type's Spot price: USD per month at each size on Spot. */
  spotMonthlyUsd?: { min: number | undefined; desired: number | undefined; max: number | undefined };
  price: InstancePriceRow | undefined;
  capacity: GpuPool["capacity"];
  /** Sizes are per zone (GKE node counts): multiply by the pool's zones. */
  perZone: boolean;
}

export function poolCost(p: GpuPool): PoolCost {
  const price = p.row?.price ?? (p.types[0] ? listedPrice(p.cloud, p.types[0]) : undefined);
  const monthly = (n: number | undefined) =>
    n === undefined || price === undefined ? undefined : n * price.onDemandPerHour * HOURS_PER_MONTH;
  const spot = p.capacity === "spot" ? price?.spotPerHour : undefined;
  const spotly = (n: number | undefined) =>
    n === undefined || spot === undefined ? undefined : n * spot * HOURS_PER_MONTH;
  return {
    instanceType: p.types[0] ?? "",
    accelerator: p.row?.accelerator ?? (p.stack === "neuron" ? "AWS Neuron" : "GPU"),
    acceleratorsPerNode: p.perNode,
    nodes: { min: p.min.value, desired: p.desired.value, max: p.max.value },
    monthlyUsd: { min: monthly(p.min.value), desired: monthly(p.desired.value), max: monthly(p.max.value) },
    ...(spot !== undefined
      ? { spotMonthlyUsd: { min: spotly(p.min.value), desired: spotly(p.desired.value), max: spotly(p.max.value) } }
      : {}),
    price,
    capacity: p.capacity,
    perZone: p.perZone,
  };
}

export function usd(n: number): string {
  return `$${Math.round(n).toLocaleString("en-US")}`;
}

/** `min 0 nodes: $0, desired 2: $80,358, max 8: $321,434 a month on demand (…)`, each part only where known. */
export function formatPoolCost(c: PoolCost): string {
  const part = (label: string, n: number | undefined, m: number | undefined) =>
    n === undefined ? `${label} unknown` : m === undefined ? `${label} ${n}` : `${label} ${n}: ${usd(m)}`;
  const zone = c.perZone ? " per zone" : "";
  const sizes = [
    part(`min${zone}`, c.nodes.min, c.monthlyUsd.min),
    part("desired", c.nodes.desired, c.monthlyUsd.desired),
    part("max", c.nodes.max, c.monthlyUsd.max),
  ].join(", ");
  const price = c.price
    ? ` a month on demand ($${c.price.onDemandPerHour}/h per node, ${c.price.region}, price of ${c.price.observed})`
    : " (no price in the catalog for this type)";
  let spot = "";
  if (c.spotMonthlyUsd && c.price?.spotPerHour !== undefined) {
    const s = c.spotMonthlyUsd;
    const at = (n: number | undefined, m: number | undefined) =>
      n === undefined || m === undefined ? "unknown" : usd(m);
    spot = `; on Spot: min ${at(c.nodes.min, s.min)}, desired ${at(c.nodes.desired, s.desired)}, max ${at(c.nodes.max, s.max)} a month ($${c.price.spotPerHour}/h per node, same source)`;
  } else if (c.capacity === "spot") spot = "; Spot capacity costs less, the catalog has no Spot price for this type";
  return `nodes ${sizes}${price}${spot}`;
}

/** One pool's cost as check's JSON writes it (`gpuPools.pools[]` in docs/schema/check.schema.json). */
export function poolCostJson(p: GpuPool, c: PoolCost = poolCost(p)) {
  const n = (x: number | undefined) => (x === undefined ? null : x);
  const cents = (x: number | undefined) => (x === undefined ? null : Math.round(x * 100) / 100);
  const sizes = (m: PoolCost["monthlyUsd"]) => ({ min: cents(m.min), desired: cents(m.desired), max: cents(m.max) });
  return {
    pool: p.name,
    file: p.at.resource.doc.file.path,
    module: p.object.module,
    cloud: p.cloud,
    instanceType: c.instanceType,
    accelerator: c.accelerator,
    acceleratorsPerNode: n(c.acceleratorsPerNode),
    capacity: c.capacity ?? null,
    perZone: c.perZone,
    nodes: { min: n(c.nodes.min), desired: n(c.nodes.desired), max: n(c.nodes.max) },
    monthlyUsd: sizes(c.monthlyUsd),
    ...(c.spotMonthlyUsd ? { spotMonthlyUsd: sizes(c.spotMonthlyUsd) } : {}),
    price: c.price
      ? {
          onDemandPerHour: c.price.onDemandPerHour,
          ...(c.price.spotPerHour !== undefined ? { spotPerHour: c.price.spotPerHour } : {}),
          region: c.price.region,
          observed: c.price.observed,
          source: c.price.source,
        }
      : null,
  };
}

/**
 * A Karpenter NodePool's ceiling: Karpenter launches nodes until the pool's `spec.limits` would be
 * exceeded, so the largest bill is the limit in nodes, or in accelerators divided by the accelerators
 * per node, of the priciest instance type the pool allows. Known only when its requirements name
 * instance types the catalog prices; no limit at all is unbounded.
 */
export interface KarpenterCeiling {
  /** The NodePool has no node or accelerator limit: it can grow without bound. */
  unbounded: boolean;
  /** The priciest allowed type, its row and price. */
  instanceType: string | undefined;
  perNode: number | undefined;
  accelerator: string | undefined;
  price: InstancePriceRow | undefined;
  /** Nodes at the limit, and what they cost a month on demand; undefined where not known. */
  maxNodes: number | undefined;
  maxMonthlyUsd: number | undefined;
  /** The limit that binds: `nodes` or the accelerator resource. */
  limit: { key: string; value: number } | undefined;
}

const ACCELERATOR_LIMITS = ["nvidia.com/gpu", "aws.amazon.com/neuron", "aws.amazon.com/neuroncore"];

function quantity(v: unknown): number | undefined {
  const n = typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v.trim()) ? Number(v) : undefined;
  return n !== undefined && Number.isFinite(n) ? n : undefined;
}

export function karpenterCeiling(p: KarpenterPool): KarpenterCeiling {
  const rows = p.instanceTypes.map((t) => instanceType(t)).filter((r): r is InstanceType => !!r?.price);
  const top = rows.reduce<InstanceType | undefined>(
    (a, b) => (!a || (b.price?.onDemandPerHour ?? 0) > (a.price?.onDemandPerHour ?? 0) ? b : a),
    undefined,
  );
  const nodesLimit = quantity(p.limits.nodes);
  const accelKey = ACCELERATOR_LIMITS.find((k) => p.limits[k] !== undefined);
  const accelLimit = accelKey ? quantity(p.limits[accelKey]) : undefined;
  const unbounded = nodesLimit === undefined && accelKey === undefined;
  const perNode = top?.count;
  // Neuron cores are not devices: only nvidia.com/gpu and aws.amazon.com/neuron count nodes here.
  const byAccel =
    accelLimit !== undefined && perNode && accelKey !== "aws.amazon.com/neuroncore"
      ? Math.floor(accelLimit / perNode)
      : undefined;
  const candidates = [nodesLimit, byAccel].filter((n): n is number => n !== undefined);
  const maxNodes = candidates.length > 0 ? Math.min(...candidates) : undefined;
  const limit =
    maxNodes === undefined
      ? undefined
      : maxNodes === byAccel && accelKey && accelLimit !== undefined
        ? { key: accelKey, value: accelLimit }
        : { key: "nodes", value: nodesLimit as number };
  return {
    unbounded,
    instanceType: top?.name,
    perNode,
    accelerator: top?.accelerator,
    price: top?.price,
    maxNodes,
    maxMonthlyUsd:
      maxNodes !== undefined && top?.price ? maxNodes * top.price.onDemandPerHour * HOURS_PER_MONTH : undefined,
    limit,
  };
}

/** A Karpenter NodePool as check's JSON writes a pool: no minimum (Karpenter launches nodes for pending pods), the limit as its maximum. */
export function karpenterCostJson(p: KarpenterPool, c: KarpenterCeiling = karpenterCeiling(p)) {
  const cents = (x: number | undefined) => (x === undefined ? null : Math.round(x * 100) / 100);
  const capacity =
    p.capacityTypes?.length === 1 && (p.capacityTypes[0] === "on-demand" || p.capacityTypes[0] === "spot")
      ? p.capacityTypes[0]
      : null;
  const file = p.resource.doc.file.path;
  return {
    pool: `NodePool ${p.name}`,
    file,
    module: file,
    cloud: "aws",
    instanceType: c.instanceType ?? p.instanceTypes[0] ?? "",
    accelerator: c.accelerator ?? "GPU",
    acceleratorsPerNode: c.perNode ?? null,
    capacity,
    perZone: false,
    nodes: { min: 0, desired: 0, max: c.maxNodes ?? null },
    monthlyUsd: { min: c.price ? 0 : null, desired: c.price ? 0 : null, max: cents(c.maxMonthlyUsd) },
    price: c.price
      ? {
          onDemandPerHour: c.price.onDemandPerHour,
          region: c.price.region,
          observed: c.price.observed,
          source: c.price.source,
        }
      : null,
  };
}
