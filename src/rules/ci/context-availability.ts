// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ }} is GitHub Actions expression syntax, not a JS template
import { CONTEXTS, STATUS_FUNCTIONS } from "../../catalog/github-actions.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { reportExpression, WORKFLOW_LINKS, wf, wfInvalid } from "./_util.js";

export default defineRule({
  id: "ci/context-availability",
  category: "ci",
  severity: "error",
  summary: "An expression uses a context or function where GitHub does not provide it (e.g. `secrets` in `if:`)",
  rationale:
    'Each workflow key sees only some contexts: `secrets` is not available in `if:` conditions, `env` not in `jobs.<id>.if` or `runs-on`, `steps` not outside steps and job outputs, `matrix` not in `jobs.<id>.if`. GitHub fails the workflow ("Unrecognized named-value"), often only when the run reaches that key.',
  remediation:
    "Move the value to where it is available: map a secret to `env:` and test `env.X != ''` in a step `if:`, compute values in a step and pass them as outputs, or check the matrix inside the job's steps.",
  links: [WORKFLOW_LINKS.contexts, WORKFLOW_LINKS.actionlint],
  examples: {
    valid: [
      wf(
        "secrets through env, tested in a step if",
        dedent`
          on: push
          jobs:
            a:
              if: github.event_name == 'push'
              runs-on: ubuntu-latest
              env:
                HF_TOKEN: \${{ secrets.HF_TOKEN }}
              steps:
                - if: env.HF_TOKEN != '' && success()
                  run: make upload
        `,
      ),
    ],
    invalid: [
      wfInvalid(
        "secrets in a step if, matrix and env in a job if",
        dedent`
          on: push
          jobs:
            a:
              if: matrix.gpu == 'a100' || env.CI
              runs-on: ubuntu-latest
              strategy:
                matrix:
                  gpu: [a100]
              steps:
                - if: secrets.HF_TOKEN != ''
                  run: make upload
        `,
        [
          { line: 4, column: 9, message: /"env" is not available in jobs.<job_id>.if/ },
          { line: 4, column: 9, message: /"matrix" is not available in jobs.<job_id>.if/ },
          { line: 10, column: 13, message: /"secrets" is not available in jobs.<job_id>.steps.if/ },
        ],
      ),
    ],
  },
  workflow(w, ctx) {
    for (const e of w.expressions) {
      const a = e.availability;
      if (!a || e.parsed.error) continue;
      const seen = new Set<string>();
      for (const r of e.parsed.refs) {
        if (a.contexts.includes(r.root) || seen.has(r.root)) continue;
        seen.add(r.root);
        // Unknown contexts are ci/expression-syntax's.
        if (!CONTEXTS.includes(r.root)) continue;
        reportExpression(
          ctx,
          w,
          e,
          `"${r.root}" is not available in ${e.where}${r.root === "secrets" ? " (map the secret to env: and test env.NAME instead)" : ""}; available: ${a.contexts.join(", ")}`,
        );
      }
      for (const c of e.parsed.calls) {
        const lower = c.name.toLowerCase();
        const special = [...STATUS_FUNCTIONS, "hashfiles"].includes(lower);
        if (!special || a.functions.some((f) => f.toLowerCase() === lower) || seen.has(lower)) continue;
        seen.add(lower);
        reportExpression(ctx, w, e, `${c.name}() is not available in ${e.where}`);
      }
    }
  },
});
