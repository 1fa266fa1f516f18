/**
 * Users' CustomResourceDefinitions as shapes: each served version's openAPIV3Schema becomes the
 * shape of `group/version/Kind` (src/model/shape.ts describes the encoding), read the way the API
 * server reads a structural schema:
 * - `x-kubernetes-preserve-unknown-fields: true` keeps keys the schema does not list (`open`, or
 *   anything at all where it lists none);
 * - `x-kubernetes-int-or-string: true` is an integer or a string;
 * - `x-kubernetes-embedded-resource: true` is an object with apiVersion, kind and metadata;
 * - `enum` lists the values a field may take, `required` the fields it must have;
 * - `x-kubernetes-validations` are CEL rules on the value where they sit (`c`), evaluated by
 *   schema/crd-validation; rules that read `oldSelf` are transition rules, which the API server
 *   evaluates only on update, so they are left out.
 * https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#specifying-a-structural-schema
 */

import type { CelRule, Shape, ShapeObject } from "../catalog/shapes/types.js";
import type { Path } from "./path.js";
import { asArray, asObject, asString, type JsonObject, type Resource } from "./resource.js";

/** `group/version/Kind` → the shape of that kind, from the CRDs a run was given. */
export interface CrdIndex {
  kinds: Map<string, Shape>;
  /** Where each kind's CRD is (file:line), for messages. */
  sources: Map<string, string>;
}

export function isCrd(r: Resource): boolean {
  return r.group === "apiextensions.k8s.io" && r.kind === "CustomResourceDefinition";
}

function convert(s: JsonObject | undefined, top: boolean): Shape {
  if (!s) return "*";
  let shape: Shape = "*";
  const preserve = s["x-kubernetes-preserve-unknown-fields"] === true;
  if (s["x-kubernetes-int-or-string"] === true) shape = "x";
  else if (s["x-kubernetes-embedded-resource"] === true) {
    const props = asObject(s.properties) ?? {};
    shape = {
      p: {
        apiVersion: "s",
        kind: "s",
        metadata: "@ObjectMeta",
        ...Object.fromEntries(Object.entries(props).map(([k, v]) => [k, convert(asObject(v), false)])),
      },
      open: 1,
    };
  } else
    switch (asString(s.type)) {
      case "string":
        shape = Array.isArray(s.enum) && s.enum.every((v) => typeof v === "string") ? { v: s.enum as string[] } : "s";
        break;
      case "integer":
        shape = "i";
        break;
      case "number":
        shape = "n";
        break;
      case "boolean":
        shape = "b";
        break;
      case "array":
        shape = { a: convert(asObject(s.items), false) };
        break;
      case "object": {
        const props = asObject(s.properties);
        const add = s.additionalProperties;
        if (props) {
          const p: Record<string, Shape> = {};
          for (const [k, v] of Object.entries(props)) p[k] = convert(asObject(v), false);
          if (top) {
            p.apiVersion ??= "s";
            p.kind ??= "s";
            p.metadata = "@ObjectMeta";
            p.status = "*";
          }
          const o: ShapeObject = { p };
          // A field with a default is filled in by the API server before it validates.
          const required = asArray(s.required).filter(
            (x): x is string => typeof x === "string" && asObject(props[x])?.default === undefined,
          );
          if (required.length) o.r = required;
          if (preserve) o.open = 1;
          shape = o;
        } else if (asObject(add)) shape = { m: convert(asObject(add), false) };
        else shape = "*";
        break;
      }
      default:
        shape = "*";
    }
  if (top && shape === "*")
    shape = { p: { apiVersion: "s", kind: "s", metadata: "@ObjectMeta", status: "*" }, open: 1 };
  const rules = celRules(s);
  if (rules.length === 0) return shape;
  // A scalar with rules becomes `{ t, c }`; a collection carries its rules beside its shape.
  return typeof shape === "string" ? { t: shape, c: rules } : { ...shape, c: rules };
}

function celRules(s: JsonObject): CelRule[] {
  const out: CelRule[] = [];
  for (const v of asArray(s["x-kubernetes-validations"])) {
    const o = asObject(v);
    const rule = asString(o?.rule);
    if (!o || rule === undefined || /\boldSelf\b/.test(rule)) continue;
    const r: CelRule = { rule };
    const message = asString(o.message);
    if (message !== undefined) r.message = message;
    const fieldPath = asString(o.fieldPath);
    if (fieldPath !== undefined) r.fieldPath = fieldPath;
    out.push(r);
  }
  return out;
}

const kindsOf = new WeakMap<Resource, Array<{ key: string; shape: Shape }>>();

/** The kinds one CustomResourceDefinition defines: every served version with a schema (made once per CRD). */
export function crdKinds(r: Resource): Array<{ key: string; shape: Shape }> {
  let kinds = kindsOf.get(r);
  if (!kinds) {
    kinds = convertCrd(r);
    kindsOf.set(r, kinds);
  }
  return kinds;
}

function convertCrd(r: Resource): Array<{ key: string; shape: Shape }> {
  const spec = asObject(r.value.spec);
  const group = asString(spec?.group);
  const kind = asString(asObject(spec?.names)?.kind);
  if (!spec || !group || !kind) return [];
  const out: Array<{ key: string; shape: Shape }> = [];
  for (const v of asArray(spec.versions)) {
    const version = asObject(v);
    const name = asString(version?.name);
    if (!version || !name || version.served === false) continue;
    const schema = asObject(asObject(version.schema)?.openAPIV3Schema);
    if (!schema) continue;
    out.push({ key: `${group}/${name}/${kind}`, shape: convert(schema, true) });
  }
  return out;
}

/** Indexes the CRDs among `resources`; `where` names a CRD's place for messages. */
export function indexCrds(resources: readonly Resource[], where: (r: Resource) => string): CrdIndex | undefined {
  let index: CrdIndex | undefined;
  for (const r of resources) {
    if (!isCrd(r)) continue;
    for (const { key, shape } of crdKinds(r)) {
      index ??= { kinds: new Map(), sources: new Map() };
      index.kinds.set(key, shape);
      index.sources.set(key, where(r));
    }
  }
  return index;
}

/** `.spec.replicas`, `.items[0]`, `['a.b']`: a CRD rule's fieldPath as path segments; undefined when unreadable. */
export function parseFieldPath(fieldPath: string): Path | undefined {
  const out: (string | number)[] = [];
  const re = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['([^']*)'\]/y;
  let i = 0;
  while (i < fieldPath.length) {
    re.lastIndex = i;
    const m = re.exec(fieldPath);
    if (!m) return undefined;
    out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (m[3] as string)));
    i = re.lastIndex;
  }
  return out;
}
