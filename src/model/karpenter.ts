import { acceleratorStack, instanceType } from "../catalog/instance-types.js";
import {
  ACCELERATED_CATEGORIES,
  CAPACITY_TYPE_KEY,
  CONSOLIDATE_NEVER,
  CONSOLIDATES_BUSY_NODES,
  DEFAULT_CONSOLIDATION_POLICY,
  DO_NOT_DISRUPT,
  GPU_REQUIREMENT_KEYS,
  INSTANCE_CATEGORY_KEY,
  INSTANCE_FAMILY_KEY,
  INSTANCE_TYPE_KEY,
  KARPENTER_AWS_GROUP,
  KARPENTER_GROUP,
  NODEPOOL_LABEL,
} from "../catalog/karpenter.js";
import { groupUsesAccelerators } from "./gpu.js";
import { kindTraits } from "./kind-traits.js";
import type { Path } from "./path.js";
import { asArray, asObject, asString, isObject, type Resource } from "./resource.js";
import { perSet } from "./set-index.js";
import type { PodGroup, Workload } from "./workload.js";

/**
 * Karpenter NodePools (karpenter.sh v1 and v1beta1) as node pools: what instances they may launch
 * (accelerators or not), their taints and labels, their limits, and how they consolidate; with
 * the EC2NodeClass each names. Read from the Kubernetes resources of the run (the NodePool YAML
 * applied with kubectl, Helm, or Terraform's kubernetes_manifest/kubectl_manifest).
 */

export interface Requirement {
  key: string;
  operator: string;
  values: string[];
  path: Path;
}

export interface KarpenterPool {
  resource: Resource;
  name: string;
  requirements: Requirement[];
  /** Instance types named by a `node.kubernetes.io/instance-type In` requirement. */
  instanceTypes: string[];
  /** Whether its nodes carry GPUs or AWS accelerators (a GPU requirement, an accelerated family, category or type). */
  accelerated: boolean;
  taints: Array<{ key: string | undefined; value: string | undefined; effect: string | undefined }>;
  labels: Record<string, string>;
  /** `spec.limits`, as written. */
  limits: Record<string, unknown>;
  capacityTypes: string[] | undefined;
  consolidation: {
    /** The policy in force (the version's default when unset). */
    policy: string;
    /** Where the policy is written; undefined when defaulted. */
    path: Path | undefined;
    /** Whether Karpenter deletes or replaces nodes that still run pods (underutilized, not only empty). */
    busyNodes: boolean;
    /** Consolidation cannot disrupt a node: `consolidateAfter: Never`, a `nodes: "0"` budget without schedule, a static pool. */
    blocked: boolean;
  };
  /** The EC2NodeClass named by `nodeClassRef`, when it is in the run. */
  nodeClass: Resource | undefined;
}

function strings(v: unknown): string[] {
  return asArray(v).filter((x): x is string => typeof x === "string");
}

function requirementsOf(spec: Record<string, unknown>): Requirement[] {
  return asArray(spec.requirements).flatMap((r, i) => {
    const o = asObject(r);
    const key = asString(o?.key);
    const operator = asString(o?.operator);
    if (!o || !key || !operator) return [];
    return [{ key, operator, values: strings(o.values), path: ["spec", "template", "spec", "requirements", i] }];
  });
}

function isAccelerated(reqs: readonly Requirement[], types: readonly string[]): boolean {
  if (types.some((t) => acceleratorStack(t) !== undefined)) return true;
  for (const r of reqs) {
    if (GPU_REQUIREMENT_KEYS.includes(r.key)) {
      if (r.operator === "Exists") return true;
      if ((r.operator === "Gt" || r.operator === "Gte") && Number(r.values[0]) >= 0) return true;
      if (r.operator === "In" && r.values.length > 0 && !r.values.every((v) => v === "0")) return true;
    }
    if (r.key === INSTANCE_CATEGORY_KEY && r.operator === "In" && r.values.length > 0)
      if (r.values.every((v) => ACCELERATED_CATEGORIES.has(v))) return true;
    if (r.key === INSTANCE_FAMILY_KEY && r.operator === "In" && r.values.length > 0)
      if (r.values.every((f) => acceleratorStack(`${f}.xlarge`) !== undefined)) return true;
  }
  return false;
}

function budgetsBlockUnderutilized(disruption: Record<string, unknown>): boolean {
  return asArray(disruption.budgets).some((b) => {
    const o = asObject(b);
    if (!o || o.schedule !== undefined) return false;
    const nodes = String(o.nodes ?? "");
    if (nodes !== "0" && nodes !== "0%") return false;
    const reasons = strings(o.reasons);
    return reasons.length === 0 || reasons.includes("Underutilized");
  });
}

export function karpenterPool(r: Resource, nodeClasses: ReadonlyMap<string, Resource>): KarpenterPool {
  const spec = asObject(r.value.spec) ?? {};
  const template = asObject(spec.template) ?? {};
  const tspec = asObject(template.spec) ?? {};
  const requirements = requirementsOf(tspec);
  const instanceTypes = requirements
    .filter((q) => q.key === INSTANCE_TYPE_KEY && q.operator === "In")
    .flatMap((q) => q.values)
    .filter((t) => instanceType(t) !== undefined || acceleratorStack(t) !== undefined || t.includes("."));
  const disruption = asObject(spec.disruption) ?? {};
  const version = r.version || "v1";
  const written = asString(disruption.consolidationPolicy);
  const policy = written ?? DEFAULT_CONSOLIDATION_POLICY[version] ?? "WhenEmptyOrUnderutilized";
  const capacity = requirements.find((q) => q.key === CAPACITY_TYPE_KEY && q.operator === "In");
  const ref = asObject(tspec.nodeClassRef);
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(asObject(asObject(template.metadata)?.labels) ?? {}))
    if (typeof v === "string") labels[k] = v;
  labels[NODEPOOL_LABEL] = r.name ?? "";
  return {
    resource: r,
    name: r.name ?? "",
    requirements,
    instanceTypes,
    accelerated: isAccelerated(requirements, instanceTypes),
    taints: asArray(tspec.taints).flatMap((t) => {
      const o = asObject(t);
      return o ? [{ key: asString(o.key), value: asString(o.value), effect: asString(o.effect) }] : [];
    }),
    labels,
    limits: asObject(spec.limits) ?? {},
    capacityTypes: capacity ? capacity.values : undefined,
    consolidation: {
      policy,
      path: written ? ["spec", "disruption", "consolidationPolicy"] : undefined,
      busyNodes: CONSOLIDATES_BUSY_NODES.has(policy),
      blocked:
        disruption.consolidateAfter === CONSOLIDATE_NEVER ||
        budgetsBlockUnderutilized(disruption) ||
        spec.replicas !== undefined,
    },
    nodeClass: ref && typeof ref.name === "string" ? nodeClasses.get(ref.name) : undefined,
  };
}

/** Every NodePool of the run, modelled once per set. */
export const karpenterPools = perSet((resources: readonly Resource[]): KarpenterPool[] => {
  const classes = new Map<string, Resource>();
  for (const r of resources)
    if (r.group === KARPENTER_AWS_GROUP && r.kind === "EC2NodeClass" && r.name) classes.set(r.name, r);
  return resources
    .filter((r) => r.group === KARPENTER_GROUP && r.kind === "NodePool")
    .map((r) => karpenterPool(r, classes));
});

// ── Which pods a NodePool's nodes run ────────────────────────────────────────────────────────

function nodeSelectorTerms(
  spec: Record<string, unknown>,
): Array<Array<{ key: string; operator: string; values: string[] }>> {
  const required = asObject(
    asObject(asObject(spec.affinity)?.nodeAffinity)?.requiredDuringSchedulingIgnoredDuringExecution,
  );
  return asArray(required?.nodeSelectorTerms).map((t) =>
    asArray(asObject(t)?.matchExpressions).flatMap((e) => {
      const o = asObject(e);
      const key = asString(o?.key);
      const operator = asString(o?.operator);
      return o && key && operator ? [{ key, operator, values: strings(o.values) }] : [];
    }),
  );
}

/** Whether a node of the pool can carry the label `key=value` (its template labels, or an `In` requirement). */
function poolHasLabel(p: KarpenterPool, key: string, value: string): boolean | undefined {
  if (key in p.labels) return p.labels[key] === value;
  const req = p.requirements.find((q) => q.key === key);
  if (!req) return undefined;
  if (req.operator === "In") return req.values.includes(value);
  if (req.operator === "NotIn") return !req.values.includes(value);
  return req.operator === "Exists" ? true : undefined;
}

function tolerates(spec: Record<string, unknown>, taint: KarpenterPool["taints"][number]): boolean {
  return asArray(spec.tolerations).some((t) => {
    const o = asObject(t);
    if (!o) return false;
    const op = asString(o.operator) ?? "Equal";
    if (o.effect !== undefined && o.effect !== taint.effect) return false;
    if (o.key === undefined || o.key === "") return op === "Exists";
    if (o.key !== taint.key) return false;
    return op === "Exists" || (o.value ?? "") === (taint.value ?? "");
  });
}

/** What decides which nodes a pod group's pods land on: its pod spec's node selection and tolerations. */
export interface PodPlacement {
  spec: { nodeSelector?: unknown; affinity?: unknown; tolerations?: unknown };
  accelerated: boolean;
}

/** The placement of a pod group's pods, as plain values (what `runsOn` reads). */
export function placementOf(g: PodGroup): PodPlacement {
  const spec = g.podSpec ?? {};
  return {
    spec: { nodeSelector: spec.nodeSelector, affinity: spec.affinity, tolerations: spec.tolerations },
    accelerated: groupUsesAccelerators(g),
  };
}

/**
 * Whether the pod group's pods are scheduled onto the pool's nodes: they select the pool by name
 * (`karpenter.sh/nodepool`), or every label they select is one the pool's nodes carry; or they
 * tolerate all of the pool's NoSchedule/NoExecute taints and use accelerators of an accelerated
 * pool; or they use accelerators, select nothing, and this is the only accelerated pool of the run.
 */
export function runsOn(g: PodPlacement, p: KarpenterPool, onlyAcceleratedPool: boolean): boolean {
  const spec = g.spec;
  const selector = asObject(spec.nodeSelector) ?? {};
  const entries = Object.entries(selector).filter((e): e is [string, string] => typeof e[1] === "string");
  const terms = nodeSelectorTerms(spec);
  const poolTerm = terms.flat().find((e) => e.key === NODEPOOL_LABEL);
  if (selector[NODEPOOL_LABEL] !== undefined) return selector[NODEPOOL_LABEL] === p.name;
  if (poolTerm) return poolTerm.operator === "In" && poolTerm.values.includes(p.name);
  if (entries.length > 0) return entries.every(([k, v]) => poolHasLabel(p, k, v) === true);
  const hard = p.taints.filter((t) => t.effect === "NoSchedule" || t.effect === "NoExecute");
  const gpu = g.accelerated;
  if (hard.length > 0) return p.accelerated && gpu && hard.every((t) => tolerates(spec, t));
  return p.accelerated && gpu && onlyAcceleratedPool && terms.length === 0;
}

/** Whether the pod template asks Karpenter not to disrupt its node (`karpenter.sh/do-not-disrupt`, "true" or a duration). */
export function protectedFromDisruption(g: PodGroup): boolean {
  const v = g.podAnnotations[DO_NOT_DISRUPT];
  return typeof v === "string" && v !== "false" && v !== "";
}

export function isNodePool(r: Resource): boolean {
  return r.group === KARPENTER_GROUP && r.kind === "NodePool" && isObject(r.value.spec);
}

/**
 * The pod groups of a workload that train: accelerated pods of a kind that runs to completion (the
 * `completion` trait of kind-traits.ts: Job, the Kubeflow jobs, TrainJob, RayJob, JobSet…), whose
 * eviction loses the work done since the last checkpoint.
 */
export function trainingGroups(w: Workload): PodGroup[] {
  if (kindTraits(w.resource).completion === undefined) return [];
  return w.podGroups.filter(groupUsesAccelerators);
}
