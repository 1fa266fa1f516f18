// Helpers shared by the security rules (files starting with `_` are not rules).
import { type PssControl, pssApplies, pssTag } from "../../catalog/pss.js";
import type { Path } from "../../model/path.js";
import { rdmaIntent } from "../../model/rdma.js";
import { asObject, type JsonObject } from "../../model/resource.js";
import { perObject } from "../../model/set-index.js";
import type { ContainerView, PodGroup } from "../../model/workload.js";
import type { RuleContext } from "../types.js";

/**
 * A node agent (a DaemonSet, or an operator's internal pod template: model/node-agent.ts): device
 * plugins, drivers, network and feature-discovery agents and validator pods that legitimately need
 * host access. Their privileges are reported as info, naming what the namespace must allow, not
 * as a warning to fix.
 */
export { isNodeAgent } from "../../model/node-agent.js";

export interface SecurityContextView {
  value: JsonObject;
  path: Path;
}

/** The pod-level securityContext of a group, when present. */
function podSecurityContextUncached(g: PodGroup): SecurityContextView | undefined {
  if (!g.podSpec || !g.podSpecPath) return undefined;
  const value = asObject(g.podSpec.securityContext);
  return value ? { value, path: [...g.podSpecPath, "securityContext"] } : undefined;
}

/** A container's securityContext, when present. */
export function containerSecurityContext(c: ContainerView): SecurityContextView | undefined {
  const value = asObject(c.value.securityContext);
  return value ? { value, path: [...c.path, "securityContext"] } : undefined;
}

/** Whether the control applies at the run's --pss level. */
export function applies(control: PssControl, ctx: RuleContext): boolean {
  return pssApplies(control, ctx.options.pss ?? "baseline");
}

export { containerLabel } from "../../model/workload.js";
export { pssTag };

const rdmaCache = new WeakMap<PodGroup, { rdma: boolean; reasons: string[] }>();

/** The RDMA intent of a pod group (network pack's helper), computed once per group. */
export function rdmaOf(g: PodGroup, ctx: RuleContext): { rdma: boolean; reasons: string[] } {
  let v = rdmaCache.get(g);
  if (!v) {
    try {
      v = rdmaIntent(g, ctx.set);
    } catch {
      v = { rdma: false, reasons: [] };
    }
    rdmaCache.set(g, v);
  }
  return v;
}

/** The Pod Security level a namespace needs for a node agent or an RDMA pod, said once in messages. */
export const PRIVILEGED_NAMESPACE_HINT =
  "its namespace must be labelled pod-security.kubernetes.io/enforce: privileged";

export const podSecurityContext = perObject(podSecurityContextUncached);
