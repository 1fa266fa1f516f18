// What the Action is asked to do: its inputs (environment variables the runner sets) and the
// event that started the workflow (the webhook payload at $GITHUB_EVENT_PATH). Pure: the caller
// reads the payload file.
import { UsageError } from "../cli/usage.js";
import type { Severity } from "../rules/types.js";

/**
 * The runner passes input `name` as `INPUT_<NAME>`: upper-cased, spaces made underscores, hyphens
 * kept (`fail-on-verdict` is `INPUT_FAIL-ON-VERDICT`; actions/runner#2283 and @actions/core's
 * getInput). An empty value is an input not given.
 */
export function input(env: Record<string, string | undefined>, name: string): string | undefined {
  const v = env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`]?.trim();
  return v === undefined || v === "" ? undefined : v;
}

/** A boolean input, read as @actions/core's getBooleanInput reads one (YAML 1.2 core booleans). */
function booleanInput(env: Record<string, string | undefined>, name: string, fallback: boolean): boolean {
  const v = input(env, name);
  if (v === undefined) return fallback;
  if (["true", "True", "TRUE"].includes(v)) return true;
  if (["false", "False", "FALSE"].includes(v)) return false;
  throw new UsageError(`input ${name}: "${v}" is not true or false`);
}

function oneOf<T extends string>(
  env: Record<string, string | undefined>,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const v = input(env, name) ?? fallback;
  if (!(allowed as readonly string[]).includes(v))
    throw new UsageError(`input ${name}: "${v}" is not one of ${allowed.join(", ")}`);
  return v as T;
}

export interface ActionInputs {
  /** Files or directories, separated by white space or new lines (default: the whole checkout). */
  paths: string[];
  /** `review` on a pull request: the base ref or directory (default: the pull request's base). */
  base: string | undefined;
  failOnVerdict: "review" | "block" | "never";
  failOn: Severity | "never";
  maxCostIncrease: string;
  config: string | undefined;
  token: string | undefined;
  comment: boolean;
  uploadSarif: boolean;
  sarifFile: string | undefined;
  docsUrl: string | undefined;
}

export function readInputs(env: Record<string, string | undefined>): ActionInputs {
  return {
    paths: (input(env, "paths") ?? "").split(/\s+/).filter((p) => p !== ""),
    base: input(env, "base"),
    failOnVerdict: oneOf(env, "fail-on-verdict", ["review", "block", "never"] as const, "block"),
    failOn: oneOf(env, "fail-on", ["error", "warning", "info", "never"] as const, "error"),
    maxCostIncrease: input(env, "max-cost-increase") ?? "0",
    config: input(env, "config"),
    token: input(env, "token"),
    comment: booleanInput(env, "comment", true),
    uploadSarif: booleanInput(env, "upload-sarif", true),
    sarifFile: input(env, "sarif-file"),
    docsUrl: input(env, "docs-url"),
  };
}

export interface PullRequestInfo {
  number: number;
  baseRef: string;
  baseSha: string | undefined;
  headSha: string | undefined;
}

export interface EventContext {
  /** GITHUB_EVENT_NAME: pull_request, pull_request_target, push, … */
  event: string;
  /** owner/name */
  repository: string | undefined;
  /** GITHUB_SHA and GITHUB_REF: the commit and ref the run is for (refs/pull/N/merge on a pull request). */
  sha: string | undefined;
  ref: string | undefined;
  apiUrl: string;
  /** Present on pull_request and pull_request_target events. */
  pullRequest: PullRequestInfo | undefined;
}

const PULL_REQUEST_EVENTS = new Set(["pull_request", "pull_request_target"]);

/** The event as the Action needs it, from the runner's variables and the event payload. */
export function readContext(env: Record<string, string | undefined>, payload: unknown): EventContext {
  const event = env.GITHUB_EVENT_NAME ?? "";
  let pullRequest: PullRequestInfo | undefined;
  if (PULL_REQUEST_EVENTS.has(event)) {
    const pr = (payload as { pull_request?: Record<string, unknown> } | undefined)?.pull_request;
    const number = (payload as { number?: unknown }).number ?? pr?.number;
    const base = pr?.base as { ref?: unknown; sha?: unknown } | undefined;
    const head = pr?.head as { sha?: unknown } | undefined;
    const baseRef = typeof base?.ref === "string" ? base.ref : env.GITHUB_BASE_REF;
    if (typeof number !== "number" || !baseRef)
      throw new UsageError(`the ${event} event payload has no pull request number or base branch`);
    pullRequest = {
      number,
      baseRef,
      baseSha: typeof base?.sha === "string" ? base.sha : undefined,
      headSha: typeof head?.sha === "string" ? head.sha : undefined,
    };
  }
  return {
    event,
    repository: env.GITHUB_REPOSITORY,
    sha: env.GITHUB_SHA,
    ref: env.GITHUB_REF,
    apiUrl: env.GITHUB_API_URL ?? "https://api.github.com",
    pullRequest,
  };
}
