// Node agents: the pods that run device plugins, drivers, network and feature-discovery agents,
// and the pods an operator starts from its own internal templates to validate a node (the NVIDIA
// GPU operator's CUDA and device-plugin validator pods). They legitimately need host access and
// are sized and secured by the cluster operator, not by the team that writes training jobs.
import { asObject, asString } from "./resource.js";
import type { Workload } from "./workload.js";

/**
 * A value an operator fills in before it creates the object (`FILLED_BY_THE_VALIDATOR` in the GPU
 * operator's validator manifests): an all-capitals placeholder with underscores, never a real
 * namespace (DNS labels are lower case) or image (repository names are lower case).
 */
export const OPERATOR_PLACEHOLDER = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/;

/**
 * An operator's internal pod template: the object's namespace or one of its images is a
 * placeholder the operator fills in, so the file is not applied as written.
 */
export function isOperatorTemplate(w: Workload): boolean {
  if (OPERATOR_PLACEHOLDER.test(w.resource.namespace ?? "")) return true;
  return w.podGroups.some((g) =>
    g.containers.some((c) => OPERATOR_PLACEHOLDER.test(asString(asObject(c.value)?.image) ?? "")),
  );
}

/** A node agent: a DaemonSet, or a pod an operator builds from its own template (isOperatorTemplate). */
export function isNodeAgent(w: Workload): boolean {
  return (w.resource.group === "apps" && w.resource.kind === "DaemonSet") || isOperatorTemplate(w);
}
