/**
 * Which all-or-nothing (gang) mechanism a workload uses, if any, and with what minimum. Read by the
 * scheduling rules and by any pack that needs to know whether a multi-pod workload starts whole.
 */
import {
  COSCHEDULING_POD_GROUP_LABEL,
  GANG_SCHEDULERS,
  KAI_PER_POD_GROUP_KINDS,
  KAI_POD_GROUP,
  KAI_POD_GROUP_ANNOTATION,
  KAI_QUEUE_LABEL,
  KAI_SCHEDULER_NAME,
  KUBERAY_GANG_LABELS,
  KUEUE_POD_GROUP_LABEL,
  KUEUE_QUEUE_LABEL,
  VOLCANO_GROUP_ANNOTATION,
} from "../catalog/schedulers.js";
import type { Path } from "./path.js";
import { describeMatch, type Place, placeOf, type Resolution, resolveRef, resolveRefAt } from "./refs.js";
import { asObject, asString, getIn, type Resource } from "./resource.js";
import { type PodGroup, totalPods, type Workload } from "./workload.js";

export type GangMechanism =
  | "volcano-job"
  | "coscheduling"
  | "volcano-pod-group"
  | "kueue"
  | "kueue-pod-group"
  | "run-policy"
  | "trainer-pod-group-policy"
  | "kuberay-batch-scheduler"
  | "workload-api"
  | "kai-queue"
  | "kai-pod-group"
  | "gang-scheduler";

/** One piece of evidence that a workload is gang-scheduled. */
export interface GangSignal {
  mechanism: GangMechanism;
  /** Human words: `label scheduling.x-k8s.io/pod-group=pg1 on pod group Worker`. */
  detail: string;
  /** Where it is written, relative to the resource. */
  path: Path;
  /** The pod group (role) it is set on, for pod-level signals. */
  role?: string;
}

/** A reference from a pod template to a named gang object (PodGroup or Workload API group). */
export interface PodGroupRef {
  mechanism: "coscheduling" | "volcano-pod-group" | "kueue-pod-group" | "workload-api" | "kai-pod-group";
  name: string;
  path: Path;
  /** For the v1.35 `workloadRef`: the podGroup inside the Workload. */
  podGroup?: string;
}

/** The path to a pod group's template metadata field, or undefined when the kind has no inline template. */
function metaPath(pg: PodGroup, field: "labels" | "annotations", key: string): Path | undefined {
  return pg.templatePath ? [...pg.templatePath, "metadata", field, key] : undefined;
}

/** Named gang objects one pod group's pods join through labels, annotations or spec fields. */
export function podGroupRefs(pg: PodGroup): PodGroupRef[] {
  const out: PodGroupRef[] = [];
  // Paths are built only for a value that is there: most pods carry none of these.
  const label = (key: string, mechanism: PodGroupRef["mechanism"]) => {
    const v = asString(pg.podLabels[key]);
    const path = v ? metaPath(pg, "labels", key) : undefined;
    if (v && path) out.push({ mechanism, name: v, path });
  };
  label(COSCHEDULING_POD_GROUP_LABEL, "coscheduling");
  label(KUEUE_POD_GROUP_LABEL, "kueue-pod-group");
  const vg = asString(pg.podAnnotations[VOLCANO_GROUP_ANNOTATION]);
  const vgPath = vg ? metaPath(pg, "annotations", VOLCANO_GROUP_ANNOTATION) : undefined;
  if (vg && vgPath) out.push({ mechanism: "volcano-pod-group", name: vg, path: vgPath });
  // KAI's pod grouper keeps a hand-written PodGroup name only on a Pod without an owner (a bare Pod).
  const kg = pg.templatePath?.length === 0 ? asString(pg.podAnnotations[KAI_POD_GROUP_ANNOTATION]) : undefined;
  if (kg)
    out.push({ mechanism: "kai-pod-group", name: kg, path: ["metadata", "annotations", KAI_POD_GROUP_ANNOTATION] });
  if (pg.podSpec && pg.podSpecPath) {
    const sg = asString(getIn(pg.podSpec, ["schedulingGroup", "podGroupName"]));
    if (sg)
      out.push({ mechanism: "workload-api", name: sg, path: [...pg.podSpecPath, "schedulingGroup", "podGroupName"] });
    const wr = asObject(pg.podSpec.workloadRef);
    const wn = asString(wr?.name);
    if (wn) {
      const ref: PodGroupRef = {
        mechanism: "workload-api",
        name: wn,
        path: [...pg.podSpecPath, "workloadRef", "name"],
      };
      const sub = asString(wr?.podGroup);
      if (sub) ref.podGroup = sub;
      out.push(ref);
    }
  }
  return out;
}

/** The scheduler a pod group's pods ask for; `default-scheduler` when unset. */
export function schedulerNameOf(pg: PodGroup): { name: string; explicit: boolean; path: Path | undefined } {
  const s = asString(pg.podSpec?.schedulerName);
  if (s) return { name: s, explicit: true, path: pg.podSpecPath ? [...pg.podSpecPath, "schedulerName"] : undefined };
  return { name: "default-scheduler", explicit: false, path: undefined };
}

/** How the (Cluster)TrainingRuntime a TrainJob names resolves in the given resources (src/model/refs.ts); undefined when it names none. */
export function trainingRuntimeRef(trainJob: Resource, resources: readonly Resource[]): Resolution | undefined {
  const ref = asObject(getIn(trainJob.value, ["spec", "runtimeRef"]));
  const name = asString(ref?.name);
  if (!name) return undefined;
  const kind = asString(ref?.kind) ?? "ClusterTrainingRuntime";
  return resolveRef(resources, trainJob, {
    group: "trainer.kubeflow.org",
    kind,
    name,
    namespaced: kind !== "ClusterTrainingRuntime",
  });
}

/** The (Cluster)TrainingRuntime a TrainJob names, when one in the given resources belongs with it. */
export function trainingRuntimeOf(trainJob: Resource, resources: readonly Resource[]): Resource | undefined {
  return trainingRuntimeRef(trainJob, resources)?.objects[0];
}

const KUBEFLOW_V1_GROUP = "kubeflow.org";

/**
 * Every sign, in the workload's own fields (and for a TrainJob, its runtime when `resources`
 * holds it), that its pods are placed all-or-nothing.
 */
export function gangSignals(w: Workload, resources: readonly Resource[] = []): GangSignal[] {
  const r = w.resource;
  const out: GangSignal[] = [];
  if (r.group === "batch.volcano.sh" && (r.kind === "Job" || r.kind === "CronJob")) {
    out.push({ mechanism: "volcano-job", detail: "a Volcano Job (its controller creates a PodGroup)", path: ["spec"] });
  }
  // An embedded job (an AppWrapper's component) is admitted with the object that holds it.
  const holderQueue = r.embeddedIn ? asString(r.embeddedIn.labels[KUEUE_QUEUE_LABEL]) : undefined;
  if (holderQueue) {
    out.push({
      mechanism: "kueue",
      detail: `Kueue queue ${holderQueue} of ${r.embeddedIn?.kind} ${r.embeddedIn?.name ?? ""}`.trim(),
      path: [],
    });
  }
  const kq = asString(r.labels[KUEUE_QUEUE_LABEL]);
  if (kq) {
    out.push({
      mechanism: "kueue",
      detail: `Kueue queue ${kq}`,
      path: ["metadata", "labels", KUEUE_QUEUE_LABEL],
    });
  }
  // KAI reads its queue label only on pods it schedules; a batch/v1 Job's pods are grouped one by one.
  if (r.labels[KAI_QUEUE_LABEL] !== undefined && kaiGangs(w)) {
    out.push({
      mechanism: "kai-queue",
      detail: `label ${KAI_QUEUE_LABEL}`,
      path: ["metadata", "labels", KAI_QUEUE_LABEL],
    });
  }
  if (r.group === KUBEFLOW_V1_GROUP && asObject(getIn(r.value, ["spec", "runPolicy", "schedulingPolicy"]))) {
    out.push({
      mechanism: "run-policy",
      detail: "runPolicy.schedulingPolicy",
      path: ["spec", "runPolicy", "schedulingPolicy"],
    });
  }
  if (r.group === "trainer.kubeflow.org") {
    const runtime = r.kind === "TrainJob" ? trainingRuntimeOf(r, resources) : r;
    if (runtime && asObject(getIn(runtime.value, ["spec", "podGroupPolicy"]))) {
      out.push({
        mechanism: "trainer-pod-group-policy",
        detail: `podGroupPolicy of ${runtime.kind} ${runtime.name ?? ""}`.trim(),
        path: r === runtime ? ["spec", "podGroupPolicy"] : ["spec", "runtimeRef"],
      });
    }
  }
  if (r.group === "ray.io") {
    for (const key of KUBERAY_GANG_LABELS) {
      if (r.labels[key] !== undefined) {
        out.push({
          mechanism: "kuberay-batch-scheduler",
          detail: `label ${key}`,
          path: ["metadata", "labels", key],
        });
      }
    }
  }
  for (const pg of w.podGroups) {
    for (const ref of podGroupRefs(pg)) {
      out.push({
        mechanism: ref.mechanism,
        detail: `${ref.mechanism} group ${ref.name}`,
        path: ref.path,
        role: pg.role,
      });
    }
    const kpq = asString(pg.podLabels[KUEUE_QUEUE_LABEL]);
    const kpPath = kpq && !kq ? metaPath(pg, "labels", KUEUE_QUEUE_LABEL) : undefined;
    if (kpq && kpPath && !kq) {
      out.push({ mechanism: "kueue", detail: `Kueue queue ${kpq}`, path: kpPath, role: pg.role });
    }
    const s = schedulerNameOf(pg);
    if (s.name === KAI_SCHEDULER_NAME && !kaiGangs(w)) continue;
    if (s.explicit && s.path && GANG_SCHEDULERS[s.name]) {
      out.push({ mechanism: "gang-scheduler", detail: `schedulerName ${s.name}`, path: s.path, role: pg.role });
    }
  }
  return out;
}

/** Whether KAI Scheduler gangs the workload's pods: they ask for it, and their owner kind is grouped as a whole. */
function kaiGangs(w: Workload): boolean {
  const r = w.resource;
  if (KAI_PER_POD_GROUP_KINDS.has(`${r.group}/${r.kind}`)) return false;
  // A TrainJob's pods come from its runtime, which mlgate may not see: trust the label.
  if (r.group === "trainer.kubeflow.org" && r.kind === "TrainJob") return true;
  return w.podGroups.some((pg) => schedulerNameOf(pg).name === KAI_SCHEDULER_NAME);
}

/**
 * Where a workload routes itself to a KAI queue (`kai.scheduler/queue` on the object or a pod
 * template) while none of its pods asks for KAI Scheduler: the label alone is ignored, and the pods
 * go to the default scheduler without a gang. KubeRay sets the scheduler name itself when its
 * batch scheduler is KAI, and a TrainJob's pods come from its runtime, so neither is reported. Undefined when that is not the case.
 */
export function kaiLabelWithoutScheduler(w: Workload): Path | undefined {
  const r = w.resource;
  if (r.group === "ray.io" || (r.group === "trainer.kubeflow.org" && r.kind === "TrainJob")) return undefined;
  if (w.podGroups.some((pg) => schedulerNameOf(pg).name === KAI_SCHEDULER_NAME)) return undefined;
  if (r.labels[KAI_QUEUE_LABEL] !== undefined) return ["metadata", "labels", KAI_QUEUE_LABEL];
  for (const pg of w.podGroups) {
    const p = pg.podLabels[KAI_QUEUE_LABEL] !== undefined ? metaPath(pg, "labels", KAI_QUEUE_LABEL) : undefined;
    if (p) return p;
  }
  return undefined;
}

/** Pods the workload starts, with the TrainJob's numNodes taken from its runtime when unset. */
export function podCount(w: Workload, resources: readonly Resource[] = []): number | undefined {
  const r = w.resource;
  if (r.group === "trainer.kubeflow.org" && r.kind === "TrainJob") {
    const n = getIn(r.value, ["spec", "trainer", "numNodes"]);
    if (typeof n === "number") return n;
    const runtime = trainingRuntimeOf(r, resources);
    const rn = runtime ? getIn(runtime.value, ["spec", "mlPolicy", "numNodes"]) : undefined;
    if (typeof rn === "number") return rn;
    return runtime ? 1 : undefined;
  }
  return totalPods(w);
}

/** What one workload's pods say of the gangs they join: plain values, a `set` hook's fact. */
export interface GangJoins {
  namespace: string | undefined;
  place: Place;
  /** `Kind name (file:line)`. */
  where: string;
  /** Per pod group: its role, its replicas when known, and the gang objects its pods name. */
  groups: Array<{ role: string; replicas: number | undefined; refs: PodGroupRef[] }>;
}

/** The gang objects a workload's pods name, or undefined when they name none. */
export function gangJoinsOf(w: Workload): GangJoins | undefined {
  const groups = w.podGroups.map((g) => ({ role: g.role, replicas: g.replicas, refs: podGroupRefs(g) }));
  if (groups.every((g) => g.refs.length === 0)) return undefined;
  return { namespace: w.resource.namespace, place: placeOf(w.resource), where: describeMatch(w.resource), groups };
}

/** Pods of one pod group of one workload that join a named gang object. */
export interface GangMember {
  workload: GangJoins;
  group: GangJoins["groups"][number];
  ref: PodGroupRef;
}

/**
 * Members of a gang object (PodGroup, Workload API group) among the workloads: pods in the same
 * namespace whose templates name it and whose reference resolves to it among what belongs with them
 * (`resolveRefAt`) — unrelated examples that reuse a name elsewhere in a large run are not mixed in.
 */
export function membersOf(
  object: Resource,
  mechanism: PodGroupRef["mechanism"],
  joins: readonly GangJoins[],
  resources: readonly Resource[],
  matches: (ref: PodGroupRef) => boolean = (ref) => ref.name === object.name,
): GangMember[] {
  const out: GangMember[] = [];
  for (const w of joins) {
    if ((w.namespace ?? "") !== (object.namespace ?? "")) continue;
    for (const group of w.groups) {
      for (const ref of group.refs) {
        if (ref.mechanism !== mechanism || !matches(ref)) continue;
        // A member only when its reference resolves to this object: a PodGroup of the same name in
        // another example is not the one these pods join (model/refs.ts).
        const target = { group: object.group, kind: object.kind, name: object.name ?? ref.name, namespaced: true };
        if (resolveRefAt(resources, w.place.file, w.place.unit, w.namespace, target).objects.includes(object))
          out.push({ workload: w, group, ref });
      }
    }
  }
  return out;
}

/** The minimum a gang object declares, with its path, for the kinds mlgate knows. */
export interface GangObjectMinimum {
  mechanism: PodGroupRef["mechanism"];
  value: number;
  path: Path;
  /** Picks the pod references that join this object (or this template of it). */
  matches: (ref: PodGroupRef) => boolean;
  /** For a Workload with several groups: the group name. */
  subgroup?: string;
}

/** v1alpha2 Workload templates carry minCount too, but pods join the PodGroup objects, which are checked instead. */
export function gangObjectMinimums(r: Resource): GangObjectMinimum[] {
  const out: GangObjectMinimum[] = [];
  const byName = (ref: PodGroupRef) => ref.name === r.name;
  if (r.kind === "PodGroup" && r.group === "scheduling.x-k8s.io") {
    const m = getIn(r.value, ["spec", "minMember"]);
    if (typeof m === "number")
      out.push({ mechanism: "coscheduling", value: m, path: ["spec", "minMember"], matches: byName });
  } else if (r.kind === "PodGroup" && r.group === "scheduling.volcano.sh") {
    const m = getIn(r.value, ["spec", "minMember"]);
    if (typeof m === "number")
      out.push({ mechanism: "volcano-pod-group", value: m, path: ["spec", "minMember"], matches: byName });
  } else if (r.kind === KAI_POD_GROUP.kind && r.group === KAI_POD_GROUP.group) {
    const m = getIn(r.value, ["spec", "minMember"]);
    if (typeof m === "number")
      out.push({ mechanism: "kai-pod-group", value: m, path: ["spec", "minMember"], matches: byName });
  } else if (r.kind === "PodGroup" && r.group === "scheduling.k8s.io") {
    const m = getIn(r.value, ["spec", "schedulingPolicy", "gang", "minCount"]);
    if (typeof m === "number")
      out.push({
        mechanism: "workload-api",
        value: m,
        path: ["spec", "schedulingPolicy", "gang", "minCount"],
        matches: (ref) => ref.name === r.name && ref.podGroup === undefined,
      });
  } else if (r.kind === "Workload" && r.group === "scheduling.k8s.io") {
    // v1alpha1: spec.podGroups[].policy.gang.minCount, pods set spec.workloadRef {name, podGroup}.
    const groups = getIn(r.value, ["spec", "podGroups"]);
    if (Array.isArray(groups)) {
      groups.forEach((g, i) => {
        const name = asString(asObject(g)?.name);
        const m = getIn(g, ["policy", "gang", "minCount"]);
        if (name && typeof m === "number")
          out.push({
            mechanism: "workload-api",
            value: m,
            path: ["spec", "podGroups", i, "policy", "gang", "minCount"],
            matches: (ref) => ref.name === r.name && ref.podGroup === name,
            subgroup: name,
          });
      });
    }
  }
  return out;
}
