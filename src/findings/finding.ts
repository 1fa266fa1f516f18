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

export interface CheckResult {
  summary: Summary;
  findings: Finding[];
  /** The files counted in `summary.skipped`, and why each is not a manifest. */
  skipped: SkippedFile[];
  /** Findings silenced by annotations or configuration; counted for `--verbose`-style reports. */
  suppressed: number;
  /** Suppressed findings that mark a secret: not reported, but their spans stay masked in code frames. */
  maskedSecrets?: Finding[];
}

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };
