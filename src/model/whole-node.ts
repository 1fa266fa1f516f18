// Pods that hold a whole node: every accelerator of the largest nodes of their kind, or every chip
// of a TPU VM. No other workload's pod lands beside them, which changes what "a neighbour" means
// for the rules about shared memory and the host network.
import {
  TPU_ACCELERATOR_LABEL,
  TPU_CHIPS_PER_MULTI_HOST_VM,
  TPU_MACHINE_CHIPS,
  TPU_MAX_SINGLE_HOST_CHIPS,
  TPU_TOPOLOGY_LABEL,
  TPU_VM_CHIPS,
  WHOLE_NODE_DEVICES,
} from "../catalog/accelerators.js";
import { instanceType } from "../catalog/instance-types.js";
import { appContainers, containerAccelerators } from "./gpu.js";
import { asObject, asString } from "./resource.js";
import type { PodGroup } from "./workload.js";

/** The TPU slice a group's pods are placed on, from its GKE node selector; undefined without one. */
export function tpuSlice(g: PodGroup): { topology: string; chips: number; multiHost: boolean } | undefined {
  const sel = asObject(g.podSpec?.nodeSelector);
  const topology = asString(sel?.[TPU_TOPOLOGY_LABEL]);
  if (!topology || !/^\d+(x\d+)+$/.test(topology)) return undefined;
  const chips = topology.split("x").reduce((n, d) => n * Number(d), 1);
  // A 3-D topology (v4, v5p) is built of four-chip VMs; a 2-D one of up to eight chips fits one VM.
  const multiHost =
    topology.split("x").length > 2 ? chips > TPU_CHIPS_PER_MULTI_HOST_VM : chips > TPU_MAX_SINGLE_HOST_CHIPS;
  return { topology, chips, multiHost };
}

/** Whether the group's pods ask for TPUs on a GKE TPU node pool. */
export function usesTpuSlice(g: PodGroup): boolean {
  const sel = asObject(g.podSpec?.nodeSelector);
  return (
    asString(sel?.[TPU_ACCELERATOR_LABEL]) !== undefined &&
    appContainers(g).some((c) => containerAccelerators(c).some((a) => a.resource === "google.com/tpu"))
  );
}

/**
 * Node labels that say how many accelerators the selected nodes have: the instance type
 * (well-known label `node.kubernetes.io/instance-type`, set by every cloud; its count from
 * catalog/instance-types.ts) and GKE's `cloud.google.com/gke-accelerator-count`
 * (https://cloud.google.com/kubernetes-engine/docs/how-to/autopilot-gpus, read 2026-12-04).
 */
const INSTANCE_TYPE_LABELS = ["node.kubernetes.io/instance-type", "beta.kubernetes.io/instance-type"];
const GKE_ACCELERATOR_COUNT_LABEL = "cloud.google.com/gke-accelerator-count";

/** Accelerators per node of the nodes a group's node selector picks, when it names their machine type or count. */
export function selectedNodeAccelerators(g: PodGroup): number | undefined {
  const sel = asObject(g.podSpec?.nodeSelector);
  if (!sel) return undefined;
  const count = Number(asString(sel[GKE_ACCELERATOR_COUNT_LABEL]) ?? sel[GKE_ACCELERATOR_COUNT_LABEL]);
  if (Number.isInteger(count) && count > 0) return count;
  for (const label of INSTANCE_TYPE_LABELS) {
    const name = asString(sel[label]);
    const type = name ? instanceType(name) : undefined;
    if (type) return type.count;
  }
  return undefined;
}

/**
 * Chips of the TPU VM (the node) a group's pods land on, when its node selector says: the machine
 * type, else the accelerator and topology (`TPU_VM_CHIPS`). Where a topology can be built of VMs of
 * different sizes (v6e 2x4: one VM of eight or two of four), the largest: a pod holds the whole
 * node only when it holds every chip of any VM it may get.
 */
export function tpuNodeChips(g: PodGroup): number | undefined {
  const sel = asObject(g.podSpec?.nodeSelector);
  if (!sel) return undefined;
  for (const label of INSTANCE_TYPE_LABELS) {
    const machine = asString(sel[label]);
    const chips = machine ? TPU_MACHINE_CHIPS[machine.toLowerCase()] : undefined;
    if (chips !== undefined) return chips;
  }
  const accelerator = asString(sel[TPU_ACCELERATOR_LABEL]);
  const hosts = accelerator ? TPU_VM_CHIPS[accelerator] : undefined;
  if (!hosts) return undefined;
  const topology = asString(sel[TPU_TOPOLOGY_LABEL]);
  const sizes = topology
    ? (hosts.byTopology[topology] ?? (hosts.multiHost !== undefined ? [hosts.multiHost] : undefined))
    : // No topology: known only when every VM of the accelerator has the same chips (v4, v5p, TPU7x).
      [...Object.values(hosts.byTopology).flat(), ...(hosts.multiHost !== undefined ? [hosts.multiHost] : [])];
  if (!sizes || sizes.length === 0) return undefined;
  if (!topology && sizes.some((n) => n !== sizes[0])) return undefined;
  return Math.max(...sizes);
}

/** True when one pod of the group holds every accelerator of the node it runs on. */
export function holdsWholeNode(g: PodGroup): boolean {
  const per = new Map<string, number>();
  for (const c of appContainers(g))
    for (const a of containerAccelerators(c)) per.set(a.resource, (per.get(a.resource) ?? 0) + a.count);
  const onNode = selectedNodeAccelerators(g);
  for (const [resource, n] of per) {
    if (onNode !== undefined && resource !== "google.com/tpu" && n >= onNode) return true;
    const whole = WHOLE_NODE_DEVICES[resource];
    if (whole !== undefined && n >= whole) return true;
    if (resource === "google.com/tpu") {
      const node = tpuNodeChips(g);
      if (node !== undefined) {
        if (n >= node) return true;
        continue;
      }
      const slice = tpuSlice(g);
      if (slice && n >= (slice.multiHost ? TPU_CHIPS_PER_MULTI_HOST_VM : slice.chips)) return true;
    }
  }
  return false;
}
