import { PERMISSION_SCOPES } from "../../catalog/github-actions.js";
import type { Path } from "../../model/path.js";
import { isObject } from "../../model/resource.js";
import type { Job, Workflow } from "../../model/workflow.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { WORKFLOW_LINKS, wf, wfInvalid } from "./_util.js";

const RANK: Record<string, number> = { none: 0, read: 1, write: 2 };
const WORD = ["none", "read", "write"];

/** A job's effective token permissions per scope; undefined: no block, the repository default. */
function effective(w: Workflow, job: Job): { levels: Map<string, number>; path: Path } | undefined {
  const own = job.value.permissions;
  const v = own !== undefined && own !== null ? own : w.value.permissions;
  if (v === undefined || v === null) return undefined;
  const path: Path = own !== undefined && own !== null ? [...job.path, "permissions"] : ["permissions"];
  const levels = new Map<string, number>();
  const all = (n: number) => {
    for (const s of PERMISSION_SCOPES) levels.set(s, n);
  };
  if (v === "read-all") all(1);
  else if (v === "write-all") all(2);
  else {
    all(0);
    if (isObject(v))
      for (const [s, l] of Object.entries(v)) if (typeof l === "string" && l in RANK) levels.set(s, RANK[l] as number);
  }
  return { levels, path };
}

const BASE = dedent`
  name: release
  on: [push]
  permissions:
    contents: read
  jobs:
    publish:
      runs-on: ubuntu-latest
      steps:
        - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
        - run: make publish
`;

export default defineRule({
  id: "ci/permissions-widened",
  category: "ci",
  severity: "warning",
  summary: "A change gives a job's GITHUB_TOKEN more permissions, or removes the permissions block that limited it",
  rationale:
    "GitHub's hardening guide asks for least privilege: set the GITHUB_TOKEN read-only and raise single scopes per job. When a `permissions` block lists any scope, every unlisted scope is `none`; when there is no block at all, the token gets the repository's or organisation's default, which is read and write on every scope in repositories created before February 2023 unless an administrator changed it. So a change that deletes the block, lists `write-all`, or raises a scope from read to write hands every step — every third-party action included — a stronger token. Rewritten workflows drop the block often: on the published data of the \"Can LLMs Write CI?\" study, GPT-4o dropped the reference's `permissions:` block in 41 of 49 workflows (../shared/research/change-review.md §1.2).",
  remediation:
    "Keep the base's permissions and raise only the scope the new step needs, on the job that needs it (`permissions: {contents: read, pull-requests: write}`).",
  links: [
    WORKFLOW_LINKS.secureUse,
    {
      title: "Controlling permissions for GITHUB_TOKEN",
      url: "https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token",
    },
    {
      title: "GitHub changelog 2023-02-02: new repositories default to a read-only GITHUB_TOKEN",
      url: "https://github.blog/changelog/2023-02-02-github-actions-updating-the-default-github_token-permissions-to-read-only/",
    },
  ],
  examples: {
    valid: [
      wf("a scope narrowed", BASE.replace("contents: read", "contents: none"), { base: BASE }),
      wf(
        "the same permissions moved onto the job",
        BASE.replace(
          dedent`
          permissions:
            contents: read
        `,
          "",
        ).replace("    runs-on: ubuntu-latest\n", "    runs-on: ubuntu-latest\n    permissions: {contents: read}\n"),
        { base: BASE },
      ),
    ],
    invalid: [
      wfInvalid(
        "the permissions block is removed",
        BASE.replace(
          dedent`
          permissions:
            contents: read
        `,
          "",
        ),
        [{ line: 4, column: 3, message: /the permissions block that limited job publish's token is removed/ }],
        { base: BASE },
      ),
      wfInvalid(
        "contents raised to write, packages added",
        BASE.replace("  contents: read\n", "  contents: write\n  packages: write\n"),
        [{ line: 3, column: 1, message: /contents read → write, packages none → write/ }],
        { base: BASE },
      ),
    ],
  },
  change(c, ctx) {
    for (const w of c.workflows) {
      const { base, head } = w;
      if (!base || !head) continue;
      const seen = new Set<string>();
      for (const hj of head.jobs) {
        // A renamed job is compared with the job it was.
        const was = w.jobs.find((j) => j.id === hj.id && j.action === "renamed")?.from ?? hj.id;
        const bj = base.jobs.find((j) => j.id === was);
        if (!bj) continue;
        const b = effective(base, bj);
        if (!b) continue;
        const h = effective(head, hj);
        let path: Path;
        let message: string;
        if (!h) {
          path = [...hj.path];
          message = `the permissions block that limited job ${hj.id}'s token is removed: it now gets the repository's default permissions (read and write on every scope in repositories created before February 2023)`;
        } else {
          const raised = PERMISSION_SCOPES.filter((s) => (h.levels.get(s) ?? 0) > (b.levels.get(s) ?? 0));
          if (raised.length === 0) continue;
          path = h.path;
          const list = raised.map((s) => `${s} ${WORD[b.levels.get(s) ?? 0]} → ${WORD[h.levels.get(s) ?? 0]}`);
          message = `the token of job ${hj.id} gets more permissions: ${list.length > 4 ? `${list.slice(0, 4).join(", ")} and ${list.length - 4} more` : list.join(", ")}`;
        }
        const key = path.join("\u0000");
        if (seen.has(key)) continue;
        seen.add(key);
        ctx.report({ resource: head.resource, path, at: "key", message });
      }
    }
  },
});
