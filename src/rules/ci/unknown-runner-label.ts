import { GITHUB_HOSTED_LABELS } from "../../catalog/github-actions.js";
import { dedent } from "../../util/dedent.js";
import { editDistance } from "../../util/suggest.js";
import { defineRule } from "../types.js";
import { isDefaultSelfHostedLabel, report, wf, wfInvalid } from "./_util.js";

export default defineRule({
  id: "ci/unknown-runner-label",
  category: "ci",
  severity: "warning",
  summary: "`runs-on` names a label that is neither a GitHub-hosted runner nor declared in `runnerLabels:`",
  rationale:
    "A job whose `runs-on` matches no runner waits in the queue until it is cancelled (24 hours), with no error: a typo (`ubuntu-lastest`), a retired image, or a GPU label your fleet does not carry. GPU runner labels your organisation does have are declared once in .mlgate.yaml (`runnerLabels:`) so they are not reported.",
  remediation:
    "Fix the label, add `self-hosted` to a self-hosted runner's labels, or declare your fleet's labels in .mlgate.yaml: `runnerLabels: [gpu, a100, linux-gpu-8x]`.",
  links: [
    {
      title: "GitHub-hosted runners: labels",
      url: "https://docs.github.com/en/actions/reference/runners/github-hosted-runners",
    },
    { title: "actionlint: runner-label", url: "https://github.com/rhysd/actionlint/blob/main/docs/checks.md" },
  ],
  examples: {
    valid: [
      wf(
        "hosted, self-hosted and declared labels",
        dedent`
          on: push
          jobs:
            a:
              runs-on: ubuntu-24.04
              steps: [{run: make}]
            b:
              runs-on: [self-hosted, linux, a100]
              steps: [{run: make}]
            c:
              runs-on: gpu-8x-h100
              steps: [{run: make}]
        `,
        { options: { runnerLabels: ["gpu-8x-h100"] } },
      ),
    ],
    invalid: [
      wfInvalid(
        "a typo and an undeclared GPU label",
        dedent`
          on: push
          jobs:
            a:
              runs-on: ubuntu-lastest
              steps: [{run: make}]
            b:
              runs-on: gpu-8x-h100
              steps: [{run: make}]
        `,
        [
          { line: 4, column: 14, message: /did you mean "ubuntu-latest"\?/ },
          { line: 7, column: 14, severity: "info", message: /declare it in \.mlgate\.yaml/ },
        ],
      ),
    ],
  },
  workflow(w, ctx) {
    const declared = ctx.options.runnerLabels ?? [];
    for (const job of w.jobs) {
      if (job.dynamicRunner) continue;
      if (job.labels.some((l) => l.value.toLowerCase() === "self-hosted")) continue;
      for (const l of job.labels) {
        const v = l.value;
        if (GITHUB_HOSTED_LABELS.includes(v.toLowerCase()) || declared.includes(v) || isDefaultSelfHostedLabel(v))
          continue;
        const near = GITHUB_HOSTED_LABELS.map((h) => ({ h, d: editDistance(v.toLowerCase(), h) })).sort(
          (a, b) => a.d - b.d,
        )[0];
        const guess = near && near.d <= 2 ? near.h : undefined;
        report(
          ctx,
          w,
          l.path,
          guess
            ? `unknown runner label "${v}"; did you mean "${guess}"?`
            : `unknown runner label "${v}": no GitHub-hosted runner has it; if it is one of your runners, declare it in .mlgate.yaml (runnerLabels: [${v}])`,
          // A near miss of a hosted label is most likely a typo; anything else may be a runner
          // group, an ARC scale set or a larger runner this run cannot know about.
          { severity: guess ? "warning" : "info" },
        );
      }
    }
  },
});
