import { HOURS_PER_MONTH, type InstancePriceRow } from "../catalog/instance-types.js";
import { listedPrice } from "../catalog/prices.js";
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
