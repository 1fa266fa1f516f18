import { asArray, asObject } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { report, WORKFLOW_LINKS, wf, wfInvalid } from "./_util.js";

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const FIELDS: Array<{ name: string; min: number; max: number; names?: string[]; nameBase?: number }> = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTHS, nameBase: 1 },
  { name: "day of week", min: 0, max: 7, names: DAYS, nameBase: 0 },
];

/** Checks a POSIX cron expression; returns the first problem, or undefined. */
export function cronProblem(expr: string): string | undefined {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5)
    return `"${expr}" has ${parts.length} field${parts.length === 1 ? "" : "s"}; GitHub's cron has 5 (minute hour day-of-month month day-of-week)`;
  for (let i = 0; i < 5; i++) {
    const f = FIELDS[i] as (typeof FIELDS)[number];
    const value = (s: string): number | undefined => {
      if (/^\d+$/.test(s)) return Number(s);
      const n = f.names?.indexOf(s.toUpperCase()) ?? -1;
      return n >= 0 ? n + (f.nameBase ?? 0) : undefined;
    };
    for (const item of (parts[i] as string).split(",")) {
      const m = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(item);
      if (!m) return `"${item}" is not a valid ${f.name} field in "${expr}"`;
      if (m[2] !== undefined && Number(m[2]) === 0) return `step "/0" in the ${f.name} field of "${expr}"`;
      if (m[1] === "*") continue;
      const [a, b] = (m[1] as string).split("-");
      for (const s of [a, b]) {
        if (s === undefined) continue;
        const v = value(s);
        if (v === undefined || v < f.min || v > f.max)
          return `"${s}" is out of range for the ${f.name} field (${f.min}-${f.max}) in "${expr}"`;
      }
      if (b !== undefined && (value(a as string) as number) > (value(b) as number))
        return `range "${m[1]}" runs backwards in the ${f.name} field of "${expr}"`;
    }
  }
  return undefined;
}

export default defineRule({
  id: "ci/invalid-cron",
  category: "ci",
  severity: "error",
  summary: "A `schedule` cron expression is malformed, or asks for runs more often than every 5 minutes",
  rationale:
    "GitHub silently never runs a schedule it cannot parse (a 6-field Quartz cron, a value out of range, a `@daily` macro), so a nightly training or evaluation job simply stops. The shortest interval GitHub honours is 5 minutes; a schedule that asks for more runs less often than written.",
  remediation:
    "Write five POSIX cron fields (`minute hour day-of-month month day-of-week`), in UTC unless `timezone` is set.",
  links: [WORKFLOW_LINKS.events, { title: "crontab.guru", url: "https://crontab.guru/" }],
  examples: {
    valid: [
      wf(
        "nightly at 02:30 UTC",
        dedent`
          on:
            schedule:
              - cron: '30 2 * * *'
          jobs:
            a:
              runs-on: ubuntu-latest
              steps: [{run: make}]
        `,
      ),
    ],
    invalid: [
      wfInvalid(
        "six fields, and every minute",
        dedent`
          on:
            schedule:
              - cron: '0 30 2 * * *'
              - cron: '* * * * *'
          jobs:
            a:
              runs-on: ubuntu-latest
              steps: [{run: make}]
        `,
        [
          { line: 3, column: 13, message: /has 6 fields/ },
          { line: 4, column: 13, severity: "warning", message: /every 5 minutes/ },
        ],
      ),
    ],
  },
  workflow(w, ctx) {
    const t = w.triggers.find((x) => x.event === "schedule");
    if (!t) return;
    const list = asObject(w.value.on)?.schedule;
    asArray(list).forEach((entry, i) => {
      const cron = asObject(entry)?.cron;
      const path = [...t.path, i, "cron"];
      if (typeof cron !== "string") {
        report(ctx, w, [...t.path, i], "a schedule entry needs \"cron: '<minute> <hour> <day> <month> <weekday>'\"");
        return;
      }
      const problem = cronProblem(cron);
      if (problem) {
        report(ctx, w, path, `invalid cron: ${problem}`);
        return;
      }
      const minute = cron.trim().split(/\s+/)[0] as string;
      const step = /^\*(?:\/(\d+))?$/.exec(minute);
      if (step && Number(step[1] ?? 1) < 5)
        report(
          ctx,
          w,
          path,
          `"${cron}" asks for a run every ${step[1] ?? 1} minute(s); GitHub runs schedules at most every 5 minutes`,
          {
            severity: "warning",
          },
        );
    });
  },
});
