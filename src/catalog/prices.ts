import type { GpuId } from "./gpus.js";
import { INSTANCE_TYPES, type InstancePriceRow } from "./instance-types.js";

/**
 * GPU instance prices and bare-metal purchase prices for `mlgate estimate`. Data only. Prices
 * change: every row carries the date the price was observed (as its source gives it, month
 * precision where that is all the source says) and the source. None of the hyperscaler pages could
 * be read first-hand; every row is a secondary source quoting the provider (see
 * ../shared/research/training-math.md §7, read 2026-11-29). `--price-per-gpu-hour` overrides the
 * table and `--price-file` replaces it.
 */

export interface InstancePrice {
  /** `provider:instance`, the value `--cloud` takes. */
  id: string;
  provider: string;
  instance: string;
  gpu: GpuId;
  gpus: number;
  /** On-demand price per instance-hour, USD. */
  onDemandPerHour: number;
  /** Committed-use price per GPU-hour, USD, where published. */
  commit1yPerGpuHour?: number;
  commit3yPerGpuHour?: number;
  region?: string;
  observed: string;
  source: string;
}

const LISTED_PRICES: readonly InstancePrice[] = [
  {
    id: "aws:p5.48xlarge",
    provider: "aws",
    instance: "p5.48xlarge",
    gpu: "h100-sxm",
    gpus: 8,
    onDemandPerHour: 55.04,
    region: "us-east-1",
    observed: "2026-09",
    source:
      "GPUFlow pricing post (p5.4xlarge, 1× H100, $6.88/GPU-h after AWS's June 2025 cut) × 8; pre-cut list $98.32/h",
  },
  {
    id: "aws:p4de.24xlarge",
    provider: "aws",
    instance: "p4de.24xlarge",
    gpu: "a100-80gb",
    gpus: 8,
    onDemandPerHour: 27.45,
    region: "us-east-1",
    observed: "2026-09",
    source:
      "GPUFlow pricing post (after the June 2025 cut); 2022-08-19 list $40.97/h, 1-yr $3.00, 3-yr $1.81/GPU-h (Epoch AI Hardware prices.csv)",
  },
  {
    id: "aws:p4d.24xlarge",
    provider: "aws",
    instance: "p4d.24xlarge",
    gpu: "a100-40gb",
    gpus: 8,
    onDemandPerHour: 32.77,
    commit1yPerGpuHour: 2.4,
    commit3yPerGpuHour: 1.45,
    region: "us-east-1",
    observed: "2023-03-10",
    source:
      "Epoch AI training-cost-trends 'Hardware prices.csv' (archive.org of the AWS P4 page); ~$21.96/h after the June 2025 cut (instances.vantage.sh, quoted)",
  },
  {
    id: "gcp:a3-highgpu-8g",
    provider: "gcp",
    instance: "a3-highgpu-8g",
    gpu: "h100-sxm",
    gpus: 8,
    onDemandPerHour: 88.49,
    region: "us-central1",
    observed: "2026-09",
    source: "GPUFlow pricing post (spot $41.60/h)",
  },
  {
    id: "gcp:a2-highgpu-8g",
    provider: "gcp",
    instance: "a2-highgpu-8g",
    gpu: "a100-40gb",
    gpus: 8,
    onDemandPerHour: 29.36,
    region: "us-central1",
    observed: "2022-08-04",
    source: "the-full-stack cloud-gpus.csv / Epoch AI Hardware prices.csv (spot $8.81/h)",
  },
  {
    id: "azure:ND96isr_H100_v5",
    provider: "azure",
    instance: "ND96isr_H100_v5",
    gpu: "h100-sxm",
    gpus: 8,
    onDemandPerHour: 98.32,
    region: "eastus",
    observed: "2026",
    source: "instances.vantage.sh-derived values quoted in public posts",
  },
  {
    id: "azure:ND96amsr_A100_v4",
    provider: "azure",
    instance: "ND96amsr_A100_v4",
    gpu: "a100-80gb",
    gpus: 8,
    onDemandPerHour: 32.8,
    commit1yPerGpuHour: 3.53,
    commit3yPerGpuHour: 2.13,
    region: "eastus",
    observed: "2024-01-29",
    source: "Epoch AI Hardware prices.csv (Azure pricing page, $4.10/GPU-h)",
  },
  {
    id: "azure:ND96asr_A100_v4",
    provider: "azure",
    instance: "ND96asr_A100_v4",
    gpu: "a100-40gb",
    gpus: 8,
    onDemandPerHour: 27.2,
    commit1yPerGpuHour: 2.83,
    commit3yPerGpuHour: 1.7,
    region: "eastus",
    observed: "2024-01-29",
    source: "Epoch AI Hardware prices.csv (Azure pricing page, $3.40/GPU-h)",
  },
  {
    id: "azure:ND96isr_MI300X_v5",
    provider: "azure",
    instance: "ND96isr_MI300X_v5",
    gpu: "mi300x",
    gpus: 8,
    onDemandPerHour: 48,
    region: "eastus2",
    observed: "2026-06-18",
    source:
      "Azure/karpenter-provider-azure@352646f59929 pkg/providers/pricing/zz_generated.pricing.go (generated 2026-06-18), Standard_ND96isr_MI300X_v5, Linux on-demand; 8 × MI300X per VM (learn.microsoft.com ND MI300X v5 series)",
  },
  {
    id: "lambda:h100-sxm",
    provider: "lambda",
    instance: "8x H100 SXM",
    gpu: "h100-sxm",
    gpus: 8,
    onDemandPerHour: 31.92,
    observed: "2026-09",
    source: "GPUFlow pricing post ($3.99/GPU-h); $3.49 on 2024-01-29 (Epoch AI, lambdalabs.com)",
  },
  {
    id: "lambda:a100-80gb",
    provider: "lambda",
    instance: "8x A100 80GB",
    gpu: "a100-80gb",
    gpus: 8,
    onDemandPerHour: 22.32,
    observed: "2026-09",
    source: "GPUFlow pricing post ($2.79/GPU-h)",
  },
  {
    id: "lambda:h100-pcie",
    provider: "lambda",
    instance: "1x H100 PCIe",
    gpu: "h100-pcie",
    gpus: 1,
    onDemandPerHour: 2.49,
    observed: "2024-01-29",
    source: "Epoch AI Hardware prices.csv (lambdalabs.com)",
  },
  {
    id: "coreweave:hgx-h100",
    provider: "coreweave",
    instance: "HGX H100 (8 GPUs)",
    gpu: "h100-sxm",
    gpus: 8,
    onDemandPerHour: 49.28,
    observed: "2026-07",
    source: 'ComputeTape summary ($6.16/GPU-h list; "up to 60% off" through sales)',
  },
  {
    id: "oracle:BM.GPU.H100.8",
    provider: "oracle",
    instance: "BM.GPU.H100.8",
    gpu: "h100-sxm",
    gpus: 8,
    onDemandPerHour: 80,
    observed: "2023-10-23",
    source: "the-full-stack cloud-gpus.csv ($10.00/GPU-h)",
  },
];

/** Azure sizes are written with and without their `Standard_` prefix. */
function instanceKey(provider: string, instance: string): string {
  return `${provider}:${instance.replace(/^Standard_/i, "").toLowerCase()}`;
}

/**
 * The offers `estimate` knows: the rows above, then every priced GPU type of the instance-type
 * catalog (instance-types.ts: Karpenter's and the cluster autoscaler's generated price tables) that
 * the rows above do not list.
 */
export const INSTANCE_PRICES: readonly InstancePrice[] = [
  ...LISTED_PRICES,
  ...INSTANCE_TYPES.filter(
    (t) =>
      t.gpu &&
      t.price &&
      !LISTED_PRICES.some((p) => instanceKey(p.provider, p.instance) === instanceKey(t.cloud, t.name)),
  ).map(
    (t): InstancePrice => ({
      id: `${t.cloud}:${t.name}`,
      provider: t.cloud,
      instance: t.name,
      gpu: t.gpu as GpuId,
      gpus: t.count,
      onDemandPerHour: (t.price as InstancePriceRow).onDemandPerHour,
      region: (t.price as InstancePriceRow).region,
      observed: (t.price as InstancePriceRow).observed,
      source: (t.price as InstancePriceRow).source,
    }),
  ),
];

/** The on-demand price of an instance type from the offers above, for node pools the instance-type catalog has no price for. */
export function listedPrice(cloud: string, instance: string): InstancePriceRow | undefined {
  const key = instanceKey(cloud, instance);
  const p = INSTANCE_PRICES.find((o) => instanceKey(o.provider, o.instance) === key);
  return p
    ? { onDemandPerHour: p.onDemandPerHour, region: p.region ?? "unstated", observed: p.observed, source: p.source }
    : undefined;
}

/**
 * The instance `estimate` prices a GPU at when no `--cloud` is given: a hyperscaler's largest
 * instance of it (the one a multi-GPU job rents). A GPU without an entry and without `--cloud` has
 * no cloud price: it is never priced as another GPU. No listed price: rtx-6000-ada, h20, gaudi3
 * (none of the catalogs read lists them), trainium2 (Karpenter's table has no trn2 price).
 */
export const DEFAULT_INSTANCE: Partial<Record<GpuId, string>> = {
  "h100-sxm": "aws:p5.48xlarge",
  "a100-80gb": "aws:p4de.24xlarge",
  "a100-40gb": "aws:p4d.24xlarge",
  "h100-pcie": "lambda:h100-pcie",
  h200: "aws:p5en.48xlarge",
  b200: "aws:p6-b200.48xlarge",
  mi300x: "azure:ND96isr_MI300X_v5",
  l4: "aws:g6.48xlarge",
  l40s: "aws:g6e.48xlarge",
  a10g: "aws:g5.48xlarge",
  a10: "azure:Standard_NV36ads_A10_v5",
  t4: "aws:g4dn.12xlarge",
  inferentia2: "aws:inf2.48xlarge",
  trainium: "aws:trn1.32xlarge",
};

/** Instance types whose name fixes the GPU (node.kubernetes.io/instance-type in manifests). */
export const INSTANCE_GPU: Readonly<Record<string, GpuId>> = Object.fromEntries([
  ...INSTANCE_TYPES.filter((t) => t.gpu).map((t) => [t.name, t.gpu as GpuId]),
  ...INSTANCE_PRICES.filter((p) => p.provider !== "lambda" && p.provider !== "coreweave").map((p) => [
    p.instance,
    p.gpu,
  ]),
]);

export interface ServerPrice {
  gpu: GpuId;
  /** USD for one 8-GPU server, without the cluster network. */
  usd: number;
  observed: string;
  source: string;
}

/** Purchase price of one 8-GPU server, where a price was published. */
export const SERVER_PRICES: Partial<Record<GpuId, ServerPrice>> = {
  "h100-sxm": {
    gpu: "h100-sxm",
    usd: 270_000,
    observed: "2023-05-29",
    source:
      'SemiAnalysis: "Nvidia sells DGX H100\'s at around $270,000" (via Epoch AI Hardware prices.csv); list quotes run to ~$330k (Delta Computer, 2023-12)',
  },
};

/** Bare-metal running costs, with sources. */
export const BARE_METAL_DEFAULTS = {
  amortizeYears: { value: 3, source: "36-month amortisation, the common assumption (inflect.com GPU cost guide)" },
  utilization: {
    value: 0.75,
    source: "Disintermediate glossary: operators observe 75–90% time-based utilisation (low end taken)",
  },
  pue: { value: 1.1, source: "LLaMA (Touvron et al. 2023) Table 15: PUE 1.1" },
  kwhPrice: { value: 0.1, source: "inflect.com GPU cost guide: $0.10/kWh" },
  coloPerGpuMonth: {
    value: 225,
    source: "inflect.com GPU cost guide: colocation $150–300 per GPU-month (midpoint)",
  },
  networkShare: {
    value: 0.19,
    source: "Epoch AI training_cost_trends constants.py: cluster interconnect = 19% of cluster cost",
  },
  hostW: { value: 600, source: "bottom-up server power: 500 W host + 100 W network (training-math.md §7)" },
  observed: "2026-11-29",
} as const;

/** A user price file: a JSON array of InstancePrice-shaped rows that replaces the table. */
export function validatePriceRows(rows: unknown): InstancePrice[] | string {
  if (!Array.isArray(rows)) return "the price file must hold a JSON array of rows";
  const out: InstancePrice[] = [];
  for (const [i, r] of rows.entries()) {
    if (typeof r !== "object" || r === null) return `row ${i}: not an object`;
    const o = r as Record<string, unknown>;
    for (const k of ["provider", "instance", "gpu", "observed", "source"])
      if (typeof o[k] !== "string") return `row ${i}: "${k}" must be a string`;
    for (const k of ["gpus", "onDemandPerHour"])
      if (typeof o[k] !== "number" || !((o[k] as number) > 0)) return `row ${i}: "${k}" must be a positive number`;
    out.push({ ...(o as unknown as InstancePrice), id: `${o.provider}:${o.instance}` });
  }
  return out;
}
