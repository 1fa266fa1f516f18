import {
  ACTION_KEYS,
  ACTION_RUNS_KEYS,
  COMPOSITE_STEP_KEYS,
  CONCURRENCY_KEYS,
  CONTAINER_KEYS,
  DEFAULTS_KEYS,
  DEFAULTS_RUN_KEYS,
  ENVIRONMENT_KEYS,
  EVENTS,
  JOB_KEYS,
  REUSABLE_CALL_JOB_KEYS,
  STEP_KEYS,
  STRATEGY_KEYS,
  WORKFLOW_KEYS,
} from "../../catalog/github-actions.js";
import type { Path } from "../../model/path.js";
import { asObject, isObject } from "../../model/resource.js";
import type { Workflow } from "../../model/workflow.js";
import { dedent } from "../../util/dedent.js";
import { didYouMean } from "../../util/suggest.js";
import { defineRule, type RuleContext } from "../types.js";
import { report, WORKFLOW_LINKS, wf, wfInvalid } from "./_util.js";

function checkKeys(
  ctx: RuleContext,
  w: Workflow,
  value: unknown,
  path: Path,
  allowed: readonly string[],
  where: string,
  extraHint?: (key: string) => string | undefined,
) {
  if (!isObject(value)) return;
  for (const k of Object.keys(value)) {
    if (allowed.includes(k)) continue;
    const hint = extraHint?.(k);
    const guess = didYouMean(k, allowed);
    const tail = hint ?? (guess ? `; did you mean "${guess}"?` : `; expected one of ${allowed.join(", ")}`);
    report(ctx, w, [...path, k], `unknown key "${k}" in ${where}${tail}`, { at: "key" });
  }
}

export default defineRule({
  id: "ci/unknown-key",
  category: "ci",
  severity: "error",
  summary:
    "A workflow, job, step or event uses a key GitHub Actions does not know (a typo, or a key at the wrong level)",
  rationale:
    "GitHub rejects a workflow with an unknown key at the top, job or step level, so the workflow never runs; a misspelt key such as `runs_on` or `timeout_minutes` is a typical slip of hand-written and LLM-written workflows. A job that calls a reusable workflow may use only a few keys (no `runs-on`, `steps` or `env`).",
  remediation: "Rename the key to the one suggested, or move it to the level where it belongs.",
  links: [WORKFLOW_LINKS.syntax, WORKFLOW_LINKS.actionlint],
  examples: {
    valid: [
      wf(
        "known keys at every level",
        dedent`
          name: ci
          on:
            push:
              branches: [main]
          permissions:
            contents: read
          jobs:
            test:
              runs-on: ubuntu-latest
              timeout-minutes: 10
              strategy:
                matrix:
                  py: ['3.11', '3.12']
              steps:
                - uses: actions/checkout@v4
                - run: make test
                  working-directory: src
        `,
      ),
      wf(
        "a key GitHub added after the catalog was typed by hand (concurrency queue), known from GitHub's schema",
        dedent`
          on: push
          concurrency:
            group: deploy
            queue: max
          jobs:
            deploy:
              runs-on: ubuntu-latest
              steps:
                - run: make deploy
        `,
      ),
    ],
    invalid: [
      wfInvalid(
        "misspelt job and step keys",
        dedent`
          on: push
          jobs:
            test:
              runs_on: ubuntu-latest
              steps:
                - run: make
                  workdir: src
        `,
        [
          { line: 4, column: 5, message: /unknown key "runs_on" in job "test"; did you mean "runs-on"\?/ },
          { line: 7, column: 9, message: /unknown key "workdir" in step/ },
        ],
      ),
      wfInvalid(
        "runs-on in a job that calls a reusable workflow",
        dedent`
          on: push
          jobs:
            call:
              runs-on: ubuntu-latest
              uses: org/repo/.github/workflows/build.yml@v1
        `,
        [{ line: 4, column: 5, message: /not allowed in a job that calls a reusable workflow/ }],
      ),
      wfInvalid(
        "steps indented under strategy",
        dedent`
          on: push
          jobs:
            test:
              runs-on: ubuntu-latest
              strategy:
                matrix:
                  py: ['3.11']
                steps:
                  - run: make test
        `,
        [{ line: 8, column: 7, message: /"steps" is a job key, indented one level too deep under "strategy"/ }],
      ),
    ],
  },
  workflow(w, ctx) {
    const v = w.value;
    if (w.kind === "Action") {
      checkKeys(ctx, w, v, [], ACTION_KEYS, "the action");
      const runs = asObject(v.runs);
      checkKeys(ctx, w, runs, ["runs"], ACTION_RUNS_KEYS, "runs");
      for (const s of w.actionSteps) checkKeys(ctx, w, s.value, s.path, COMPOSITE_STEP_KEYS, "composite step");
      return;
    }
    checkKeys(ctx, w, v, [], WORKFLOW_KEYS, "the workflow");
    checkKeys(ctx, w, v.defaults, ["defaults"], DEFAULTS_KEYS, "defaults");
    checkKeys(ctx, w, asObject(v.defaults)?.run, ["defaults", "run"], DEFAULTS_RUN_KEYS, "defaults.run");
    checkKeys(ctx, w, v.concurrency, ["concurrency"], CONCURRENCY_KEYS, "concurrency");
    for (const t of w.triggers) {
      const spec = EVENTS[t.event];
      if (!spec || !t.config) continue;
      if (t.event === "schedule") continue;
      checkKeys(ctx, w, t.config, t.path, spec.keys, `the ${t.event} event`);
    }
    for (const job of w.jobs) {
      const where = `job "${job.id}"`;
      if (job.uses !== undefined) {
        checkKeys(ctx, w, job.value, job.path, REUSABLE_CALL_JOB_KEYS, where, (k) =>
          JOB_KEYS.includes(k)
            ? `: "${k}" is not allowed in a job that calls a reusable workflow (allowed: ${REUSABLE_CALL_JOB_KEYS.join(", ")})`
            : undefined,
        );
      } else checkKeys(ctx, w, job.value, job.path, JOB_KEYS, where);
      const jv = job.value;
      checkKeys(ctx, w, jv.strategy, [...job.path, "strategy"], STRATEGY_KEYS, `${where} strategy`, (k) =>
        JOB_KEYS.includes(k) && k !== "strategy"
          ? `: "${k}" is a job key, indented one level too deep under "strategy"; GitHub rejects it there`
          : undefined,
      );
      checkKeys(ctx, w, jv.concurrency, [...job.path, "concurrency"], CONCURRENCY_KEYS, `${where} concurrency`);
      checkKeys(ctx, w, jv.defaults, [...job.path, "defaults"], DEFAULTS_KEYS, `${where} defaults`);
      checkKeys(
        ctx,
        w,
        asObject(jv.defaults)?.run,
        [...job.path, "defaults", "run"],
        DEFAULTS_RUN_KEYS,
        `${where} defaults.run`,
      );
      checkKeys(ctx, w, jv.container, [...job.path, "container"], CONTAINER_KEYS, `${where} container`);
      checkKeys(ctx, w, jv.environment, [...job.path, "environment"], ENVIRONMENT_KEYS, `${where} environment`);
      const services = asObject(jv.services);
      if (services)
        for (const [name, svc] of Object.entries(services))
          checkKeys(ctx, w, svc, [...job.path, "services", name], CONTAINER_KEYS, `service "${name}"`);
      for (const s of job.steps)
        checkKeys(ctx, w, s.value, s.path, STEP_KEYS, `step ${s.index + 1} of job "${job.id}"`);
    }
  },
});
