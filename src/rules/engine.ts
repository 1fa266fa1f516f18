import type { Resource } from "../model/resource.js";
import type { CheckedSet, CheckOptions, Report, Rule, RuleContext, Severity } from "./types.js";

/** What a rule reported, before it is tied to a file position and configuration. */
export interface RawFinding extends Report {
  rule: Rule;
  severity: Severity;
}

/**
 * Runs every rule over the set. A rule that throws costs only its own result for that resource:
 * the throw becomes an error finding naming the rule and the resource, and everything else runs.
 */
export function runRules(
  rules: readonly Rule[],
  set: CheckedSet,
  options: CheckOptions,
  knownRuleIds: ReadonlySet<string>,
  /** When given, receives the milliseconds each rule took (`--timing`). */
  timings?: Map<string, number>,
): RawFinding[] {
  const out: RawFinding[] = [];
  for (const rule of rules) {
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
      const target = resource ?? set.resources[0];
      if (!target) return;
      const what = resource ? `${resource.kind || "document"}${resource.name ? ` ${resource.name}` : ""}` : "the set";
      out.push({
        rule,
        resource: target,
        path: [],
        severity: "error",
        message: `internal error: rule ${rule.id} failed on ${what}: ${(err as Error)?.message ?? String(err)} (please report this; other rules still ran)`,
      });
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
  return out;
}
