// `mlgate review`: what a change introduces, what it risks, what it costs, and a verdict. Pure:
// both sides arrive as files in memory (src/cli/review.ts reads directories and git refs).
import { buildSet, type CheckRequest, type ConfigScope, check, DEFAULT_OPTIONS } from "../check.js";
import { type Config, EMPTY_CONFIG } from "../config/config.js";
import { dailyCost } from "../estimate/daily.js";
import { jobsFromWorkloads } from "../estimate/manifest.js";
import type { Finding } from "../findings/finding.js";
import { applyConfig } from "../findings/resolve.js";
import { DEFAULT_MAX_FILE_SIZE, decodeFile } from "../load/sources.js";
import type { FileTree } from "../load/tree.js";
import { type LoadProblem, type RenderRecord, SourceFile } from "../load/types.js";
import type { Resource, ResourceRef } from "../model/resource.js";
import { stepLabel } from "../model/workflow.js";
import { policyRules } from "../policy/rules.js";
import { runChangeRules } from "../rules/engine.js";
import { ALL_RULES, RULES_BY_ID } from "../rules/index.js";
import type { ChangeAction, CheckedSet, CheckOptions, Rule } from "../rules/types.js";
import { canonical } from "../util/canonical.js";
import { type Matching, matchSets, resourceIdentity } from "./match.js";
import { monthlyToDaily, type PoolChange, poolChanges, poolTotal } from "./pools.js";

export type Verdict = "allow" | "review" | "block";
export const VERDICTS: readonly Verdict[] = ["allow", "review", "block"];

export interface Reason {
  /** Stable code: new-error, new-warning, cost-increase, price-unknown, no-new-risk. */
  code: string;
  message: string;
}

export interface ReviewInput {
  files: readonly SourceFile[];
  /** Problems met while reading this side (unreadable files). */
  problems?: readonly LoadProblem[];
  /** Charts and kustomizations the loader rendered on this side. */
  rendered?: readonly RenderRecord[];
  /** Every file and directory of this side's tree (the DVC and MLflow checks look paths up in it). */
  tree?: FileTree;
}

export interface ReviewRequest {
  base: ReviewInput;
  head: ReviewInput;
  options?: Partial<CheckOptions>;
  config?: Config;
  /** Rules to run (their hooks on both sides, their change hooks on the change); all unless given. */
  rules?: readonly Rule[];
  /** A GPU cost increase per day (USD) above this asks for review; default 0: any increase. */
  maxCostIncrease?: number;
  /**
   * Nested configurations: the configuration and options that govern a file, by its path (the
   * same on both sides). Files with the same answer (the same object) are judged together, as
   * `check` judges its scopes; without it, `config` and `options` govern every file.
   */
  scopeOf?: (path: string) => { config: Config; options?: Partial<CheckOptions> };
  /** Files of CustomResourceDefinitions (`--crd`, `crds:`): their kinds validate both sides' documents, as in `check`. */
  crdFiles?: readonly SourceFile[];
}

export interface NullableRef {
  apiVersion: string;
  kind: string;
  namespace: string | null;
  name: string | null;
}

/** One changed thing, as the JSON output lists it. */
export type ChangeEntry =
  | { resource: NullableRef; action: ChangeAction; from?: NullableRef }
  | { workflow: { file: string; job: string | null; step: string | null }; action: ChangeAction; from?: string };

export interface CostSide {
  gpus: number;
  dailyUsd: number;
}

/** A changed GPU workload's size and price on each side (undefined: absent there). */
export interface WorkloadCost {
  resource: NullableRef;
  action: ChangeAction;
  before: CostSide | undefined;
  after: CostSide | undefined;
  /**
   * No price is known on a side where it has GPUs (product not named, unknown, or not priced in
   * the catalog): its cost is counted as 0 there, as `check --estimate` reports it unknown.
   */
  priceUnknown: boolean;
}

export interface ReviewSummary {
  baseFiles: number;
  headFiles: number;
  changes: number;
  newFindings: number;
  newErrors: number;
  newWarnings: number;
  newInfos: number;
  fixedFindings: number;
  existingFindings: number;
}

export interface ReviewResult {
  verdict: Verdict;
  reasons: Reason[];
  summary: ReviewSummary;
  changes: ChangeEntry[];
  /** Findings the head introduces, change-risk findings included. */
  findings: Finding[];
  /** Findings of the base the head no longer has. */
  fixed: Finding[];
  /** Findings on both sides: counted, listed only with `--all`. */
  existing: Finding[];
  cost: { before: CostSide; after: CostSide; delta: CostSide };
  workloads: WorkloadCost[];
  /** Terraform GPU node pools the change adds, removes or resizes, with their monthly cost. */
  pools: PoolChange[];
}

export function nullableRef(r: ResourceRef): NullableRef {
  return { apiVersion: r.apiVersion, kind: r.kind, namespace: r.namespace ?? null, name: r.name ?? null };
}

const WORKFLOW_API = "github.com/actions";
const JOB_PATH = /^jobs(?:\.([A-Za-z_][A-Za-z0-9_-]*)|\[("(?:[^"\\]|\\.)*")\])(\.steps\[(\d+)\])?/;

/**
 * The identity of a finding across the change: rule, the thing it is about (a renamed object or
 * a moved workflow counts as its head self; a step by its matched head step) and its path, never
 * its line, so edits elsewhere in a file do not make old findings new.
 */
function findingKey(f: Finding, side: "base" | "head", m: Matching): string {
  const file = side === "base" ? (m.workflowFiles.get(f.file) ?? f.file) : f.file;
  if (!f.resource) return `${f.ruleId}\u0000file\u0000${file}\u0000${f.message}`;
  if (f.resource.apiVersion === WORKFLOW_API) {
    // A job by its head id (a renamed job's base findings count as its own), a step by its match.
    const path = f.path.replace(
      JOB_PATH,
      (_all, plain: string | undefined, quoted: string | undefined, steps: string | undefined, index: string) => {
        const job = plain ?? (JSON.parse(quoted as string) as string);
        if (side === "head") return `jobs[${JSON.stringify(job)}]${steps ? `.steps[s${index}]` : ""}`;
        const headJob = m.jobRenames.get(`${file}\u0000${job}`) ?? job;
        const token = steps ? (m.stepTokens.get(`${file}\u0000${job}\u0000${index}`) ?? `b${index}`) : "";
        return `jobs[${JSON.stringify(headJob)}]${steps ? `.steps[${token}]` : ""}`;
      },
    );
    return `${f.ruleId}\u0000wf\u0000${file}\u0000${path}`;
  }
  let id = resourceIdentity(f.resource);
  if (side === "base") id = m.renamedResources.get(id) ?? id;
  return `${f.ruleId}\u0000res\u0000${id}\u0000${f.path}`;
}

/** Splits the two sides' findings into new (head only), fixed (base only) and existing (both). */
export function diffFindings(base: readonly Finding[], head: readonly Finding[], m: Matching) {
  const pool = new Map<string, Finding[]>();
  for (const f of base) {
    const k = findingKey(f, "base", m);
    pool.set(k, [...(pool.get(k) ?? []), f]);
  }
  const fresh: Finding[] = [];
  const existing: Finding[] = [];
  const unmatched: Array<{ f: Finding; k: string }> = [];
  // Same key and same message first, then same key with another message (a count that changed).
  for (const f of head) {
    const k = findingKey(f, "head", m);
    const list = pool.get(k);
    const i = list?.findIndex((b) => b.message === f.message) ?? -1;
    if (list && i >= 0) {
      list.splice(i, 1);
      existing.push(f);
    } else unmatched.push({ f, k });
  }
  for (const { f, k } of unmatched) {
    const list = pool.get(k);
    if (list && list.length > 0) {
      list.shift();
      existing.push(f);
    } else fresh.push(f);
  }
  const fixed = [...pool.values()].flat();
  return { fresh, fixed, existing };
}

function workloadOf(set: CheckedSet, r: Resource | undefined) {
  if (!r) return undefined;
  const w = set.workloads.find((x) => x.resource === r);
  return w ? jobsFromWorkloads([w])[0] : undefined;
}

function costSide(set: CheckedSet, r: Resource | undefined): { side: CostSide | undefined; unknown: boolean } {
  if (!r) return { side: undefined, unknown: false };
  const job = workloadOf(set, r);
  if (!job) return { side: { gpus: 0, dailyUsd: 0 }, unknown: false };
  // The pricing of `check --estimate`: the product the manifest names, never a guessed one.
  const c = dailyCost(job);
  return { side: { gpus: job.gpus, dailyUsd: c.cloudPerDay ?? 0 }, unknown: c.cloudPerDay === undefined };
}

const cents = (x: number) => Math.round(x * 100) / 100;

/** GPUs and cloud cost per day of every changed workload that has GPUs on either side. */
export function costOfChange(m: Matching): { workloads: WorkloadCost[]; cost: ReviewResult["cost"] } {
  const workloads: WorkloadCost[] = [];
  const before = { gpus: 0, dailyUsd: 0 };
  const after = { gpus: 0, dailyUsd: 0 };
  for (const c of m.change.resources) {
    const b = costSide(m.change.base, c.base);
    const h = costSide(m.change.head, c.head);
    if ((b.side?.gpus ?? 0) === 0 && (h.side?.gpus ?? 0) === 0) continue;
    const ref = (c.head ?? c.base) as Resource;
    workloads.push({
      resource: nullableRef(ref.ref),
      action: c.action,
      before: b.side && { gpus: b.side.gpus, dailyUsd: cents(b.side.dailyUsd) },
      after: h.side && { gpus: h.side.gpus, dailyUsd: cents(h.side.dailyUsd) },
      priceUnknown: b.unknown || h.unknown,
    });
    before.gpus += b.side?.gpus ?? 0;
    before.dailyUsd += b.side?.dailyUsd ?? 0;
    after.gpus += h.side?.gpus ?? 0;
    after.dailyUsd += h.side?.dailyUsd ?? 0;
  }
  return {
    workloads,
    cost: {
      before: { gpus: before.gpus, dailyUsd: cents(before.dailyUsd) },
      after: { gpus: after.gpus, dailyUsd: cents(after.dailyUsd) },
      delta: { gpus: after.gpus - before.gpus, dailyUsd: cents(after.dailyUsd - before.dailyUsd) },
    },
  };
}

function withoutSteps(v: unknown): string {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return canonical(v);
  const { steps: _steps, ...rest } = v as Record<string, unknown>;
  return canonical(rest);
}

function withoutJobs(v: unknown): string {
  const { jobs: _jobs, ...rest } = v as Record<string, unknown>;
  return canonical(rest);
}

/** The changes as the JSON output lists them: objects, then workflow files, jobs and steps. */
export function changeEntries(m: Matching): ChangeEntry[] {
  const out: ChangeEntry[] = [];
  for (const c of m.change.resources) {
    const r = (c.head ?? c.base) as Resource;
    out.push({
      resource: nullableRef(r.ref),
      action: c.action,
      ...(c.action === "renamed" && c.base ? { from: nullableRef(c.base.ref) } : {}),
    });
  }
  for (const w of m.change.workflows) {
    const file = (w.head ?? w.base)?.doc.file.path as string;
    const whole =
      w.action !== "modified" || (w.base && w.head && withoutJobs(w.base.value) !== withoutJobs(w.head.value));
    if (whole)
      out.push({
        workflow: { file, job: null, step: null },
        action: w.action,
        ...(w.action === "renamed" && w.base ? { from: w.base.doc.file.path } : {}),
      });
    if (w.action === "added" || w.action === "removed") continue;
    for (const j of w.jobs) {
      if (j.action === "modified") {
        const b = w.base?.jobs.find((x) => x.id === j.id);
        const h = w.head?.jobs.find((x) => x.id === j.id);
        if (b && h && withoutSteps(b.value) === withoutSteps(h.value)) continue;
      }
      out.push({
        workflow: { file, job: j.id, step: null },
        action: j.action,
        ...(j.from !== undefined ? { from: j.from } : {}),
      });
    }
    for (const s of w.steps) {
      const jobGone = w.jobs.some((j) => j.id === s.job && (j.action === "added" || j.action === "removed"));
      if (jobGone) continue;
      out.push({
        workflow: { file, job: s.job, step: stepLabel((s.head ?? s.base) as NonNullable<typeof s.head>) },
        action: s.action,
        ...(s.action === "renamed" && s.base ? { from: stepLabel(s.base) } : {}),
      });
    }
  }
  return out;
}

const money = (usd: number) =>
  `$${Math.abs(usd).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** The verdict and its reasons: block for new errors, review for new warnings and cost rises. */
export function decide(
  findings: readonly Finding[],
  cost: ReviewResult["cost"],
  workloads: readonly WorkloadCost[],
  maxCostIncrease: number,
): { verdict: Verdict; reasons: Reason[] } {
  const reasons: Reason[] = [];
  let verdict: Verdict = "allow";
  const raise = (v: Verdict) => {
    if (VERDICTS.indexOf(v) > VERDICTS.indexOf(verdict)) verdict = v;
  };
  const errors = findings.filter((f) => f.severity === "error");
  const warnings = findings.filter((f) => f.severity === "warning");
  if (errors.length > 0) {
    raise("block");
    const ids = [...new Set(errors.map((f) => f.ruleId))].join(", ");
    reasons.push({ code: "new-error", message: `${plural(errors.length, "new error")} (${ids})` });
  }
  if (warnings.length > 0) {
    raise("review");
    const ids = [...new Set(warnings.map((f) => f.ruleId))].join(", ");
    reasons.push({ code: "new-warning", message: `${plural(warnings.length, "new warning")} (${ids})` });
  }
  if (cost.delta.dailyUsd > maxCostIncrease) {
    raise("review");
    reasons.push({
      code: "cost-increase",
      message: `GPU cost rises by ${money(cost.delta.dailyUsd)} per day (${cost.before.gpus} → ${cost.after.gpus} GPUs), above the allowed ${money(maxCostIncrease)}`,
    });
  }
  // A changed GPU workload whose price is unknown may cost more: a reviewer decides (never a block).
  const unpriced = workloads.filter((w) => w.priceUnknown && (w.after?.gpus ?? 0) > 0);
  if (unpriced.length > 0) {
    raise("review");
    reasons.push({
      code: "price-unknown",
      message: `no catalog price for the GPUs of ${unpriced.map((w) => `${w.resource.kind}/${w.resource.name ?? ""}`).join(", ")} (the manifest does not name a priced GPU product); their cost is not in the totals`,
    });
  }
  if (reasons.length === 0)
    reasons.push({ code: "no-new-risk", message: "no new error or warning findings and no GPU cost increase" });
  return { verdict, reasons };
}

/** The nested configurations of one side's files, grouped as `check` groups them. */
function scopesOf(s: ReviewInput, scopeOf: NonNullable<ReviewRequest["scopeOf"]>): ConfigScope[] {
  const groups = new Map<ReturnType<typeof scopeOf>, Set<string>>();
  for (const path of [...s.files.map((f) => f.path), ...(s.problems ?? []).map((p) => p.file.path)]) {
    const scope = scopeOf(path);
    groups.set(scope, (groups.get(scope) ?? new Set()).add(path));
  }
  return [...groups].map(([scope, paths]) => ({
    config: scope.config,
    ...(scope.options ? { options: scope.options } : {}),
    paths,
  }));
}

/**
 * The change-risk rules' findings. With nested configurations, each configuration runs the rules
 * it allows with its options and keeps the findings in its own files, as `check` does.
 */
function changeFindings(
  m: Matching,
  req: ReviewRequest,
  rules: readonly Rule[],
  policies: readonly Rule[],
  options: CheckOptions,
  config: Config,
): Finding[] {
  const known = new Set([...RULES_BY_ID.keys(), ...rules.map((r) => r.id)]);
  if (!req.scopeOf) return applyConfig(runChangeRules(rules, m.change, options, known), [], config).findings;
  const scopeOf = req.scopeOf;
  const all = [...(req.rules ?? ALL_RULES), ...policies];
  const out: Finding[] = [];
  for (const scope of new Set([...m.change.base.files, ...m.change.head.files].map((f) => scopeOf(f.path)))) {
    const allowed = all.filter((r) => scope.config.rules[r.id] !== "off");
    const raw = runChangeRules(allowed, m.change, { ...options, ...scope.options }, known).filter(
      (f) => scopeOf(f.resource.doc.file.path) === scope,
    );
    out.push(...applyConfig(raw, [], scope.config).findings);
  }
  return out;
}

/** Reviews a change: both sides checked the way `check` checks, matched, compared and judged. */
export function review(req: ReviewRequest): ReviewResult {
  const options: CheckOptions = { ...DEFAULT_OPTIONS, ...req.options };
  const config = req.config ?? EMPTY_CONFIG;
  const rules = (req.rules ?? ALL_RULES).filter((r) => config.rules[r.id] !== "off");
  const side = (s: ReviewInput): CheckRequest => {
    const scopes = req.scopeOf ? scopesOf(s, req.scopeOf) : [];
    return {
      files: s.files,
      problems: s.problems,
      rendered: s.rendered,
      ...(s.tree ? { tree: s.tree } : {}),
      options,
      config,
      rules: req.rules ?? ALL_RULES,
      ...(scopes.length > 0 ? { scopes } : {}),
      ...(req.crdFiles && req.crdFiles.length > 0 ? { crdFiles: req.crdFiles } : {}),
    };
  };
  const baseResult = check(side(req.base));
  const headResult = check(side(req.head));
  const m = matchSets(buildSet(req.base.files).set, buildSet(req.head.files).set);
  const diff = diffFindings(baseResult.findings, headResult.findings, m);
  // The head's admission policies judge each modified object again as an UPDATE (with its base
  // as oldObject): for those objects that evaluation, not the CREATE one of `check`, counts.
  const policies = policyRules(m.change.head.resources, options).filter((r) => config.rules[r.id] !== "off");
  const updated = new Set(
    m.change.resources.filter((c) => c.base && c.head).map((c) => resourceIdentity((c.head as Resource).ref)),
  );
  const fresh = diff.fresh.filter(
    (f) => !(f.category === "policy" && f.resource && updated.has(resourceIdentity(f.resource))),
  );
  const risk = changeFindings(m, req, [...rules, ...policies], policies, options, config);
  const findings = [...risk, ...fresh];
  const { workloads, cost } = costOfChange(m);
  const pools = poolChanges(m.change.base, m.change.head);
  const decided = decide(findings, cost, workloads, req.maxCostIncrease ?? 0);
  const { verdict, reasons } = judgePools(decided, pools, req.maxCostIncrease ?? 0);
  const changes = changeEntries(m);
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  return {
    verdict,
    reasons,
    summary: {
      baseFiles: baseResult.summary.files,
      headFiles: headResult.summary.files,
      changes: changes.length,
      newFindings: findings.length,
      newErrors: count("error"),
      newWarnings: count("warning"),
      newInfos: count("info"),
      fixedFindings: diff.fixed.length,
      existingFindings: diff.existing.length,
    },
    changes,
    findings,
    fixed: diff.fixed,
    existing: diff.existing,
    cost,
    workloads,
    pools,
  };
}

/**
 * Terraform GPU node pools: a rise of their monthly cost at the desired size (or at the minimum,
 * which is billed whatever runs) beyond the allowance asks for review, as a workload's does.
 */
function judgePools(
  decided: { verdict: Verdict; reasons: Reason[] },
  pools: readonly PoolChange[],
  maxCostIncrease: number,
): { verdict: Verdict; reasons: Reason[] } {
  const month = (x: number) => `${money(x)} a month`;
  const rise = (size: "min" | "desired") => poolTotal(pools, "after", size) - poolTotal(pools, "before", size);
  const reasons: Reason[] = [];
  const grows = Math.max(rise("desired"), rise("min"));
  if (monthlyToDaily(grows) > maxCostIncrease) {
    reasons.push({
      code: "cost-increase",
      message: `GPU node pools: ${month(poolTotal(pools, "before", "desired"))} → ${month(poolTotal(pools, "after", "desired"))} at their desired size, ${month(poolTotal(pools, "before", "min"))} → ${month(poolTotal(pools, "after", "min"))} at their minimum, up to ${month(poolTotal(pools, "after", "max"))} at their maximum (on demand), above the allowed ${money(maxCostIncrease)} per day`,
    });
  }
  const unknown = pools.filter((p) => p.priceUnknown && p.after);
  if (unknown.length > 0) {
    reasons.push({
      code: "price-unknown",
      message: `no catalog price for the GPU node pool${unknown.length > 1 ? "s" : ""} ${unknown.map((p) => p.pool).join(", ")}; their cost is not in the totals`,
    });
  }
  if (reasons.length === 0) return decided;
  const kept = decided.reasons.filter((r) => r.code !== "no-new-risk");
  const verdict: Verdict = decided.verdict === "allow" ? "review" : decided.verdict;
  return { verdict, reasons: [...kept, ...reasons] };
}

function textFiles(texts: ReadonlyArray<{ path: string; text: string }>): ReviewInput {
  const files: SourceFile[] = [];
  const problems: LoadProblem[] = [];
  for (const t of texts) {
    const bytes = new TextEncoder().encode(t.text);
    const decoded = decodeFile(t.path, () => bytes, DEFAULT_MAX_FILE_SIZE, bytes.length);
    if (decoded instanceof SourceFile) files.push(decoded);
    else problems.push(decoded);
  }
  return { files, problems };
}

/** Convenience for tests, rule examples and library users: review YAML texts given by name. */
export function reviewTexts(
  base: ReadonlyArray<{ path: string; text: string }>,
  head: ReadonlyArray<{ path: string; text: string }>,
  req: Omit<ReviewRequest, "base" | "head"> = {},
): ReviewResult {
  return review({ ...req, base: textFiles(base), head: textFiles(head) });
}
