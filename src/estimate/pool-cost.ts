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
  price: InstancePriceRow | undefined;
  capacity: GpuPool["capacity"];
  /** Sizes are per zone (GKE node counts): multiply by the pool's zones. */
  perZone: boolean;
}

export function poolCost(p: GpuPool): PoolCost {
  const price = p.row?.price ?? (p.types[0] ? listedPrice(p.cloud, p.types[0]) : undefined);
  const monthly = (n: number | undefined) =>
    n === undefined || price === undefined ? undefined : n * price.onDemandPerHour * HOURS_PER_MONTH;
  return {
    instanceType: p.types[0] ?? "",
    accelerator: p.row?.accelerator ?? (p.stack === "neuron" ? "AWS Neuron" : "GPU"),
    acceleratorsPerNode: p.perNode,
    nodes: { min: p.min.value, desired: p.desired.value, max: p.max.value },
    monthlyUsd: { min: monthly(p.min.value), desired: monthly(p.desired.value), max: monthly(p.max.value) },
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
  const spot = c.capacity === "spot" ? "; Spot capacity costs less, the catalog has no Spot prices" : "";
  return `nodes ${sizes}${price}${spot}`;
}
