// The keys each part of a workflow and an action.yml accepts (ci/unknown-key, ci/missing-key).
// Source: GitHub's workflow syntax, reusable workflows and action metadata syntax references (see
// ../github-actions.ts for the addresses, read 2026-11-29).

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
