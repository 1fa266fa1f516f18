/**
 * The CEL engine behind src/cel/index.ts (loaded on first use, see load-engine.ts).
 *
 * Evaluation is @bufbuild/cel (a maintained evaluator run against the CEL specification's
 * conformance suite) with its strings extension, plus the Kubernetes libraries in `library.ts`.
 * Values are read the way the API server reads JSON: whole numbers are `int`, others `double`.
 *
 * An expression that calls a function outside what is implemented here (for example
 * `authorizer` checks, named formats, optional types, `cel.bind`) is `unsupported`: a caller must
 * report it as not evaluated, never as a pass or a failure.
 */
import {
  type CelEnv,
  type CelValue,
  celEnv,
  celList,
  celMap,
  isCelError,
  isCelList,
  isCelMap,
  isCelUint,
  parse,
  plan,
} from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";
import type { Expr } from "@bufbuild/cel-spec/cel/expr/syntax_pb.js";
import { celRegistry, kubernetesFuncs } from "./library.js";

export type CelOutcome =
  /** The expression's value, converted to plain JavaScript (int → number, list → array, map → object). */
  | {
      readonly kind: "value";
      readonly value: unknown;
      /** The CEL value itself, opaque: bind it again to keep ints, quantities and IPs as they are. */
      readonly raw: unknown;
    }
  /** Evaluation failed (no such key, no matching overload, a library error): CEL's runtime error. */
  | { readonly kind: "error"; readonly message: string };

export interface CelProgram {
  readonly expression: string;
  /** Root identifiers the expression reads (`object`, `self`, `variables`, …). */
  readonly identifiers: ReadonlySet<string>;
  /** Dotted select chains from a root identifier, e.g. `variables.foo`, `request.userInfo.username`. */
  readonly selections: ReadonlySet<string>;
  /** Evaluates with these variables (plain JS values or values from an earlier `raw`). */
  run(bindings: Readonly<Record<string, unknown>>): CelOutcome;
}

export type CelCompiled =
  | { readonly kind: "program"; readonly program: CelProgram }
  | { readonly kind: "syntax-error"; readonly message: string }
  /** Uses something this module does not implement; `unsupported` names it. */
  | { readonly kind: "unsupported"; readonly message: string; readonly unsupported: readonly string[] };

// Built on first use, so a run without CEL pays nothing for it.
let envCache: { env: CelEnv; supported: Set<string> } | undefined;
function environment(): { env: CelEnv; supported: Set<string> } {
  if (envCache) return envCache;
  const env = celEnv({ funcs: [...strings, ...kubernetesFuncs], registry: celRegistry });
  const supported = new Set<string>();
  for (const f of env.funcs) supported.add(f.name);
  // Operators the planner evaluates itself (dev/cel/expr/operator_const); macros are expanded by the parser.
  for (const op of ["_&&_", "_||_", "_?_:_", "_[_]", "@not_strictly_false", "__not_strictly_false__", "@in", "_in_"])
    supported.add(op);
  envCache = { env, supported };
  return envCache;
}

/** Function names the evaluator knows: CEL's standard library, the strings extension, the Kubernetes libraries. */
export function supportedFunctions(): ReadonlySet<string> {
  return environment().supported;
}

function walk(e: Expr | undefined, visit: (e: Expr) => void): void {
  if (!e) return;
  visit(e);
  const k = e.exprKind;
  switch (k.case) {
    case "selectExpr":
      walk(k.value.operand, visit);
      break;
    case "callExpr":
      walk(k.value.target, visit);
      for (const a of k.value.args) walk(a, visit);
      break;
    case "listExpr":
      for (const el of k.value.elements) walk(el, visit);
      break;
    case "structExpr":
      for (const en of k.value.entries) {
        if (en.keyKind.case === "mapKey") walk(en.keyKind.value, visit);
        walk(en.value, visit);
      }
      break;
    case "comprehensionExpr":
      walk(k.value.iterRange, visit);
      walk(k.value.accuInit, visit);
      walk(k.value.loopCondition, visit);
      walk(k.value.loopStep, visit);
      walk(k.value.result, visit);
      break;
    default:
      break;
  }
}

function selectionOf(e: Expr): string | undefined {
  const parts: string[] = [];
  let cur: Expr | undefined = e;
  while (cur && cur.exprKind.case === "selectExpr") {
    parts.unshift(cur.exprKind.value.field);
    cur = cur.exprKind.value.operand;
  }
  if (cur?.exprKind.case !== "identExpr") return undefined;
  return [cur.exprKind.value.name, ...parts].join(".");
}

// Conversion from JSON-like JavaScript values: whole numbers are CEL ints, as the API server
// reads JSON integers. Converted objects are cached, so a document converted once is reused by
// every expression that reads it.
const converted = new WeakMap<object, CelValue>();

export function toCelValue(v: unknown): CelValue {
  switch (typeof v) {
    case "number":
      return Number.isInteger(v) && Number.isSafeInteger(v) ? BigInt(v) : v;
    case "string":
    case "boolean":
    case "bigint":
      return v;
    case "undefined":
      return null;
    case "object": {
      if (v === null) return null;
      if (isCelList(v) || isCelMap(v) || isCelUint(v) || v instanceof Uint8Array) return v as CelValue;
      // A protobuf message (an extension value from an earlier evaluation) passes through.
      if ("$typeName" in v || ("desc" in v && "fields" in v)) return v as unknown as CelValue;
      // A Map is a caller's binding table (a VAP's variables, filled as they are evaluated): never cached.
      if (v instanceof Map) return celMap(new Map([...v].map(([k, x]) => [k, toCelValue(x)])));
      const hit = converted.get(v);
      if (hit !== undefined) return hit;
      let out: CelValue;
      if (Array.isArray(v)) out = celList(v.map(toCelValue));
      else out = celMap(new Map(Object.entries(v).map(([k, x]) => [k, toCelValue(x)])));
      converted.set(v, out);
      return out;
    }
    default:
      return null;
  }
}

/** A CEL value as plain JavaScript: ints become numbers (bigint beyond 2^53), lists arrays, maps objects. */
export function fromCelValue(v: CelValue): unknown {
  if (typeof v === "bigint")
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  if (v === null || typeof v !== "object") return v;
  if (isCelList(v)) return [...v].map(fromCelValue);
  if (isCelMap(v)) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of v) o[String(isCelUint(k) ? k.value : k)] = fromCelValue(x);
    return o;
  }
  if (isCelUint(v)) return Number(v.value);
  const m = v as { desc?: { fields?: readonly unknown[] }; get?: (f: unknown) => unknown };
  if (m.get && m.desc?.fields?.[0]) return String(m.get(m.desc.fields[0]));
  return v;
}

const compiled = new Map<string, CelCompiled>();
const COMPILED_MAX = 4096;

/** Parses and plans an expression once (cached by its text). Never throws. */
export function compileCel(expression: string): CelCompiled {
  const hit = compiled.get(expression);
  if (hit) return hit;
  const result = compileUncached(expression);
  if (compiled.size >= COMPILED_MAX) compiled.clear();
  compiled.set(expression, result);
  return result;
}

function compileUncached(expression: string): CelCompiled {
  const { env, supported: SUPPORTED } = environment();
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(expression);
  } catch (e) {
    const message = (e as Error).message;
    if (/\.\?|\[\?/.test(expression)) {
      return {
        kind: "unsupported",
        message: "optional field selection (.? / [?]) is not supported",
        unsupported: ["optional types"],
      };
    }
    return { kind: "syntax-error", message };
  }
  const identifiers = new Set<string>();
  const selections = new Set<string>();
  const unsupported = new Set<string>();
  walk(parsed.expr, (e) => {
    const k = e.exprKind;
    if (k.case === "identExpr") identifiers.add(k.value.name);
    else if (k.case === "selectExpr") {
      const s = selectionOf(e);
      if (s) selections.add(s);
    } else if (k.case === "callExpr") {
      const name = k.value.function;
      // A namespaced function such as ip.isCanonical parses as a call on the ident `ip`.
      const target = k.value.target;
      const qualified = target?.exprKind.case === "identExpr" ? `${target.exprKind.value.name}.${name}` : undefined;
      if (qualified && SUPPORTED.has(qualified)) return;
      if (!SUPPORTED.has(name)) unsupported.add(qualified ?? name);
    }
  });
  if (unsupported.size > 0) {
    const names = [...unsupported].sort();
    return {
      kind: "unsupported",
      message: `uses ${names.map((n) => `${n}()`).join(", ")}, which mlgate does not evaluate`,
      unsupported: names,
    };
  }
  const run = plan(env, parsed);
  const program: CelProgram = {
    expression,
    identifiers,
    selections,
    run(bindings) {
      const ctx: Record<string, CelValue> = {};
      for (const [k, v] of Object.entries(bindings)) ctx[k] = toCelValue(v);
      let r: ReturnType<typeof run>;
      try {
        r = run(ctx);
      } catch (e) {
        return { kind: "error", message: (e as Error).message };
      }
      if (isCelError(r)) return { kind: "error", message: r.message };
      // Plain JavaScript only when asked for: a VAP's variables are bound again as they are.
      return {
        kind: "value",
        raw: r,
        get value() {
          return fromCelValue(r);
        },
      };
    },
  };
  return { kind: "program", program };
}

/** One-shot: compile (cached) and run. */
export function evaluateCel(
  expression: string,
  bindings: Readonly<Record<string, unknown>>,
): CelOutcome | Exclude<CelCompiled, { kind: "program" }> {
  const c = compileCel(expression);
  return c.kind === "program" ? c.program.run(bindings) : c;
}
