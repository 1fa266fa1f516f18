// Pod-spec helpers shared by the network rules (not a rule module).
import { asArray, asObject, asString, getIn, type JsonObject } from "../../model/resource.js";
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

const GPU_RESOURCE = /^(nvidia\.com\/gpu|amd\.com\/gpu|gpu\.intel\.com\/.+|habana\.ai\/gaudi)$/;

/** GPUs the group's containers ask for (NVIDIA, AMD, Intel, Habana), per pod. */
export function gpusPerPod(group: PodGroup): number {
  let n = 0;
  for (const c of group.containers) {
    if (c.role === "initContainer" || c.role === "ephemeralContainer") continue;
    const res =
      asObject(getIn(c.value, ["resources", "limits"])) ?? asObject(getIn(c.value, ["resources", "requests"]));
    for (const [name, v] of Object.entries(res ?? {})) {
      if (!GPU_RESOURCE.test(name)) continue;
      const q = typeof v === "number" ? v : Number(asString(v));
      if (Number.isFinite(q)) n += q;
    }
  }
  return n;
}
