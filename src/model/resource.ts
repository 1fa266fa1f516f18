import type { Located, Span } from "../load/node-table.js";
import type { ParsedDocument } from "../load/types.js";
import type { Memo } from "./memo.js";
import type { Path } from "./path.js";

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

export function asObject(v: unknown): JsonObject | undefined {
  return isObject(v) ? v : undefined;
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function asString(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** Reads a nested value; undefined as soon as a step is missing or of the wrong shape. */
export function getIn(root: unknown, path: Path): unknown {
  let v = root;
  for (const seg of path) {
    if (typeof seg === "number") {
      if (!Array.isArray(v)) return undefined;
      v = v[seg];
    } else {
      if (!isObject(v)) return undefined;
      v = v[seg];
    }
  }
  return v;
}

/**
 * Whether two objects can end up in the same namespace: an unset namespace is whatever the apply
 * says (`kubectl -n`), so it matches any; two set namespaces must be equal.
 */
export function namespacesMatch(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

/** A path relative to a resource, as a path from its document's root (a `kind: List` item's is longer). */
export function documentPath(r: Resource, path: Path): Path {
  return r.basePath.length === 0 ? path : [...r.basePath, ...path];
}

/** Where the resource's value at `path` is in its file (NodeTable.locate). */
export function locateInResource(r: Resource, path: Path): Located | undefined {
  return r.doc.nodes.locate(documentPath(r, path));
}

/** Where `needle` first appears in the source of the resource's value at `path` (NodeTable.find). */
export function findInResource(r: Resource, path: Path, needle: string, from = 0): Span | undefined {
  return r.doc.nodes.find(documentPath(r, path), needle, from);
}

/** What the JSON contract calls `resource`. */
export interface ResourceRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name?: string;
}

/**
 * One Kubernetes object: a document, or one item of a `kind: List`. Paths that rules report are
 * relative to `value`; `basePath` leads from the document root to it.
 */
export interface Resource {
  doc: ParsedDocument;
  basePath: Path;
  value: JsonObject;
  apiVersion: string;
  kind: string;
  /** `group/version` split: group is "" for the core API. */
  group: string;
  version: string;
  name: string | undefined;
  namespace: string | undefined;
  ref: ResourceRef;
  labels: Record<string, unknown>;
  annotations: Record<string, unknown>;
  /**
   * For an object embedded in another (a Katib trial's MPIJob, a KaiwoJob's RayJob): the object
   * holding it, whose controller creates it (and names it).
   */
  embeddedIn?: Resource;
  /** Facts derived from this resource, kept by `perObject` (set-index.ts); null until the first. */
  memo: Memo;
}

export function toResource(doc: ParsedDocument, value: JsonObject, basePath: Path): Resource {
  const apiVersion = typeof value.apiVersion === "string" ? value.apiVersion : "";
  const kind = typeof value.kind === "string" ? value.kind : "";
  const slash = apiVersion.indexOf("/");
  const meta = asObject(value.metadata) ?? {};
  const name = asString(meta.name) ?? asString(meta.generateName);
  const namespace = asString(meta.namespace);
  const ref: ResourceRef = { apiVersion, kind };
  if (namespace !== undefined) ref.namespace = namespace;
  if (name !== undefined) ref.name = name;
  return {
    doc,
    basePath,
    value,
    apiVersion,
    kind,
    group: slash >= 0 ? apiVersion.slice(0, slash) : "",
    version: slash >= 0 ? apiVersion.slice(slash + 1) : apiVersion,
    name,
    namespace,
    ref,
    labels: asObject(meta.labels) ?? {},
    annotations: asObject(meta.annotations) ?? {},
    memo: null,
  };
}

/** Expands documents into resources: a `kind: List` (or `*List`) contributes its items. */
export function resourcesOf(doc: ParsedDocument): Resource[] {
  const v = doc.value;
  if (!isObject(v)) return [];
  if (typeof v.kind === "string" && /List$/.test(v.kind) && Array.isArray(v.items)) {
    const out: Resource[] = [];
    v.items.forEach((item, i) => {
      if (isObject(item)) out.push(toResource(doc, item, ["items", i]));
    });
    return out;
  }
  return [toResource(doc, v, [])];
}
