import { FORK_PR_EVENTS } from "../../catalog/github-actions.js";
import { asString } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { isGpuJob, isSelfHosted, report, WORKFLOW_LINKS, wf, wfInvalid } from "./_util.js";

/** `if:` conditions that keep fork pull requests off the job. */
const SAME_REPO_GUARD =
  /head\.repo\.full_name\s*==\s*github\.repository|github\.repository\s*==\s*github\.event\.pull_request\.head\.repo\.full_name|head\.repo\.fork\s*(==\s*false|!=\s*true)|!\s*github\.event\.pull_request\.head\.repo\.fork|github\.event_name\s*!=\s*'pull_request|github\.event_name\s*==\s*'(push|schedule|workflow_dispatch|merge_group)'|contains\(\s*github\.event\.pull_request\.labels|github\.event\.label\.name\s*==|author_association/;

export default defineRule({
  id: "ci/self-hosted-pull-request",
  category: "ci",
  severity: "error",
  summary: "A self-hosted (GPU) runner takes jobs from pull-request events, so fork pull requests run their code on it",
  rationale:
    "Anyone can open a pull request from a fork; with `pull_request` (or `pull_request_target` that builds the PR) the job runs the contributor's code on your self-hosted runner — a GPU machine inside your network, often with cloud credentials, cached models and datasets, and a persistent disk the next job reuses. GitHub advises against self-hosted runners for public repositories; first-time-contributor approval is one click away from running a crypto miner on your H100s.",
  remediation:
    "Run pull-request jobs on GitHub-hosted runners, or keep GPU jobs to `push`/`workflow_dispatch`/`merge_group`, gate them with a same-repository condition (`if: github.event.pull_request.head.repo.full_name == github.repository`) or a maintainer-applied label, and use ephemeral (JIT) runners. Labels of your self-hosted fleet go in `runnerLabels:` in .mlgate.yaml.",
  links: [
    WORKFLOW_LINKS.secureUse,
    {
      title: "Self-hosted runner security",
      url: "https://docs.github.com/en/actions/concepts/runners/self-hosted-runners#self-hosted-runner-security",
    },
  ],
  examples: {
    valid: [
      wf(
        "GPU job only on push, and a same-repository guard",
        dedent`
          on: [push, pull_request]
          permissions: {}
          jobs:
            train:
              if: github.event_name == 'push'
              runs-on: [self-hosted, gpu, a100]
              timeout-minutes: 60
              steps: [{run: make train}]
            eval:
              if: github.event.pull_request.head.repo.full_name == github.repository
              runs-on: [self-hosted, gpu]
              timeout-minutes: 30
              steps: [{run: make eval}]
        `,
      ),
    ],
    invalid: [
      wfInvalid(
        "pull_request on an H100 runner",
        dedent`
          on: pull_request
          jobs:
            test:
              runs-on: [self-hosted, linux, h100]
              timeout-minutes: 30
              steps: [{run: pytest tests/gpu}]
        `,
        [{ line: 4, column: 14, message: /self-hosted GPU runner .* pull_request/ }],
      ),
    ],
  },
  workflow(w, ctx) {
    const declared = ctx.options.runnerLabels ?? [];
    const events = w.triggers.filter((t) => FORK_PR_EVENTS.includes(t.event)).map((t) => t.event);
    if (events.length === 0) return;
    for (const job of w.jobs) {
      if (!isSelfHosted(job, declared)) continue;
      const cond = asString(job.value.if) ?? "";
      if (SAME_REPO_GUARD.test(cond)) continue;
      const gpu = isGpuJob(job, declared);
      const labelsPath = [...job.path, "runs-on"];
      report(
        ctx,
        w,
        labelsPath,
        `job "${job.id}" runs on a self-hosted ${gpu ? "GPU " : ""}runner and the workflow triggers on ${events.join(", ")}: pull requests from forks run their code on that machine`,
      );
    }
  },
});
