import { OUTDATED_ACTIONS } from "../../catalog/github-actions.js";
import { allSteps, parseUses } from "../../model/workflow.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { report, WORKFLOW_LINKS, wf, wfInvalid } from "./_util.js";

export default defineRule({
  id: "ci/outdated-action",
  category: "ci",
  severity: "warning",
  summary: "A popular action is used at a major version whose Node.js runtime GitHub no longer supports",
  rationale:
    "`actions/checkout@v2`/`v3`, `actions/setup-python@v4`, `actions/cache@v3` and the like run on Node 12 or 16, which GitHub removed from its runners: they are forced onto a newer Node with warnings, and artifact/cache actions before v4 stopped working when their backend was retired. LLMs trained on older workflows suggest these versions in over half of their outputs.",
  remediation: "Move to the next major version named in the message (or later), pinned to its commit SHA.",
  links: [
    WORKFLOW_LINKS.actionlint,
    {
      title: "GitHub changelog: Node 16 actions deprecation",
      url: "https://github.blog/changelog/2023-09-22-github-actions-transitioning-from-node-16-to-node-20/",
    },
  ],
  examples: {
    valid: [
      wf(
        "current major versions",
        dedent`
          on: push
          jobs:
            a:
              runs-on: ubuntu-latest
              steps:
                - uses: actions/checkout@v4
                - uses: actions/setup-python@v5
        `,
      ),
    ],
    invalid: [
      wfInvalid(
        "checkout v2 and setup-python v4",
        dedent`
          on: push
          jobs:
            a:
              runs-on: ubuntu-latest
              steps:
                - uses: actions/checkout@v2
                - uses: actions/setup-python@v4
        `,
        [
          { line: 6, column: 15, message: /actions\/checkout@v2 .* use v4 or later/ },
          { line: 7, column: 15, message: /use v5 or later/ },
        ],
      ),
    ],
  },
  workflow(w, ctx) {
    for (const { step } of allSteps(w)) {
      const uses = step.uses;
      if (!uses) continue;
      const u = parseUses(uses);
      if (u?.kind !== "repo" || u.subpath || !u.ref) continue;
      const outdated = OUTDATED_ACTIONS[(u.repo ?? "").toLowerCase()];
      if (!outdated) continue;
      const major = /^v\d+/.exec(u.ref)?.[0];
      if (!major || !outdated.includes(major)) continue;
      const next = `v${Math.max(...outdated.map((v) => Number(v.slice(1)))) + 1}`;
      report(
        ctx,
        w,
        [...step.path, "uses"],
        `${uses} runs on a Node.js runtime GitHub no longer supports; use ${next} or later`,
      );
    }
  },
});
