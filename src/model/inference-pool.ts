// The Gateway API Inference Extension's InferencePool: a set of model-server pods chosen by labels,
// and the port(s) the gateway sends requests to. It creates no pods; it is resolved to the workloads
// of the checked set whose pod templates it selects (through refs.ts, so a pool is judged only
// against the model servers that ship with it). Field layout per API version: src/catalog/inference-gateway.ts.
import { INFERENCE_POOL_VERSIONS } from "../catalog/inference-gateway.js";
import type { Path } from "./path.js";
import { type Resolution, resolveAmong } from "./refs.js";
import { asArray, asObject, getIn, namespacesMatch, type Resource } from "./resource.js";
import { perSet } from "./set-index.js";
import type { PodGroup, Workload } from "./workload.js";

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

/** Whether a pod group's template carries every label of the selector. */
export function selects(selector: Record<string, string>, g: PodGroup): boolean {
  for (const [k, v] of Object.entries(selector)) {
    const got = g.podLabels[k];
    if (got === undefined || got === null || String(got) !== v) return false;
  }
  return true;
}

export interface PoolSelection {
  /** The workloads with a selected pod group, resolved like a reference (refs.ts resolveAmong). */
  resolution: Resolution;
  /** The selected pod groups of the workloads that belong with the pool. */
  groups: Array<{ workload: Workload; group: PodGroup }>;
}

const byResource = perSet((workloads: readonly Workload[]) => new Map(workloads.map((w) => [w.resource, w])));

/** The workloads (and their pod groups) an InferencePool selects, among those that belong with it. */
export function poolSelection(pool: InferencePool, workloads: readonly Workload[]): PoolSelection {
  const pr = pool.resource;
  const selected = workloads.filter(
    (w) => namespacesMatch(w.resource.namespace, pr.namespace) && w.podGroups.some((g) => selects(pool.selector, g)),
  );
  const resolution = resolveAmong(
    selected.map((w) => w.resource),
    pr,
  );
  const index = byResource(workloads);
  const groups: PoolSelection["groups"] = [];
  for (const r of resolution.objects) {
    const w = index.get(r);
    if (!w) continue;
    for (const g of w.podGroups) if (selects(pool.selector, g)) groups.push({ workload: w, group: g });
  }
  return { resolution, groups };
}
