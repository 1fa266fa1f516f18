import { DEFAULT_JOB_TIMEOUT_MINUTES } from "../../catalog/github-actions.js";
import { dedent } from "../../util/dedent.js";
import { isGpuJob, report, wf, wfInvalid } from "../ci/_util.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "cost/ci-gpu-timeout",
  category: "cost",
  severity: "warning",
  summary: "A CI job on a GPU runner has no `timeout-minutes` (the default is 6 hours)",
  rationale: `Without \`timeout-minutes\` a job may run for ${DEFAULT_JOB_TIMEOUT_MINUTES} minutes before GitHub cancels it. A GPU test that hangs in an NCCL collective, a deadlocked data loader or a stuck download keeps the GPU machine busy — and billed, and unavailable to the next job — for six hours.`,
  remediation:
    "Set `timeout-minutes` on the job (and on long steps) to a few times its normal duration, e.g. `timeout-minutes: 30`.",
  links: [
    {
      title: "Workflow syntax: jobs.<job_id>.timeout-minutes",
      url: "https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idtimeout-minutes",
    },
  ],
  examples: {
    valid: [
      wf(
        "GPU job with a timeout",
        dedent`
          on: push
          jobs:
            gpu-test:
              runs-on: [self-hosted, gpu]
              timeout-minutes: 45
              steps: [{run: pytest tests/gpu}]
        `,
      ),
    ],
    invalid: [
      wfInvalid(
        "A100 job without a timeout",
        dedent`
          on: push
          jobs:
            gpu-test:
              runs-on: [self-hosted, a100]
              steps: [{run: pytest tests/gpu}]
        `,
        [{ line: 3, column: 3, message: /job "gpu-test" runs on a GPU runner .* no timeout-minutes/ }],
      ),
    ],
  },
  workflow(w, ctx) {
    const declared = ctx.options.runnerLabels ?? [];
    for (const job of w.jobs) {
      if (job.uses !== undefined || !isGpuJob(job, declared)) continue;
      if (job.value["timeout-minutes"] !== undefined) continue;
      report(
        ctx,
        w,
        job.path,
        `job "${job.id}" runs on a GPU runner (${job.labels.map((l) => l.value).join(", ")}) with no timeout-minutes: a hang holds the GPU for ${DEFAULT_JOB_TIMEOUT_MINUTES / 60} hours`,
        { at: "key" },
      );
    }
  },
});
