// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ }} is GitHub Actions expression syntax, not a JS template
import { PRIVILEGED_EVENTS } from "../../catalog/github-actions.js";
import { asString } from "../../model/resource.js";
import type { Step } from "../../model/workflow.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { report, wf, wfInvalid } from "./_util.js";

/** Refs that name the pull request's own code (as opposed to the base branch). */
const PR_HEAD =
  /github\.event\.pull_request\.head\.(sha|ref)|github\.head_ref|github\.event\.workflow_run\.head_(sha|branch)|refs\/pull\/|github\.event\.pull_request\.merge_commit_sha|github\.event\.number|head\.repo\.full_name/;

function checksOutHead(step: Step): { path: (string | number)[]; what: string } | undefined {
  if (step.uses && /^actions\/checkout@/i.test(step.uses)) {
    for (const k of ["ref", "repository"]) {
      const v = asString(step.with[k]);
      if (v && PR_HEAD.test(v)) return { path: ["with", k], what: `checks out ${v.replace(/\s+/g, " ")}` };
    }
  }
  if (step.run && /\bgh\s+pr\s+checkout\b|git\s+fetch\b[^\n]*(pull\/|head\.)/.test(step.run))
    return { path: ["run"], what: "checks out the pull request with git/gh" };
  return undefined;
}

export default defineRule({
  id: "ci/dangerous-trigger",
  category: "ci",
  severity: "error",
  sources: [{ tool: "zizmor", check: "dangerous-triggers" }],
  summary: "A `pull_request_target` or `workflow_run` workflow checks out the pull request's code and runs it",
  rationale:
    "Workflows triggered by `pull_request_target` and `workflow_run` run with the base repository's token (often writable) and its secrets, even for pull requests from forks. Checking out the pull request's head and then building, testing or installing it executes the attacker's code with those privileges (\"pwn request\") — and on a self-hosted GPU runner, on your hardware.",
  remediation:
    "Use `pull_request` for anything that builds or runs the contributed code; keep `pull_request_target` for labelling or commenting without checkout, or split the work: an unprivileged `pull_request` workflow uploads results and a `workflow_run` workflow only reads them as data.",
  links: [
    {
      title: "Securely using pull_request_target",
      url: "https://docs.github.com/en/actions/reference/security/securely-using-pull_request_target",
    },
    {
      title: "GitHub Security Lab: preventing pwn requests",
      url: "https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/",
    },
  ],
  examples: {
    valid: [
      wf(
        "pull_request_target that only labels",
        dedent`
          on: pull_request_target
          permissions:
            pull-requests: write
          jobs:
            label:
              runs-on: ubuntu-latest
              steps:
                - uses: actions/labeler@v5
        `,
      ),
    ],
    invalid: [
      wfInvalid(
        "checks out the head and runs tests",
        dedent`
          on: pull_request_target
          jobs:
            test:
              runs-on: ubuntu-latest
              steps:
                - uses: actions/checkout@v4
                  with:
                    ref: \${{ github.event.pull_request.head.sha }}
                - run: pip install -e . && pytest
        `,
        [{ line: 8, column: 16, message: /pull_request_target .* runs it in step 2/ }],
      ),
    ],
  },
  workflow(w, ctx) {
    const trig = w.triggers.find((t) => PRIVILEGED_EVENTS.includes(t.event));
    if (!trig) return;
    for (const job of w.jobs) {
      const idx = job.steps.findIndex((s) => checksOutHead(s));
      if (idx < 0) continue;
      const step = job.steps[idx] as Step;
      const head = checksOutHead(step);
      if (!head) continue;
      const runner = job.steps.slice(idx + 1).find((s) => s.run !== undefined || (s.uses?.startsWith("./") ?? false));
      if (!runner) continue;
      report(
        ctx,
        w,
        [...step.path, ...head.path],
        `a ${trig.event} workflow ${head.what} (code from the pull request) and runs it in step ${runner.index + 1}${runner.name ? ` ("${runner.name}")` : ""}, with the base repository's token and secrets`,
      );
    }
  },
});
