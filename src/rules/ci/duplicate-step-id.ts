// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ }} is GitHub Actions expression syntax, not a JS template
import { allSteps } from "../../model/workflow.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { report, WORKFLOW_LINKS, wf, wfInvalid } from "./_util.js";

export default defineRule({
  id: "ci/duplicate-step-id",
  category: "ci",
  severity: "error",
  summary: "Two steps of one job share an `id`, or a step or job id is not a valid identifier",
  rationale:
    "Step ids name the step in `steps.<id>.outputs`; GitHub rejects a job where two steps share one (case-insensitively), and ids must start with a letter or `_` and hold only letters, digits, `-` and `_`. A copied step that keeps its id is the usual cause.",
  remediation: "Give each step a unique id made of letters, digits, `-` and `_`.",
  links: [WORKFLOW_LINKS.syntax, WORKFLOW_LINKS.actionlint],
  examples: {
    valid: [
      wf(
        "distinct ids",
        dedent`
          on: push
          jobs:
            test:
              runs-on: ubuntu-latest
              steps:
                - id: build
                  run: make
                - id: test
                  run: make test
        `,
      ),
    ],
    invalid: [
      wfInvalid(
        "a copied step keeps its id",
        dedent`
          on: push
          jobs:
            test:
              runs-on: ubuntu-latest
              steps:
                - id: build
                  run: make
                - id: Build
                  run: make test
        `,
        [{ line: 8, column: 13, message: /step id "Build" repeats the id of step 1/ }],
      ),
    ],
  },
  workflow(w, ctx) {
    for (const job of w.jobs) {
      if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(job.id))
        report(
          ctx,
          w,
          job.path,
          `job id "${job.id}" must start with a letter or "_" and hold only letters, digits, "-" and "_"`,
          {
            at: "key",
          },
        );
    }
    const byJob = new Map<unknown, Map<string, number>>();
    for (const { job, step } of allSteps(w)) {
      if (step.id === undefined) continue;
      const where = [...step.path, "id"];
      if (step.id.includes("${{")) continue;
      if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(step.id)) {
        report(
          ctx,
          w,
          where,
          `step id "${step.id}" must start with a letter or "_" and hold only letters, digits, "-" and "_"`,
        );
        continue;
      }
      const seen = byJob.get(job) ?? new Map<string, number>();
      byJob.set(job, seen);
      const first = seen.get(step.id.toLowerCase());
      if (first !== undefined)
        report(
          ctx,
          w,
          where,
          `step id "${step.id}" repeats the id of step ${first + 1}${job ? ` in job "${job.id}"` : ""}`,
        );
      else seen.set(step.id.toLowerCase(), step.index);
    }
  },
});
