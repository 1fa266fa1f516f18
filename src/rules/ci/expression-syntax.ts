// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ }} is GitHub Actions expression syntax, not a JS template
import { CONTEXTS, FUNCTION_NAMES, FUNCTIONS } from "../../catalog/github-actions.js";
import { dedent } from "../../util/dedent.js";
import { didYouMean } from "../../util/suggest.js";
import { defineRule } from "../types.js";
import { quote, reportExpression, WORKFLOW_LINKS, wf, wfInvalid } from "./_util.js";

export default defineRule({
  id: "ci/expression-syntax",
  category: "ci",
  severity: "error",
  summary: "A `${{ }}` expression does not parse, names an unknown context or function, or is not closed",
  rationale:
    "GitHub evaluates `${{ }}` expressions only when the job runs; a syntax error (`=` for `==`, double-quoted strings, an unclosed `${{`), an unknown context such as `secret.TOKEN`, or an unknown function fails that run — or, in an `if:`, may make the condition behave unexpectedly.",
  remediation:
    "Fix the expression: single-quoted strings, `==`/`!=`/`&&`/`||`, contexts github, env, vars, job, jobs, steps, runner, secrets, strategy, matrix, needs, inputs, and the documented functions.",
  links: [WORKFLOW_LINKS.expressions, WORKFLOW_LINKS.actionlint],
  examples: {
    valid: [
      wf(
        "comparisons, functions and filters",
        dedent`
          on: push
          jobs:
            a:
              if: github.ref == 'refs/heads/main' && !contains(github.event.head_commit.message, '[skip]')
              runs-on: ubuntu-latest
              steps:
                - run: echo \${{ join(github.event.commits.*.id, ',') }} \${{ format('{0}-{1}', runner.os, hashFiles('**/uv.lock')) }}
        `,
      ),
    ],
    invalid: [
      wfInvalid(
        "= for ==, double quotes, and an unknown context",
        dedent`
          on: push
          jobs:
            a:
              if: github.ref = 'refs/heads/main'
              runs-on: ubuntu-latest
              steps:
                - run: echo \${{ github.ref == "main" }}
                - run: echo \${{ secret.TOKEN }}
        `,
        [
          { line: 4, column: 9, message: /"=" is not an operator/ },
          { line: 7, column: 19, message: /single quotes/ },
          { line: 8, column: 19, message: /unknown context "secret"; did you mean "secrets"\?/ },
        ],
      ),
      wfInvalid(
        "a property of a literal, a call with too few arguments, a misspelt function",
        dedent`
          on: push
          jobs:
            a:
              runs-on: ubuntu-latest
              steps:
                - run: echo \${{ 'abc'.length }}
                - if: contains(github.ref)
                  run: make
                - run: echo \${{ toJosn(github.event) }}
        `,
        [
          { line: 6, column: 19, message: /unexpected "\.length"/ },
          { line: 7, column: 13, message: /too few arguments to contains\(\) \(it takes 2\)/ },
          { line: 9, column: 19, message: /unknown function "toJosn"; did you mean "toJSON"\?/ },
        ],
      ),
    ],
  },
  workflow(w, ctx) {
    for (const e of w.expressions) {
      const shown = e.implicit
        ? quote(e.source)
        : `"\${{${e.source.length > 50 ? `${e.source.slice(0, 49)}…` : e.source}}}"`;
      if (e.unclosed) {
        reportExpression(ctx, w, e, `"\${{" is not closed with "}}"`);
        continue;
      }
      const err = e.parsed.error;
      if (err) {
        reportExpression(ctx, w, e, `expression ${shown}: ${err.message} (at character ${err.at + 1})`);
        continue;
      }
      for (const r of e.parsed.refs) {
        if (CONTEXTS.includes(r.root)) continue;
        const guess = didYouMean(r.root, CONTEXTS);
        reportExpression(
          ctx,
          w,
          e,
          `expression ${shown}: unknown context "${r.root}"${guess ? `; did you mean "${guess}"?` : ""}`,
        );
      }
      for (const c of e.parsed.calls) {
        // GitHub's parser has already judged the arity of every function it knows.
        if (FUNCTIONS[c.name.toLowerCase()]) continue;
        const guess = didYouMean(c.name, FUNCTION_NAMES);
        reportExpression(
          ctx,
          w,
          e,
          `expression ${shown}: unknown function "${c.name}"${guess ? `; did you mean "${guess}"?` : ""}`,
        );
      }
    }
  },
});
