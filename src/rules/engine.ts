import type { ParsedDocument } from "../load/types.js";
import { lookupsOf } from "../model/lookups.js";
import type { Resource } from "../model/resource.js";
import { workflowsOf } from "../model/workflow.js";
import type { Workload } from "../model/workload.js";
import { defaultsOf } from "../util/json-schema.js";
import {
  type ChangeSet,
  type CheckedSet,
  type CheckOptions,
  type Fact,
  type MessageData,
  type Report,
  type Rule,
  type RuleContext,
  type RuleReport,
  requirementsMet,
  type Severity,
} from "./types.js";

/** What a rule reported, before it is tied to a file position and configuration. */
export interface RawFinding extends Report {
  rule: Rule;
  severity: Severity;
  /**
   * Which hook reported it: 0 resource, 1 workload, 2 workload found by shape, 3 workflow, 4 set.
   * A parallel check (src/parallel) puts the findings of its threads back in the order one
   * thread reports them: by rule, then hook, then object.
   */
  stage: number;
}

/** Which hooks of a rule run: all of them, the per-object ones (resource, workload, workflow), or `set`. */
export type Hooks = "all" | "objects" | "set";

/** The objects whose hooks run, when not the whole set (a parallel check's worker: its own files). */
export interface OwnObjects {
  resources: readonly Resource[];
  workloads: readonly Workload[];
  shapeWorkloads?: readonly Workload[];
  workflows: readonly ParsedDocument[];
}

/** A rule's crash with nothing in the run to attribute it to (a `set` hook over a run with no object). */
export interface UnattributedCrash {
  rule: Rule;
  message: string;
}

export interface RuleRun {
  raw: RawFinding[];
  unattributed: UnattributedCrash[];
}

const NO_OPTIONS: Readonly<Record<string, unknown>> = Object.freeze({});

/** A rule's options in a run: the configured ones over its schema's defaults. */
export function ruleOptionsFor(rule: Rule, options: CheckOptions): Readonly<Record<string, unknown>> {
  const configured = options.ruleOptions?.[rule.id];
  if (!rule.options) return NO_OPTIONS;
  return { ...defaultsOf(rule.options), ...configured };
}

const NO_FACTS: readonly Fact[] = Object.freeze([]);

/** What a rule's `facts` hook said of each workload, and the hooks that threw (one message per workload). */
export interface CollectedFacts {
  facts: Fact[];
  crashes: Array<{ resource: Resource; message: string }>;
}

/**
 * Runs a rule's `facts` hook on the workloads, in their order. A hook that throws costs only that
 * workload's fact: the throw is returned, to become an error finding on the workload.
 */
export function collectFacts(rule: Rule, workloads: readonly Workload[], options: CheckOptions): CollectedFacts {
  const out: CollectedFacts = { facts: [], crashes: [] };
  if (!rule.facts) return out;
  const ctx = { options, ruleOptions: ruleOptionsFor(rule, options) };
  for (const w of workloads) {
    try {
      const value = rule.facts(w, ctx);
      if (value !== undefined) out.facts.push({ of: w.resource, value });
    } catch (err) {
      out.crashes.push({ resource: w.resource, message: crashMessage(rule, w.resource, err) });
    }
  }
  return out;
}

function crashMessage(rule: Rule, resource: Resource | undefined, err: unknown): string {
  const what = resource ? `${resource.kind || "document"}${resource.name ? ` ${resource.name}` : ""}` : "the set";
  return `internal error: rule ${rule.id} failed on ${what}: ${(err as Error)?.message ?? String(err)} (please report this; other rules still ran)`;
}

/** `{{name}}` in a message template, with the report's data. */
const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/**
 * What a rule reported, its message made: a report by `messageId` takes the rule's template for it
 * with the data filled in. An unknown id or a placeholder without data throws, so the rule's hook
 * fails visibly (an internal-error finding), never a message with a hole in it.
 */
export function reportOf(rule: Rule, f: RuleReport): Omit<RawFinding, "stage"> {
  const severity = f.severity ?? rule.severity;
  if (typeof (f as { message?: unknown }).message === "string") return { ...(f as Report), rule, severity };
  const { data, messageId, ...rest } = f as Omit<Report, "message"> & { messageId: string; data?: MessageData };
  const template = rule.messages?.[messageId];
  if (template === undefined) throw new Error(`reported messageId "${messageId}", which is not in its messages`);
  const message = template.replace(PLACEHOLDER, (_, name: string) => {
    const v = data?.[name];
    if (v === undefined) throw new Error(`message "${messageId}" needs data.${name}`);
    return String(v);
  });
  return { ...rest, message, messageId, rule, severity };
}

function contextFor(
  rule: Rule,
  set: CheckedSet,
  options: CheckOptions,
  knownRuleIds: ReadonlySet<string>,
  out: RawFinding[],
  /** The hook running when the rule reports (see `RawFinding.stage`). */
  stage: () => number,
): RuleContext {
  return {
    set,
    options,
    knownRuleIds,
    ruleOptions: ruleOptionsFor(rule, options),
    report(f) {
      out.push({ ...reportOf(rule, f), stage: stage() });
    },
  };
}

/**
 * Runs every rule over the set. A rule that throws costs only its own result for the object it
 * was judging: the throw becomes an error finding naming the rule and that resource or workflow,
 * and everything else runs. A `set` hook that throws is attributed to the run's first resource or
 * workflow, and when the run has neither it is still returned, unattributed: a crash is never lost.
 */
export function runRules(
  rules: readonly Rule[],
  set: CheckedSet,
  options: CheckOptions,
  knownRuleIds: ReadonlySet<string>,
  /** When given, receives the milliseconds each rule took (`--timing`). */
  timings?: Map<string, number>,
  /** The objects to judge; the whole set unless given (the set is still what rules look things up in). */
  own?: OwnObjects,
  /** Which hooks of each rule run (a parallel check splits them between threads); all unless given. */
  hooksOf: (rule: Rule) => Hooks = () => "all",
  /** The `facts` of the set's workloads by rule id, taken elsewhere (a parallel check's workers); else taken here. */
  factsOf?: ReadonlyMap<string, readonly Fact[]>,
): RuleRun {
  const out: RawFinding[] = [];
  const unattributed: UnattributedCrash[] = [];
  const ownWorkflows = own && new Set(own.workflows);
  const workflows = rules.some((r) => r.workflow)
    ? workflowsOf(set).filter((w) => !ownWorkflows || ownWorkflows.has(w.doc))
    : [];
  const resources = own ? own.resources : set.resources;
  const workloads = own ? own.workloads : set.workloads;
  const shapeWorkloads = own ? own.shapeWorkloads : set.shapeWorkloads;
  let stage = 0;
  for (const rule of rules) {
    if (!requirementsMet(rule, options)) continue;
    const hooks = hooksOf(rule);
    const objects = hooks !== "set";
    const started = timings ? performance.now() : 0;
    const ctx = contextFor(rule, set, options, knownRuleIds, out, () => stage);
    const failed = (resource: Resource | undefined, message: string) => {
      // A `set` hook's crash goes to the first object every thread holds (its first lookup).
      const target = resource ?? lookupsOf(set).resources[0] ?? workflowsOf(set)[0]?.resource;
      if (target) out.push({ rule, resource: target, path: [], severity: "error", internal: true, message, stage });
      else unattributed.push({ rule, message });
    };
    const crashed = (resource: Resource | undefined, err: unknown) =>
      failed(resource, crashMessage(rule, resource, err));
    stage = 0;
    if (rule.resource && objects) {
      for (const r of resources) {
        try {
          rule.resource(r, ctx);
        } catch (err) {
          crashed(r, err);
        }
      }
    }
    stage = 1;
    if (rule.workload && objects) {
      for (const w of workloads) {
        try {
          rule.workload(w, ctx);
        } catch (err) {
          crashed(w.resource, err);
        }
      }
      // Pod templates found by shape: only rules that judge what a pod says (see Rule.podContent).
      stage = 2;
      if (rule.podContent && shapeWorkloads) {
        for (const w of shapeWorkloads) {
          try {
            rule.workload(w, ctx);
          } catch (err) {
            crashed(w.resource, err);
          }
        }
      }
    }
    stage = 3;
    if (rule.workflow && objects) {
      for (const w of workflows) {
        try {
          rule.workflow(w, ctx);
        } catch (err) {
          crashed(w.resource, err);
        }
      }
    }
    stage = 4;
    if (rule.set && hooks !== "objects") {
      let facts = NO_FACTS;
      if (rule.facts && (!rule.factsWanted || rule.factsWanted(lookupsOf(set)))) {
        const given = factsOf?.get(rule.id);
        if (given) facts = given;
        else {
          const collected = collectFacts(rule, set.workloads, options);
          for (const c of collected.crashes) failed(c.resource, c.message);
          facts = collected.facts;
        }
      }
      // The hook sees the same view as its argument in `ctx.set`: one thread and a split check alike.
      const view = rule.wholeSet ? set : lookupsOf(set);
      try {
        rule.set(view, view === set ? ctx : { ...ctx, set: view }, facts);
      } catch (err) {
        crashed(undefined, err);
      }
    }
    if (timings) timings.set(rule.id, (timings.get(rule.id) ?? 0) + performance.now() - started);
  }
  return { raw: out, unattributed };
}

/**
 * Runs the `change` hooks of the rules over what a review's change does (`ctx.set` is the head).
 * A hook that throws becomes an error finding, as in `runRules`.
 */
export function runChangeRules(
  rules: readonly Rule[],
  change: ChangeSet,
  options: CheckOptions,
  knownRuleIds: ReadonlySet<string>,
): RawFinding[] {
  const out: RawFinding[] = [];
  for (const rule of rules) {
    if (!rule.change || !requirementsMet(rule, options)) continue;
    const ctx = contextFor(rule, change.head, options, knownRuleIds, out, () => 4);
    try {
      rule.change(change, ctx);
    } catch (err) {
      const target =
        change.head.resources[0] ??
        workflowsOf(change.head)[0]?.resource ??
        change.base.resources[0] ??
        workflowsOf(change.base)[0]?.resource;
      // Both sides empty: nothing changed that a rule could have judged.
      if (target)
        out.push({
          rule,
          resource: target,
          path: [],
          severity: "error",
          internal: true,
          stage: 4,
          message: `internal error: rule ${rule.id} failed on the change: ${(err as Error)?.message ?? String(err)} (please report this; other rules still ran)`,
        });
    }
  }
  return out;
}
