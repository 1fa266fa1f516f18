/**
 * The CEL specification's conformance cases (google/cel-spec, shipped by @bufbuild/cel-spec) for
 * the parts of CEL that Kubernetes policies use, run through mlgate's CEL module: every case
 * must give the specified value or error. Cases that need protobuf messages, type declarations
 * or variable bindings are outside what policies evaluate here and are left out by suite.
 */
import type { CelValue } from "@bufbuild/cel";
import { isCelList, isCelMap, isCelUint } from "@bufbuild/cel";
import { tests } from "@bufbuild/cel-spec/testdata/conformance.js";
import { describe, expect, it } from "vitest";
import { compileCel } from "./index.js";

// Suite → sections used (all sections when the list is empty).
const SUITES: Record<string, string[]> = {
  basic: ["self_eval_zeroish", "self_eval_nonzeroish", "functions"],
  comparisons: [
    "eq_literal",
    "ne_literal",
    "lt_literal",
    "gt_literal",
    "lte_literal",
    "gte_literal",
    "in_list_literal",
    "in_map_literal",
    "bound",
  ],
  // quoted_map_fields (backtick-quoted field names) is left out: @bufbuild/cel's parser does not read them yet.
  fields: ["map_fields", "map_has", "in"],
  integer_math: [],
  fp_math: [],
  lists: [],
  logic: [],
  macros: [],
  string: [],
  string_ext: ["char_at", "index_of", "last_index_of", "ascii_casing", "replace", "split", "substring", "trim", "join"],
  conversions: ["int", "string", "double", "bool"],
};

interface JsonValue {
  int64Value?: string;
  uint64Value?: string;
  doubleValue?: number | string;
  stringValue?: string;
  boolValue?: boolean;
  nullValue?: unknown;
  listValue?: { values?: JsonValue[] };
  mapValue?: { entries?: { key: JsonValue; value: JsonValue }[] };
  bytesValue?: string;
}
interface Case {
  original: {
    name?: string;
    expr: string;
    value?: JsonValue;
    evalError?: unknown;
    bindings?: unknown;
    typeEnv?: unknown;
    container?: string;
    disableMacros?: boolean;
    disableCheck?: boolean;
    checkOnly?: boolean;
  };
}
interface Suite {
  name: string;
  suites?: Suite[];
  tests?: Case[];
}

function same(actual: CelValue, expected: JsonValue): boolean {
  if (expected.int64Value !== undefined) return typeof actual === "bigint" && actual === BigInt(expected.int64Value);
  if (expected.uint64Value !== undefined) return isCelUint(actual) && actual.value === BigInt(expected.uint64Value);
  if (expected.doubleValue !== undefined) {
    if (typeof actual !== "number") return false;
    const d = expected.doubleValue;
    if (d === "NaN") return Number.isNaN(actual);
    if (d === "Infinity") return actual === Number.POSITIVE_INFINITY;
    if (d === "-Infinity") return actual === Number.NEGATIVE_INFINITY;
    return actual === Number(d);
  }
  if (expected.stringValue !== undefined) return actual === expected.stringValue;
  if (expected.boolValue !== undefined) return actual === expected.boolValue;
  if ("nullValue" in expected) return actual === null;
  if (expected.bytesValue !== undefined)
    return actual instanceof Uint8Array && Buffer.from(actual).toString("base64") === expected.bytesValue;
  if (expected.listValue) {
    if (!isCelList(actual)) return false;
    const xs = [...actual];
    const ys = expected.listValue.values ?? [];
    return xs.length === ys.length && xs.every((x, i) => same(x, ys[i] as JsonValue));
  }
  if (expected.mapValue) {
    if (!isCelMap(actual)) return false;
    const es = expected.mapValue.entries ?? [];
    if (actual.size !== es.length) return false;
    return es.every((e) => [...actual].some(([k, v]) => same(k as CelValue, e.key) && same(v, e.value)));
  }
  return false;
}

function casesOf(suite: Suite, sections: string[]): Case[] {
  const out: Case[] = [];
  for (const s of suite.suites ?? [])
    if (sections.length === 0 || sections.includes(s.name)) out.push(...(s.tests ?? []));
  return out;
}

describe("CEL conformance (cel-spec, selected suites)", () => {
  for (const [name, sections] of Object.entries(SUITES)) {
    const suite = (tests as Suite).suites?.find((s) => s.name === name);
    it(`${name}: every case gives the specified result`, () => {
      expect(suite, name).toBeDefined();
      const cases = casesOf(suite as Suite, sections).filter(
        (c) =>
          !c.original.bindings &&
          !c.original.typeEnv &&
          !c.original.container &&
          !c.original.disableMacros &&
          !c.original.checkOnly,
      );
      expect(cases.length).toBeGreaterThan(0);
      const failures: string[] = [];
      let ran = 0;
      for (const c of cases) {
        const o = c.original;
        // Message literals (TestAllTypes{...}) need the conformance protos: not a policy's concern.
        if (/[A-Z][A-Za-z]*\{|google\.protobuf|cel\.expr/.test(o.expr)) continue;
        const compiled = compileCel(o.expr);
        // A call to an unknown function is mlgate's "unsupported" (reported as not evaluated), where
        // CEL specifies a runtime error.
        if (/\bf_unknown\(/.test(o.expr)) {
          if (compiled.kind !== "unsupported")
            failures.push(`${o.name}: ${o.expr} → ${compiled.kind}, expected unsupported`);
          continue;
        }
        if (compiled.kind !== "program") {
          failures.push(`${o.name}: ${o.expr} → ${compiled.kind}: ${compiled.message}`);
          continue;
        }
        ran++;
        const r = compiled.program.run({});
        if (o.evalError !== undefined) {
          if (r.kind !== "error")
            failures.push(`${o.name}: ${o.expr} → expected an error, got ${String(r.kind === "value" ? r.value : "")}`);
        } else if (o.value !== undefined) {
          if (r.kind !== "value" || !same(r.raw as CelValue, o.value))
            failures.push(
              `${o.name}: ${o.expr} → ${r.kind === "value" ? String(r.value) : r.message}, expected ${JSON.stringify(o.value)}`,
            );
        }
      }
      expect(failures).toEqual([]);
      expect(ran).toBeGreaterThan(0);
    });
  }
});
