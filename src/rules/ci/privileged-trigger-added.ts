import { PRIVILEGED_EVENTS } from "../../catalog/github-actions.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { WORKFLOW_LINKS, wf, wfInvalid } from "./_util.js";

const BASE = dedent`
  name: label
  on: [pull_request]
  permissions: {contents: read, pull-requests: write}
  jobs:
    label:
      runs-on: ubuntu-latest
      steps:
        - uses: actions/labeler@8558fd74291d67161a8a78ce36a881fa63b766a9
`;

export default defineRule({
  id: "ci/privileged-trigger-added",
  category: "ci",
  severity: "warning",
  summary:
    "A change makes a workflow run on pull_request_target or workflow_run, privileged events that fork pull requests reach",
  rationale:
    "`pull_request_target` and `workflow_run` run in the context of the base repository: the token may write and the repository's secrets are available, even when a fork's pull request triggered the run. GitHub's guidance is never to check out and run the pull request's code there (the \"pwn request\"); zizmor reports both triggers as dangerous. A change that adds one turns a workflow outsiders could only trigger with a read-only token into one they reach with secrets — worth a reviewer's look even before anything unsafe runs in it (ci/dangerous-trigger reports the unsafe checkout itself).",
  remediation:
    "Keep `pull_request` unless the workflow must write to the pull request (labels, comments); then check out nothing from the pull request's head, give the job only the scopes it needs, and keep secrets out of it.",
  links: [
    {
      title: "Securely using pull_request_target",
      url: "https://docs.github.com/en/actions/reference/security/securely-using-pull_request_target",
    },
    WORKFLOW_LINKS.secureUse,
    { title: "zizmor: dangerous-triggers", url: "https://docs.zizmor.sh/audits/#dangerous-triggers" },
  ],
  examples: {
    valid: [wf("the trigger stays pull_request", BASE.replace("name: label", "name: labels"), { base: BASE })],
    invalid: [
      wfInvalid(
        "pull_request becomes pull_request_target",
        BASE.replace("on: [pull_request]", "on: [pull_request_target]"),
        [{ line: 2, column: 6, message: /now runs on pull_request_target/ }],
        { base: BASE },
      ),
    ],
  },
  change(c, ctx) {
    for (const w of c.workflows) {
      const head = w.head;
      if (head?.kind !== "Workflow") continue;
      const before = new Set((w.base?.triggers ?? []).map((t) => t.event));
      for (const t of head.triggers) {
        if (!PRIVILEGED_EVENTS.includes(t.event) || before.has(t.event)) continue;
        ctx.report({
          resource: head.resource,
          path: t.path,
          message: `${w.base ? "the workflow now runs" : "a new workflow runs"} on ${t.event}: with the base repository's secrets and a token that can write, for pull requests from forks too`,
        });
      }
    }
  },
});
