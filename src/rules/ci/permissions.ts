// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ }} is GitHub Actions expression syntax, not a JS template
import {
  FIRST_PARTY_OWNERS,
  PERMISSION_BLOCK_VALUES,
  PERMISSION_LEVELS,
  PERMISSION_SCOPE_LEVELS,
  PERMISSION_SCOPES,
  PERMISSION_SENSITIVE_EVENTS,
  WRITING_ACTIONS,
  WRITING_COMMANDS,
} from "../../catalog/github-actions.js";
import type { Path } from "../../model/path.js";
import { isObject } from "../../model/resource.js";
import { type Job, parseUses, type Workflow } from "../../model/workflow.js";
import { dedent } from "../../util/dedent.js";
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
    else if (!(PERMISSION_SCOPE_LEVELS[scope] ?? PERMISSION_LEVELS).includes(level))
      report(
        ctx,
        w,
        [...path, scope],
        `permission "${scope}" cannot be "${level}": GitHub accepts only ${(PERMISSION_SCOPE_LEVELS[scope] ?? []).join(" or ")} for it`,
        { severity: "error" },
      );
  }
}

/**
 * Why a missing block matters for the jobs that run with the default token: an event outsiders
 * trigger, secrets other than GITHUB_TOKEN, the token handed to a third-party action, or steps
 * that write, publish or deploy. Empty: it matters little (the jobs only read).
 */
export function permissionReasons(w: Workflow, jobs: readonly Job[]): string[] {
  const reasons: string[] = [];
  const list = (xs: Set<string>, max: number) => {
    const a = [...xs];
    return `${a.slice(0, max).join(", ")}${a.length > max ? ` and ${a.length - max} more` : ""}`;
  };
  const events = new Set(w.triggers.map((t) => t.event).filter((e) => PERMISSION_SENSITIVE_EVENTS.includes(e)));
  if (events.size > 0) reasons.push(`runs on ${list(events, 3)}`);
  const ids = new Set(jobs.map((j) => j.id));
  const secrets = new Set<string>();
  const handed = new Set<string>();
  for (const e of w.expressions) {
    if (e.job ? !ids.has(e.job.id) : e.path[0] === "jobs") continue;
    for (const r of e.parsed.refs) {
      const name = r.path[0];
      const isToken =
        (r.root === "secrets" && name?.toUpperCase() === "GITHUB_TOKEN") || (r.root === "github" && name === "token");
      if (r.root === "secrets" && !isToken)
        secrets.add(name === undefined || name === "*" ? "secrets" : `secrets.${name}`);
      const where = e.step ? e.path[e.step.path.length] : undefined;
      const u = e.step?.uses ? parseUses(e.step.uses) : undefined;
      const owner = u?.repo?.split("/")[0]?.toLowerCase();
      if (isToken && (where === "with" || where === "env") && u?.repo && owner && !FIRST_PARTY_OWNERS.includes(owner))
        handed.add(u.repo);
    }
  }
  for (const j of jobs) if (j.value.secrets === "inherit") secrets.add("secrets: inherit");
  if (secrets.size > 0) reasons.push(`reads ${list(secrets, 2)}`);
  const writes = new Set<string>();
  for (const j of jobs) {
    const env = j.value.environment;
    if (env !== undefined)
      writes.add(
        typeof env === "string"
          ? `environment "${env}"`
          : isObject(env) && typeof env.name === "string"
            ? `environment "${env.name}"`
            : "an environment",
      );
    for (const s of j.steps) {
      if (s.uses) {
        const u = parseUses(s.uses);
        const name = u?.repo ? `${u.repo}${u.subpath ? `/${u.subpath}` : ""}`.toLowerCase() : undefined;
        if (u?.repo && name && WRITING_ACTIONS.some((a) => name.startsWith(a))) writes.add(u.repo);
      }
      if (s.run) {
        const script = s.run.replace(/\\\r?\n/g, " ");
        for (const c of WRITING_COMMANDS) if (c.pattern.test(script)) writes.add(c.what);
      }
    }
  }
  for (const a of writes) handed.delete(a);
  if (handed.size > 0) reasons.push(`hands the token to ${list(handed, 2)}`);
  if (writes.size > 0) reasons.push(`has steps that write, publish or deploy (${list(writes, 3)})`);
  return reasons;
}

export default defineRule({
  id: "ci/permissions",
  category: "ci",
  severity: "warning",
  sources: [{ tool: "zizmor", check: "excessive-permissions" }],
  summary:
    "The workflow has no top-level `permissions` (the GITHUB_TOKEN gets the repository default) where it matters, or uses `write-all`",
  rationale:
    "Without a `permissions` block every job's GITHUB_TOKEN gets the repository's default — read/write on contents, packages, pull requests and more in repositories and organisations that have not changed it — so one compromised step or action can push code or publish packages. LLM-written workflows drop an existing `permissions` block most of the time. `write-all` is worse: every scope writable. The missing block is a warning when it matters — the workflow reads secrets other than GITHUB_TOKEN, hands the token to a third-party action, runs on an event outsiders trigger (`pull_request_target`, `workflow_run`, `issue_comment`, `issues`, discussions), or has steps that push, release, publish, comment or deploy (`git push`, `gh pr`/`gh release`, release and deployment actions, cloud logins, a deployment `environment`) — and info otherwise, since a workflow that only builds and tests reads the repository either way.",
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
        dedent`
          on: push
          permissions:
            contents: read
          jobs:
            publish:
              permissions:
                contents: read
                packages: write
              runs-on: ubuntu-latest
              steps: [{run: make publish}]
        `,
      ),
      wf(
        "scopes from GitHub's schema, each at a level it takes",
        dedent`
          on: push
          permissions:
            contents: read
            code-quality: read
            models: read
            id-token: write
          jobs:
            a:
              runs-on: ubuntu-latest
              steps: [{run: make}]
        `,
      ),
    ],
    invalid: [
      wfInvalid(
        "no permissions block in a workflow that publishes with a secret",
        dedent`
          on: push
          jobs:
            release:
              runs-on: ubuntu-latest
              steps:
                - run: make dist
                - run: twine upload dist/*
                  env:
                    TWINE_PASSWORD: \${{ secrets.PYPI_TOKEN }}
        `,
        [
          {
            line: 1,
            column: 1,
            severity: "warning",
            message:
              /no top-level "permissions" and reads secrets\.PYPI_TOKEN; has steps that write, publish or deploy \(twine upload\)/,
          },
        ],
      ),
      wfInvalid(
        "no permissions block on issue_comment",
        dedent`
          on: issue_comment
          jobs:
            triage:
              runs-on: ubuntu-latest
              steps:
                - run: echo triage
        `,
        [{ line: 1, column: 1, severity: "warning", message: /and runs on issue_comment:/ }],
      ),
      wfInvalid(
        "no permissions block, and the token handed to a third-party action",
        dedent`
          on: push
          jobs:
            label:
              runs-on: ubuntu-latest
              steps:
                - uses: some-org/add-labels@0123456789abcdef0123456789abcdef01234567
                  with:
                    github_token: \${{ secrets.GITHUB_TOKEN }}
        `,
        [{ line: 1, column: 1, severity: "warning", message: /and hands the token to some-org\/add-labels:/ }],
      ),
      wfInvalid(
        "no permissions block in a workflow that only builds (info)",
        dedent`
          on: push
          jobs:
            a:
              runs-on: ubuntu-latest
              steps: [{run: make}]
        `,
        [{ line: 1, column: 1, severity: "info", message: /no top-level "permissions"; it only reads/ }],
      ),
      wfInvalid(
        "write-all and a misspelt scope",
        dedent`
          on: push
          permissions: write-all
          jobs:
            a:
              permissions:
                pull-request: write
              runs-on: ubuntu-latest
              steps: [{run: make}]
        `,
        [
          { line: 2, column: 14, severity: "error", message: /write-all/ },
          { line: 6, column: 7, severity: "error", message: /did you mean "pull-requests"\?/ },
        ],
      ),
      wfInvalid(
        "a level the scope does not have (id-token is write or none)",
        dedent`
          on: push
          permissions:
            contents: read
            id-token: read
          jobs:
            a:
              runs-on: ubuntu-latest
              steps: [{run: make}]
        `,
        [
          {
            line: 4,
            column: 13,
            severity: "error",
            message: /"id-token" cannot be "read": GitHub accepts only write or none/,
          },
        ],
      ),
    ],
  },
  workflow(w, ctx) {
    if (w.kind !== "Workflow") return;
    checkBlock(ctx, w, w.value.permissions, ["permissions"]);
    for (const job of w.jobs) checkBlock(ctx, w, job.value.permissions, [...job.path, "permissions"]);
    if (w.value.permissions !== undefined || w.jobs.length === 0) return;
    // A reusable workflow gets its token from the caller; every job scoped is as good as a top block.
    if (w.triggers.length > 0 && w.triggers.every((t) => t.event === "workflow_call")) return;
    const open = w.jobs.filter((j) => j.value.permissions === undefined);
    if (open.length === 0) return;
    const reasons = permissionReasons(w, open);
    if (reasons.length > 0)
      report(
        ctx,
        w,
        [],
        `the workflow has no top-level "permissions" and ${reasons.join("; ")}: jobs without their own block get the repository's default GITHUB_TOKEN scopes (read/write in many repositories); add "permissions: { contents: read }" and raise scopes per job`,
      );
    else
      report(
        ctx,
        w,
        [],
        'the workflow has no top-level "permissions"; it only reads (no secret but GITHUB_TOKEN, no privileged event, no step that writes), so the default token matters little here; "permissions: { contents: read }" makes that explicit',
        { severity: "info" },
      );
  },
});
