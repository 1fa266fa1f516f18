// The GitHub Action: `mlgate review` on a pull request, `mlgate check` on any other event (a
// push). Writes the SARIF file and uploads it to code scanning, keeps one sticky comment on the
// pull request, writes the job summary, sets the outputs and fails per the verdict. Every effect
// goes through `ActionDeps`, so the tests run it with a recorded event and a stub API.
import { spawnSync } from "node:child_process";
import { isAbsolute, join } from "node:path";
import { type ReviewFlags, reviewChange, verdictExitCode } from "../cli/review.js";
import { executeCheck, failingExitCode } from "../cli/run.js";
import { EXIT_USAGE, isUserError } from "../cli/usage.js";
import { DEFAULT_MAX_FILE_SIZE } from "../load/sources.js";
import { formatCheckSummary } from "../report/check-summary.js";
import { formatReviewText } from "../report/review.js";
import { COMMENT_MARKER, formatReviewMarkdown, formatReviewSarif } from "../report/review-markdown.js";
import { formatSarif } from "../report/sarif.js";
import { formatText } from "../report/text.js";
import { type ActionInputs, type EventContext, readContext, readInputs } from "./context.js";
import { type FetchLike, GitHubApi, GitHubError } from "./github.js";

export interface ActionDeps {
  env: Record<string, string | undefined>;
  cwd: string;
  fetch: FetchLike;
  /** The job's log. */
  stdout: (s: string) => void;
  readFile: (path: string) => string;
  writeFile: (path: string, text: string) => void;
  appendFile: (path: string, text: string) => void;
}

/** A workflow command: GitHub turns `::error::…` into an annotation on the run. */
function annotate(d: ActionDeps, level: "error" | "warning" | "notice", message: string): void {
  const escaped = message.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  d.stdout(`::${level}::${escaped}\n`);
}

/** `name=value` lines in $GITHUB_OUTPUT (single-line values only). */
function setOutputs(d: ActionDeps, outputs: Record<string, string>): void {
  const file = d.env.GITHUB_OUTPUT;
  if (!file) return;
  d.appendFile(
    file,
    Object.entries(outputs)
      .map(([k, v]) => `${k}=${v.replace(/\n/g, " ")}\n`)
      .join(""),
  );
}

/** The rule docs of the mlgate version this Action runs: its own repository at its own ref. */
function docsUrl(inputs: ActionInputs, env: Record<string, string | undefined>): string | undefined {
  if (inputs.docsUrl) return inputs.docsUrl;
  const repo = env.GITHUB_ACTION_REPOSITORY;
  const ref = env.GITHUB_ACTION_REF;
  if (!repo || !ref) return undefined;
  return `${env.GITHUB_SERVER_URL ?? "https://github.com"}/${repo}/blob/${ref}/docs/rules`;
}

/** Whether git knows a commit here (a shallow checkout may not have the base's). */
function hasCommit(cwd: string, sha: string): boolean {
  const r = spawnSync("git", ["cat-file", "-e", `${sha}^{commit}`], { cwd, stdio: "ignore" });
  return r.status === 0;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

interface Outcome {
  code: number;
  sarif: string;
  summary: string;
  comment: string | undefined;
  outputs: Record<string, string>;
}

function runReview(d: ActionDeps, inputs: ActionInputs, ctx: EventContext, docs: string | undefined): Outcome {
  const pr = ctx.pullRequest as NonNullable<EventContext["pullRequest"]>;
  // The base: the input, else the pull request's base commit when the checkout has it, else the
  // base branch (origin/<base> when fetched), as `mlgate review` finds it from GITHUB_BASE_REF.
  const base = inputs.base ?? (pr.baseSha && hasCommit(d.cwd, pr.baseSha) ? pr.baseSha : undefined);
  const flags: ReviewFlags = {
    ...(base ? { base } : {}),
    format: "text",
    failOnVerdict: inputs.failOnVerdict,
    maxCostIncrease: inputs.maxCostIncrease,
    exclude: [],
    policy: [],
    ...(inputs.config ? { config: inputs.config } : {}),
  };
  const io = { cwd: d.cwd, env: { ...d.env, GITHUB_BASE_REF: d.env.GITHUB_BASE_REF || pr.baseRef } };
  const run = reviewChange(inputs.paths, flags, { ...io, stdout: d.stdout, stderr: d.stdout, stdoutIsTty: false });
  const r = run.result;
  d.stdout(formatReviewText(r, { base: run.base, head: run.head }));
  const markdown = formatReviewMarkdown(r, docs ? { docsUrl: docs } : {});
  const code = verdictExitCode(r.verdict, inputs.failOnVerdict);
  if (code !== 0) annotate(d, "error", `mlgate review: ${r.verdict}: ${r.reasons.map((x) => x.message).join("; ")}`);
  return {
    code,
    sarif: formatReviewSarif(r, run.rules),
    summary: markdown,
    comment: markdown,
    outputs: { verdict: r.verdict, "new-findings": String(r.summary.newFindings) },
  };
}

function runCheck(d: ActionDeps, inputs: ActionInputs, docs: string | undefined): Outcome {
  const paths = inputs.paths.length > 0 ? inputs.paths : ["."];
  const io = { cwd: d.cwd, env: d.env, stdout: d.stdout, stderr: d.stdout, stdoutIsTty: false };
  const { result, files, failOnOf, rules } = executeCheck(
    paths,
    {
      format: "text",
      exclude: [],
      policy: [],
      maxFileSize: String(DEFAULT_MAX_FILE_SIZE),
      ...(inputs.config ? { config: inputs.config } : {}),
      ...(inputs.failOn !== "error" ? { failOn: inputs.failOn } : {}),
    },
    io,
  );
  const sources = new Map<string, string>();
  for (const f of files) if (f.frameText !== undefined) sources.set(f.path, f.frameText);
  d.stdout(formatText(result, { color: false, quiet: false, sources }));
  const code = failingExitCode(result, failOnOf);
  const s = result.summary;
  if (code !== 0)
    annotate(
      d,
      "error",
      `mlgate check: ${plural(s.errors, "error")}, ${plural(s.warnings, "warning")}, ${s.infos} info`,
    );
  return {
    code,
    sarif: formatSarif(result, rules),
    summary: formatCheckSummary(result, docs),
    comment: undefined,
    outputs: { findings: String(result.summary.findings) },
  };
}

/** The API calls: each failure is a warning on the run (a fork's read-only token), never the verdict. */
async function publish(d: ActionDeps, inputs: ActionInputs, ctx: EventContext, o: Outcome): Promise<void> {
  const token = inputs.token ?? d.env.GITHUB_TOKEN;
  const wantsApi = (o.comment !== undefined && inputs.comment) || inputs.uploadSarif;
  if (!wantsApi) return;
  if (!token || !ctx.repository) {
    annotate(d, "warning", "mlgate: no token or GITHUB_REPOSITORY: not commenting or uploading SARIF");
    return;
  }
  const api = new GitHubApi(d.fetch, ctx.apiUrl, token);
  const attempt = async (what: string, fn: () => Promise<string>) => {
    try {
      d.stdout(`mlgate: ${await fn()}\n`);
    } catch (err) {
      if (!(err instanceof GitHubError)) throw err;
      const hint =
        err.status === 403 || err.status === 404
          ? ` (the token needs ${what === "comment" ? "pull-requests: write" : "security-events: write"}; a pull request from a fork gets a read-only token)`
          : "";
      annotate(d, "warning", `mlgate: ${what} failed: ${err.message}${hint}`);
    }
  };
  if (o.comment !== undefined && inputs.comment && ctx.pullRequest) {
    const pr = ctx.pullRequest;
    await attempt("comment", async () => {
      const r = await api.upsertComment(ctx.repository as string, pr.number, o.comment as string, COMMENT_MARKER);
      return `${r.action} comment ${r.id} on pull request #${pr.number}`;
    });
  }
  if (inputs.uploadSarif) {
    if (!ctx.sha || !ctx.ref) {
      annotate(d, "warning", "mlgate: GITHUB_SHA or GITHUB_REF is not set: SARIF not uploaded");
      return;
    }
    await attempt("SARIF upload", async () => {
      const id = await api.uploadSarif(ctx.repository as string, ctx.sha as string, ctx.ref as string, o.sarif);
      return `uploaded SARIF to code scanning for ${ctx.ref}${id ? ` (upload ${id})` : ""}`;
    });
  }
}

/** Runs the Action; resolves to the exit code (0 pass, 1 the verdict or findings fail it, 2 usage). */
export async function runAction(d: ActionDeps): Promise<number> {
  try {
    const inputs = readInputs(d.env);
    const eventPath = d.env.GITHUB_EVENT_PATH;
    const payload: unknown = eventPath ? JSON.parse(d.readFile(eventPath)) : {};
    const ctx = readContext(d.env, payload);
    const docs = docsUrl(inputs, d.env);
    const outcome = ctx.pullRequest ? runReview(d, inputs, ctx, docs) : runCheck(d, inputs, docs);
    const sarifFile = inputs.sarifFile ?? join(d.env.RUNNER_TEMP ?? d.cwd, "mlgate.sarif");
    d.writeFile(isAbsolute(sarifFile) ? sarifFile : join(d.cwd, sarifFile), outcome.sarif);
    if (d.env.GITHUB_STEP_SUMMARY) d.appendFile(d.env.GITHUB_STEP_SUMMARY, outcome.summary);
    setOutputs(d, { ...outcome.outputs, "sarif-file": sarifFile });
    await publish(d, inputs, ctx, outcome);
    return outcome.code;
  } catch (err) {
    if (!isUserError(err) && !(err instanceof SyntaxError)) throw err;
    annotate(d, "error", `mlgate: ${err.message}`);
    return EXIT_USAGE;
  }
}
