// Helpers shared by the scheduling rules (not a rule: files starting with _ are not registered).
import { DISTRIBUTED_LAUNCHERS } from "../../catalog/schedulers.js";
import { isAcceleratorResource } from "../../model/gpu.js";
import type { Path } from "../../model/path.js";
import { groupResourceRequests } from "../../model/requests.js";
import { asArray, asString, getIn, type Resource } from "../../model/resource.js";
import { perObject } from "../../model/set-index.js";
import type { PodGroup, Workload } from "../../model/workload.js";
import type { RuleContext, Severity } from "../types.js";

export function requestsAccelerator(pg: PodGroup): boolean {
  for (const [n, q] of podRequests(pg)) if (q > 0 && isAcceleratorResource(n)) return true;
  return false;
}

/** The command and args of a pod group's containers as one text, for launcher detection. */
export function commandText(pg: PodGroup): string {
  return pg.containers
    .flatMap((c) => [...asArray(c.value.command), ...asArray(c.value.args)])
    .filter((s): s is string => typeof s === "string")
    .join(" ");
}

export function runsDistributedLauncher(pg: PodGroup): boolean {
  const text = commandText(pg);
  return DISTRIBUTED_LAUNCHERS.some((re) => re.test(text));
}

/** A fixed `--nnodes N` (not an elastic `MIN:MAX` range) in any container of the workload. */
export function fixedNnodes(w: Workload): number | undefined {
  for (const pg of w.podGroups) {
    const m = /--nnodes(?:=|\s+)["']?(\d+)(?![\d:])/.exec(commandText(pg));
    if (m) return Number(m[1]);
  }
  return undefined;
}

/** `Master 1, Worker 3`. */
export function groupBreakdown(w: Workload): string {
  return w.podGroups.map((g) => `${g.role} ${g.replicas ?? "?"}`).join(", ");
}

export function describe(r: Resource): string {
  const own = `${r.kind}${r.name ? ` ${r.name}` : ""}`;
  const h = r.embeddedIn;
  return h ? `${own} (embedded in ${h.kind}${h.name ? ` ${h.name}` : ""})` : own;
}

/** Same namespace, treating an unset namespace as equal only to another unset one. */
export function sameNamespace(a: Resource, b: Resource): boolean {
  return (a.namespace ?? "") === (b.namespace ?? "");
}

/** Severity for a reference to an object the checked set does not hold. */
export function refSeverity(ctx: RuleContext): Severity {
  return ctx.options.strictRefs ? "error" : "info";
}

export function refSuffix(ctx: RuleContext): string {
  return ctx.options.strictRefs ? "" : " (it may exist in the cluster; --strict-refs makes this an error)";
}

export function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

export function str(v: unknown): string | undefined {
  return asString(v);
}

export function at(root: unknown, path: Path): unknown {
  return getIn(root, path);
}

/** Requests of one pod of the group (model/requests.ts), as a map; computed once per group. */
export const podRequests = perObject(
  (pg: PodGroup): ReadonlyMap<string, number> => new Map(Object.entries(groupResourceRequests(pg).requests)),
);
