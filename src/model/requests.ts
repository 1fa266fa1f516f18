import type { Path } from "./path.js";
import { parseQuantity } from "./quantity.js";
import { asObject, type JsonObject } from "./resource.js";
import { perObject } from "./set-index.js";
import type { PodGroup } from "./workload.js";

/** What one pod asks the scheduler for, per resource name, and where each request is written. */
export interface PodResourceRequests {
  requests: Record<string, number>;
  requestPaths: Record<string, Path>;
}

/** A container's request for each resource: requests, or limits where requests leave it out. */
function containerRequests(c: JsonObject, cPath: Path): Array<[string, number, Path]> {
  const res = asObject(c.resources);
  if (!res) return [];
  const out: Array<[string, number, Path]> = [];
  const requests = asObject(res.requests) ?? {};
  const limits = asObject(res.limits) ?? {};
  for (const name of new Set([...Object.keys(requests), ...Object.keys(limits)])) {
    const field = requests[name] !== undefined ? "requests" : "limits";
    const v = parseQuantity(field === "requests" ? requests[name] : limits[name]);
    if (v === undefined || v <= 0) continue;
    out.push([name, v, [...cPath, "resources", field, name]]);
  }
  return out;
}

/**
 * A pod's effective requests, as the scheduler computes them: app containers and restartable
 * (sidecar) init containers summed, other init containers by their maximum, plus the pod's
 * `overhead`. https://kubernetes.io/docs/concepts/workloads/pods/init-containers/#resource-sharing-within-containers
 */
export function podResourceRequests(
  apps: ReadonlyArray<{ value: JsonObject; path: Path }>,
  inits: ReadonlyArray<{ value: JsonObject; path: Path }>,
  overhead: JsonObject | undefined,
): PodResourceRequests {
  const sum: Record<string, number> = {};
  const initMax: Record<string, number> = {};
  const requestPaths: Record<string, Path> = {};
  const sidecars = inits.filter((c) => c.value.restartPolicy === "Always");
  for (const c of [...apps, ...sidecars]) {
    for (const [name, v, p] of containerRequests(c.value, c.path)) {
      sum[name] = (sum[name] ?? 0) + v;
      requestPaths[name] ??= p;
    }
  }
  for (const c of inits) {
    if (c.value.restartPolicy === "Always") continue;
    for (const [name, v, p] of containerRequests(c.value, c.path)) {
      initMax[name] = Math.max(initMax[name] ?? 0, v);
      requestPaths[name] ??= p;
    }
  }
  const requests: Record<string, number> = {};
  for (const name of new Set([...Object.keys(sum), ...Object.keys(initMax)])) {
    requests[name] = Math.max(sum[name] ?? 0, initMax[name] ?? 0);
  }
  for (const [name, q] of Object.entries(overhead ?? {})) {
    const v = parseQuantity(q);
    if (v !== undefined && v > 0) requests[name] = (requests[name] ?? 0) + v;
  }
  return { requests, requestPaths };
}

/** The effective requests of one pod of a group; computed once per group. Do not mutate. */
export const groupResourceRequests = perObject(
  (g: PodGroup): PodResourceRequests =>
    podResourceRequests(
      g.containers.filter((c) => c.role !== "initContainer" && c.role !== "ephemeralContainer"),
      g.containers.filter((c) => c.role === "initContainer"),
      asObject(g.podSpec?.overhead),
    ),
);
