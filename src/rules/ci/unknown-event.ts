import { EVENTS } from "../../catalog/github-actions.js";
import { dedent } from "../../util/dedent.js";
import { didYouMean } from "../../util/suggest.js";
import { defineRule } from "../types.js";
import { report, WORKFLOW_LINKS, wf, wfInvalid } from "./_util.js";

export default defineRule({
  id: "ci/unknown-event",
  category: "ci",
  severity: "error",
  summary: "`on:` names an event or an activity type GitHub does not have",
  rationale:
    "GitHub rejects a workflow that triggers on an unknown event (`pull-request`, `pullrequest`), and an unknown activity type in `types:` (`open` for `opened`) is rejected too: the workflow never runs when intended.",
  remediation: "Use the event and activity type names of the events reference (snake_case, past tense for most types).",
  links: [WORKFLOW_LINKS.events, WORKFLOW_LINKS.actionlint],
  examples: {
    valid: [
      wf(
        "events with types",
        dedent`
          on:
            pull_request:
              types: [opened, synchronize]
            issue_comment:
              types: [created]
            workflow_dispatch:
          jobs:
            a:
              runs-on: ubuntu-latest
              steps: [{run: make}]
        `,
      ),
    ],
    invalid: [
      wfInvalid(
        "a misspelt event and an activity type",
        dedent`
          on:
            pull-request:
            issues:
              types: [open]
          jobs:
            a:
              runs-on: ubuntu-latest
              steps: [{run: make}]
        `,
        [
          { line: 2, column: 3, message: /unknown event "pull-request"; did you mean "pull_request"\?/ },
          { line: 4, column: 13, message: /"open" is not an activity type of issues; did you mean "opened"\?/ },
        ],
      ),
    ],
  },
  workflow(w, ctx) {
    for (const t of w.triggers) {
      const spec = EVENTS[t.event];
      if (!spec) {
        const guess = didYouMean(t.event, Object.keys(EVENTS));
        report(ctx, w, t.path, `unknown event "${t.event}"${guess ? `; did you mean "${guess}"?` : ""}`, {
          at: t.path.length === 2 && typeof t.path[1] === "string" ? "key" : "value",
        });
        continue;
      }
      const types = spec.types;
      if (types === "any") continue;
      for (const ty of t.types) {
        if (!types) {
          report(ctx, w, ty.path, `the ${t.event} event has no activity types`);
          break;
        }
        if (types.includes(ty.value)) continue;
        const guess = didYouMean(ty.value, types);
        report(
          ctx,
          w,
          ty.path,
          `"${ty.value}" is not an activity type of ${t.event}${guess ? `; did you mean "${guess}"?` : ` (one of ${types.join(", ")})`}`,
        );
      }
    }
  },
});
