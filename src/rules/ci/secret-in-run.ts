// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ }} is GitHub Actions expression syntax, not a JS template

import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { reportExpression, WORKFLOW_LINKS, wf, wfInvalid } from "./_util.js";

export default defineRule({
  id: "ci/secret-in-run",
  category: "ci",
  severity: "warning",
  summary: "A secret is echoed, or expanded into a `run:` script where it lands on a command line",
  rationale:
    "`${{ secrets.X }}` in `run:` is pasted into the script file, so the secret ends up in the process arguments (visible to every process on a shared or self-hosted runner) and, when echoed or transformed (base64, JSON fields), in logs that masking does not catch. `toJSON(secrets)` hands every secret to one step.",
  remediation:
    "Map the secret to an environment variable of the step (`env: { HF_TOKEN: ${{ secrets.HF_TOKEN }} }`) and let the tool read it from the environment or a file; never print it.",
  links: [
    WORKFLOW_LINKS.secureUse,
    {
      title: "Using secrets in GitHub Actions",
      url: "https://docs.github.com/en/actions/how-tos/write-workflows/choose-what-workflows-do/use-secrets",
    },
  ],
  examples: {
    valid: [
      wf(
        "the secret goes through env",
        dedent`
          on: push
          permissions: {}
          jobs:
            a:
              runs-on: ubuntu-latest
              steps:
                - env:
                    HF_TOKEN: \${{ secrets.HF_TOKEN }}
                  run: huggingface-cli upload org/model ./out
        `,
      ),
    ],
    invalid: [
      wfInvalid(
        "echoed, and on a command line",
        dedent`
          on: push
          jobs:
            a:
              runs-on: ubuntu-latest
              steps:
                - run: echo \${{ secrets.HF_TOKEN }} | base64
                - run: huggingface-cli login --token \${{ secrets.HF_TOKEN }}
        `,
        [
          { line: 6, column: 19, message: /secrets\.HF_TOKEN is echoed/ },
          { line: 7, column: 44, message: /secrets\.HF_TOKEN is expanded into the script/ },
        ],
      ),
    ],
  },
  workflow(w, ctx) {
    const done = new Set<string>();
    for (const e of w.expressions) {
      for (const c of e.parsed.calls) {
        if (c.name.toLowerCase() !== "tojson") continue;
        if (!e.parsed.refs.some((r) => r.root === "secrets" && r.path.length === 0)) continue;
        reportExpression(
          ctx,
          w,
          e,
          "toJSON(secrets) hands every secret of the repository to this step; pass only the ones it needs",
        );
      }
      const last = e.path[e.path.length - 1];
      if (last !== "run" || !e.step?.run) continue;
      for (const r of e.parsed.refs) {
        if (r.root !== "secrets" || r.path.length === 0 || r.inBooleanCall) continue;
        const name = `secrets.${r.path.join(".")}`;
        const key = `${e.path.join("\0")}\0${name}`;
        if (done.has(key)) continue;
        done.add(key);
        const line = e.step.run.split("\n").find((l) => l.includes(e.source)) ?? "";
        const echoed = /^\s*(echo|printf|print)\b/.test(line) || /\|\s*tee\b/.test(line);
        const toFile =
          echoed && /[^>|]>>?\s*[^\s&|]/.test(line.slice(line.indexOf(e.source) + e.source.length)) && !/\|/.test(line);
        if (toFile)
          reportExpression(
            ctx,
            w,
            e,
            `${name} is pasted into the script text to be written to a file; an env: variable keeps it out of the script`,
            { severity: "info" },
          );
        else
          reportExpression(
            ctx,
            w,
            e,
            echoed
              ? `${name} is echoed: transformed or partial output escapes log masking; pass it through env: and never print it`
              : `${name} is expanded into the script and lands on the process command line; pass it through env: instead`,
          );
      }
    }
  },
});
