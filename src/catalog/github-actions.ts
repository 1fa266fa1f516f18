// GitHub Actions facts the `ci` rules check against. Data only, no logic.
//
// Sources (read 2026-11-29):
// - Workflow syntax: https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax
// - Events that trigger workflows (event names, activity types, filters):
//   https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows
// - Contexts availability table: https://docs.github.com/en/actions/reference/workflows-and-actions/contexts#context-availability
//   (the same table as actionlint's availability.go, rhysd/actionlint @ 011a6d15)
// - Expressions and functions: https://docs.github.com/en/actions/reference/workflows-and-actions/expressions
// - Reusable workflows (keys a calling job may use):
//   https://docs.github.com/en/actions/reference/workflows-and-actions/reusable-workflows
// - Metadata syntax for actions (action.yml): https://docs.github.com/en/actions/reference/workflows-and-actions/metadata-syntax
// - GitHub-hosted runner labels: https://docs.github.com/en/actions/reference/runners/github-hosted-runners
// - GITHUB_TOKEN permission scopes: https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#permissions
// - Outdated popular actions: actionlint's OutdatedPopularActionSpecs (popular_actions.go @ 011a6d15)
// - Untrusted inputs for script injection: actionlint docs/checks.md "Script injection by untrusted inputs" and
//   https://docs.github.com/en/actions/concepts/security/script-injections

export const CATALOG_READ = "2026-11-29";

/** Keys of a workflow file's top level. `on` and `jobs` are required. */
export const WORKFLOW_KEYS = ["name", "run-name", "on", "permissions", "env", "defaults", "concurrency", "jobs"];

/** Keys of `jobs.<job_id>` for a job that runs steps. */
export const JOB_KEYS = [
  "name",
  "needs",
  "runs-on",
  "permissions",
  "environment",
  "concurrency",
  "outputs",
  "env",
  "defaults",
  "if",
  "steps",
  "timeout-minutes",
  "strategy",
  "continue-on-error",
  "container",
  "services",
  "uses",
  "with",
  "secrets",
  "snapshot",
];

/** Keys a job calling a reusable workflow (`jobs.<job_id>.uses`) may use. */
export const REUSABLE_CALL_JOB_KEYS = [
  "name",
  "uses",
  "with",
  "secrets",
  "strategy",
  "needs",
  "if",
  "concurrency",
  "permissions",
];

export const STEP_KEYS = [
  "id",
  "if",
  "name",
  "uses",
  "run",
  "shell",
  "with",
  "env",
  "continue-on-error",
  "timeout-minutes",
  "working-directory",
];

export const STRATEGY_KEYS = ["matrix", "fail-fast", "max-parallel"];
export const CONTAINER_KEYS = ["image", "credentials", "env", "ports", "volumes", "options"];
export const DEFAULTS_KEYS = ["run"];
export const DEFAULTS_RUN_KEYS = ["shell", "working-directory"];
export const CONCURRENCY_KEYS = ["group", "cancel-in-progress"];
export const ENVIRONMENT_KEYS = ["name", "url", "deployment"];

/** action.yml top level; `runs` keys for composite, JavaScript and Docker actions. */
export const ACTION_KEYS = ["name", "author", "description", "inputs", "outputs", "runs", "branding"];
export const ACTION_RUNS_KEYS = [
  "using",
  "steps",
  "main",
  "pre",
  "post",
  "pre-if",
  "post-if",
  "image",
  "env",
  "args",
  "entrypoint",
  "pre-entrypoint",
  "post-entrypoint",
];
export const COMPOSITE_STEP_KEYS = [
  "id",
  "if",
  "name",
  "uses",
  "run",
  "shell",
  "with",
  "env",
  "continue-on-error",
  "working-directory",
];

/** Filters accepted under each event's mapping (beyond `types`). */
const BRANCH_PATH_FILTERS = ["branches", "branches-ignore", "paths", "paths-ignore"];

export interface EventSpec {
  /** Activity types for `types:`; undefined when the event has none, "any" when any string goes. */
  types?: readonly string[] | "any";
  /** Keys allowed in the event's mapping. */
  keys: readonly string[];
}

const PR_TYPES = [
  "assigned",
  "unassigned",
  "labeled",
  "unlabeled",
  "opened",
  "edited",
  "closed",
  "reopened",
  "synchronize",
  "converted_to_draft",
  "ready_for_review",
  "locked",
  "unlocked",
  "review_requested",
  "review_request_removed",
  "auto_merge_enabled",
  "auto_merge_disabled",
  "milestoned",
  "demilestoned",
  "enqueued",
  "dequeued",
];

const t = (types: readonly string[] | "any", extra: readonly string[] = []): EventSpec => ({
  types,
  keys: ["types", ...extra],
});
const none: EventSpec = { keys: [] };

/** Every event that can trigger a workflow, with its activity types and filters. */
export const EVENTS: Readonly<Record<string, EventSpec>> = {
  branch_protection_rule: t(["created", "edited", "deleted"]),
  check_run: t(["created", "rerequested", "completed", "requested_action"]),
  check_suite: t(["completed"]),
  create: none,
  delete: none,
  deployment: none,
  deployment_status: none,
  discussion: t([
    "created",
    "edited",
    "deleted",
    "transferred",
    "pinned",
    "unpinned",
    "labeled",
    "unlabeled",
    "locked",
    "unlocked",
    "category_changed",
    "answered",
    "unanswered",
  ]),
  discussion_comment: t(["created", "edited", "deleted"]),
  fork: none,
  gollum: none,
  image_version: t(["created", "ready", "deleted"], ["names", "versions"]),
  issue_comment: t(["created", "edited", "deleted"]),
  issues: t([
    "opened",
    "edited",
    "deleted",
    "transferred",
    "pinned",
    "unpinned",
    "closed",
    "reopened",
    "assigned",
    "unassigned",
    "labeled",
    "unlabeled",
    "locked",
    "unlocked",
    "milestoned",
    "demilestoned",
    "typed",
    "untyped",
  ]),
  label: t(["created", "edited", "deleted"]),
  merge_group: t(["checks_requested"]),
  milestone: t(["created", "closed", "opened", "edited", "deleted"]),
  page_build: none,
  project: t(["created", "closed", "reopened", "edited", "deleted"]),
  project_card: t(["created", "moved", "converted", "edited", "deleted"]),
  project_column: t(["created", "updated", "moved", "deleted"]),
  public: none,
  pull_request: t(PR_TYPES, BRANCH_PATH_FILTERS),
  pull_request_review: t(["submitted", "edited", "dismissed"]),
  pull_request_review_comment: t(["created", "edited", "deleted"]),
  pull_request_target: t(PR_TYPES, BRANCH_PATH_FILTERS),
  push: { keys: [...BRANCH_PATH_FILTERS, "tags", "tags-ignore"] },
  registry_package: t(["published", "updated"]),
  release: t(["published", "unpublished", "created", "edited", "deleted", "prereleased", "released"]),
  repository_dispatch: t("any"),
  schedule: none,
  status: none,
  watch: t(["started"]),
  workflow_call: { keys: ["inputs", "outputs", "secrets"] },
  workflow_dispatch: { keys: ["inputs"] },
  workflow_run: t(["completed", "requested", "in_progress"], ["workflows", "branches", "branches-ignore"]),
};

/** Events whose workflows run with the base repository's token and secrets on code others control. */
export const PRIVILEGED_EVENTS = ["pull_request_target", "workflow_run"];

/** Events that run workflows for pull requests, including those from forks. */
export const FORK_PR_EVENTS = [
  "pull_request",
  "pull_request_target",
  "pull_request_review",
  "pull_request_review_comment",
];

/** GITHUB_TOKEN permission scopes and the whole-block forms. */
export const PERMISSION_SCOPES = [
  "actions",
  "artifact-metadata",
  "attestations",
  "checks",
  "contents",
  "deployments",
  "discussions",
  "id-token",
  "issues",
  "models",
  "packages",
  "pages",
  "pull-requests",
  "repository-projects",
  "security-events",
  "statuses",
];
export const PERMISSION_LEVELS = ["read", "write", "none"];
export const PERMISSION_BLOCK_VALUES = ["read-all", "write-all"];

/** Contexts an expression may name. */
export const CONTEXTS = [
  "github",
  "env",
  "vars",
  "job",
  "jobs",
  "steps",
  "runner",
  "secrets",
  "strategy",
  "matrix",
  "needs",
  "inputs",
];

/** Functions of the expression language, with their allowed argument counts [min, max]. */
export const FUNCTIONS: Readonly<Record<string, readonly [number, number]>> = {
  contains: [2, 2],
  startswith: [2, 2],
  endswith: [2, 2],
  format: [1, 255],
  join: [1, 2],
  tojson: [1, 1],
  fromjson: [1, 1],
  hashfiles: [1, 255],
  success: [0, 0],
  always: [0, 0],
  cancelled: [0, 0],
  failure: [0, 0],
  case: [3, 255],
};

/** Status and file functions, available only where the availability table says. */
export const STATUS_FUNCTIONS = ["always", "cancelled", "success", "failure"];

const STEP_CTX = [
  "github",
  "needs",
  "strategy",
  "matrix",
  "job",
  "runner",
  "env",
  "vars",
  "secrets",
  "steps",
  "inputs",
];
const STEP_CTX_NO_SECRETS = STEP_CTX.filter((c) => c !== "secrets");

export interface Availability {
  contexts: readonly string[];
  functions: readonly string[];
}

/**
 * Which contexts and special functions each workflow key allows, keyed by the docs' key pattern.
 * Generic functions (contains, format, toJSON, …) are allowed everywhere.
 */
export const AVAILABILITY: Readonly<Record<string, Availability>> = {
  "run-name": { contexts: ["github", "inputs", "vars"], functions: [] },
  concurrency: { contexts: ["github", "inputs", "vars"], functions: [] },
  env: { contexts: ["github", "secrets", "inputs", "vars"], functions: [] },
  "on.workflow_call.inputs.<inputs_id>.default": { contexts: ["github", "inputs", "vars"], functions: [] },
  "on.workflow_call.outputs.<output_id>.value": { contexts: ["github", "jobs", "vars", "inputs"], functions: [] },
  "jobs.<job_id>.concurrency": { contexts: ["github", "needs", "strategy", "matrix", "inputs", "vars"], functions: [] },
  "jobs.<job_id>.container": { contexts: ["github", "needs", "strategy", "matrix", "vars", "inputs"], functions: [] },
  "jobs.<job_id>.container.credentials": {
    contexts: ["github", "needs", "strategy", "matrix", "env", "vars", "secrets", "inputs"],
    functions: [],
  },
  "jobs.<job_id>.container.env.<env_id>": {
    contexts: ["github", "needs", "strategy", "matrix", "job", "runner", "env", "vars", "secrets", "inputs"],
    functions: [],
  },
  "jobs.<job_id>.continue-on-error": {
    contexts: ["github", "needs", "strategy", "vars", "matrix", "inputs"],
    functions: [],
  },
  "jobs.<job_id>.defaults.run": {
    contexts: ["github", "needs", "strategy", "matrix", "env", "vars", "inputs"],
    functions: [],
  },
  "jobs.<job_id>.env": {
    contexts: ["github", "needs", "strategy", "matrix", "vars", "secrets", "inputs"],
    functions: [],
  },
  "jobs.<job_id>.environment": { contexts: ["github", "needs", "strategy", "matrix", "vars", "inputs"], functions: [] },
  "jobs.<job_id>.environment.url": {
    contexts: ["github", "needs", "strategy", "matrix", "job", "runner", "env", "vars", "steps", "inputs"],
    functions: [],
  },
  "jobs.<job_id>.if": { contexts: ["github", "needs", "vars", "inputs"], functions: STATUS_FUNCTIONS },
  "jobs.<job_id>.name": { contexts: ["github", "needs", "strategy", "matrix", "vars", "inputs"], functions: [] },
  "jobs.<job_id>.outputs.<output_id>": {
    contexts: ["github", "needs", "strategy", "matrix", "job", "runner", "env", "vars", "secrets", "steps", "inputs"],
    functions: [],
  },
  "jobs.<job_id>.runs-on": { contexts: ["github", "needs", "strategy", "matrix", "vars", "inputs"], functions: [] },
  "jobs.<job_id>.secrets.<secrets_id>": {
    contexts: ["github", "needs", "strategy", "matrix", "secrets", "inputs", "vars"],
    functions: [],
  },
  "jobs.<job_id>.services": { contexts: ["github", "needs", "strategy", "matrix", "vars", "inputs"], functions: [] },
  "jobs.<job_id>.services.<service_id>.credentials": {
    contexts: ["github", "needs", "strategy", "matrix", "env", "vars", "secrets", "inputs"],
    functions: [],
  },
  "jobs.<job_id>.services.<service_id>.env.<env_id>": {
    contexts: ["github", "needs", "strategy", "matrix", "job", "runner", "env", "vars", "secrets", "inputs"],
    functions: [],
  },
  "jobs.<job_id>.steps.continue-on-error": { contexts: STEP_CTX, functions: ["hashFiles"] },
  "jobs.<job_id>.steps.env": { contexts: STEP_CTX, functions: ["hashFiles"] },
  "jobs.<job_id>.steps.if": { contexts: STEP_CTX_NO_SECRETS, functions: [...STATUS_FUNCTIONS, "hashFiles"] },
  "jobs.<job_id>.steps.name": { contexts: STEP_CTX, functions: ["hashFiles"] },
  "jobs.<job_id>.steps.run": { contexts: STEP_CTX, functions: ["hashFiles"] },
  "jobs.<job_id>.steps.timeout-minutes": { contexts: STEP_CTX, functions: ["hashFiles"] },
  "jobs.<job_id>.steps.with": { contexts: STEP_CTX, functions: ["hashFiles"] },
  "jobs.<job_id>.steps.working-directory": { contexts: STEP_CTX, functions: ["hashFiles"] },
  "jobs.<job_id>.strategy": { contexts: ["github", "needs", "vars", "inputs"], functions: [] },
  "jobs.<job_id>.timeout-minutes": {
    contexts: ["github", "needs", "strategy", "matrix", "vars", "inputs"],
    functions: [],
  },
  "jobs.<job_id>.with.<with_id>": {
    contexts: ["github", "needs", "strategy", "matrix", "inputs", "vars"],
    functions: [],
  },
};

/**
 * Untrusted values an attacker controls through a pull request, issue, comment or commit, as dotted
 * patterns over the expression's property path (`*` matches one segment, including `[…]` filters).
 */
export const UNTRUSTED_INPUTS = [
  "github.event.issue.title",
  "github.event.issue.body",
  "github.event.pull_request.title",
  "github.event.pull_request.body",
  "github.event.comment.body",
  "github.event.review.body",
  "github.event.review_comment.body",
  "github.event.pages.*.page_name",
  "github.event.commits.*.message",
  "github.event.commits.*.author.email",
  "github.event.commits.*.author.name",
  "github.event.head_commit.message",
  "github.event.head_commit.author.email",
  "github.event.head_commit.author.name",
  "github.event.head_commit.committer.email",
  "github.event.head_commit.committer.name",
  "github.event.pull_request.head.ref",
  "github.event.pull_request.head.label",
  "github.event.pull_request.head.repo.default_branch",
  "github.event.workflow_run.head_branch",
  "github.event.workflow_run.head_commit.message",
  "github.event.workflow_run.head_commit.author.email",
  "github.event.workflow_run.head_commit.author.name",
  "github.event.discussion.title",
  "github.event.discussion.body",
  "github.event.*.body",
  "github.event.*.title",
  "github.head_ref",
];

/**
 * Popular actions whose listed major versions run on a Node.js runtime GitHub no longer supports
 * (actionlint's OutdatedPopularActionSpecs); the next major version is the first supported one.
 */
export const OUTDATED_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  "actions/checkout": ["v1", "v2", "v3"],
  "actions/setup-node": ["v1", "v2", "v3"],
  "actions/setup-java": ["v1", "v2", "v3"],
  "actions/cache": ["v1", "v2", "v3"],
  "actions/upload-artifact": ["v1", "v2", "v3"],
  "actions/download-artifact": ["v1", "v2", "v3"],
  "actions/setup-python": ["v1", "v2", "v3", "v4"],
  "actions/setup-go": ["v1", "v2", "v3", "v4"],
};

/** Owners whose actions GitHub itself publishes. */
export const FIRST_PARTY_OWNERS = ["actions", "github"];

/** GitHub-hosted runner labels (standard and arm64; retired images kept so old workflows read as known). */
export const GITHUB_HOSTED_LABELS = [
  "ubuntu-latest",
  "ubuntu-24.04",
  "ubuntu-22.04",
  "ubuntu-20.04",
  "ubuntu-18.04",
  "ubuntu-slim",
  "ubuntu-24.04-arm",
  "ubuntu-22.04-arm",
  "windows-latest",
  "windows-2025",
  "windows-2022",
  "windows-2019",
  "windows-11-arm",
  "macos-latest",
  "macos-26",
  "macos-15",
  "macos-15-intel",
  "macos-14",
  "macos-13",
  "macos-12",
  "macos-11",
  "macos-latest-large",
  "macos-26-large",
  "macos-15-large",
  "macos-14-large",
  "macos-13-large",
  "macos-latest-xlarge",
  "macos-26-xlarge",
  "macos-15-xlarge",
  "macos-14-xlarge",
  "macos-13-xlarge",
];

/** Labels a self-hosted runner carries by default. */
export const SELF_HOSTED_DEFAULT_LABELS = ["self-hosted", "linux", "windows", "macos", "x64", "arm", "arm64"];

/**
 * Label words that mark a GPU runner: generic words and accelerator models. Matched against each
 * `-`/`_`-separated word of a label, case-insensitively.
 */
export const GPU_LABEL_WORDS = [
  "gpu",
  "gpus",
  "cuda",
  "nvidia",
  "rocm",
  "a100",
  "a10",
  "a10g",
  "a40",
  "a6000",
  "h100",
  "h200",
  "h20",
  "b200",
  "b300",
  "gb200",
  "l4",
  "l40",
  "l40s",
  "t4",
  "v100",
  "p100",
  "k80",
  "rtx",
  "mi250",
  "mi300",
  "mi300x",
  "tpu",
];

/** Maximum number of jobs a matrix may generate per workflow run. */
export const MAX_MATRIX_JOBS = 256;

/** Default job timeout when `timeout-minutes` is not set. */
export const DEFAULT_JOB_TIMEOUT_MINUTES = 360;

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
