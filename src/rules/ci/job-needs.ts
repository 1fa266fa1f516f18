import { dedent } from "../../util/dedent.js";
import { didYouMean } from "../../util/suggest.js";
import { defineRule } from "../types.js";
import { report, WORKFLOW_LINKS, wf, wfInvalid } from "./_util.js";

export default defineRule({
  id: "ci/job-needs",
  category: "ci",
  severity: "error",
  summary: "`needs` names a job that does not exist, or jobs need each other in a cycle",
  rationale:
    "GitHub rejects a workflow whose `needs` names an unknown job or forms a cycle, so none of its jobs run. A renamed or dropped job — common in LLM-edited workflows — leaves such a dangling `needs` behind.",
  remediation: "Point `needs` at an existing job id (ids are case-insensitive), or break the cycle.",
  links: [WORKFLOW_LINKS.syntax, WORKFLOW_LINKS.actionlint],
  examples: {
    valid: [
      wf(
        "deploy needs build",
        dedent`
          on: push
          jobs:
            build:
              runs-on: ubuntu-latest
              steps: [{run: make}]
            deploy:
              needs: build
              runs-on: ubuntu-latest
              steps: [{run: make deploy}]
        `,
      ),
    ],
    invalid: [
      wfInvalid(
        "needs a renamed job",
        dedent`
          on: push
          jobs:
            build:
              runs-on: ubuntu-latest
              steps: [{run: make}]
            deploy:
              needs: [biuld]
              runs-on: ubuntu-latest
              steps: [{run: make deploy}]
        `,
        [{ line: 7, column: 13, message: /unknown job "biuld"; did you mean "build"\?/ }],
      ),
      wfInvalid(
        "a cycle",
        dedent`
          on: push
          jobs:
            a:
              needs: b
              runs-on: ubuntu-latest
              steps: [{run: make}]
            b:
              needs: a
              runs-on: ubuntu-latest
              steps: [{run: make}]
        `,
        [{ line: 4, column: 12, message: /cycle: a → b → a/ }],
      ),
    ],
  },
  workflow(w, ctx) {
    const ids = new Map(w.jobs.map((j) => [j.id.toLowerCase(), j]));
    const edges = new Map<string, string[]>();
    for (const job of w.jobs) {
      const out: string[] = [];
      for (const n of job.needs) {
        const target = ids.get(n.value.toLowerCase());
        if (!target) {
          const guess = didYouMean(
            n.value,
            w.jobs.map((j) => j.id),
          );
          report(
            ctx,
            w,
            n.path,
            `job "${job.id}" needs unknown job "${n.value}"${guess ? `; did you mean "${guess}"?` : ""}`,
          );
        } else out.push(target.id);
      }
      edges.set(job.id, out);
    }
    // Cycles: depth-first search; report each cycle once, at its first job's needs.
    const state = new Map<string, 1 | 2>();
    const stack: string[] = [];
    const visit = (id: string) => {
      state.set(id, 1);
      stack.push(id);
      for (const next of edges.get(id) ?? []) {
        const s = state.get(next);
        if (s === 1) {
          const cycle = [...stack.slice(stack.indexOf(next)), next];
          const job = w.jobs.find((j) => j.id === next);
          const need = job?.needs.find((n) => n.value.toLowerCase() === (cycle[1] ?? "").toLowerCase());
          if (job && need) report(ctx, w, need.path, `jobs need each other in a cycle: ${cycle.join(" → ")}`);
        } else if (s === undefined) visit(next);
      }
      stack.pop();
      state.set(id, 2);
    };
    for (const job of w.jobs) if (!state.has(job.id)) visit(job.id);
  },
});
