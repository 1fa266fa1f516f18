import { isObject } from "../../model/resource.js";
import type { Step, Workflow } from "../../model/workflow.js";
import { dedent } from "../../util/dedent.js";
import { defineRule, type RuleContext } from "../types.js";
import { report, WORKFLOW_LINKS, wf, wfInvalid } from "./_util.js";

function checkStep(ctx: RuleContext, w: Workflow, s: Step, where: string) {
  const hasUses = s.value.uses !== undefined;
  const hasRun = s.value.run !== undefined;
  if (!hasUses && !hasRun)
    report(ctx, w, s.path, `${where} has neither "uses" nor "run": it does nothing and GitHub rejects it`);
  else if (hasUses && hasRun)
    report(
      ctx,
      w,
      [...s.path, "run"],
      `${where} has both "uses" and "run"; a step is one or the other — split it in two`,
      {
        at: "key",
      },
    );
}

export default defineRule({
  id: "ci/missing-key",
  category: "ci",
  severity: "error",
  summary:
    "A workflow lacks `on` or `jobs`, a job lacks `runs-on` or `steps`, a step lacks `uses`/`run`, or a composite action's `run` step lacks `shell`",
  rationale:
    "GitHub refuses a workflow without triggers (`on`) or without `jobs`, a job that neither calls a reusable workflow (`uses`) nor says where it runs (`runs-on`) and what it runs (`steps`), and a step that is neither an action (`uses`) nor a script (`run`); in a composite action (action.yml) every `run` step must name its `shell`, since an action has no default one. Such a file is accepted by YAML tools and fails only when pushed.",
  remediation:
    "Add the missing key: `on:` with the events that should run the workflow, `runs-on:` with a runner label, `steps:` with at least one step, or `uses:`/`run:` on the step.",
  links: [WORKFLOW_LINKS.syntax],
  examples: {
    valid: [
      wf(
        "complete job and a reusable-workflow call",
        dedent`
          on: push
          jobs:
            test:
              runs-on: ubuntu-latest
              steps:
                - run: make test
            release:
              uses: org/repo/.github/workflows/release.yml@v1
        `,
      ),
      wf(
        "a composite action whose run step names its shell",
        dedent`
          name: setup
          description: Install the toolchain
          runs:
            using: composite
            steps:
              - run: ./install.sh
                shell: bash
        `,
        { path: "action.yml" },
      ),
    ],
    invalid: [
      wfInvalid(
        "no on: and a job without runs-on",
        dedent`
        jobs:
          test:
            steps:
              - run: make test
      `,
        [
          { line: 1, column: 1, message: /no "on:"/ },
          { line: 2, column: 3, message: /job "test" has no "runs-on"/ },
        ],
      ),
      wfInvalid(
        "a step with both uses and run",
        dedent`
          on: push
          jobs:
            test:
              runs-on: ubuntu-latest
              steps:
                - uses: actions/checkout@v4
                  run: make
        `,
        [{ line: 7, column: 9, message: /both "uses" and "run"/ }],
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
        [
          {
            line: 3,
            column: 3,
            message: /job "test" has no "steps": they are indented one level too deep, under "strategy"/,
          },
        ],
      ),
      wfInvalid(
        "a composite action's run step without shell",
        dedent`
          name: setup
          description: Install the toolchain
          runs:
            using: composite
            steps:
              - uses: actions/setup-python@v5
              - run: ./install.sh
        `,
        [{ line: 7, column: 7, message: /composite step 2 runs a script but has no "shell"/ }],
        { path: "action.yml" },
      ),
    ],
  },
  workflow(w, ctx) {
    const v = w.value;
    if (w.kind === "Action") {
      if (v.runs === undefined) report(ctx, w, [], 'the action has no "runs:": GitHub cannot tell how to run it');
      for (const s of w.actionSteps) {
        checkStep(ctx, w, s, `composite step ${s.index + 1}`);
        // GitHub's action schema requires it (run-step: run and shell); a composite action has no default shell.
        if (s.value.run !== undefined && s.value.uses === undefined && s.value.shell === undefined)
          report(
            ctx,
            w,
            [...s.path, "run"],
            `composite step ${s.index + 1} runs a script but has no "shell": an action's steps have no default shell, and GitHub refuses the action (add shell: bash)`,
            { at: "key" },
          );
      }
      return;
    }
    if (v.on === undefined || v.on === null)
      report(
        ctx,
        w,
        [],
        'the workflow has no "on:": GitHub rejects a workflow without triggers (e.g. on: [push, pull_request])',
      );
    if (!isObject(v.jobs)) {
      report(
        ctx,
        w,
        v.jobs === undefined ? [] : ["jobs"],
        'the workflow has no "jobs:" mapping: there is nothing to run',
      );
      return;
    }
    for (const job of w.jobs) {
      if (job.uses !== undefined) continue;
      const noRunsOn = job.value["runs-on"] === undefined;
      const noSteps = job.value.steps === undefined;
      if (noRunsOn && noSteps)
        report(
          ctx,
          w,
          job.path,
          `job "${job.id}" has no "runs-on" and no "steps", and calls no reusable workflow ("uses")`,
          {
            at: "key",
          },
        );
      else if (noRunsOn)
        report(ctx, w, job.path, `job "${job.id}" has no "runs-on": say which runner it needs (e.g. ubuntu-latest)`, {
          at: "key",
        });
      else if (noSteps) {
        const misplaced = ["strategy", "container", "env", "defaults"].find((k) => {
          const x = job.value[k];
          return isObject(x) && x.steps !== undefined;
        });
        report(
          ctx,
          w,
          job.path,
          misplaced
            ? `job "${job.id}" has no "steps": they are indented one level too deep, under "${misplaced}"`
            : `job "${job.id}" has no "steps" and calls no reusable workflow ("uses")`,
          { at: "key" },
        );
      } else if (Array.isArray(job.value.steps) && job.value.steps.length === 0)
        report(ctx, w, [...job.path, "steps"], `job "${job.id}" has an empty "steps" list`);
      for (const s of job.steps) checkStep(ctx, w, s, `step ${s.index + 1} of job "${job.id}"`);
    }
  },
});
