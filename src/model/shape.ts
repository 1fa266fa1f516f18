/**
 * Shapes: the field names and value types a kind accepts, as a compact tree, and the one walk
 * that compares a resource with its kind's shape (schema/unknown-field, schema/wrong-type,
 * schema/required-fields and schema/unsupported-value read its result; it runs once per resource).
 *
 * A shape is a string for a leaf or a reference, or an object for a collection:
 * - `"s"` string, `"i"` integer, `"n"` number, `"b"` boolean, `"x"` integer or string
 *   (IntOrString, Quantity), `"*"` anything (unmodelled, or x-kubernetes-preserve-unknown-fields);
 *   the built-in kinds' formats the API server's decoding checks (model/formats.ts): `"i32"` and
 *   `"i64"` integers of that size, `"b64"` a base64 string (`[]byte`), `"time"` an RFC 3339 time,
 *   `"q"` a resource quantity (an integer or a quantity string);
 * - `"@Name"` the definition `Name` (shared subtrees: PodSpec, Container, JobSpec …);
 * - `{ p }` an object with the properties `p`, of which `r` are required; `{ m }` a map whose
 *   every value has shape `m` (labels, nodeSelector, rayStartParams); `{ a }` an array of `a`;
 *   `{ v }` a string that must be one of `v`; `open: 1` an object that also accepts keys it does
 *   not list; `e` definitions whose properties are inlined too (a KServe predictor is a PodSpec
 *   inline plus its own fields).
 *
 * The data: the built-in kinds of each Kubernetes release from its OpenAPI document
 * (src/catalog/shapes/kubernetes-*.ts, by scripts/gen-kube-shapes.ts; definitions named
 * `core.v1.Container`, `apps.v1.DeploymentSpec` …), the enumerations the API server's validation
 * enforces (src/catalog/enums.ts), the ML kinds from their CRDs (src/catalog/shapes/generated.ts,
 * by scripts/gen-shapes.ts) and hand-written ones (core.ts, extra.ts). A release's catalog is
 * parsed on first use, so commands that check nothing pay nothing.
 */

import { EMBEDDED_DEFINITIONS, FIELD_ENUMS } from "../catalog/enums.js";
import { CORE_DEFS } from "../catalog/shapes/core.js";
import { EXTRA_DEFS, EXTRA_KINDS, KIND_ALIASES } from "../catalog/shapes/extra.js";
import { GENERATED_SHAPES_JSON } from "../catalog/shapes/generated.js";
import * as k8s134 from "../catalog/shapes/kubernetes-1-34.js";
import * as k8s135 from "../catalog/shapes/kubernetes-1-35.js";
import * as k8s136 from "../catalog/shapes/kubernetes-1-36.js";
import type { CelRule, Shape, ShapeObject } from "../catalog/shapes/types.js";
import { didYouMean } from "../util/suggest.js";
import type { CrdIndex } from "./crd.js";
import { base64Problem, fitsInt32, fitsInt64, isRfc3339, type ValueFormat } from "./formats.js";
import { formatPath, type Path, type PathSegment } from "./path.js";
import { parseQuantity } from "./quantity.js";
import type { Resource } from "./resource.js";

export type { CelRule, Shape, ShapeObject } from "../catalog/shapes/types.js";

interface Catalog {
  release: string;
  defs: Record<string, Shape>;
  kinds: Record<string, Shape>;
  /** `@Name` → definition, so a reference resolves without slicing its name. */
  refs: Map<string, Shape>;
  /** Each object shape compiled for this catalog's references (see the walk below). */
  validators: WeakMap<ShapeObject, Validator>;
}

/** The Kubernetes releases whose built-in kinds mlgate has, oldest first. */
const RELEASES = [k8s134, k8s135, k8s136] as const;
export const SHAPE_RELEASES: readonly string[] = RELEASES.map((r) => r.RELEASE);

const minorOf = (v: string) => Number(v.split(".")[1] ?? 0);

/** The release whose schema checks a target version: the newest not after it, else the oldest. */
export function shapeRelease(kubeVersion: string): string {
  const want = minorOf(kubeVersion);
  let pick = RELEASES[0].RELEASE;
  for (const r of RELEASES) if (minorOf(r.RELEASE) <= want) pick = r.RELEASE;
  return pick;
}

const catalogs = new Map<string, Catalog>();
const releaseOf = new Map<string, string>();

/** shapeRelease, remembered: the shape rules ask for every resource. */
function releaseFor(kubeVersion: string): string {
  let release = releaseOf.get(kubeVersion);
  if (release === undefined) {
    release = shapeRelease(kubeVersion);
    releaseOf.set(kubeVersion, release);
  }
  return release;
}
let current: Catalog | undefined;

function parseLines<T>(lines: readonly string[]): T[] {
  return JSON.parse(`[${lines.join(",")}]`) as T[];
}

/** Puts each enumeration of FIELD_ENUMS on its field (on a list field's items). */
function applyEnums(defs: Record<string, Shape>): void {
  const byDef = new Map<string, [string, readonly string[]][]>();
  for (const [key, values] of Object.entries(FIELD_ENUMS)) {
    const dot = key.lastIndexOf(".");
    const def = key.slice(0, dot);
    byDef.set(def, [...(byDef.get(def) ?? []), [key.slice(dot + 1), values]]);
  }
  const targets: [string, string][] = [...byDef.keys()].map((d) => [d, d]);
  for (const [crdDef, k8sDef] of Object.entries(EMBEDDED_DEFINITIONS)) targets.push([crdDef, k8sDef]);
  for (const [defName, enumDef] of targets) {
    const d = defs[defName];
    if (d === undefined || typeof d === "string" || !d.p) continue;
    for (const [field, values] of byDef.get(enumDef) ?? []) {
      const f = d.p[field];
      if (f === "s") d.p[field] = { v: values };
      else if (typeof f === "object" && f.a === "s") d.p[field] = { a: { v: values } };
    }
  }
}

function load(kubeVersion?: string): Catalog {
  const release = kubeVersion === undefined ? (current?.release ?? releaseFor("1.35")) : releaseFor(kubeVersion);
  const cached = catalogs.get(release);
  if (cached) {
    current = cached;
    return cached;
  }
  const k8s = RELEASES.find((r) => r.RELEASE === release) ?? RELEASES[0];
  const generated = JSON.parse(GENERATED_SHAPES_JSON) as { defs: Record<string, Shape>; kinds: Record<string, Shape> };
  const defs: Record<string, Shape> = {
    ...generated.defs,
    ...CORE_DEFS,
    ...EXTRA_DEFS,
    ...Object.fromEntries(parseLines<[string, Shape]>(k8s.DEFS)),
  };
  applyEnums(defs);
  const kinds: Record<string, Shape> = {
    ...generated.kinds,
    ...EXTRA_KINDS,
    ...Object.fromEntries(parseLines<[string, Shape]>(k8s.KINDS)),
  };
  for (const [alias, target] of Object.entries(KIND_ALIASES)) if (kinds[target]) kinds[alias] = kinds[target];
  const refs = new Map(Object.entries(defs).map(([name, d]) => [`@${name}`, d]));
  const catalog: Catalog = { release, defs, kinds, refs, validators: new WeakMap() };
  catalogs.set(release, catalog);
  current = catalog;
  return catalog;
}

/**
 * The shape of `apiVersion/kind` (`apps/v1/Deployment`, `v1/Pod`), when mlgate has one, for the
 * target Kubernetes version (default: the one last asked for, else 1.35).
 */
export function kindShape(apiVersion: string, kind: string, kubeVersion?: string): Shape | undefined {
  return load(kubeVersion).kinds[`${apiVersion}/${kind}`];
}

/** Every `apiVersion/kind` with a shape. */
export function shapedKinds(kubeVersion?: string): string[] {
  return Object.keys(load(kubeVersion).kinds);
}

/** Follows `@Name` references to the shape they name. */
export function deref(s: Shape): Shape {
  if (typeof s !== "string" || s.charCodeAt(0) !== 64 /* @ */) return s;
  const refs = (current ?? load()).refs;
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

export interface MissingField {
  /** Path to the object that lacks the field, relative to the resource. */
  path: Path;
  field: string;
}

export interface UnsupportedValue {
  path: Path;
  value: string;
  allowed: readonly string[];
}

/** A value of the right type that its field's format refuses (model/formats.ts). */
export interface BadFormat {
  path: Path;
  format: ValueFormat;
  value: number | string;
}

/** A value that CEL rules of its schema must hold for. */
export interface CelCheck {
  path: Path;
  value: unknown;
  rules: readonly CelRule[];
}

export interface ShapeCheck {
  unknown: readonly UnknownField[];
  wrongType: readonly WrongType[];
  missing: readonly MissingField[];
  unsupported: readonly UnsupportedValue[];
  badFormat: readonly BadFormat[];
  cel: readonly CelCheck[];
}

const NONE: readonly never[] = Object.freeze([]);
const EMPTY: ShapeCheck = {
  unknown: NONE,
  wrongType: NONE,
  missing: NONE,
  unsupported: NONE,
  badFormat: NONE,
  cel: NONE,
};
const checks = new Map<string, WeakMap<Resource, ShapeCheck>>();

/**
 * Compares a resource with its kind's shape for the target Kubernetes version, once: the shape
 * rules all read the cached result.
 */
export function checkShape(r: Resource, kubeVersion: string, crds?: CrdIndex): ShapeCheck {
  const release = releaseFor(kubeVersion);
  let byResource = checks.get(release);
  if (!byResource) {
    byResource = new WeakMap();
    checks.set(release, byResource);
  }
  const cached = byResource.get(r);
  if (cached) return cached;
  let result = EMPTY;
  if (r.apiVersion && r.kind) {
    const key = `${r.apiVersion}/${r.kind}`;
    const catalog = load(release);
    // A CRD the user gave (or that sits in the checked set) is the authority on its kind.
    const shape = crds?.kinds.get(key) ?? catalog.kinds[key];
    if (shape !== undefined && r.value !== null && r.value !== undefined) {
      const out = new Results();
      validatorOf(catalog, shape)(r.value, [], undefined, out);
      result = out.done();
    }
  }
  byResource.set(r, result);
  return result;
}

// --- The walk --------------------------------------------------------------------------------
//
// Each shape is compiled, once per catalog and on first use, into a validator: a closure that
// knows its shape's kind, its properties (a Map, inlined definitions merged in, references
// resolved) and its required fields, so the walk over a resource does no lookups in the catalog
// and allocates nothing per node: `path` is one stack of segments shared by the whole walk,
// copied only when something is reported, and the "did you mean" hints are worked out only for
// a key that is unknown.

/** What one walk finds, its lists made when the first entry comes. */
class Results {
  unknown: UnknownField[] | undefined;
  wrongType: WrongType[] | undefined;
  missing: MissingField[] | undefined;
  unsupported: UnsupportedValue[] | undefined;
  badFormat: BadFormat[] | undefined;
  cel: CelCheck[] | undefined;
  wrong(path: PathSegment[], expected: ValueType, value: unknown): void {
    this.wrongType ??= [];
    this.wrongType.push({ path: path.slice(), expected, value });
  }
  unknownKey(entry: UnknownField): void {
    this.unknown ??= [];
    this.unknown.push(entry);
  }
  lacks(path: PathSegment[], field: string): void {
    this.missing ??= [];
    this.missing.push({ path: path.slice(), field });
  }
  notAllowed(path: PathSegment[], value: string, allowed: readonly string[]): void {
    this.unsupported ??= [];
    this.unsupported.push({ path: path.slice(), value, allowed });
  }
  refused(path: PathSegment[], format: ValueFormat, value: number | string): void {
    this.badFormat ??= [];
    this.badFormat.push({ path: path.slice(), format, value });
  }
  celRules(path: PathSegment[], value: unknown, rules: readonly CelRule[]): void {
    this.cel ??= [];
    this.cel.push({ path: path.slice(), value, rules });
  }
  done(): ShapeCheck {
    if (!this.unknown && !this.wrongType && !this.missing && !this.unsupported && !this.badFormat && !this.cel)
      return EMPTY;
    return {
      unknown: this.unknown ?? NONE,
      wrongType: this.wrongType ?? NONE,
      missing: this.missing ?? NONE,
      unsupported: this.unsupported ?? NONE,
      badFormat: this.badFormat ?? NONE,
      cel: this.cel ?? NONE,
    };
  }
}

/**
 * Checks a value (never null: null is "unset" to the API server, whatever the field's type) at
 * `path`; `parent` is the object shape that holds the innermost object around it, for the
 * "one level up" hint.
 */
type Validator = (value: unknown, path: PathSegment[], parent: ShapeObject | undefined, out: Results) => void;

const noCheck: Validator = () => {};
const LEAVES: Record<string, Validator> = {
  s: (v, path, _, out) => {
    if (typeof v !== "string") out.wrong(path, "string", v);
  },
  i: (v, path, _, out) => {
    if (typeof v !== "number" || !Number.isInteger(v)) out.wrong(path, "integer", v);
  },
  n: (v, path, _, out) => {
    if (typeof v !== "number") out.wrong(path, "number", v);
  },
  b: (v, path, _, out) => {
    if (typeof v !== "boolean") out.wrong(path, "boolean", v);
  },
  x: (v, path, _, out) => {
    if (typeof v !== "number" && typeof v !== "string") out.wrong(path, "int-or-string", v);
  },
  i32: (v, path, _, out) => {
    if (typeof v !== "number" || !Number.isInteger(v)) out.wrong(path, "integer", v);
    else if (!fitsInt32(v)) out.refused(path, "int32", v);
  },
  i64: (v, path, _, out) => {
    if (typeof v !== "number" || !Number.isInteger(v)) out.wrong(path, "integer", v);
    else if (!fitsInt64(v)) out.refused(path, "int64", v);
  },
  b64: (v, path, _, out) => {
    if (typeof v !== "string") out.wrong(path, "string", v);
    else if (base64Problem(v) !== undefined) out.refused(path, "byte", v);
  },
  q: (v, path, _, out) => {
    if (typeof v === "string") {
      if (parseQuantity(v.trim()) === undefined) out.refused(path, "quantity", v);
    } else if (typeof v !== "number") out.wrong(path, "int-or-string", v);
  },
  time: (v, path, _, out) => {
    if (typeof v !== "string") out.wrong(path, "string", v);
    else if (!isRfc3339(v)) out.refused(path, "date-time", v);
  },
};

/** The validator of a shape in a catalog (references resolved in that catalog). */
function validatorOf(catalog: Catalog, shape: Shape): Validator {
  const s = derefIn(catalog, shape);
  if (typeof s === "string") return LEAVES[s] ?? noCheck;
  let v = catalog.validators.get(s);
  if (!v) {
    v = compile(catalog, s);
    catalog.validators.set(s, v);
  }
  return v;
}

function derefIn(catalog: Catalog, s: Shape): Shape {
  let cur = s;
  for (let i = 0; i < 16 && typeof cur === "string" && cur.charCodeAt(0) === 64 /* @ */; i++) {
    const d: Shape | undefined = catalog.refs.get(cur);
    if (d === undefined) throw new Error(`shape definition ${cur} is missing`);
    cur = d;
  }
  return cur;
}

function compile(catalog: Catalog, s: ShapeObject): Validator {
  const base = compileBody(catalog, s);
  const rules = s.c;
  if (!rules) return base;
  return (value, path, parent, out) => {
    out.celRules(path, value, rules);
    base(value, path, parent, out);
  };
}

function compileBody(catalog: Catalog, s: ShapeObject): Validator {
  if (s.t !== undefined) return LEAVES[s.t] ?? noCheck;
  if (s.a !== undefined) {
    const item = s.a;
    let each: Validator | undefined; // resolved on first use: shapes may refer to themselves
    return (value, path, parent, out) => {
      if (!Array.isArray(value)) {
        out.wrong(path, "list", value);
        return;
      }
      each ??= validatorOf(catalog, item);
      for (let i = 0; i < value.length; i++) {
        const x = value[i];
        if (x === null || x === undefined) continue;
        path.push(i);
        each(x, path, parent, out);
        path.pop();
      }
    };
  }
  if (s.v !== undefined) {
    const allowed = s.v;
    const set = new Set(allowed);
    return (value, path, _, out) => {
      if (typeof value !== "string") out.wrong(path, "string", value);
      else if (value !== "" && !set.has(value)) out.notAllowed(path, value, allowed);
    };
  }
  const required = s.r;
  const open = s.open === 1;
  let fields: Map<string, Validator> | undefined; // built on first use, for the same reason
  let values: Validator | undefined;
  return (value, path, parent, out) => {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      out.wrong(path, "mapping", value);
      return;
    }
    const obj = value as Record<string, unknown>;
    if (required)
      for (const field of required) if (obj[field] === undefined || obj[field] === null) out.lacks(path, field);
    if (!fields) {
      fields = new Map();
      for (const [k, child] of Object.entries(propsIn(catalog, s) ?? {})) fields.set(k, validatorOf(catalog, child));
      if (s.m !== undefined) values = validatorOf(catalog, s.m);
    }
    for (const key in obj) {
      const x = obj[key];
      const check = fields.get(key) ?? values;
      if (check !== undefined) {
        if (x === null || x === undefined) continue;
        path.push(key);
        check(x, path, s, out);
        path.pop();
      } else if (!open) {
        path.push(key);
        out.unknownKey({ path: path.slice(), key, hint: hintFor(key, s, obj, path, parent) });
        path.pop();
      }
    }
  };
}

/** The properties of an object shape in a catalog, with those of its inlined definitions (`e`). */
function propsIn(catalog: Catalog, s: ShapeObject): Record<string, Shape> | undefined {
  if (!s.e) return s.p;
  const out: Record<string, Shape> = {};
  for (const name of s.e) {
    const d = derefIn(catalog, `@${name}`);
    if (typeof d !== "string") Object.assign(out, propsIn(catalog, d));
  }
  return Object.assign(out, s.p);
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

function hasField(s: ShapeObject, key: string): boolean {
  const props = propsOf(s);
  return props !== undefined && Object.hasOwn(props, key);
}

function hintFor(
  key: string,
  s: ShapeObject,
  value: Record<string, unknown>,
  path: PathSegment[],
  parent: ShapeObject | undefined,
): string {
  const siblings = Object.keys(propsOf(s) ?? {});
  const close = didYouMean(key, siblings);
  if (close) return `did you mean "${close}"?`;
  // One level down: `image` written in the pod spec instead of in a container.
  const below = childObjects(s).filter(([, c]) => hasField(c, key));
  if (below.length > 0) {
    const present = below.find(([name]) => value[name.replace(/\[\]$/, "")] !== undefined) ?? below[0];
    return `"${key}" is a field of ${present?.[0]}, one level down; move it there`;
  }
  // One level up: `nodeSelector` written in a container instead of in the pod spec.
  if (parent && hasField(parent, key)) {
    let i = path.length - 2;
    while (i >= 0 && typeof path[i] === "number") i--;
    const where = i >= 1 ? formatPath(path.slice(0, i)) : "the top level";
    return `"${key}" is a field of ${where}, one level up; move it there`;
  }
  if (siblings.length > 0 && siblings.length <= 12) return `known fields here: ${siblings.join(", ")}`;
  return "";
}
