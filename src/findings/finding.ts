import type { SkippedFile } from "../load/claim.js";
import type { RenderRecord } from "../load/types.js";
import type { ResourceRef } from "../model/resource.js";
import type { Category, Severity } from "../model/severity.js";

/** One finding, exactly as the JSON contract (DESIGN.md) names its fields. */
export interface Finding {
  ruleId: string;
  category: Category;
  severity: Severity;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The Kubernetes object; null for findings about a whole file (unreadable, unparsable). */
  resource: ResourceRef | null;
  path: string;
  /** The span holds a secret value: no formatter may print its text (not part of the JSON contract). */
  secret?: boolean;
  /** A rule threw: the finding reports mlgate's own bug, not the input (not part of the JSON contract). */
  internal?: boolean;
  /** The id of the rule's message the finding was made from (not part of the JSON contract). */
  messageId?: string;
}

export interface Summary {
  files: number;
  documents: number;
  findings: number;
  errors: number;
  warnings: number;
  infos: number;
  /** Files no loader claims (other tools' configuration), not checked; listed with `--verbose`. */
  skipped: number;
  /** Charts and kustomizations rendered before checking: which renderer, which version. */
  rendered?: RenderRecord[];
}

/** Node counts or USD a month at a pool's minimum, desired and maximum size; null where not known. */
export interface PoolSizes {
  min: number | null;
  desired: number | null;
  max: number | null;
}

/** One Terraform GPU node pool and what it costs a month (check's JSON `gpuPools.pools[]`). */
export interface PoolCostEntry {
  pool: string;
  file: string;
  module: string;
  cloud: string;
  instanceType: string;
  accelerator: string;
  acceleratorsPerNode: number | null;
  capacity: string | null;
  perZone: boolean;
  nodes: PoolSizes;
  /** On demand, 730 hours a month. */
  monthlyUsd: PoolSizes;
  /** Spot pools whose type has a Spot price in the catalog. */
  spotMonthlyUsd?: PoolSizes;
  price: { onDemandPerHour: number; spotPerHour?: number; region: string; observed: string; source: string } | null;
}

export interface GpuPoolsReport {
  pools: PoolCostEntry[];
  /** Sum over the pools with a known size and price (on demand). */
  totalMonthlyUsd: { min: number; desired: number; max: number };
}

export interface CheckResult {
  summary: Summary;
  findings: Finding[];
  /** Terraform GPU node pools of the run with their monthly cost; absent when the run has none. */
  gpuPools?: GpuPoolsReport;
  /** The files counted in `summary.skipped`, and why each is not a manifest. */
  skipped: SkippedFile[];
  /** Findings silenced by annotations or configuration; counted for `--verbose`-style reports. */
  suppressed: number;
  /** Suppressed findings that mark a secret: not reported, but their spans stay masked in code frames. */
  maskedSecrets?: Finding[];
}

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };
