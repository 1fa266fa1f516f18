// The expression language: contexts, functions, where each may be used (the contexts
// availability table, as actionlint's availability.go) and the untrusted inputs a script must not
// expand. Sources: GitHub's contexts and expressions references, actionlint (see ../github-actions.ts,
// read 2026-11-29).
import { wellKnownFunctions } from "@actions/expressions/funcs";

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

/**
 * The functions only workflows have, with their allowed argument counts [min, max], as GitHub's
 * workflow schema lists them in its allowed contexts (`hashFiles(1,255)`, `always(0,0)`, …;
 * @actions/workflow-parser 0.3.61, workflow-v1.0.json). The expression parser accepts these beside
 * its own functions.
 */
export const WORKFLOW_FUNCTIONS: Readonly<Record<string, readonly [number, number]>> = {
  hashFiles: [1, 255],
  success: [0, 0],
  always: [0, 0],
  cancelled: [0, 0],
  failure: [0, 0],
};

/**
 * Every function an expression may call, by lower-cased name, with [min, max] arguments: the
 * language's own from GitHub's expression parser (@actions/expressions: contains, startsWith,
 * endsWith, format, join, toJSON, fromJSON, case), then the workflow ones.
 */
export const FUNCTIONS: Readonly<Record<string, readonly [number, number]>> = Object.fromEntries([
  ...Object.entries(wellKnownFunctions).map(([name, f]) => [name, [f.minArgs, f.maxArgs] as const]),
  ...Object.entries(WORKFLOW_FUNCTIONS).map(([name, a]) => [name.toLowerCase(), a]),
]);

/** Every function's name as the documentation writes it, for suggestions. */
export const FUNCTION_NAMES: readonly string[] = [
  ...Object.values(wellKnownFunctions).map((f) => f.name.replace(/Json$/, "JSON")),
  ...Object.keys(WORKFLOW_FUNCTIONS),
];

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
