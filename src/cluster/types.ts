/**
 * The cluster inventory mlgate checks workloads against: the nodes of a cluster as
 * `kubectl get nodes -o json` prints them (or as a hand-written pool list describes them),
 * optionally with what the pods already running there request.
 */

export type TaintEffect = "NoSchedule" | "PreferNoSchedule" | "NoExecute";

export interface Taint {
  key: string;
  value?: string;
  effect: TaintEffect;
}

/** A driver version as GPU Feature Discovery labels it (`nvidia.com/cuda.driver-version.*`). */
export interface DriverVersion {
  major: number;
  minor: number;
  revision: number;
}

/** A CUDA version, `major.minor`. */
export interface CudaVersion {
  major: number;
  minor: number;
}

export interface ClusterNode {
  name: string;
  /** The pool a hand-written inventory declared the node in; undefined for kubectl node lists. */
  pool?: string;
  labels: Readonly<Record<string, string>>;
  /** status.allocatable in base units (cpu in cores, memory in bytes, extended resources as counts), plus `pods`. */
  allocatable: Readonly<Record<string, number>>;
  /** What running pods already request on this node (from `--pods`); empty without it. */
  used: Record<string, number>;
  taints: readonly Taint[];
  unschedulable: boolean;
  /** The node's NVIDIA driver version, from GFD labels; undefined when the node does not say. */
  driver?: DriverVersion;
  /** The newest CUDA version the node's driver supports, from GFD `cuda.runtime-version` labels. */
  cudaRuntime?: CudaVersion;
}

export interface ClusterInventory {
  /** The file(s) it was read from, for messages. */
  source: string;
  nodes: readonly ClusterNode[];
  /** True when `--pods` gave what is already running, so `used` is meaningful. */
  hasPods: boolean;
}

/** A bad inventory file: the message names the file and the place in it. */
export class InventoryError extends Error {
  override name = "InventoryError";
}
