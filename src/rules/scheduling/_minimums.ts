// Declared gang minimums compared with the pods that will exist: shared by
// scheduling/gang-min-exceeds-pods and scheduling/gang-min-below-pods.
import { type GangJoins, type GangMember, gangJoinsOf, gangObjectMinimums, membersOf } from "../../model/gang.js";
import type { Path } from "../../model/path.js";
import { asObject, getIn, type Resource } from "../../model/resource.js";
import { perObject } from "../../model/set-index.js";
import { totalPods, type Workload } from "../../model/workload.js";
import { type CheckedSet, type Fact, factsAs } from "../types.js";
import { describe, fixedNnodes } from "./_util.js";

export interface MinimumComparison {
  resource: Resource;
  path: Path;
  /** `PodGroup pg1 minMember 3`. */
  what: string;
  min: number;
  pods: number;
  /** Where the pods come from: `Deployment pause (2)`, or `Master 1, Worker 3`. */
  podsFrom: string;
  /** The fixed `--nnodes` of the first counted workload's launcher that has one. */
  nnodes: number | undefined;
  /** A declared elastic range: partial starts are intended. */
  elastic: boolean;
}

const FIELD: Record<string, string> = {
  coscheduling: "minMember",
  "volcano-pod-group": "minMember",
  "kai-pod-group": "minMember",
  "workload-api": "minCount",
};

const VIA: Record<string, string> = {
  coscheduling: "labelled scheduling.x-k8s.io/pod-group",
  "volcano-pod-group": "annotated scheduling.k8s.io/group-name",
  "kai-pod-group": "annotated pod-group-name",
  "workload-api": "referencing it",
};

function fromMembers(
  members: GangMember[],
  nnodesOf: ReadonlyMap<GangJoins, number>,
): { pods: number; from: string; nnodes: number | undefined } | undefined {
  let pods = 0;
  const parts: string[] = [];
  const joins = new Set<GangJoins>();
  for (const m of members) {
    if (m.group.replicas === undefined) return undefined;
    pods += m.group.replicas;
    joins.add(m.workload);
    const role = m.workload.groups.length > 1 ? ` ${m.group.role}` : "";
    parts.push(`${m.workload.where}${role}: ${m.group.replicas}`);
  }
  const nnodes = [...joins].map((j) => nnodesOf.get(j)).find((n) => n !== undefined);
  return { pods, from: parts.join(", "), nnodes };
}

/**
 * What the two rules need of a workload (their `facts`): the gang objects its pods join, the
 * launcher's fixed `--nnodes`, and the minimum the workload itself declares compared with its pods.
 */
export interface GangFacts {
  joins?: GangJoins;
  nnodes?: number;
  own?: Omit<MinimumComparison, "resource">;
}

export const gangFacts = perObject((w: Workload): GangFacts | undefined => {
  const out: GangFacts = {};
  const joins = gangJoinsOf(w);
  if (joins) out.joins = joins;
  const own = ownMinimum(w);
  if (own) out.own = own;
  if (!joins && !own) return undefined;
  // Read from the launcher's command line only for a workload in a gang.
  const nnodes = fixedNnodes(w);
  if (nnodes !== undefined) out.nnodes = nnodes;
  return out;
});

/** Every comparison of a declared minimum with a known pod count in the set, from the workloads' facts. */
export function minimumComparisons(set: CheckedSet, facts: readonly Fact[]): MinimumComparison[] {
  const all = factsAs<GangFacts>(facts);
  const joins: GangJoins[] = [];
  // A member workload's fixed `--nnodes`, by its joins.
  const nnodesOf = new Map<GangJoins, number>();
  for (const f of all) {
    if (!f.value.joins) continue;
    joins.push(f.value.joins);
    if (f.value.nnodes !== undefined) nnodesOf.set(f.value.joins, f.value.nnodes);
  }
  const out: MinimumComparison[] = [];
  for (const r of set.resources) {
    for (const m of gangObjectMinimums(r)) {
      const members = membersOf(r, m.mechanism, joins, set.resources, m.matches);
      if (members.length === 0) continue;
      const counted = fromMembers(members, nnodesOf);
      if (!counted) continue;
      const sub = m.subgroup ? ` group ${m.subgroup}` : "";
      out.push({
        resource: r,
        path: m.path,
        what: `${describe(r)}${sub} ${FIELD[m.mechanism] ?? "minimum"} ${m.value}`,
        min: m.value,
        pods: counted.pods,
        podsFrom: `${counted.pods} pods ${VIA[m.mechanism] ?? "in it"} (${counted.from})`,
        nnodes: counted.nnodes,
        elastic: false,
      });
    }
  }
  for (const f of all) if (f.value.own) out.push({ resource: f.of, ...f.value.own });
  return out;
}

/** The minimum a Kubeflow job or Volcano Job declares for its own pods, compared with them. */
function ownMinimum(w: Workload): Omit<MinimumComparison, "resource"> | undefined {
  const r = w.resource;
  if (r.group !== "kubeflow.org" && !(r.group === "batch.volcano.sh" && r.kind === "Job")) return undefined;
  const total = totalPods(w);
  if (total === undefined) return undefined;
  // Built only for a workload that declares a minimum.
  const breakdown = () => `${total} pods (${w.podGroups.map((g) => `${g.role} ${g.replicas}`).join(", ")})`;
  if (r.group === "kubeflow.org") {
    const path: Path = ["spec", "runPolicy", "schedulingPolicy", "minAvailable"];
    const min = getIn(r.value, path);
    if (typeof min !== "number") return undefined;
    return {
      path,
      what: `${describe(r)} runPolicy.schedulingPolicy.minAvailable ${min}`,
      min,
      pods: total,
      podsFrom: breakdown(),
      nnodes: fixedNnodes(w),
      elastic: asObject(getIn(r.value, ["spec", "elasticPolicy"])) !== undefined,
    };
  }
  if (r.group === "batch.volcano.sh" && r.kind === "Job") {
    // minAvailable above the replicas is schema/volcano-min-available (the webhook denies it).
    const min = getIn(r.value, ["spec", "minAvailable"]);
    if (typeof min !== "number" || min >= total) return undefined;
    return {
      path: ["spec", "minAvailable"],
      what: `${describe(r)} minAvailable ${min}`,
      min,
      pods: total,
      podsFrom: breakdown(),
      nnodes: fixedNnodes(w),
      elastic: false,
    };
  }
  return undefined;
}
