// Per-pod-group facts the RDMA/NCCL contradiction rules share (not a rule module).
import { commandLineVars, type EnvVar, effectiveEnv } from "../../model/env.js";
import { type RdmaEvidence, rdmaEvidence } from "../../model/rdma.js";
import { asString } from "../../model/resource.js";
import { perObject } from "../../model/set-index.js";
import { mpiRanks, type PodGroup, type Workload } from "../../model/workload.js";
import type { CheckedSet } from "../types.js";
import { isPrivileged, usesHostNetwork } from "./_pod.js";

export interface GroupNetworkFacts {
  evidence: RdmaEvidence;
  /** An RDMA device is requested or an RDMA network attached (definitions in the set). */
  rdmaDevice: boolean;
  hostNetwork: boolean;
  privileged: boolean;
  /** The pod attaches a Multus network whose definition is not in the set: its kind is unknown. */
  unknownNetworks: boolean;
  /** Effective env of each regular container, by container index in group.containers. */
  env: Array<Map<string, EnvVar>>;
  /**
   * What an MPIJob's launcher exports (`mpirun -x`) to the ranks that run in this group's pods:
   * the Worker pods, and the Launcher's own when `runLauncherAsWorker` is set. Empty otherwise.
   */
  exported: Map<string, EnvVar>;
}

function groupFactsUncached(g: PodGroup, w: Workload, set: CheckedSet): GroupNetworkFacts {
  const evidence = rdmaEvidence(g, set);
  const rdmaDevice =
    evidence.devices.some((d) => d.info.rdma) ||
    evidence.networks.some((n) => n.def !== undefined) ||
    evidence.hostPaths.length > 0;
  const unknownNetworks = evidence.networks.some((n) => n.def === undefined);
  return {
    evidence,
    rdmaDevice,
    hostNetwork: usesHostNetwork(g),
    privileged: g.containers.some((c) => isPrivileged(c.value)),
    unknownNetworks,
    env: g.containers.map((c) => effectiveEnv(c, w.resource, set)),
    exported: launcherExports(w, g, set),
  };
}

const NONE: Map<string, EnvVar> = new Map();

function launcherExports(w: Workload, g: PodGroup, set: CheckedSet): Map<string, EnvVar> {
  const mpi = mpiRanks(w);
  if (!mpi?.ranks.includes(g)) return NONE;
  const out = new Map<string, EnvVar>();
  for (const launcher of mpi.launchers) {
    for (const c of launcher.containers) {
      for (const v of commandLineVars(c, w.resource)) {
        if (v.from !== "mpirun") continue;
        // `-x NAME` alone passes on the launcher's own value, declared in its env.
        const own = v.value === undefined ? effectiveEnv(c, w.resource, set).get(v.name) : undefined;
        out.set(v.name, own ? { ...own, from: "mpirun" } : v);
      }
    }
  }
  return out;
}

/** Where a variable a rule reports comes from, for its message. */
export function whereSet(v: EnvVar, g: PodGroup, container: string | undefined): string {
  return v.from === "mpirun"
    ? `exported by the launcher's mpirun to the ranks in the ${g.role} pods`
    : `in container ${container ?? "?"}`;
}

/** Whether any network is attached at all (annotation present and non-empty). */
export function attachesNetworks(g: PodGroup): boolean {
  const v = asString(g.podAnnotations["k8s.v1.cni.cncf.io/networks"]);
  return v !== undefined && v.trim() !== "";
}

/** Keyed on the pod group (the first argument): each pod set of a workload has its own facts. */
export const groupFacts = perObject(groupFactsUncached);
