// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ }} is GitHub Actions expression syntax, not a JS template
import type { Step } from "../../model/workflow.js";
import { dedent } from "../../util/dedent.js";
import { didYouMean } from "../../util/suggest.js";
import { defineRule } from "../types.js";
import { reportExpression, WORKFLOW_LINKS, wf, wfInvalid } from "./_util.js";

export default defineRule({
  id: "ci/undefined-reference",
  category: "ci",
  severity: "error",
  summary: "An expression reads `steps.<id>` of no earlier step, or `needs.<job>` of a job not in `needs`",
  rationale:
    "`steps.<id>.outputs.x` of a step that does not exist (or runs later) and `needs.<job>.outputs.x` of a job the current job does not list in `needs` evaluate to an empty string without any error: the workflow runs with a blank version, tag or path. Renamed or dropped step ids in edited workflows cause exactly this.",
  remediation: "Give the producing step that `id`, make sure it runs earlier, or add the job to `needs`.",
  links: [WORKFLOW_LINKS.contexts, WORKFLOW_LINKS.actionlint],
  examples: {
    valid: [
      wf(
        "an earlier step's output and a needed job's output",
        dedent`
          on: push
          jobs:
            meta:
              runs-on: ubuntu-latest
              outputs:
                tag: \${{ steps.v.outputs.tag }}
              steps:
                - id: v
                  run: echo tag=1 >> $GITHUB_OUTPUT
            build:
              needs: meta
              runs-on: ubuntu-latest
              steps:
                - run: echo \${{ needs.meta.outputs.tag }}
        `,
      ),
    ],
    invalid: [
      wfInvalid(
        "a renamed step id and a job missing from needs",
        dedent`
          on: push
          jobs:
            meta:
              runs-on: ubuntu-latest
              steps:
                - id: version
                  run: echo tag=1 >> $GITHUB_OUTPUT
                - run: echo \${{ steps.vesion.outputs.tag }}
            build:
              runs-on: ubuntu-latest
              steps:
                - run: echo \${{ needs.meta.outputs.tag }}
        `,
        [
          { line: 8, column: 19, message: /no earlier step has id "vesion"; did you mean "version"\?/ },
          { line: 12, column: 19, message: /job "meta" is not in the "needs" of job "build"/ },
        ],
      ),
    ],
  },
  workflow(w, ctx) {
    const done = new Set<string>();
    for (const e of w.expressions) {
      const steps: Step[] | undefined = e.job ? e.job.steps : w.kind === "Action" ? w.actionSteps : undefined;
      for (const ref of e.parsed.refs) {
        const name = ref.path[0];
        if (name === undefined || name === "*") continue;
        const key = `${e.path.join("\0")}\0${ref.root}.${name}`;
        if (done.has(key)) continue;
        if (ref.root === "steps" && steps && (w.kind === "Action" || e.availability?.contexts.includes("steps"))) {
          // Inside a step only earlier steps have run; job outputs see every step.
          const visible = e.step ? steps.filter((s) => s.index < (e.step as Step).index) : steps;
          if (!visible.some((s) => s.id?.toLowerCase() === name.toLowerCase())) {
            done.add(key);
            const later = steps.some((s) => s.id?.toLowerCase() === name.toLowerCase());
            const guess = didYouMean(
              name,
              visible.flatMap((s) => (s.id ? [s.id] : [])),
            );
            reportExpression(
              ctx,
              w,
              e,
              later
                ? `"steps.${name}" names a step that runs later (or is this step): it is empty here`
                : `no earlier step has id "${name}"${guess ? `; did you mean "${guess}"?` : ""}: "steps.${name}" is empty here`,
            );
          }
        } else if (ref.root === "needs" && e.job && e.where) {
          if (!e.job.needs.some((n) => n.value.toLowerCase() === name.toLowerCase())) {
            done.add(key);
            const exists = w.jobs.some((j) => j.id.toLowerCase() === name.toLowerCase());
            reportExpression(
              ctx,
              w,
              e,
              exists
                ? `job "${name}" is not in the "needs" of job "${e.job.id}": "needs.${name}" is empty here`
                : `"needs.${name}" names no job of this workflow`,
            );
          }
        }
      }
    }
  },
});
