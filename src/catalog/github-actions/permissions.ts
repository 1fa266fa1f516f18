// GITHUB_TOKEN permission scopes, and what makes a missing `permissions` block matter
// (ci/permissions). Sources: GitHub's workflow syntax (permissions) and secure-use references, zizmor's
// excessive-permissions audit (see ../github-actions.ts, read 2026-11-29); the scopes and their levels
// from GitHub's workflow schema (schema.generated.ts, `npm run gen-github-actions`).
import { SCHEMA_PERMISSIONS } from "./schema.generated.js";

/** GITHUB_TOKEN permission scopes (GitHub's workflow schema: schema.generated.ts). */
export const PERMISSION_SCOPES: readonly string[] = Object.keys(SCHEMA_PERMISSIONS);
/** The levels each scope accepts: `id-token` has no read, `models` no write. */
export const PERMISSION_SCOPE_LEVELS: Readonly<Record<string, readonly string[]>> = SCHEMA_PERMISSIONS;
export const PERMISSION_LEVELS = ["read", "write", "none"];
export const PERMISSION_BLOCK_VALUES = ["read-all", "write-all"];

// ---------------------------------------------------------------------------------------------
// What makes a missing `permissions` block matter (ci/permissions). A workflow that writes with
// its token, reads other secrets, or runs on an event anyone can trigger with a write token is the
// one a compromised step can abuse; a workflow that only builds and tests reads the repository.
// Sources: "Controlling permissions for GITHUB_TOKEN" and "Secure use reference" (GitHub docs);
// zizmor's excessive-permissions audit; the actions' own READMEs for the scopes they ask for.
// ---------------------------------------------------------------------------------------------

/**
 * Events whose runs get the base repository's token (write by default) and secrets, and that people
 * outside the repository trigger: pull requests from forks, comments, issues and discussions.
 */
export const PERMISSION_SENSITIVE_EVENTS = [
  "pull_request_target",
  "workflow_run",
  "issue_comment",
  "issues",
  "discussion",
  "discussion_comment",
];

/**
 * Actions (`owner/repo` or `owner/repo/path`, lower case, matched as a prefix) that write with
 * the token or publish and deploy: releases, pages, commits and pull requests, issue triage,
 * package registries, attestations, code-scanning uploads, cloud logins through OIDC.
 */
export const WRITING_ACTIONS = [
  "actions/create-release",
  "actions/upload-release-asset",
  "actions/deploy-pages",
  "actions/stale",
  "actions/labeler",
  "actions/first-interaction",
  "actions/github-script",
  "actions/attest-build-provenance",
  "actions/attest",
  "github/codeql-action/upload-sarif",
  "github/codeql-action/analyze",
  "softprops/action-gh-release",
  "ncipollo/release-action",
  "marvinpinto/action-automatic-releases",
  "googleapis/release-please-action",
  "google-github-actions/release-please-action",
  "release-drafter/release-drafter",
  "changesets/action",
  "peaceiris/actions-gh-pages",
  "jamesives/github-pages-deploy-action",
  "peter-evans/create-pull-request",
  "peter-evans/create-or-update-comment",
  "stefanzweifel/git-auto-commit-action",
  "endbug/add-and-commit",
  "ad-m/github-push-action",
  "docker/login-action",
  "pypa/gh-action-pypi-publish",
  "js-devtools/npm-publish",
  "aws-actions/configure-aws-credentials",
  "azure/login",
  "azure/webapps-deploy",
  "google-github-actions/auth",
  "google-github-actions/deploy-",
  "hashicorp/vault-action",
];

/** `run:` commands that write to the repository or publish (matched against the whole script, continuation lines joined). */
export const WRITING_COMMANDS: ReadonlyArray<{ pattern: RegExp; what: string }> = [
  { pattern: /\bgit\s+push\b/, what: "git push" },
  {
    pattern:
      /\bgh\s+(pr|issue)\b[^|;&\n]*?\s(create|edit|comment|close|merge|review|reopen|lock|unlock|ready|delete|pin|transfer)\b/,
    what: "gh pr/issue",
  },
  { pattern: /\bgh\s+release\b[^|;&\n]*?\s(create|upload|edit|delete)\b/, what: "gh release" },
  { pattern: /\bgh\s+(label|secret|variable)\s+(create|edit|delete|set|clone)\b/, what: "gh" },
  {
    pattern: /\bgh\s+api\s+(?!graphql\b).*(\s(-X|--method)\s*(POST|PUT|PATCH|DELETE)\b|\s-[fF]\s|\s--(raw-)?field\b)/,
    what: "gh api",
  },
  { pattern: /\bgh\s+api\s+graphql\b[\s\S]*\bmutation\b/, what: "gh api graphql mutation" },
  { pattern: /\b(npm|yarn|pnpm)\s+publish\b/, what: "npm publish" },
  { pattern: /\btwine\s+upload\b/, what: "twine upload" },
  { pattern: /\b(poetry|uv|cargo|flit|hatch)\s+publish\b/, what: "publish" },
  { pattern: /\bgem\s+push\b/, what: "gem push" },
  { pattern: /\b(dotnet\s+nuget|nuget)\s+push\b/, what: "nuget push" },
  { pattern: /\bdocker\s+(image\s+)?push\b/, what: "docker push" },
  { pattern: /\bmvn\b.*\bdeploy\b/, what: "mvn deploy" },
  { pattern: /\bcurl\b.*api\.github\.com.*(-X\s*(POST|PUT|PATCH|DELETE)\b|\s(-d|--data)\b)/, what: "GitHub API write" },
];
