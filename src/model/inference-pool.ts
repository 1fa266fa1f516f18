// The Gateway API Inference Extension's InferencePool: a set of model-server pods chosen by labels,
// and the port(s) the gateway sends requests to. It creates no pods; it is resolved to the workloads
// of the checked set whose pod templates it selects (through refs.ts, so a pool is judged only
// against the model servers that ship with it). Field layout per API version: src/catalog/inference-gateway.ts.
import { INFERENCE_POOL_VERSIONS } from "../catalog/inference-gateway.js";
import type { Path } from "./path.js";
import { belonging, type Place, placeOf } from "./refs.js";
import { asArray, asObject, getIn, namespacesMatch, type Resource } from "./resource.js";

export interface InferencePool {
  resource: Resource;
  /** The labels a pod must carry (all of them), as strings. */
  selector: Record<string, string>;
  selectorPath: Path;
  /** The ports the gateway targets on each selected pod. */
  ports: Array<{ number: number; path: Path }>;
}

/** An InferencePool as its API version lays it out; undefined for anything else or a pool without a selector. */
export function inferencePoolOf(r: Resource): InferencePool | undefined {
  if (r.kind !== "InferencePool") return undefined;
  const layout = INFERENCE_POOL_VERSIONS.find((v) => v.group === r.group);
  if (!layout) return undefined;
  const selectorPath: Path = ["spec", ...layout.selector];
  const raw = asObject(getIn(r.value, selectorPath));
  if (!raw) return undefined;
  const selector: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === null || typeof v === "object") return undefined;
    selector[k] = String(v);
  }
  if (Object.keys(selector).length === 0) return undefined;
  const ports: InferencePool["ports"] = [];
  if (layout.ports === "targetPortNumber") {
    const n = getIn(r.value, ["spec", "targetPortNumber"]);
    if (typeof n === "number") ports.push({ number: n, path: ["spec", "targetPortNumber"] });
  } else {
    asArray(getIn(r.value, ["spec", "targetPorts"])).forEach((p, i) => {
      const n = asObject(p)?.number;
      if (typeof n === "number") ports.push({ number: n, path: ["spec", "targetPorts", i, "number"] });
    });
  }
  return { resource: r, selector, selectorPath, ports };
}

/** Whether pod labels carry every label of the selector. */
export function selects(selector: Record<string, string>, labels: Record<string, unknown>): boolean {
  for (const [k, v] of Object.entries(selector)) {
    const got = labels[k];
    if (got === undefined || got === null || String(got) !== v) return false;
  }
  return true;
}

/** A workload as a pool's selection sees it: where it is, and its pod groups' labels (a `set` hook's fact). */
export interface PoolCandidate {
  namespace: string | undefined;
  place: Place;
  groups: ReadonlyArray<{ labels: Record<string, unknown> }>;
}

export interface PoolSelection<C extends PoolCandidate> {
  /** Every candidate with a selected pod group, in the run. */
  all: C[];
  /** Those that belong with the pool (refs.ts `belonging`, as `resolveAmong`). */
  objects: C[];
  /** Their selected pod groups. */
  groups: Array<{ candidate: C; group: C["groups"][number] }>;
}

/** The workloads (and their pod groups) an InferencePool selects, among those that belong with it. */
export function poolSelection<C extends PoolCandidate>(
  pool: InferencePool,
  candidates: readonly C[],
): PoolSelection<C> {
  const pr = pool.resource;
  const all = candidates.filter(
    (w) => namespacesMatch(w.namespace, pr.namespace) && w.groups.some((g) => selects(pool.selector, g.labels)),
  );
  const { objects } = belonging(placeOf(pr), all, (w) => w.place);
  const groups: PoolSelection<C>["groups"] = [];
  for (const w of objects)
    for (const g of w.groups) if (selects(pool.selector, g.labels)) groups.push({ candidate: w, group: g });
  return { all, objects, groups };
}
