// Pod-spec helpers shared by the network rules (not a rule module).
import { appContainers, containerGpuOnlyCount } from "../../model/gpu.js";
import { asArray, getIn, type JsonObject } from "../../model/resource.js";
import type { PodGroup } from "../../model/workload.js";

/** The container adds IPC_LOCK (or ALL) to its capabilities. */
export function hasIpcLock(container: JsonObject): boolean {
  return asArray(getIn(container, ["securityContext", "capabilities", "add"])).some(
    (c) => typeof c === "string" && ["IPC_LOCK", "CAP_IPC_LOCK", "ALL"].includes(c.toUpperCase()),
  );
}

export function isPrivileged(container: JsonObject): boolean {
  return getIn(container, ["securityContext", "privileged"]) === true;
}

export function usesHostNetwork(group: PodGroup): boolean {
  return group.podSpec?.hostNetwork === true;
}

/** GPUs (not TPUs or Neuron devices) one pod of the group holds while it runs. */
export function gpusPerPod(group: PodGroup): number {
  return appContainers(group).reduce((n, c) => n + containerGpuOnlyCount(c), 0);
}
