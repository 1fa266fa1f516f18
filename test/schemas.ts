// The published JSON Schemas (docs/schema/*.schema.json), loaded together into one ajv in strict
// mode, for the tests that validate CLI output against them.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { expect } from "vitest";
import { repoRoot } from "./corpus.js";

export const schemaDir = join(repoRoot, "docs", "schema");
export const schemaFiles = readdirSync(schemaDir).filter((f) => f.endsWith(".schema.json"));
// ajv is CommonJS with `exports.default`; take the class from either shape.
const AjvClass = ((Ajv as unknown as { default?: unknown }).default ?? Ajv) as typeof import("ajv").default;
export const ajv = new AjvClass({ allErrors: true, strict: true, allowUnionTypes: true });
export const schemas = new Map<string, Record<string, unknown>>();
for (const f of schemaFiles) {
  const s = JSON.parse(readFileSync(join(schemaDir, f), "utf8"));
  schemas.set(f, s);
  ajv.addSchema(s, f);
}

/** Validates `json` against docs/schema/<file>, with ajv's errors as the failure message. */
export function expectValid(file: string, json: unknown): void {
  const validate = ajv.getSchema(file);
  if (validate === undefined) throw new Error(`docs/schema/${file} is missing`);
  const ok = validate(json);
  expect(ok, `${file}: ${JSON.stringify(validate.errors?.slice(0, 5), null, 1)}`).toBe(true);
}
