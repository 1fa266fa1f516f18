import { FIRST_PARTY_OWNERS } from "../../catalog/github-actions.js";
import type { Path } from "../../model/path.js";
import { allSteps, isShaRef, parseUses } from "../../model/workflow.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { WORKFLOW_LINKS, wf, wfInvalid } from "./_util.js";

export default defineRule({
  id: "ci/unpinned-action",
  category: "ci",
  severity: "warning",
  sources: [{ tool: "zizmor", check: "unpinned-uses" }],
  summary: "An action or reusable workflow is referenced by a tag or branch, not a full commit SHA",
  rationale:
    "A tag or branch can be moved to other code at any time by whoever controls the action's repository (or steals its credentials, as in the tj-actions/changed-files compromise of March 2025); the next run then executes that code with the job's token and secrets. A full 40-character commit SHA is the only immutable reference. LLM-written workflows drop existing SHA pins most of the time. First-party actions (`actions/*`, `github/*`) are reported at info unless `pinFirstPartyActions: true` is set in .mlgate.yaml.",
  remediation:
    "Pin to the commit SHA of the release and keep the tag as a comment (`uses: owner/repo@<40-hex sha> # v1.2.3`); let Dependabot or Renovate update the pins.",
  links: [
    WORKFLOW_LINKS.secureUse,
    { title: "zizmor: unpinned-uses", url: "https://docs.zizmor.sh/audits/#unpinned-uses" },
  ],
  messages: {
    firstParty:
      '"{{uses}}" (first-party) is not pinned to a full commit SHA; set pinFirstPartyActions: true in .mlgate.yaml to hold it to the same bar as other actions',
    thirdParty:
      '"{{uses}}" is not pinned to a full commit SHA: whoever controls the tag "{{ref}}" decides what runs with this job\'s token and secrets',
  },
  options: {
    type: "object",
    properties: {
      firstParty: {
        type: "boolean",
        default: false,
        description:
          "Hold first-party actions (`actions/*`, `github/*`) to SHA pinning too, at warning (otherwise info). The top-level `pinFirstPartyActions: true` sets it as well.",
      },
    },
    additionalProperties: false,
  },
  examples: {
    valid: [
      wf(
        "pinned to a commit SHA",
        dedent`
          on: push
          permissions: {}
          jobs:
            a:
              runs-on: ubuntu-latest
              steps:
                - uses: hashicorp/vault-action@a1b2c3d4e5f60718293a4b5c6d7e8f9012345678 # v3.0.0
                - uses: ./.github/actions/local
        `,
      ),
    ],
    invalid: [
      wfInvalid(
        "a third-party tag and a first-party tag",
        dedent`
          on: push
          jobs:
            a:
              runs-on: ubuntu-latest
              steps:
                - uses: actions/checkout@v4
                - uses: hashicorp/vault-action@v2
        `,
        [
          { line: 6, column: 15, severity: "info", messageId: "firstParty", message: /first-party/ },
          {
            line: 7,
            column: 15,
            severity: "warning",
            messageId: "thirdParty",
            message: /"hashicorp\/vault-action@v2" is not pinned/,
          },
        ],
      ),
    ],
  },
  workflow(w, ctx) {
    const strictFirstParty = ctx.ruleOptions.firstParty === true;
    const check = (uses: unknown, path: Path) => {
      if (typeof uses !== "string") return;
      const u = parseUses(uses);
      if (u?.kind !== "repo" || isShaRef(u.ref)) return;
      // Documentation placeholders (`OWNER/action@SHA`) are not refs anyone runs.
      if (/^[A-Z][A-Z_-]*$/.test(u.ref ?? "")) return;
      const owner = (u.repo ?? "").split("/")[0]?.toLowerCase() ?? "";
      const firstParty = FIRST_PARTY_OWNERS.includes(owner);
      ctx.report({
        resource: w.resource,
        path,
        messageId: firstParty ? "firstParty" : "thirdParty",
        data: { uses, ref: String(u.ref) },
        severity: firstParty && !strictFirstParty ? "info" : "warning",
      });
    };
    for (const { step } of allSteps(w)) check(step.value.uses, [...step.path, "uses"]);
    for (const job of w.jobs) check(job.value.uses, [...job.path, "uses"]);
  },
});
