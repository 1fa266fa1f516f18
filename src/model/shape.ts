/**
 * Shapes: the field names and value types a kind accepts, as a compact tree, and the one walk
 * that compares a resource with its kind's shape (schema/unknown-field and schema/wrong-type both
 * read its result; it runs once per resource).
 *
 * A shape is a string for a leaf or a reference, or an object for a collection:
 * - `"s"` string, `"i"` integer, `"n"` number, `"b"` boolean, `"x"` integer or string
 *   (IntOrString, Quantity), `"*"` anything (unmodelled, or x-kubernetes-preserve-unknown-fields);
 * - `"@Name"` the definition `Name` (shared subtrees: PodSpec, Container, JobSpec …);
 * - `{ p }` an object with the properties `p`; `{ m }` a map whose every value has shape `m`
 *   (labels, nodeSelector, rayStartParams); `{ a }` an array of `a`; `open: 1` an object that
 *   also accepts keys it does not list; `e` definitions whose properties are inlined too (a KServe
 *   predictor is a PodSpec inline plus its own fields).
 *
 * The data: src/catalog/shapes/generated.ts (from CRDs, by scripts/gen-shapes.ts), core.ts and
 * extra.ts (hand-written). It is parsed on first use, so commands that check nothing pay nothing.
 */

import { CORE_DEFS, CORE_KINDS } from "../catalog/shapes/core.js";
import { EXTRA_DEFS, EXTRA_KINDS, KIND_ALIASES } from "../catalog/shapes/extra.js";
import { GENERATED_SHAPES_JSON } from "../catalog/shapes/generated.js";
import type { Shape, ShapeObject } from "../catalog/shapes/types.js";
import { didYouMean } from "../util/suggest.js";
import { formatPath, type Path, type PathSegment } from "./path.js";
import type { Resource } from "./resource.js";

export type { Shape, ShapeObject } from "../catalog/shapes/types.js";

interface Catalog {
  defs: Record<string, Shape>;
  kinds: Record<string, Shape>;
  /** `@Name` → definition, so a reference resolves without slicing its name. */
  refs: Map<string, Shape>;
}

let catalog: Catalog | undefined;

function load(): Catalog {
  if (catalog) return catalog;
  const generated = JSON.parse(GENERATED_SHAPES_JSON) as Omit<Catalog, "refs">;
  const defs = { ...generated.defs, ...CORE_DEFS, ...EXTRA_DEFS };
  const kinds = { ...generated.kinds, ...CORE_KINDS, ...EXTRA_KINDS };
  for (const [alias, target] of Object.entries(KIND_ALIASES)) if (kinds[target]) kinds[alias] = kinds[target];
  const refs = new Map(Object.entries(defs).map(([name, d]) => [`@${name}`, d]));
  catalog = { defs, kinds, refs };
  return catalog;
}

/** The shape of `apiVersion/kind` (`apps/v1/Deployment`, `v1/Pod`), when mlgate has one. */
export function kindShape(apiVersion: string, kind: string): Shape | undefined {
  return load().kinds[`${apiVersion}/${kind}`];
}

/** Every `apiVersion/kind` with a shape. */
export function shapedKinds(): string[] {
  return Object.keys(load().kinds);
}

/** Follows `@Name` references to the shape they name. */
export function deref(s: Shape): Shape {
  if (typeof s !== "string" || s.charCodeAt(0) !== 64 /* @ */) return s;
  const refs = load().refs;
  let cur: Shape = s;
  for (let i = 0; i < 16 && typeof cur === "string" && cur.charCodeAt(0) === 64; i++) {
    const d: Shape | undefined = refs.get(cur);
    if (d === undefined) throw new Error(`shape definition ${cur} is missing`);
    cur = d;
  }
  return cur;
}

const propsCache = new WeakMap<ShapeObject, Record<string, Shape> | undefined>();

/** The properties of an object shape, with those of its inlined definitions (`e`). */
export function propsOf(s: ShapeObject): Record<string, Shape> | undefined {
  if (!s.e) return s.p;
  if (propsCache.has(s)) return propsCache.get(s);
  const out: Record<string, Shape> = {};
  for (const name of s.e) {
    const d = deref(`@${name}`);
    if (typeof d !== "string") Object.assign(out, propsOf(d));
  }
  Object.assign(out, s.p);
  propsCache.set(s, out);
  return out;
}

// --- The walk --------------------------------------------------------------------------------

export type ValueType = "string" | "integer" | "number" | "boolean" | "int-or-string" | "list" | "mapping";

export interface UnknownField {
  /** Path to the unknown key, relative to the resource. */
  path: Path;
  key: string;
  /** "did you mean …", or where the field belongs; empty when nothing is close. */
  hint: string;
}

export interface WrongType {
  path: Path;
  expected: ValueType;
  value: unknown;
}

export interface ShapeCheck {
  unknown: UnknownField[];
  wrongType: WrongType[];
}

const EMPTY: ShapeCheck = { unknown: [], wrongType: [] };
const checks = new WeakMap<Resource, ShapeCheck>();

/** Compares a resource with its kind's shape, once: both shape rules read the cached result. */
export function checkShape(r: Resource): ShapeCheck {
  const cached = checks.get(r);
  if (cached) return cached;
  const shape = r.apiVersion && r.kind ? kindShape(r.apiVersion, r.kind) : undefined;
  let result = EMPTY;
  if (shape !== undefined) {
    result = { unknown: [], wrongType: [] };
    walk(shape, r.value, [], [], result);
  }
  checks.set(r, result);
  return result;
}

function scalarMismatch(s: string, v: unknown): ValueType | undefined {
  switch (s) {
    case "s":
      return typeof v === "string" ? undefined : "string";
    case "i":
      return typeof v === "number" && Number.isInteger(v) ? undefined : "integer";
    case "n":
      return typeof v === "number" ? undefined : "number";
    case "b":
      return typeof v === "boolean" ? undefined : "boolean";
    case "x":
      return typeof v === "number" || typeof v === "string" ? undefined : "int-or-string";
    default:
      return undefined;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * `path` is a stack of segments shared by the whole walk (copied only when something is
 * reported); `outer` holds the enclosing object shapes, innermost last, for "one level up" hints.
 */
function walk(shape: Shape, value: unknown, path: PathSegment[], outer: ShapeObject[], out: ShapeCheck): void {
  // null is "unset" to the API server, whatever the field's type.
  if (value === null || value === undefined) return;
  const s = deref(shape);
  if (typeof s === "string") {
    const expected = scalarMismatch(s, value);
    if (expected) out.wrongType.push({ path: path.slice(), expected, value });
    return;
  }
  if (s.a !== undefined) {
    if (!Array.isArray(value)) {
      out.wrongType.push({ path: path.slice(), expected: "list", value });
      return;
    }
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      walk(s.a, value[i], path, outer, out);
      path.pop();
    }
    return;
  }
  if (!isPlainObject(value)) {
    out.wrongType.push({ path: path.slice(), expected: "mapping", value });
    return;
  }
  const props = propsOf(s);
  outer.push(s);
  for (const key of Object.keys(value)) {
    const child = props?.[key];
    path.push(key);
    if (child !== undefined) walk(child, value[key], path, outer, out);
    else if (s.m !== undefined) walk(s.m, value[key], path, outer, out);
    else if (!s.open) out.unknown.push({ path: path.slice(), key, hint: hintFor(key, s, value, path, outer) });
    path.pop();
  }
  outer.pop();
}

/** The object shapes one level below `s`: its properties' objects and list items. */
function childObjects(s: ShapeObject): [string, ShapeObject][] {
  const out: [string, ShapeObject][] = [];
  for (const [k, v] of Object.entries(propsOf(s) ?? {})) {
    let c = deref(v);
    let name = k;
    if (typeof c !== "string" && c.a !== undefined) {
      c = deref(c.a);
      name = `${k}[]`;
    }
    if (typeof c !== "string" && c.a === undefined && propsOf(c)) out.push([name, c]);
  }
  return out;
}

function hintFor(
  key: string,
  s: ShapeObject,
  value: Record<string, unknown>,
  path: PathSegment[],
  outer: ShapeObject[],
): string {
  const siblings = Object.keys(propsOf(s) ?? {});
  const close = didYouMean(key, siblings);
  if (close) return `did you mean "${close}"?`;
  // One level down: `image` written in the pod spec instead of in a container.
  const below = childObjects(s).filter(([, c]) => propsOf(c)?.[key] !== undefined);
  if (below.length > 0) {
    const present = below.find(([name]) => value[name.replace(/\[\]$/, "")] !== undefined) ?? below[0];
    return `"${key}" is a field of ${present?.[0]}, one level down; move it there`;
  }
  // One level up: `nodeSelector` written in a container instead of in the pod spec.
  const parent = outer.length >= 2 ? outer[outer.length - 2] : undefined;
  if (parent && propsOf(parent)?.[key] !== undefined) {
    let i = path.length - 2;
    while (i >= 0 && typeof path[i] === "number") i--;
    const where = i >= 1 ? formatPath(path.slice(0, i)) : "the top level";
    return `"${key}" is a field of ${where}, one level up; move it there`;
  }
  if (siblings.length > 0 && siblings.length <= 12) return `known fields here: ${siblings.join(", ")}`;
  return "";
}
