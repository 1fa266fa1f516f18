import { readSources } from "../load/sources.js";
import type { SourceFile } from "../load/types.js";
import { type CliIo, UsageError } from "./usage.js";

/** What `--crd` says in each command's help. */
export const CRD_OPTION_HELP =
  "a CustomResourceDefinition file or directory whose kinds validate the documents: fields, types, enums, required fields, x-kubernetes-validations (CEL) (repeatable; also crds: in .mlgate.yaml; CRDs among the checked files count too)";

/**
 * The files of `--crd` and `crds:` (check, review and serve read them alike): each path must
 * exist and hold at least one CustomResourceDefinition.
 */
export function readCrds(paths: readonly string[], io: CliIo, maxFileSize: number): SourceFile[] {
  const out: SourceFile[] = [];
  for (const path of new Set(paths)) {
    const read = readSources([path], { cwd: io.cwd, exclude: [], maxFileSize, env: io.env });
    if (read.missing.length > 0) throw new UsageError(`--crd ${path}: no such file or directory`);
    const files = read.files.filter((f) => /\bCustomResourceDefinition\b/.test(f.text));
    if (files.length === 0)
      throw new UsageError(`--crd ${path}: no CustomResourceDefinition in it (give CRD files or a directory of them)`);
    out.push(...files);
  }
  return out;
}
