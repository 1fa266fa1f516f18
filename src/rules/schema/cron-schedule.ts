import { asObject } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

/**
 * The schedule syntax the API server accepts for a CronJob: github.com/robfig/cron/v3's
 * ParseStandard (five fields or a descriptor), which pkg/apis/batch/validation calls. Its field
 * bounds differ from other crons: day of week is 0-6 (7 is refused), `?` means `*`, `N/step`
 * means N through the maximum.
 * https://github.com/robfig/cron/blob/master/parser.go
 */
const FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  {
    name: "month",
    min: 1,
    max: 12,
    names: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
    base: 1,
  },
  { name: "day of week", min: 0, max: 6, names: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"], base: 0 },
] as const;

const DESCRIPTORS = new Set(["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]);
const GO_DURATION = /^([0-9]*(\.[0-9]*)?(ns|us|µs|μs|ms|s|m|h))+$/;

function fieldValue(s: string, f: (typeof FIELDS)[number]): number | string {
  if ("names" in f) {
    const i = (f.names as readonly string[]).indexOf(s.toLowerCase());
    if (i >= 0) return i + f.base;
  }
  if (!/^\d+$/.test(s)) return s.startsWith("-") ? `negative number not allowed` : `"${s}" is not a number`;
  return Number(s);
}

/** The first reason robfig/cron's ParseStandard refuses `spec`, or undefined when it parses. */
export function cronScheduleProblem(spec: string): string | undefined {
  const trimmed = spec.trim();
  if (trimmed === "") return "the schedule is empty";
  if (trimmed.startsWith("@")) {
    if (DESCRIPTORS.has(trimmed)) return undefined;
    if (trimmed.startsWith("@every ")) {
      const d = trimmed.slice(7).trim();
      return GO_DURATION.test(d) && /[1-9]/.test(d) ? undefined : `"${d}" is not a duration such as 90m or 1h30m`;
    }
    return `unrecognized descriptor ${trimmed}; the descriptors are @yearly, @monthly, @weekly, @daily, @hourly and @every <duration>`;
  }
  const parts = trimmed.split(/\s+/);
  if (parts.length !== 5)
    return `expected exactly 5 fields (minute hour day-of-month month day-of-week), found ${parts.length}`;
  for (let i = 0; i < 5; i++) {
    const f = FIELDS[i] as (typeof FIELDS)[number];
    for (const item of (parts[i] as string).split(",")) {
      const slash = item.split("/");
      if (slash.length > 2) return `too many slashes in the ${f.name} field: ${item}`;
      const range = slash[0] as string;
      const hyphen = range.split("-");
      let start: number;
      let end: number;
      if (range === "*" || range === "?") {
        start = f.min;
        end = f.max;
      } else {
        if (hyphen.length > 2) return `too many hyphens in the ${f.name} field: ${item}`;
        const a = fieldValue(hyphen[0] as string, f);
        if (typeof a === "string") return `${a} in the ${f.name} field: ${item}`;
        start = a;
        end = a;
        if (hyphen.length === 2) {
          const b = fieldValue(hyphen[1] as string, f);
          if (typeof b === "string") return `${b} in the ${f.name} field: ${item}`;
          end = b;
        }
      }
      if (slash.length === 2) {
        const step = slash[1] as string;
        if (!/^\d+$/.test(step)) return `step "${step}" is not a number in the ${f.name} field: ${item}`;
        if (Number(step) === 0) return `the step of a range must be a positive number in the ${f.name} field: ${item}`;
        if (hyphen.length === 1 && range !== "*" && range !== "?") end = f.max;
      }
      if (start < f.min)
        return `beginning of range (${start}) below minimum (${f.min}) in the ${f.name} field: ${item}`;
      if (end > f.max) return `end of range (${end}) above maximum (${f.max}) in the ${f.name} field: ${item}`;
      if (start > end)
        return `beginning of range (${start}) beyond end of range (${end}) in the ${f.name} field: ${item}`;
    }
  }
  return undefined;
}

/** pkg/apis/batch/validation validTimeZoneCharacters: each '/'-separated part. */
const TZ_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

/** Why the API server refuses `tz` as a CronJob timeZone, or undefined when it is a known IANA zone. */
export function timeZoneProblem(tz: string): string | undefined {
  if (tz === "") return "timeZone must be left out or be a non-empty time zone name";
  if (tz.toLowerCase() === "local") return 'timeZone must be an explicit IANA time zone, not "Local"';
  for (const part of tz.split("/")) {
    if (part === "." || part === ".." || part.startsWith("-") || !TZ_PART.test(part)) return `unknown time zone ${tz}`;
  }
  // The API server loads the zone from the IANA database (Go's time.LoadLocation); Node's ICU
  // carries the same database. ICU ignores case where the database's file names do not.
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return `unknown time zone ${tz}`;
  }
  if (resolved !== tz && resolved.toLowerCase() === tz.toLowerCase())
    return `unknown time zone ${tz}: zone names are case-sensitive; did you mean "${resolved}"?`;
  return undefined;
}

export default defineRule({
  id: "schema/cron-schedule",
  category: "schema",
  severity: "error",
  summary:
    "A CronJob schedule or timeZone the API server refuses: six fields, day of week 7, TZ= in the schedule, an unknown zone",
  rationale:
    "The API server parses a CronJob's spec.schedule with robfig/cron's standard parser and loads spec.timeZone from the IANA database; either failing rejects the CronJob, so the nightly evaluation or retraining it was meant to start never exists. That parser differs from other crons in ways generated schedules trip on: exactly five fields (no seconds, no year, as Quartz or Spring write), day of week 0-6 (7 for Sunday is refused), and `CRON_TZ=` or `TZ=` prefixes are refused in favour of the timeZone field. A zone must be an exact IANA name (`Europe/Paris`, not `Local` or `europe/paris`).",
  remediation:
    'Write five fields, `minute hour day-of-month month day-of-week`, or a descriptor such as `@daily`; use 0 for Sunday; move a `CRON_TZ=` prefix into `timeZone:` with an IANA zone name such as "America/New_York".',
  links: [
    {
      title: "Kubernetes batch validation: validateScheduleFormat and validateTimeZone",
      url: "https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/batch/validation/validation.go",
    },
    { title: "robfig/cron v3 parser (ParseStandard)", url: "https://github.com/robfig/cron/blob/master/parser.go" },
    {
      title: "CronJob: schedule syntax and time zones",
      url: "https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax",
    },
  ],
  examples: {
    valid: [
      {
        title: "a weekday schedule with names and steps, in a named zone; a descriptor",
        yaml: dedent`
          apiVersion: batch/v1
          kind: CronJob
          metadata:
            name: eval
          spec:
            schedule: '*/30 2-6 ? * MON-FRI'
            timeZone: Europe/Paris
            jobTemplate:
              spec:
                template:
                  spec:
                    restartPolicy: Never
                    containers: [{name: e, image: e:1}]
          ---
          apiVersion: batch/v1
          kind: CronJob
          metadata:
            name: retrain
          spec:
            schedule: '@weekly'
            jobTemplate:
              spec:
                template:
                  spec:
                    restartPolicy: OnFailure
                    containers: [{name: t, image: t:1}]
        `,
      },
    ],
    invalid: [
      {
        title: "a Quartz schedule with seconds, and Sunday as 7",
        yaml: dedent`
          apiVersion: batch/v1
          kind: CronJob
          metadata:
            name: eval
          spec:
            schedule: '0 0 2 * * ?'
            jobTemplate:
              spec:
                template:
                  spec:
                    restartPolicy: Never
                    containers: [{name: e, image: e:1}]
          ---
          apiVersion: batch/v1
          kind: CronJob
          metadata:
            name: weekly
          spec:
            schedule: '0 3 * * 7'
            jobTemplate:
              spec:
                template:
                  spec:
                    restartPolicy: Never
                    containers: [{name: e, image: e:1}]
        `,
        findings: [
          { line: 6, column: 13, message: /expected exactly 5 fields.*found 6/ },
          { line: 19, column: 13, message: /end of range \(7\) above maximum \(6\) in the day of week field/ },
        ],
      },
      {
        title: "a CRON_TZ prefix, and a zone that is not an IANA name",
        yaml: dedent`
          apiVersion: batch/v1
          kind: CronJob
          metadata:
            name: eval
          spec:
            schedule: 'CRON_TZ=UTC 0 2 * * *'
            timeZone: Europe/Pariss
            jobTemplate:
              spec:
                template:
                  spec:
                    restartPolicy: Never
                    containers: [{name: e, image: e:1}]
        `,
        findings: [
          { line: 6, column: 13, message: /cannot use TZ or CRON_TZ in schedule/ },
          { line: 7, column: 13, message: /unknown time zone Europe\/Pariss/ },
        ],
      },
    ],
  },
  resource(r, ctx) {
    if (r.group !== "batch" || r.kind !== "CronJob") return;
    const spec = asObject(r.value.spec);
    if (!spec) return;
    const schedule = spec.schedule;
    if (typeof schedule === "string") {
      const problem = schedule.includes("TZ")
        ? "cannot use TZ or CRON_TZ in schedule; set the timeZone field instead"
        : cronScheduleProblem(schedule);
      if (problem)
        ctx.report({ resource: r, path: ["spec", "schedule"], message: `spec.schedule "${schedule}": ${problem}` });
    }
    if (typeof spec.timeZone === "string") {
      const problem = timeZoneProblem(spec.timeZone);
      if (problem) ctx.report({ resource: r, path: ["spec", "timeZone"], message: `spec.timeZone: ${problem}` });
    }
  },
});
