import { SAFEGUARDS, type SafeguardKind } from "../../catalog/ci-safeguards.js";
import { type Step, stepLabel } from "../../model/workflow.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { WORKFLOW_LINKS, wf, wfInvalid } from "./_util.js";

/** What kind of safeguard a step is (test, lint, scan, signing, SBOM), if any. */
export function safeguardOf(s: Step): SafeguardKind["kind"] | undefined {
  const repo = s.uses?.split("@")[0]?.toLowerCase();
  const text = [s.name ?? "", s.run ?? ""].join("\n");
  for (const g of SAFEGUARDS) {
    if (repo && g.actions.some((a) => repo === a.toLowerCase() || repo.startsWith(`${a.toLowerCase()}/`)))
      return g.kind;
    if (g.words.test(text)) return g.kind;
  }
  return undefined;
}

const sameWork = (a: Step, b: Step) =>
  (a.uses !== undefined && a.uses === b.uses) || (a.run !== undefined && a.run.trim() === b.run?.trim());

const BASE = dedent`
  name: ci
  on: [pull_request]
  permissions: {contents: read}
  jobs:
    build:
      runs-on: ubuntu-latest
      steps:
        - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
        - name: Build
          run: npm ci && npm run build
        - name: Unit tests
          run: npm test
`;

export default defineRule({
  id: "ci/step-removed",
  category: "ci",
  severity: "warning",
  summary:
    "A change removes a CI step that tests, lints, scans, signs or makes an SBOM (other removed or renamed steps: info)",
  rationale:
    'A workflow\'s safeguards are its steps: the test run, the linter, the CodeQL or Trivy scan, the cosign signature, the SBOM. A change that drops one still passes CI — nothing fails because nothing runs — so the loss shows only in the diff. Rewritten workflows lose steps this way: in the "Can LLMs Write CI?" study (Ghaleb and Rathnayake, ICSME 2025), the manual analysis of GPT-4o\'s workflows found "missing or renamed steps", and on the published data 119 of 552 GPT-4o workflows have fewer steps than the reference (../shared/research/change-review.md §1.2). A step that moved to another job of the same workflow, or that still runs under another name, is not removed: a renamed step is info.',
  remediation:
    "Put the step back, or say in the pull request why the check is no longer needed (and where it runs now). Keep the names of steps other workflows or branch protection rules refer to.",
  links: [
    {
      title: "Can LLMs Write CI? (Ghaleb and Rathnayake, ICSME 2025, arXiv 2507.17165)",
      url: "https://arxiv.org/abs/2507.17165",
    },
    WORKFLOW_LINKS.secureUse,
    {
      title: "About protected branches: require status checks",
      url: "https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-protected-branches/about-protected-branches#require-status-checks-before-merging",
    },
  ],
  examples: {
    valid: [
      wf(
        "the test step moves to its own job",
        BASE.replace(
          "      - name: Unit tests\n        run: npm test\n",
          "  test:\n    runs-on: ubuntu-latest\n    steps:\n      - name: Unit tests\n        run: npm test\n",
        ),
        { base: BASE },
      ),
      wf(
        "a step added, none removed",
        dedent`
        ${BASE}      - name: Lint
                run: npm run lint
      `,
        { base: BASE },
      ),
    ],
    invalid: [
      wfInvalid(
        "the unit tests are dropped",
        BASE.replace("      - name: Unit tests\n        run: npm test\n", ""),
        [
          {
            line: 7,
            column: 5,
            severity: "warning",
            message: /step "Unit tests" \(a test step: npm test\) is removed from job build/,
          },
        ],
        { base: BASE },
      ),
      wfInvalid(
        "the build step is renamed, same command",
        BASE.replace("name: Build", "name: Compile"),
        [{ line: 9, column: 15, severity: "info", message: /step "Build" is renamed "Compile"/ }],
        { base: BASE },
      ),
    ],
  },
  change(c, ctx) {
    for (const w of c.workflows) {
      const head = w.head;
      if (!head) {
        // The whole workflow is gone: say which safeguards went with it.
        const base = w.base;
        if (!base) continue;
        const lost = base.jobs.flatMap((j) => j.steps.map((s) => ({ s, kind: safeguardOf(s) }))).filter((x) => x.kind);
        if (lost.length > 0)
          ctx.report({
            resource: base.resource,
            path: ["jobs"],
            at: "key",
            message: `workflow ${base.doc.file.path} is removed, and with it ${lost.map((x) => `"${stepLabel(x.s)}" (${x.kind})`).join(", ")}`,
          });
        continue;
      }
      const headSteps = head.jobs.flatMap((j) => j.steps);
      const goneJobs = new Map<string, string[]>();
      for (const s of w.steps) {
        if (s.action === "renamed" && s.base && s.head) {
          ctx.report({
            resource: head.resource,
            path: [...s.head.path, "name"],
            severity: "info",
            message: `step "${stepLabel(s.base)}" is renamed "${stepLabel(s.head)}" in job ${s.job}; checks and scripts that name the old step no longer find it`,
          });
          continue;
        }
        if (s.action !== "removed" || !s.base) continue;
        const b = s.base;
        if (headSteps.some((h) => sameWork(b, h))) continue;
        const kind = safeguardOf(b);
        const job = head.jobs.find((j) => j.id === s.job);
        if (!job) {
          if (kind) goneJobs.set(s.job, [...(goneJobs.get(s.job) ?? []), `"${stepLabel(b)}" (${kind})`]);
          continue;
        }
        const what = b.run?.trim().split("\n")[0] ?? b.uses;
        ctx.report({
          resource: head.resource,
          path: [...job.path, "steps"],
          at: "key",
          severity: kind ? "warning" : "info",
          message: `step "${stepLabel(b)}" (${kind ? `a ${kind} step: ` : ""}${what}) is removed from job ${s.job}; nothing in the workflow runs it now`,
        });
      }
      for (const [job, lost] of goneJobs)
        ctx.report({
          resource: head.resource,
          path: ["jobs"],
          at: "key",
          message: `job ${job} is removed, and with it ${lost.join(", ")}`,
        });
    }
  },
});
