// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ }} is GitHub Actions expression syntax, not a JS template

import { dedent } from "../../util/dedent.js";
import { isGpuJob, report, wf, wfInvalid } from "../ci/_util.js";
import { defineRule } from "../types.js";

/** Events where a newer run supersedes an older one for the same branch or pull request. */
const SUPERSEDING = ["push", "pull_request", "pull_request_target"];

export default defineRule({
  id: "cost/ci-gpu-concurrency",
  category: "cost",
  severity: "warning",
  summary: "A GPU job runs on every push or pull-request update with no `concurrency` group to cancel superseded runs",
  rationale:
    "Each push to a branch or pull request starts a new run; without a `concurrency` group that cancels the one in progress, every superseded commit keeps its GPU job running to the end. Three quick fix-up pushes cost three full GPU test runs and queue the fleet for everyone else.",
  remediation:
    "Add, at the workflow or the GPU job, `concurrency: { group: ${{ github.workflow }}-${{ github.ref }}, cancel-in-progress: true }` (keep `cancel-in-progress: false` for deploys that must finish).",
  links: [
    {
      title: "Control the concurrency of workflows and jobs",
      url: "https://docs.github.com/en/actions/how-tos/write-workflows/choose-when-workflows-run/control-workflow-concurrency",
    },
  ],
  examples: {
    valid: [
      wf(
        "a concurrency group at the top",
        dedent`
          on: pull_request
          concurrency:
            group: \${{ github.workflow }}-\${{ github.ref }}
            cancel-in-progress: true
          jobs:
            gpu-test:
              runs-on: [self-hosted, gpu]
              timeout-minutes: 30
              steps: [{run: pytest tests/gpu}]
        `,
      ),
    ],
    invalid: [
      wfInvalid(
        "GPU job on every push, no concurrency",
        dedent`
          on: push
          jobs:
            gpu-test:
              runs-on: [self-hosted, gpu]
              timeout-minutes: 30
              steps: [{run: pytest tests/gpu}]
        `,
        [{ line: 3, column: 3, message: /no concurrency group/ }],
      ),
    ],
  },
  workflow(w, ctx) {
    const declared = ctx.options.runnerLabels ?? [];
    if (w.value.concurrency !== undefined) return;
    const events = w.triggers.filter((t) => SUPERSEDING.includes(t.event)).map((t) => t.event);
    if (events.length === 0) return;
    for (const job of w.jobs) {
      if (job.value.concurrency !== undefined || !isGpuJob(job, declared)) continue;
      report(
        ctx,
        w,
        job.path,
        `GPU job "${job.id}" runs on ${events.join(", ")} with no concurrency group: superseded pushes keep burning GPU time; add concurrency with cancel-in-progress: true`,
        { at: "key" },
      );
    }
  },
});
