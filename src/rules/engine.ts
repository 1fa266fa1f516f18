import type { Resource } from "../model/resource.js";
import { workflowsOf } from "../model/workflow.js";
import {
  type ChangeSet,
  type CheckedSet,
  type CheckOptions,
  type Report,
  type Rule,
  type RuleContext,
  requirementsMet,
  type Severity,
} from "./types.js";

/** What a rule reported, before it is tied to a file position and configuration. */
export interface RawFinding extends Report {
  rule: Rule;
  severity: Severity;
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
): RuleRun {
  const out: RawFinding[] = [];
  const unattributed: UnattributedCrash[] = [];
  const workflows = rules.some((r) => r.workflow) ? workflowsOf(set) : [];
  for (const rule of rules) {
    if (!requirementsMet(rule, options)) continue;
    const started = timings ? performance.now() : 0;
    const ctx: RuleContext = {
      set,
      options,
      knownRuleIds,
      report(f) {
        out.push({ ...f, rule, severity: f.severity ?? rule.severity });
      },
    };
    const crashed = (resource: Resource | undefined, err: unknown) => {
      const what = resource ? `${resource.kind || "document"}${resource.name ? ` ${resource.name}` : ""}` : "the set";
      const message = `internal error: rule ${rule.id} failed on ${what}: ${(err as Error)?.message ?? String(err)} (please report this; other rules still ran)`;
      const target = resource ?? set.resources[0] ?? workflowsOf(set)[0]?.resource;
      if (target) out.push({ rule, resource: target, path: [], severity: "error", internal: true, message });
      else unattributed.push({ rule, message });
    };
    if (rule.resource) {
      for (const r of set.resources) {
        try {
          rule.resource(r, ctx);
        } catch (err) {
          crashed(r, err);
        }
      }
    }
    if (rule.workload) {
      for (const w of set.workloads) {
        try {
          rule.workload(w, ctx);
        } catch (err) {
          crashed(w.resource, err);
        }
      }
      // Pod templates found by shape: only rules that judge what a pod says (see Rule.podContent).
      if (rule.podContent && set.shapeWorkloads) {
        for (const w of set.shapeWorkloads) {
          try {
            rule.workload(w, ctx);
          } catch (err) {
            crashed(w.resource, err);
          }
        }
      }
    }
    if (rule.workflow) {
      for (const w of workflows) {
        try {
          rule.workflow(w, ctx);
        } catch (err) {
          crashed(w.resource, err);
        }
      }
    }
    if (rule.set) {
      try {
        rule.set(set, ctx);
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
    const ctx: RuleContext = {
      set: change.head,
      options,
      knownRuleIds,
      report(f) {
        out.push({ ...f, rule, severity: f.severity ?? rule.severity });
      },
    };
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
          message: `internal error: rule ${rule.id} failed on the change: ${(err as Error)?.message ?? String(err)} (please report this; other rules still ran)`,
        });
    }
  }
  return out;
}
