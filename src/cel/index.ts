/**
 * CEL for mlgate: Kubernetes' expression language, evaluated offline and synchronously.
 *
 * Evaluation is @bufbuild/cel (a maintained evaluator run against the CEL specification's
 * conformance suite) with its strings extension, plus the Kubernetes libraries in `library.ts`.
 * Values are read the way the API server reads JSON: whole numbers are `int`, others `double`.
 *
 * An expression that calls a function outside what is implemented here (for example
 * `authorizer` checks, named formats, optional types, `cel.bind`) is `unsupported`: a caller must
 * report it as not evaluated, never as a pass or a failure.
 *
 * This module is the API; the engine (engine.ts) is loaded on the first compilation, so a run
 * that evaluates no CEL does not pay for loading it (load-engine.ts).
 */
import type { CelCompiled, CelOutcome } from "./engine.js";
import { loadEngine } from "./load-engine.js";

export type { CelCompiled, CelOutcome, CelProgram } from "./engine.js";

/** Known Kubernetes CEL libraries and features not implemented (reported as unsupported when used). */
export const UNSUPPORTED_FEATURES = [
  "authorizer (needs the API server's authorizer)",
  "format library (format.dns1123Label() and the other named formats)",
  "optional types (obj.?field, optional.of, orValue, hasValue)",
  "cel.bind and the two-variable comprehensions",
  "the lists extension (lists.range, slice, flatten, distinct, reverse, sort, sortBy)",
  "strings.reverse and the encoders extension (base64)",
] as const;

// Loaded once: the bundle's lazy `require` builds a fresh exports object on every call.
let engine: ReturnType<typeof loadEngine> | undefined;
const cel = () => {
  engine ??= loadEngine();
  return engine;
};

/** Parses and plans an expression once (cached by its text). Never throws. */
export function compileCel(expression: string): CelCompiled {
  return cel().compileCel(expression);
}

/** One-shot: compile (cached) and run. */
export function evaluateCel(
  expression: string,
  bindings: Readonly<Record<string, unknown>>,
): CelOutcome | Exclude<CelCompiled, { kind: "program" }> {
  return cel().evaluateCel(expression, bindings);
}

/** Function names the evaluator knows: CEL's standard library, the strings extension, the Kubernetes libraries. */
export function supportedFunctions(): ReadonlySet<string> {
  return cel().supportedFunctions();
}
