// Shared helpers of the DVC and MLflow project rules (not a rule: the leading underscore keeps it out of the registry).
import type { DvcPathRef, DvcSet, DvcStage } from "../../model/dvc.js";
import { isWithin, overlaps } from "../../model/dvc.js";
import type { InvalidExample, RuleContext, RuleExample, Severity } from "../types.js";

/** Makers of rule examples checked as one project file (`dvc.yaml`, `MLproject`) with the files beside it. */
function examplesAt(path: string) {
  return {
    valid: (title: string, yaml: string, files: Record<string, string> = {}): RuleExample => ({
      title,
      yaml,
      path,
      files,
    }),
    invalid: (
      title: string,
      yaml: string,
      files: Record<string, string>,
      findings: InvalidExample["findings"],
    ): InvalidExample => ({ title, yaml, path, files, findings }),
  };
}

export const { valid: dvc, invalid: dvcInvalid } = examplesAt("dvc.yaml");
export const { valid: mlproject, invalid: mlprojectInvalid } = examplesAt("MLproject");

/** Every stage of the run, in file order. */
export function stagesOf(set: DvcSet): DvcStage[] {
  return set.pipelines.flatMap((p) => p.stages);
}

/** Reports at a path or output of a stage (a `- path: {flags}` entry at its key). */
export function reportRef(
  ctx: RuleContext,
  stage: DvcStage,
  ref: DvcPathRef,
  message: string,
  severity?: Severity,
): void {
  ctx.report({
    resource: stage.resource,
    path: ref.at,
    message,
    ...(ref.at.length === 3 ? { at: "key" as const } : {}),
    ...(severity ? { severity } : {}),
  });
}

/** What a stage is called in a message: its DVC address, and the dvc.yaml when the run has several. */
export function stageName(stage: DvcStage, set: DvcSet): string {
  return set.pipelines.length > 1 ? `${stage.name} (${stage.pipeline.doc.file.path})` : stage.name;
}

/** The stages (and `.dvc` files) whose outputs overlap a path, with the output. */
export function producersOf(set: DvcSet, path: string): Array<{ stage: DvcStage | undefined; out: DvcPathRef }> {
  const found: Array<{ stage: DvcStage | undefined; out: DvcPathRef }> = [];
  for (const s of stagesOf(set))
    for (const o of s.outs) if (o.path !== undefined && overlaps(path, o.path)) found.push({ stage: s, out: o });
  for (const t of set.tracked)
    for (const o of t.outs)
      if (o.path !== undefined && overlaps(path, o.path)) found.push({ stage: undefined, out: o });
  return found;
}

/** Whether an output whose `${…}` could not be resolved may be this path. */
export function mayBeProduced(set: DvcSet, path: string): boolean {
  for (const s of stagesOf(set))
    for (const o of s.outs)
      if (o.path === undefined && o.pattern && (o.pattern.test(path) || prefixMatch(o.pattern, path))) return true;
  return false;
}

/** Whether the pattern matches a directory above the path (an unresolved directory output holding it). */
function prefixMatch(pattern: RegExp, path: string): boolean {
  const parts = path.split("/");
  for (let i = parts.length - 1; i > 0; i--) if (pattern.test(parts.slice(0, i).join("/"))) return true;
  return false;
}

/** Whether a `.dvc` file in the tree tracks the path or a directory above it (`data.xml.dvc` for `data.xml`). */
export function trackedByDvcFile(set: DvcSet, path: string): boolean {
  if (!set.tree) return false;
  let p = path;
  for (;;) {
    if (set.tree.has(`${p}.dvc`)) return true;
    const i = p.lastIndexOf("/");
    if (i <= 0) return false;
    p = p.slice(0, i);
  }
}

export { isWithin, overlaps };
