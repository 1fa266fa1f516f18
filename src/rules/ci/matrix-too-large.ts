import { MAX_MATRIX_JOBS } from "../../catalog/github-actions.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { report, wf, wfInvalid } from "./_util.js";

export default defineRule({
  id: "ci/matrix-too-large",
  category: "ci",
  severity: "error",
  summary: `A matrix expands to more than ${MAX_MATRIX_JOBS} jobs`,
  rationale: `GitHub generates at most ${MAX_MATRIX_JOBS} jobs per matrix and fails the workflow run when a matrix expands to more. On GPU runners even a matrix under the limit multiplies GPU time by its size, so a cross product that grew by one more axis deserves a look.`,
  remediation: "Drop an axis, list the combinations you need with `include`, or `exclude` the ones you do not.",
  links: [
    {
      title: "Running variations of jobs in a workflow (matrix limits)",
      url: "https://docs.github.com/en/actions/how-tos/write-workflows/choose-what-workflows-do/run-job-variations",
    },
  ],
  examples: {
    valid: [
      wf(
        "a 3 × 2 matrix",
        dedent`
          on: push
          jobs:
            test:
              runs-on: ubuntu-latest
              strategy:
                matrix:
                  py: ['3.10', '3.11', '3.12']
                  torch: ['2.4', '2.5']
              steps: [{run: make}]
        `,
      ),
    ],
    invalid: [
      wfInvalid(
        "17 × 16 = 272 combinations",
        dedent`
          on: push
          jobs:
            sweep:
              runs-on: ubuntu-latest
              strategy:
                matrix:
                  lr: [${Array.from({ length: 17 }, (_, i) => i + 1).join(", ")}]
                  seed: [${Array.from({ length: 16 }, (_, i) => i).join(", ")}]
              steps: [{run: make}]
        `,
        [{ line: 6, column: 7, message: /expands to 272 jobs/ }],
      ),
    ],
  },
  workflow(w, ctx) {
    for (const job of w.jobs) {
      const m = job.matrix;
      if (!m) continue;
      let product = 1;
      let axes = 0;
      let dynamic = false;
      for (const [k, v] of Object.entries(m)) {
        if (k === "include" || k === "exclude") continue;
        if (!Array.isArray(v)) {
          dynamic = true;
          break;
        }
        axes++;
        product *= Math.max(v.length, 1);
      }
      if (dynamic) continue;
      const excludes = Array.isArray(m.exclude) ? m.exclude.length : 0;
      const includes = Array.isArray(m.include) ? m.include.length : 0;
      // Each exclude removes at least one combination; includes may add new ones.
      const jobs = axes === 0 ? includes : Math.max(product - excludes, 0);
      if (jobs > MAX_MATRIX_JOBS)
        report(
          ctx,
          w,
          [...job.path, "strategy", "matrix"],
          `the matrix of job "${job.id}" expands to ${jobs} jobs${excludes ? " (after excludes, at least)" : ""}; GitHub allows at most ${MAX_MATRIX_JOBS}`,
          { at: "key" },
        );
    }
  },
});
