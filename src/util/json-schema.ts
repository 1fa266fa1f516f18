// The part of JSON Schema (draft-07) that rules use to declare their options, and a validator for
// it. A full validator (ajv) costs about 100 ms to load and as much to compile a schema, paid on
// every run; the options of a rule are a few flat values, so the keywords below are all that is
// needed. src/rules/options.test.ts checks every rule's schema with ajv in strict mode and that
// this validator agrees with ajv on the values it is tested with.

export type JsonSchemaType = "object" | "array" | "string" | "number" | "integer" | "boolean";

export interface JsonSchema {
  type: JsonSchemaType;
  /** What the value means: shown on the rule's docs page. */
  description?: string;
  /** The value when none is configured: the rule reads it, and the docs page shows it. */
  default?: unknown;
  enum?: readonly (string | number | boolean)[];
  minimum?: number;
  maximum?: number;
  minItems?: number;
  items?: JsonSchema;
  properties?: Readonly<Record<string, JsonSchema>>;
  required?: readonly string[];
  additionalProperties?: false;
}

function typeOk(type: JsonSchemaType, v: unknown): boolean {
  switch (type) {
    case "object":
      return typeof v === "object" && v !== null && !Array.isArray(v);
    case "array":
      return Array.isArray(v);
    case "integer":
      return typeof v === "number" && Number.isInteger(v);
    case "number":
      return typeof v === "number" && Number.isFinite(v);
    default:
      return typeof v === type;
  }
}

const A: Record<JsonSchemaType, string> = {
  object: "a mapping",
  array: "a list",
  string: "a string",
  number: "a number",
  integer: "a whole number",
  boolean: "true or false",
};

/** The problems of `value` against `schema`, each naming where (`at`, then `.key` and `[i]`); empty when valid. */
export function validateJson(schema: JsonSchema, value: unknown, at: string): string[] {
  if (!typeOk(schema.type, value)) return [`${at}: must be ${A[schema.type]}`];
  const out: string[] = [];
  if (schema.enum && !schema.enum.includes(value as string | number | boolean))
    out.push(`${at}: must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`);
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) out.push(`${at}: must be at least ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) out.push(`${at}: must be at most ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      out.push(`${at}: must have at least ${schema.minItems} item${schema.minItems === 1 ? "" : "s"}`);
    const items = schema.items;
    if (items)
      value.forEach((v, i) => {
        out.push(...validateJson(items, v, `${at}[${i}]`));
      });
  } else if (schema.type === "object") {
    const obj = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in obj)) out.push(`${at}: needs "${key}"`);
    for (const [key, v] of Object.entries(obj)) {
      const p = schema.properties?.[key];
      if (p) out.push(...validateJson(p, v, `${at}.${key}`));
      else if (schema.additionalProperties === false) {
        const known = Object.keys(schema.properties ?? {});
        out.push(`${at}: unknown key "${key}"${known.length > 0 ? ` (expected ${known.join(", ")})` : ""}`);
      }
    }
  }
  return out;
}

/** The value of each property of an object schema that declares a `default`. */
export function defaultsOf(schema: JsonSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, p] of Object.entries(schema.properties ?? {})) if (p.default !== undefined) out[key] = p.default;
  return out;
}
