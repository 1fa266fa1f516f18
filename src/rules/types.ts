import type { ModelSpec } from "../catalog/models.js";
import type { ClusterInventory } from "../cluster/types.js";
import type { Environment, LineagePolicy } from "../config/config.js";
import type { CheckedSet } from "../model/checked-set.js";
import type { Path } from "../model/path.js";
import type { Resource } from "../model/resource.js";
import type { Category, Severity } from "../model/severity.js";
import type { Step, Workflow } from "../model/workflow.js";
import type { Workload } from "../model/workload.js";
import type { JsonSchema } from "../util/json-schema.js";

export type { CheckedSet } from "../model/checked-set.js";
// Severity and Category are the vocabulary findings are classified by, read below the rules
// (config, findings, report); CheckedSet is what the model builds. Both are defined in the model
// and re-exported here, where a rule module finds everything it needs.
export { CATEGORIES, type Category, type Severity } from "../model/severity.js";

export interface Link {
  title: string;
  url: string;
}

/** A finding a rule example must produce: 1-based line, and optionally column and message text. */
export interface ExpectedFinding {
  line: number;
  column?: number;
  message?: string | RegExp;
  /** The id of the rule's `messages` entry the finding was reported with. */
  messageId?: string;
  severity?: Severity;
}

export interface RuleExample {
  /** Says what the example shows; becomes the test name and a heading in the docs. */
  title: string;
  yaml: string;
  options?: Partial<CheckOptions> & { maxFileSize?: number };
  /** The rule's own options (its `options` schema), as `.mlgate.yaml` gives them in `rules: {id: {options: …}}`. */
  ruleOptions?: Readonly<Record<string, unknown>>;
  /** File path the example is checked under (default `example.yaml`), e.g. `.github/workflows/ci.yml`. */
  path?: string;
  /**
   * Other files of the example's tree, by path (a pipeline's params file, the script a stage runs):
   * the ones the loader reads by name are checked with the example, the others only exist.
   */
  files?: Readonly<Record<string, string>>;
  /**
   * For a rule with a `change` hook: the file as it was before the change (the base of a review,
   * checked under the same path); `yaml` is the file after it.
   */
  base?: string;
}

export interface InvalidExample extends RuleExample {
  findings: ExpectedFinding[];
}

/** How a resource, workflow, job or step differs between the base and the head of a review. */
export type ChangeAction = "added" | "removed" | "modified" | "renamed";

/** A Kubernetes object that differs between base and head (unchanged objects are not listed). */
export interface ResourceChange {
  action: ChangeAction;
  base: Resource | undefined;
  head: Resource | undefined;
}

/** A step of a job present on both sides (or one side only) that differs. */
export interface StepChange {
  action: ChangeAction;
  /** The job's id in the head (in the base for a removed job). */
  job: string;
  base: Step | undefined;
  head: Step | undefined;
}

/** A workflow or action file that differs between base and head, with its changed steps. */
export interface WorkflowChange {
  action: ChangeAction;
  base: Workflow | undefined;
  head: Workflow | undefined;
  /** Jobs added, removed, modified or renamed, by (head) id; `from` is a renamed job's base id. */
  jobs: Array<{ action: ChangeAction; id: string; from?: string }>;
  steps: StepChange[];
}

/**
 * What a change does: the two checked sets and what differs between them, matched by identity
 * (src/review/match.ts). Rules with a `change` hook read it; `ctx.set` is the head's set.
 */
export interface ChangeSet {
  base: CheckedSet;
  head: CheckedSet;
  resources: readonly ResourceChange[];
  workflows: readonly WorkflowChange[];
}

export interface CheckOptions {
  /** Target Kubernetes minor version, e.g. "1.35". */
  kubeVersion: string;
  /** Report references to objects missing from the set as errors, not info. */
  strictRefs: boolean;
  /** Pod Security Standards level the security rules check against (`--pss`). */
  pss: PssLevel;
  /** Self-hosted (GPU) runner labels declared in .mlgate.yaml (`runnerLabels:`), for the `ci` rules. */
  runnerLabels?: readonly string[];
  /** The cluster inventory (`--cluster`, `--pods`) the cluster-aware rules check against; they do nothing without it. */
  cluster?: ClusterInventory;
  /** Report each GPU workload's GPU-hours and cloud cost per day (`--estimate`, `estimate:` in .mlgate.yaml). */
  estimate?: boolean;
  /** A team's own models (`models:` in .mlgate.yaml), looked up before the built-in catalog by the serving rules. */
  models?: readonly ModelSpec[];
  /**
   * Objects from `--policy` files and `policies:` in .mlgate.yaml: ValidatingAdmissionPolicies,
   * their bindings and parameter objects, evaluated beside those in the checked set (src/policy).
   */
  policies?: readonly Resource[];
  /** Namespace → environment (`environments:` in .mlgate.yaml): a reproducibility finding in a prod namespace is a warning. */
  environments?: Readonly<Record<string, Environment>>;
  /** How the team pins models and data (`lineage:`): MLflow by versions or aliases; gs:// objects by generation. */
  lineage?: LineagePolicy;
  /**
   * Each rule's own options by rule id (`rules: {id: {options: …}}` in .mlgate.yaml, validated
   * against the rule's `options` schema); a rule reads its own, defaults filled in, as `ctx.ruleOptions`.
   */
  ruleOptions?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** The account's monthly budget in USD (`budget.monthlyUsd` in .mlgate.yaml): cost/gpu-pool-budget compares GPU pools' maximum cost with it. */
  budgetMonthlyUsd?: number;
}

export type PssLevel = "baseline" | "restricted";

export interface Report {
  resource: Resource;
  /** Path relative to the resource. */
  path: Path;
  message: string;
  /** Overrides the rule's default severity for this finding. */
  severity?: Severity;
  /** Point at the mapping key instead of its value (unknown fields, duplicate keys). */
  at?: "key" | "value";
  /**
   * Exact offsets in the file's text, when the finding is about part of a value (one
   * `${{ … }}` expression inside a `run:` script): overrides the position found from `path`,
   * which still names the value in the JSON output.
   */
  span?: { start: number; end: number };
  /** The span reported is a secret: formatters must never show its text (code frames mask it). */
  secret?: boolean;
  /** Set by the engine, never by a rule: the rule threw, and this finding says so. */
  internal?: boolean;
  /** Set by the engine: the id of the rule's `messages` entry the message was made from. */
  messageId?: string;
  /**
   * Once per run for this key: of the rule's reports with the same key, only the first (in the
   * order of the set's objects) is kept, before configuration (`firstOnce`). A per-object hook says
   * "once per model" this way instead of a `set` hook, so a parallel check runs it in the workers.
   */
  once?: string;
}

/** The values a message template's `{{name}}` placeholders take. */
export type MessageData = Readonly<Record<string, string | number>>;

/**
 * What a rule reports: its message in words, or (ESLint's way) the id of one of its `messages`
 * and the data the template's placeholders take; the engine makes the message.
 */
export type RuleReport = Omit<Report, "message" | "messageId" | "internal"> &
  ({ message: string } | { messageId: string; data?: MessageData });

/** What a `facts` hook may read besides its workload: the run's options, never the set. */
export type FactContext = Pick<RuleContext, "options" | "ruleOptions">;

/**
 * One workload's fact for a `set` hook: the value its rule's `facts` hook returned, and the
 * workload's object, to report on (`ctx.report({resource: fact.of, …})`) and nothing else: in a
 * parallel check's main thread it is a stand-in whose fields cannot be read (the workload is in a
 * worker, which places the report).
 */
export interface Fact<F = unknown> {
  of: Resource;
  value: F;
}

/** A `set` hook's facts, typed as its rule's `facts` hook returns them. */
export function factsAs<F>(facts: readonly Fact[]): readonly Fact<F>[] {
  return facts as readonly Fact<F>[];
}

export interface RuleContext {
  readonly set: CheckedSet;
  readonly options: CheckOptions;
  /** Every rule id mlgate knows, for rules that validate rule references. */
  readonly knownRuleIds: ReadonlySet<string>;
  /** This rule's options: the configured ones over the defaults of its `options` schema (empty without one). */
  readonly ruleOptions: Readonly<Record<string, unknown>>;
  report(finding: RuleReport): void;
}

/**
 * One cause that two rules both see: the declaring rule's finding replaces `rule`'s when both
 * report at the same position of the same object (the findings stage merges them).
 */
export interface Supersession {
  /** The id of the rule whose finding this rule's finding replaces. */
  rule: string;
  /** The shared cause, in words: shown on both rules' docs pages. */
  cause: string;
}

/**
 * A rule: metadata, examples and its hooks. `resource` runs once per Kubernetes object,
 * `workload` once per normalised workload, `workflow` once per GitHub Actions workflow or action,
 * `set` once per run for relations between documents. A hook that throws becomes an internal-error
 * finding on the object it was judging (the first resource or workflow of the run for `set`).
 */
export interface Rule {
  /** `category/name`; the module lives at src/rules/<category>/<name>.ts. */
  id: string;
  category: Category;
  severity: Severity;
  summary: string;
  /** What goes wrong at run time, and why. */
  rationale: string;
  remediation: string;
  links: Link[];
  examples: { valid: RuleExample[]; invalid: InvalidExample[] };
  /**
   * The rule's messages by id (ESLint's `messages`): templates whose `{{name}}` placeholders take
   * the `data` of a report that names the id (`ctx.report({…, messageId, data})`). The wording of
   * a rule in one place, and a stable id for each kind of finding it makes.
   */
  messages?: Readonly<Record<string, string>>;
  /**
   * The rule's own options, as a JSON Schema of an object (`type: "object"`, `properties` each
   * with a `description` and a `default`, `additionalProperties: false`): `.mlgate.yaml` sets them
   * in `rules: {<id>: {options: …}}`, validated against it; the rule reads `ctx.ruleOptions`; the
   * docs page lists them.
   */
  options?: JsonSchema;
  /** Rules whose finding this rule's finding replaces when both report one cause at one place. */
  supersedes?: Supersession[];
  /** The checks of other linters this rule mirrors (shown on its docs page), for users coming from them. */
  sources?: readonly RuleSource[];
  /**
   * What the rule needs beyond the manifests; the engine runs its hooks only when the run has it
   * (`cluster`: an inventory, `--cluster`; `cluster-pods`: one with the running pods, `--pods`).
   * Read it with `clusterOf(ctx)`.
   */
  requires?: readonly Requirement[];
  /**
   * The rule judges only what is written in a pod (a value, a flag, a name): it is sound on pod
   * templates found by shape in kinds mlgate does not model, whose replicas, scheduling and
   * operator defaults are unknown. Workloads with `byShape` run only the rules that say so.
   */
  podContent?: true;
  /**
   * The rule's `set` hook reads every object of the set, workloads included, not only lookups and
   * facts (an admission policy judges each object it matches). A parallel check then asks its
   * workers for every document and runs this rule in the main thread on the whole set.
   */
  wholeSet?: true;
  resource?(r: Resource, ctx: RuleContext): void;
  workload?(w: Workload, ctx: RuleContext): void;
  workflow?(w: Workflow, ctx: RuleContext): void;
  /**
   * What this rule's `set` hook needs to know of one workload: a small plain value (strings,
   * numbers, arrays, objects; no model object), or undefined when the workload does not matter to
   * it. It is taken where the workload was parsed (a worker of a parallel check) and may read only
   * the workload itself, never `ctx.set`.
   */
  facts?(w: Workload, ctx: FactContext): unknown;
  /**
   * Whether the run's lookups give the facts anything to be judged against (a Service, a
   * RoleBinding, an InferencePool); when it says no, no fact is taken and `set` gets none, so it
   * must then report as it would with every fact. Without it, facts are always taken.
   */
  factsWanted?(lookups: CheckedSet): boolean;
  /**
   * Once per run, for relations between documents. `set` holds the objects others look up (every
   * object that is not a workload, and templates: `lookupsOf`), never the workloads: what the rule
   * needs of those comes as `facts`, one per workload its `facts` hook answered, in the set's order.
   */
  set?(set: CheckedSet, ctx: RuleContext, facts: readonly Fact[]): void;
  /**
   * Once per review (`mlgate review`), over what the change does: change-risk rules. A report
   * may name a base resource (something removed); `check` never runs this hook.
   */
  change?(change: ChangeSet, ctx: RuleContext): void;
}

export type Requirement = "cluster" | "cluster-pods";

/** A check of another tool that a rule mirrors: its name as that tool spells it. */
export interface RuleSource {
  tool: "kube-linter" | "kubeconform" | "actionlint" | "zizmor";
  check: string;
}

/** Whether a run with these options has everything a rule requires. */
export function requirementsMet(rule: Rule, options: CheckOptions): boolean {
  for (const need of rule.requires ?? []) {
    if (need === "cluster" && !options.cluster) return false;
    if (need === "cluster-pods" && !options.cluster?.hasPods) return false;
  }
  return true;
}

/** The run's cluster inventory, for a rule that `requires: ["cluster"]` (the engine runs it only when there is one). */
export function clusterOf(ctx: RuleContext): ClusterInventory {
  const inv = ctx.options.cluster;
  if (!inv) throw new Error('the cluster inventory was read by a rule that does not declare requires: ["cluster"]');
  return inv;
}

/** The check options an example runs under: its `options`, and its `ruleOptions` as the rule's own. */
export function exampleOptions(rule: Rule, ex: RuleExample): Partial<CheckOptions> & { maxFileSize?: number } {
  if (!ex.ruleOptions) return ex.options ?? {};
  return { ...ex.options, ruleOptions: { ...ex.options?.ruleOptions, [rule.id]: ex.ruleOptions } };
}

/** Identity function that gives rule modules type checking and one obvious shape. */
export function defineRule(rule: Rule): Rule {
  return rule;
}
