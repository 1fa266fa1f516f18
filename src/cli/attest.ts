// `--attest FILE`: writes the in-toto Statement of a check or a review (src/report/attestation.ts).
import { writeFileSync } from "node:fs";
import { relative, resolve, sep } from "node:path";
import type { FoundConfig } from "../config/config.js";
import { UsageError } from "./usage.js";

export function writeAttestation(file: string, cwd: string, statement: Record<string, unknown>): void {
  try {
    writeFileSync(resolve(cwd, file), `${JSON.stringify(statement, null, 2)}\n`);
  } catch (err) {
    throw new UsageError(`--attest ${file}: cannot write: ${(err as Error).message}`);
  }
}

/** Configuration files by their path from the working directory, as the statement names them. */
export function configsFrom(cwd: string, found: readonly FoundConfig[]): FoundConfig[] {
  return found.map((f) => ({
    path: f.path ? relative(cwd, f.path).split(sep).join("/") : undefined,
    config: f.config,
  }));
}
