/**
 * Accelerators a container or pod asks for, read from its resources. Devices are per container:
 * a process sees only the devices of its own container. Limits are what the device plugin
 * allocates (requests default to them); a request without a limit is read as well so that rules
 * can still reason about an invalid manifest.
 */
import { ACCELERATOR_RESOURCES, type AcceleratorResource, type Vendor } from "../catalog/accelerators.js";
import { parseMigResource } from "../catalog/mig-profiles.js";
import type { Path } from "./path.js";
import { parseQuantity } from "./quantity.js";
import { asObject, getIn, type JsonObject } from "./resource.js";
import { perObject } from "./set-index.js";
import type { ContainerView, PodGroup } from "./workload.js";

export interface AcceleratorRequest {
  resource: string;
  vendor: Vendor;
  unit: AcceleratorResource["unit"];
  /** MIG profile (`1g.10gb`) for mixed-strategy slices. */
  migProfile?: string;
  count: number;
  /** Path to the value that gave the count (limits, else requests). */
  path: Path;
  from: "limits" | "requests";
}

const BY_NAME = new Map(ACCELERATOR_RESOURCES.map((a) => [a.name, a]));

/** The catalog entry of an accelerator resource name, MIG slices included; undefined otherwise. */
export function acceleratorOf(name: string): Pick<AcceleratorResource, "vendor" | "unit"> | undefined {
  const known = BY_NAME.get(name);
  if (known) return known;
  if (parseMigResource(name)) return { vendor: "nvidia", unit: "slice" };
  return undefined;
}

/**
 * Whether a resource name is an accelerator: a device plugin name from the catalog (MIG slices
 * included), or a name of a known accelerator vendor's namespace — time-sliced
 * `nvidia.com/gpu.shared`, HAMi's `nvidia.com/gpucores`/`gpumem`, Intel, Gaudi, Neuron and TPU
 * variants — so that quota and placement arithmetic counts shared GPUs too.
 */
export function isAcceleratorResource(name: string): boolean {
  return (
    acceleratorOf(name) !== undefined ||
    name.startsWith("nvidia.com/gpu") ||
    name.startsWith("nvidia.com/mig-") ||
    name.startsWith("amd.com/gpu") ||
    name.startsWith("gpu.intel.com/") ||
    name.startsWith("habana.ai/") ||
    name.startsWith("aws.amazon.com/neuron") ||
    name.startsWith("google.com/tpu")
  );
}

/** Where a container's `resources` block sits (a TrainJob trainer keeps it in `resourcesPerNode`). */
export function resourcesPath(c: ContainerView): Path {
  return [...c.path, c.role === "trainer" ? "resourcesPerNode" : "resources"];
}

/** The accelerators one container asks for, one entry per resource name. */
function containerAcceleratorsUncached(c: ContainerView): AcceleratorRequest[] {
  const res = asObject(c.value.resources);
  const limits = asObject(res?.limits) ?? {};
  const requests = asObject(res?.requests) ?? {};
  const out: AcceleratorRequest[] = [];
  const names = new Set([...Object.keys(limits), ...Object.keys(requests)]);
  for (const name of names) {
    const acc = acceleratorOf(name);
    if (!acc) continue;
    const from = name in limits ? "limits" : "requests";
    const q = parseQuantity(from === "limits" ? limits[name] : requests[name]);
    if (q === undefined || q <= 0) continue;
    const mig = parseMigResource(name);
    out.push({
      resource: name,
      vendor: acc.vendor,
      unit: acc.unit,
      ...(mig ? { migProfile: mig.profile } : {}),
      count: q,
      path: [...resourcesPath(c), from, name],
      from,
    });
  }
  return out;
}

/** Vendors whose devices are GPUs (NCCL/RCCL, CUDA/ROCm IPC through /dev/shm). */
export const GPU_VENDORS: ReadonlySet<Vendor> = new Set(["nvidia", "amd", "intel", "habana"]);

/** GPUs proper (not TPUs or Neuron devices) one container gets. */
export function containerGpuOnlyCount(c: ContainerView): number {
  return containerAccelerators(c)
    .filter((a) => GPU_VENDORS.has(a.vendor))
    .reduce((n, a) => n + a.count, 0);
}

/** How to call a vendor's device in messages. */
export function deviceWord(vendor: Vendor | undefined, n: number): string {
  const word = vendor === "google" ? "TPU" : vendor === "aws" ? "Neuron device" : vendor === "habana" ? "Gaudi" : "GPU";
  return n === 1 ? word : `${word}s`;
}

/** Whole accelerator devices (and slices, cores) one container gets: the sum over its accelerator resources. */
export function containerGpuCount(c: ContainerView): number {
  return containerAccelerators(c).reduce((n, a) => n + a.count, 0);
}

/** Containers that run for the pod's lifetime: app containers, a TrainJob trainer, a KServe model block. */
export function appContainers(g: PodGroup): ContainerView[] {
  return g.containers.filter((c) => c.role === "container" || c.role === "trainer" || c.role === "model");
}

/** Accelerators one pod of the group holds while it runs (app containers only). */
export function podGpuCount(g: PodGroup): number {
  return appContainers(g).reduce((n, c) => n + containerGpuCount(c), 0);
}

/** True when any container of the group (init containers included) asks for an accelerator. */
export function groupUsesAccelerators(g: PodGroup): boolean {
  return g.containers.some((c) => containerAccelerators(c).length > 0);
}

/** The value of a literal env var of a container (`env: [{name, value}]`), or undefined. */
export function envValue(container: JsonObject, name: string): { value: string; index: number } | undefined {
  const env = getIn(container, ["env"]);
  if (!Array.isArray(env)) return undefined;
  for (let i = env.length - 1; i >= 0; i--) {
    const e = asObject(env[i]);
    if (e && e.name === name && typeof e.value === "string") return { value: e.value, index: i };
  }
  return undefined;
}

export const containerAccelerators = perObject(containerAcceleratorsUncached);
