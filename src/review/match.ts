// Matching the two sides of a review: which Kubernetes object, workflow, job and step of the head
// is which of the base. Pure: reads two checked sets, returns what changed.
import type { Resource, ResourceRef } from "../model/resource.js";
import { type Job, type Step, stepLabel, type Workflow, workflowsOf } from "../model/workflow.js";
import type {
  ChangeAction,
  ChangeSet,
  CheckedSet,
  ResourceChange,
  StepChange,
  WorkflowChange,
} from "../rules/types.js";
import { canonical } from "../util/canonical.js";

/** Below this share of equal leaves, an unmatched pair is an addition and a removal, not a rename. */
export const RENAME_SIMILARITY = 0.6;

/**
 * The identity of a Kubernetes object across a change: API group (not version: a move from
 * v1beta1 to v1 is the same object), kind, namespace (none and `default` are the same) and name.
 */
export function resourceIdentity(ref: ResourceRef): string {
  const slash = ref.apiVersion.indexOf("/");
  const group = slash >= 0 ? ref.apiVersion.slice(0, slash) : "";
  const ns = ref.namespace === undefined || ref.namespace === "default" ? "" : ref.namespace;
  return `${group}\u0000${ref.kind}\u0000${ns}\u0000${ref.name ?? ""}`;
}

/** Every leaf as `path=value`, without the paths `skip` says to leave out. */
function leaves(v: unknown, skip: (path: string) => boolean, prefix = "", out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      leaves(x, skip, `${prefix}[${i}]`, out);
    });
  } else if (v !== null && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) {
      const p = `${prefix}.${k}`;
      if (!skip(p)) leaves(x, skip, p, out);
    }
  } else out.add(`${prefix}=${JSON.stringify(v)}`);
  return out;
}

/** Jaccard similarity of two leaf sets: 1 for equal content, 0 for nothing in common. */
export function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let common = 0;
  for (const x of a) if (b.has(x)) common++;
  return common / (a.size + b.size - common);
}

/** Pairs left-over items by similarity, best pairs first, each at or above the threshold. */
function pairBySimilarity<T>(
  left: readonly T[],
  right: readonly T[],
  leafOf: (x: T) => Set<string>,
  compatible: (a: T, b: T) => boolean,
  threshold = RENAME_SIMILARITY,
): Array<[T, T]> {
  const scored: Array<{ i: number; j: number; s: number }> = [];
  const ll = left.map(leafOf);
  const rl = right.map(leafOf);
  left.forEach((a, i) => {
    right.forEach((b, j) => {
      if (!compatible(a, b)) return;
      const s = similarity(ll[i] as Set<string>, rl[j] as Set<string>);
      if (s >= threshold) scored.push({ i, j, s });
    });
  });
  scored.sort((x, y) => y.s - x.s || x.i - y.i || x.j - y.j);
  const usedL = new Set<number>();
  const usedR = new Set<number>();
  const out: Array<[T, T]> = [];
  for (const { i, j } of scored) {
    if (usedL.has(i) || usedR.has(j)) continue;
    usedL.add(i);
    usedR.add(j);
    out.push([left[i] as T, right[j] as T]);
  }
  return out;
}

const NAME_PATHS = new Set([".metadata.name", ".metadata.namespace", ".metadata.generateName"]);

function matchResources(base: readonly Resource[], head: readonly Resource[]) {
  const byKey = new Map<string, Resource[]>();
  for (const r of head) {
    const k = resourceIdentity(r.ref);
    byKey.set(k, [...(byKey.get(k) ?? []), r]);
  }
  const changes: ResourceChange[] = [];
  const renamed = new Map<string, string>();
  const leftBase: Resource[] = [];
  for (const b of base) {
    const list = byKey.get(resourceIdentity(b.ref));
    const h = list?.shift();
    if (!h) {
      leftBase.push(b);
      continue;
    }
    if (canonical(b.value) !== canonical(h.value)) changes.push({ action: "modified", base: b, head: h });
  }
  const leftHead = [...byKey.values()].flat();
  const pairs = pairBySimilarity(
    leftBase,
    leftHead,
    (r) => leaves(r.value, (p) => NAME_PATHS.has(p)),
    (a, b) => a.kind === b.kind && a.group === b.group,
  );
  const pairedBase = new Set(pairs.map(([b]) => b));
  const pairedHead = new Set(pairs.map(([, h]) => h));
  for (const [b, h] of pairs) {
    changes.push({ action: "renamed", base: b, head: h });
    renamed.set(resourceIdentity(b.ref), resourceIdentity(h.ref));
  }
  for (const b of leftBase) if (!pairedBase.has(b)) changes.push({ action: "removed", base: b, head: undefined });
  for (const h of leftHead) if (!pairedHead.has(h)) changes.push({ action: "added", base: undefined, head: h });
  return { changes, renamed };
}

function usesRepo(uses: string | undefined): string | undefined {
  return uses?.split("@")[0];
}

/**
 * Pairs the steps of one job: by id, then by name, then by the same `uses` or `run` (a step whose
 * name changed but does the same is a rename), then by the same action at another version.
 */
function matchSteps(base: readonly Step[], head: readonly Step[]): Array<[Step | undefined, Step | undefined]> {
  const pairs: Array<[Step, Step]> = [];
  const usedB = new Set<Step>();
  const usedH = new Set<Step>();
  const pass = (same: (a: Step, b: Step) => boolean) => {
    for (const b of base) {
      if (usedB.has(b)) continue;
      const h = head.find((x) => !usedH.has(x) && same(b, x));
      if (!h) continue;
      usedB.add(b);
      usedH.add(h);
      pairs.push([b, h]);
    }
  };
  pass((a, b) => a.id !== undefined && a.id === b.id);
  pass((a, b) => a.name !== undefined && a.name === b.name);
  pass(
    (a, b) => (a.uses !== undefined && a.uses === b.uses) || (a.run !== undefined && a.run.trim() === b.run?.trim()),
  );
  pass((a, b) => a.uses !== undefined && usesRepo(a.uses) === usesRepo(b.uses));
  const out: Array<[Step | undefined, Step | undefined]> = [...pairs];
  for (const b of base) if (!usedB.has(b)) out.push([b, undefined]);
  for (const h of head) if (!usedH.has(h)) out.push([undefined, h]);
  return out;
}

function stepAction(b: Step | undefined, h: Step | undefined): ChangeAction | undefined {
  if (!b) return "added";
  if (!h) return "removed";
  if (stepLabel(b) !== stepLabel(h)) return "renamed";
  return canonical(b.value) !== canonical(h.value) ? "modified" : undefined;
}

function jobsById(wf: Workflow | undefined): Map<string, Job> {
  return new Map((wf?.jobs ?? []).map((j) => [j.id, j]));
}

/** The changes of one pair of workflow documents (either side may be missing). */
/**
 * Jobs are paired more loosely than objects: a rewritten workflow renames its jobs and merges
 * or splits them, and a job that shares a quarter of its actions and commands is the same job.
 */
export const JOB_RENAME_SIMILARITY = 0.25;

/** What a job does, for pairing renamed jobs: its steps' actions and commands. */
function jobLeaves(j: Job): Set<string> {
  return new Set(j.steps.map((s) => (s.uses ? `uses:${usesRepo(s.uses)}` : `run:${(s.run ?? "").trim()}`)));
}

/**
 * Pairs the jobs of two versions of a workflow: by id, then a job renamed (one left on each
 * side, or steps mostly alike).
 */
function pairJobs(b: Workflow | undefined, h: Workflow | undefined): Array<[Job | undefined, Job | undefined]> {
  const bj = jobsById(b);
  const hj = jobsById(h);
  const out: Array<[Job | undefined, Job | undefined]> = [];
  for (const [id, job] of bj) if (hj.has(id)) out.push([job, hj.get(id)]);
  const lb = [...bj.values()].filter((j) => !hj.has(j.id));
  const lh = [...hj.values()].filter((j) => !bj.has(j.id));
  const pairs: Array<[Job, Job]> =
    lb.length === 1 && lh.length === 1
      ? [[lb[0] as Job, lh[0] as Job]]
      : pairBySimilarity(lb, lh, jobLeaves, () => true, JOB_RENAME_SIMILARITY);
  out.push(...pairs);
  for (const j of lb) if (!pairs.some(([x]) => x === j)) out.push([j, undefined]);
  for (const j of lh) if (!pairs.some(([, x]) => x === j)) out.push([undefined, j]);
  return out;
}

/** The changes of one pair of workflow documents (either side may be missing). */
function compareWorkflows(
  b: Workflow | undefined,
  h: Workflow | undefined,
  action: ChangeAction,
  m: { stepTokens: Map<string, string>; jobRenames: Map<string, string> },
  headFile: string,
): WorkflowChange {
  const jobs: WorkflowChange["jobs"] = [];
  const steps: StepChange[] = [];
  for (const [bjob, hjob] of pairJobs(b, h)) {
    const id = (hjob ?? bjob)?.id as string;
    if (!bjob || !hjob) jobs.push({ action: bjob ? "removed" : "added", id });
    else if (bjob.id !== hjob.id) {
      jobs.push({ action: "renamed", id, from: bjob.id });
      m.jobRenames.set(`${headFile}\u0000${bjob.id}`, hjob.id);
    } else if (canonical(bjob.value) !== canonical(hjob.value)) jobs.push({ action: "modified", id });
    for (const [bs, hs] of matchSteps(bjob?.steps ?? [], hjob?.steps ?? [])) {
      if (bs && bjob)
        m.stepTokens.set(`${headFile}\u0000${bjob.id}\u0000${bs.index}`, hs ? `s${hs.index}` : `b${bs.index}`);
      const a = stepAction(bs, hs);
      if (a) steps.push({ action: a, job: id, base: bs, head: hs });
    }
  }
  return { action, base: b, head: h, jobs, steps };
}

/** Everything a review knows about which side's thing is which. */
export interface Matching {
  change: ChangeSet;
  /** Identity of a renamed base object → identity of its head object. */
  renamedResources: ReadonlyMap<string, string>;
  /** Base workflow file → the head file it became (same path when not moved). */
  workflowFiles: ReadonlyMap<string, string>;
  /** `headFile␀baseJob␀baseStepIndex` → a token equal to the matched head step's (`s<index>`), or `b<index>`. */
  stepTokens: ReadonlyMap<string, string>;
  /** `headFile␀baseJob` → the head id of a renamed job. */
  jobRenames: ReadonlyMap<string, string>;
}

/** Matches the base and head sets and lists what changed between them. */
export function matchSets(base: CheckedSet, head: CheckedSet): Matching {
  const { changes: resources, renamed } = matchResources(base.resources, head.resources);
  const bw = workflowsOf(base);
  const hw = workflowsOf(head);
  const hByFile = new Map(hw.map((w) => [w.doc.file.path, w]));
  const workflows: WorkflowChange[] = [];
  const workflowFiles = new Map<string, string>();
  const stepTokens = new Map<string, string>();
  const jobRenames = new Map<string, string>();
  const sides = { stepTokens, jobRenames };
  const leftB: Workflow[] = [];
  const pairedH = new Set<Workflow>();
  for (const b of bw) {
    const h = hByFile.get(b.doc.file.path);
    if (!h || pairedH.has(h)) {
      leftB.push(b);
      continue;
    }
    pairedH.add(h);
    workflowFiles.set(b.doc.file.path, h.doc.file.path);
    const wc = compareWorkflows(b, h, "modified", sides, h.doc.file.path);
    if (canonical(b.value) !== canonical(h.value)) workflows.push(wc);
  }
  const leftH = hw.filter((w) => !pairedH.has(w));
  const pairs = pairBySimilarity(
    leftB,
    leftH,
    (w) => leaves(w.value, () => false),
    (a, b) => a.kind === b.kind,
  );
  for (const [b, h] of pairs) {
    workflowFiles.set(b.doc.file.path, h.doc.file.path);
    workflows.push(compareWorkflows(b, h, "renamed", sides, h.doc.file.path));
  }
  const pb = new Set(pairs.map(([b]) => b));
  const ph = new Set(pairs.map(([, h]) => h));
  for (const b of leftB)
    if (!pb.has(b)) workflows.push(compareWorkflows(b, undefined, "removed", sides, b.doc.file.path));
  for (const h of leftH)
    if (!ph.has(h)) workflows.push(compareWorkflows(undefined, h, "added", sides, h.doc.file.path));
  return {
    change: { base, head, resources, workflows },
    renamedResources: renamed,
    workflowFiles,
    stepTokens,
    jobRenames,
  };
}
