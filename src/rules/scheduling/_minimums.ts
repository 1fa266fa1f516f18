// Declared gang minimums compared with the pods that will exist: shared by
// scheduling/gang-min-exceeds-pods and scheduling/gang-min-below-pods.
import { type GangMember, gangObjectMinimums, membersOf } from "../../model/gang.js";
import type { Path } from "../../model/path.js";
import { describeMatch } from "../../model/refs.js";
import { asObject, getIn, type Resource } from "../../model/resource.js";
import { perSet } from "../../model/set-index.js";
import { totalPods, type Workload } from "../../model/workload.js";
import type { CheckedSet } from "../types.js";
import { describe } from "./_util.js";

export interface MinimumComparison {
  resource: Resource;
  path: Path;
  /** `PodGroup pg1 minMember 3`. */
  what: string;
  min: number;
  pods: number;
  /** Where the pods come from: `Deployment pause (2)`, or `Master 1, Worker 3`. */
  podsFrom: string;
  /** The workloads whose pods are counted. */
  workloads: Workload[];
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

function fromMembers(members: GangMember[]): { pods: number; from: string; workloads: Workload[] } | undefined {
  let pods = 0;
  const parts: string[] = [];
  const workloads = new Set<Workload>();
  for (const m of members) {
    if (m.group.replicas === undefined) return undefined;
    pods += m.group.replicas;
    workloads.add(m.workload);
    const role = m.workload.podGroups.length > 1 ? ` ${m.group.role}` : "";
    parts.push(`${describeMatch(m.workload.resource)}${role}: ${m.group.replicas}`);
  }
  return { pods, from: parts.join(", "), workloads: [...workloads] };
}

/** Every comparison of a declared minimum with a known pod count in the set. */
/** Two rules read the comparisons (minimum below the pods, minimum above them): derived once per run. */
export const minimumComparisons = perSet(minimumComparisonsUncached);

function minimumComparisonsUncached(set: CheckedSet): MinimumComparison[] {
  const out: MinimumComparison[] = [];
  for (const r of set.resources) {
    for (const m of gangObjectMinimums(r)) {
      const members = membersOf(r, m.mechanism, set.workloads, set.resources, m.matches);
      if (members.length === 0) continue;
      const counted = fromMembers(members);
      if (!counted) continue;
      const sub = m.subgroup ? ` group ${m.subgroup}` : "";
      out.push({
        resource: r,
        path: m.path,
        what: `${describe(r)}${sub} ${FIELD[m.mechanism] ?? "minimum"} ${m.value}`,
        min: m.value,
        pods: counted.pods,
        podsFrom: `${counted.pods} pods ${VIA[m.mechanism] ?? "in it"} (${counted.from})`,
        workloads: counted.workloads,
        elastic: false,
      });
    }
  }
  for (const w of set.workloads) {
    const r = w.resource;
    const total = totalPods(w);
    if (total === undefined) continue;
    // Built only for a workload that declares a minimum.
    const breakdown = () => `${total} pods (${w.podGroups.map((g) => `${g.role} ${g.replicas}`).join(", ")})`;
    if (r.group === "kubeflow.org") {
      const path: Path = ["spec", "runPolicy", "schedulingPolicy", "minAvailable"];
      const min = getIn(r.value, path);
      if (typeof min !== "number") continue;
      out.push({
        resource: r,
        path,
        what: `${describe(r)} runPolicy.schedulingPolicy.minAvailable ${min}`,
        min,
        pods: total,
        podsFrom: breakdown(),
        workloads: [w],
        elastic: asObject(getIn(r.value, ["spec", "elasticPolicy"])) !== undefined,
      });
    } else if (r.group === "batch.volcano.sh" && r.kind === "Job") {
      // minAvailable above the replicas is schema/volcano-min-available (the webhook denies it).
      const min = getIn(r.value, ["spec", "minAvailable"]);
      if (typeof min !== "number" || min >= total) continue;
      out.push({
        resource: r,
        path: ["spec", "minAvailable"],
        what: `${describe(r)} minAvailable ${min}`,
        min,
        pods: total,
        podsFrom: breakdown(),
        workloads: [w],
        elastic: false,
      });
    }
  }
  return out;
}
