// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ }} is GitHub Actions expression syntax, not a JS template
import { allSteps, parseUses } from "../../model/workflow.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { report, WORKFLOW_LINKS, wf, wfInvalid } from "./_util.js";

const REUSABLE =
  /^(?:[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/\.github\/workflows\/[^/@\s]+\.ya?ml@[^\s@]+|\.\/\.github\/workflows\/[^/@\s]+\.ya?ml)$/;

export default defineRule({
  id: "ci/invalid-uses",
  category: "ci",
  severity: "error",
  summary: "A `uses:` value is not `owner/repo[/path]@ref`, `./local/path` or `docker://image`",
  rationale:
    "GitHub fails the job when a step's `uses:` has no `@ref` (`actions/checkout`), holds spaces or an expression, or when a job's `uses:` does not name a workflow file under `.github/workflows/`. The error appears only when the workflow runs.",
  remediation:
    "Write `owner/repo@ref` (a full commit SHA is best), `./path/to/action`, `docker://image:tag`, or for a reusable workflow `owner/repo/.github/workflows/file.yml@ref` or `./.github/workflows/file.yml`.",
  links: [WORKFLOW_LINKS.syntax],
  examples: {
    valid: [
      wf(
        "action, local action, docker and reusable workflow",
        dedent`
          on: push
          jobs:
            a:
              runs-on: ubuntu-latest
              steps:
                - uses: actions/checkout@v4
                - uses: ./.github/actions/setup
                - uses: docker://alpine:3.20
                - uses: github/codeql-action/init@v3
            b:
              uses: ./.github/workflows/release.yml
        `,
      ),
    ],
    invalid: [
      wfInvalid(
        "no ref, and a reusable workflow outside .github/workflows",
        dedent`
          on: push
          jobs:
            a:
              runs-on: ubuntu-latest
              steps:
                - uses: actions/checkout
            b:
              uses: org/repo/ci/build.yml@main
        `,
        [
          { line: 6, column: 15, message: /"actions\/checkout" has no "@ref"/ },
          { line: 8, column: 11, message: /not a reusable workflow reference/ },
        ],
      ),
    ],
  },
  workflow(w, ctx) {
    for (const { step } of allSteps(w)) {
      const u = step.value.uses;
      if (u === undefined) continue;
      const path = [...step.path, "uses"];
      if (typeof u !== "string") {
        report(ctx, w, path, '"uses" must be a string such as actions/checkout@v4');
        continue;
      }
      if (u.includes("${{")) {
        report(
          ctx,
          w,
          path,
          `"uses" cannot hold an expression (${u}): GitHub resolves actions before any expression is evaluated`,
        );
        continue;
      }
      if (parseUses(u)) continue;
      if (/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(\/[^@\s]*)?$/.test(u))
        report(ctx, w, path, `"${u}" has no "@ref": pin it to a commit SHA or at least a release tag, e.g. ${u}@v1`);
      else
        report(
          ctx,
          w,
          path,
          `"${u}" is not an action reference (owner/repo[/path]@ref, ./local/path or docker://image)`,
        );
    }
    for (const job of w.jobs) {
      const u = job.value.uses;
      if (u === undefined) continue;
      const path = [...job.path, "uses"];
      if (typeof u !== "string" || u.includes("${{") || !REUSABLE.test(u))
        report(
          ctx,
          w,
          path,
          `${typeof u === "string" ? `"${u}"` : "this value"} is not a reusable workflow reference (owner/repo/.github/workflows/file.yml@ref or ./.github/workflows/file.yml)`,
        );
    }
  },
});
