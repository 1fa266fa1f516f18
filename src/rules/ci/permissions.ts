import { PERMISSION_BLOCK_VALUES, PERMISSION_LEVELS, PERMISSION_SCOPES } from "../../catalog/github-actions.js";
import type { Path } from "../../model/path.js";
import { isObject } from "../../model/resource.js";
import { type Workflow, workflowsOf } from "../../model/workflow.js";
import { didYouMean } from "../../util/suggest.js";
import { defineRule, type RuleContext } from "../types.js";
import { report, WORKFLOW_LINKS, wf, wfInvalid } from "./_util.js";

function checkBlock(ctx: RuleContext, w: Workflow, v: unknown, path: Path) {
  if (v === undefined || v === null) return;
  if (typeof v === "string") {
    if (v === "write-all")
      report(
        ctx,
        w,
        path,
        '"permissions: write-all" gives the GITHUB_TOKEN write access to every scope; list only the scopes the job needs',
        {
          severity: "error",
        },
      );
    else if (!PERMISSION_BLOCK_VALUES.includes(v))
      report(ctx, w, path, `"${v}" is not a permissions value (read-all, write-all, {} or a mapping of scopes)`, {
        severity: "error",
      });
    return;
  }
  if (!isObject(v)) return;
  for (const [scope, level] of Object.entries(v)) {
    if (!PERMISSION_SCOPES.includes(scope)) {
      const guess = didYouMean(scope, PERMISSION_SCOPES);
      report(
        ctx,
        w,
        [...path, scope],
        `unknown permission scope "${scope}"${guess ? `; did you mean "${guess}"?` : ""}`,
        {
          severity: "error",
          at: "key",
        },
      );
    } else if (typeof level !== "string" || !PERMISSION_LEVELS.includes(level))
      report(ctx, w, [...path, scope], `permission "${scope}" must be read, write or none, not "${String(level)}"`, {
        severity: "error",
      });
  }
}

export default defineRule({
  id: "ci/permissions",
  category: "ci",
  severity: "warning",
  summary:
    "The workflow has no top-level `permissions` (the GITHUB_TOKEN gets the repository default), or uses `write-all`",
  rationale:
    "Without a `permissions` block every job's GITHUB_TOKEN gets the repository's default — read/write on contents, packages, pull requests and more in repositories and organisations that have not changed it — so one compromised step or action can push code or publish packages. LLM-written workflows drop an existing `permissions` block most of the time. `write-all` is worse: every scope writable.",
  remediation:
    "Add `permissions:` at the top with the least the workflow needs (often `contents: read`), and raise scopes per job (`id-token: write` for OIDC, `packages: write` to publish).",
  links: [
    {
      title: "Controlling permissions for GITHUB_TOKEN",
      url: "https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token",
    },
    WORKFLOW_LINKS.secureUse,
  ],
  examples: {
    valid: [
      wf(
        "read-only at the top, raised in one job",
        "on: push\npermissions:\n  contents: read\njobs:\n  publish:\n    permissions:\n      contents: read\n      packages: write\n    runs-on: ubuntu-latest\n    steps: [{run: make publish}]\n",
      ),
    ],
    invalid: [
      wfInvalid(
        "no permissions block",
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: make}]\n",
        [{ line: 1, column: 1, message: /no top-level "permissions"/ }],
      ),
      wfInvalid(
        "write-all and a misspelt scope",
        "on: push\npermissions: write-all\njobs:\n  a:\n    permissions:\n      pull-request: write\n    runs-on: ubuntu-latest\n    steps: [{run: make}]\n",
        [
          { line: 2, column: 14, severity: "error", message: /write-all/ },
          { line: 6, column: 7, severity: "error", message: /did you mean "pull-requests"\?/ },
        ],
      ),
    ],
  },
  set(set, ctx) {
    for (const w of workflowsOf(set)) {
      if (w.kind !== "Workflow") continue;
      checkBlock(ctx, w, w.value.permissions, ["permissions"]);
      for (const job of w.jobs) checkBlock(ctx, w, job.value.permissions, [...job.path, "permissions"]);
      if (w.value.permissions !== undefined || w.jobs.length === 0) continue;
      // A reusable workflow gets its token from the caller; every job scoped is as good as a top block.
      if (w.triggers.length > 0 && w.triggers.every((t) => t.event === "workflow_call")) continue;
      if (w.jobs.every((j) => j.value.permissions !== undefined)) continue;
      report(
        ctx,
        w,
        [],
        'the workflow has no top-level "permissions": its jobs get the repository\'s default GITHUB_TOKEN scopes (often read/write); add e.g. "permissions: { contents: read }"',
      );
    }
  },
});
