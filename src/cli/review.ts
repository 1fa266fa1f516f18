// `mlgate review`: the I/O edge of src/review. Reads each side from a directory or from a git
// ref (through the git CLI: `git archive` into a temporary directory), then hands both to the
// pure review.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { type Command, Option } from "commander";
import { DEFAULT_KUBE_VERSION } from "../check.js";
import { type Config, ConfigResolver, type FoundConfig } from "../config/config.js";
import { DEFAULT_MAX_FILE_SIZE, readSources } from "../load/sources.js";
import { attestation } from "../report/attestation.js";
import { formatReviewJson, formatReviewText } from "../report/review.js";
import { formatReviewHtml } from "../report/review-html.js";
import { formatReviewMarkdown, formatReviewSarif } from "../report/review-markdown.js";
import { type ReviewInput, type ReviewResult, review, VERDICTS, type Verdict } from "../review/review.js";
import { RULE_OPTION_SCHEMAS, RULES_BY_ID } from "../rules/index.js";
import type { CheckOptions, Rule } from "../rules/types.js";
import { configsFrom, writeAttestation } from "./attest.js";
import { CRD_OPTION_HELP, readCrds } from "./crds.js";
import { loadExtensions } from "./extensions.js";
import { type CliIo, checkOptionsFrom, EXIT_FINDINGS, EXIT_OK, runCommand, UsageError } from "./usage.js";

export interface ReviewFlags {
  base?: string;
  head?: string;
  format: "text" | "json" | "sarif" | "markdown" | "html";
  docsUrl?: string;
  failOnVerdict: Verdict | "never";
  maxCostIncrease: string;
  all?: boolean;
  config?: string;
  exclude: string[];
  kubeVersion?: string;
  policy: string[];
  crd?: string[];
  attest?: string;
}

function git(cwd: string, args: string[], input?: Buffer): { ok: boolean; stdout: Buffer; stderr: string } {
  const r = spawnSync("git", args, { cwd, input, maxBuffer: 1 << 30 });
  if (r.error) throw new UsageError(`cannot run git: ${r.error.message}`);
  return { ok: r.status === 0, stdout: r.stdout, stderr: r.stderr.toString("utf8").trim() };
}

/** A side of the review on disk: a directory the user named, or a ref extracted to a temporary one. */
interface Side {
  root: string;
  label: string;
  cleanup?: () => void;
}

/**
 * Resolves `--base`/`--head`: an existing directory is read as it is; anything else must be a
 * git commit-ish of the repository around the working directory, whose tree (the part under the
 * working directory) is extracted with `git archive`.
 */
function resolveSide(spec: string, cwd: string, flag: string): Side {
  const abs = isAbsolute(spec) ? spec : join(cwd, spec);
  try {
    if (statSync(abs).isDirectory()) return { root: abs, label: spec };
  } catch {
    // not a directory: a git ref
  }
  const top = git(cwd, ["rev-parse", "--show-toplevel"]);
  if (!top.ok) throw new UsageError(`${flag} ${spec}: not a directory, and ${cwd} is not in a git repository`);
  const commit = git(cwd, ["rev-parse", "--verify", "--quiet", `${spec}^{commit}`]);
  if (!commit.ok) throw new UsageError(`${flag} ${spec}: neither a directory nor a git commit, branch or tag`);
  const prefix = git(cwd, ["rev-parse", "--show-prefix"]).stdout.toString("utf8").trim();
  const root = top.stdout.toString("utf8").trim();
  const dir = mkdtempSync(join(tmpdir(), "mlgate-review-"));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const sha = commit.stdout.toString("utf8").trim();
  const archive = git(root, ["archive", "--format=tar", sha]);
  if (!archive.ok) {
    cleanup();
    throw new UsageError(`${flag} ${spec}: git archive failed: ${archive.stderr}`);
  }
  const tar = spawnSync("tar", ["-x", "-f", "-", "-C", dir], { input: archive.stdout, maxBuffer: 1 << 30 });
  if (tar.error || tar.status !== 0) {
    cleanup();
    throw new UsageError(
      `${flag} ${spec}: cannot extract the tree with tar: ${tar.error?.message ?? tar.stderr.toString("utf8").trim()}`,
    );
  }
  return { root: join(dir, prefix), label: `${spec} (${sha.slice(0, 12)})`, cleanup };
}

/**
 * Reads the PATHS of one side. A path may be missing on one side (added or deleted by the
 * change); `absent` collects the ones this side lacks.
 */
function readSide(
  side: Side,
  paths: readonly string[],
  exclude: readonly string[],
  absent: Set<string>,
  env: Record<string, string | undefined>,
  excluded: (side: Side, abs: string, shown: string) => boolean,
): ReviewInput {
  let exists = true;
  try {
    statSync(side.root);
  } catch {
    exists = false;
  }
  if (!exists) {
    for (const p of paths) absent.add(p);
    return { files: [] };
  }
  // The same reading as `check`: Helm charts and Kustomize directories are rendered here.
  const read = readSources(paths, {
    cwd: side.root,
    exclude,
    excluded: (abs, shown) => excluded(side, abs, shown),
    maxFileSize: DEFAULT_MAX_FILE_SIZE,
    env,
  });
  for (const m of read.missing) absent.add(m);
  return { files: read.files, problems: read.problems, rendered: read.rendered, tree: read.tree };
}

/** A review computed from the flags, with how each side was named. */
export interface ReviewRun {
  result: ReviewResult;
  /** The files of each side, and the configurations that governed them (the root first). */
  baseFiles: ReviewInput["files"];
  headFiles: ReviewInput["files"];
  configs: FoundConfig[];
  /** The rules that ran: the built-in ones and the configuration's plugins'. */
  rules: Rule[];
  base: string;
  head: string;
  /** The head's files' text by path (code frames of the HTML report). */
  sources: Map<string, string>;
}

/**
 * Resolves the sides, reads them as `check` reads files and reviews the change. Each file is
 * judged under the head's nearest `.mlgate.yaml` (the configuration the change will be checked
 * under from now on), found upward from its place in the head's tree, else the working
 * directory's; `--config` overrides them all, as in `check`.
 */
export function reviewChange(paths: readonly string[], flags: ReviewFlags, io: CliIo): ReviewRun {
  if (paths.includes("-")) throw new UsageError("standard input is not an input of review: give files or directories");
  const maxCostIncrease = Number(flags.maxCostIncrease);
  if (!Number.isFinite(maxCostIncrease) || maxCostIncrease < 0)
    throw new UsageError(`--max-cost-increase: "${flags.maxCostIncrease}" is not a non-negative amount of USD per day`);
  const configs = new ConfigResolver(io.cwd, new Set(RULES_BY_ID.keys()), flags.config, RULE_OPTION_SCHEMAS);
  // Plugins and policy files given to the review (policies in the reviewed sets are read from each side).
  const ext = loadExtensions(configs.root.config, configs.root.path, flags.policy ?? [], io.cwd);
  const optionsFor = (config: Config): Partial<CheckOptions> => {
    const o = checkOptionsFrom({ ...(flags.kubeVersion ? { kubeVersion: flags.kubeVersion } : {}) }, config);
    return { ...o, strictRefs: false, ...(ext.policies.length > 0 ? { policies: ext.policies } : {}) };
  };
  optionsFor(configs.root.config); // a bad --kube-version is a usage error before any git work
  let baseSpec = flags.base;
  if (baseSpec === undefined) {
    const ref = io.env.GITHUB_BASE_REF;
    if (!ref)
      throw new UsageError(
        "give --base (a directory or a git ref such as origin/main); on a pull request it defaults to origin/$GITHUB_BASE_REF",
      );
    const remote = `origin/${ref}`;
    baseSpec = git(io.cwd, ["rev-parse", "--verify", "--quiet", `${remote}^{commit}`]).ok ? remote : ref;
  }
  const sides: Side[] = [];
  try {
    const base = resolveSide(baseSpec, io.cwd, "--base");
    sides.push(base);
    const head =
      flags.head === undefined ? { root: io.cwd, label: "working tree" } : resolveSide(flags.head, io.cwd, "--head");
    sides.push(head);
    const wanted = paths.length > 0 ? [...paths] : ["."];
    const root = configs.root.config;
    // The head's nested configurations decide what is skipped on both sides, by the file's place.
    const inHead = (side: Side, abs: string) => resolve(head.root, relative(side.root, abs));
    const excluded = (side: Side, abs: string, shown: string) =>
      configs.excludes(dirname(inHead(side, abs)), inHead(side, abs), shown);
    const absentBase = new Set<string>();
    const absentHead = new Set<string>();
    const baseInput = readSide(base, wanted, flags.exclude, absentBase, io.env, excluded);
    const headInput = readSide(head, wanted, flags.exclude, absentHead, io.env, excluded);
    const nowhere = wanted.filter((p) => absentBase.has(p) && absentHead.has(p));
    if (nowhere.length > 0)
      throw new UsageError(nowhere.map((p) => `${p}: no such file or directory in the base or the head`).join("\n"));
    // --crd and the crds: of every configuration that governs a file of either side, as check reads them.
    const governing = new Set(
      [...baseInput.files, ...headInput.files].map((f) => configs.forDir(dirname(resolve(head.root, f.path))).config),
    );
    const crdFiles = readCrds(
      [...(flags.crd ?? []), ...[root, ...governing].flatMap((c) => c.crds)],
      io,
      DEFAULT_MAX_FILE_SIZE,
    );
    const scopes = new Map<FoundConfig, { config: Config; options: Partial<CheckOptions> }>();
    const scopeOf = (path: string) => {
      const found = configs.forDir(dirname(resolve(head.root, path)));
      let scope = scopes.get(found);
      if (!scope) {
        scope = { config: found.config, options: optionsFor(found.config) };
        scopes.set(found, scope);
      }
      return scope;
    };
    const result = review({
      base: baseInput,
      head: headInput,
      config: root,
      options: optionsFor(root),
      scopeOf,
      maxCostIncrease,
      rules: ext.rules,
      crdFiles,
    });
    // The head's text, for the HTML report's code frames.
    const sources = new Map<string, string>();
    for (const f of headInput.files) if (f.frameText !== undefined) sources.set(f.path, f.frameText);
    const used = [configs.root, ...[...scopes.keys()].filter((f) => f !== configs.root)];
    return {
      result,
      base: base.label,
      head: head.label,
      rules: ext.rules,
      sources,
      baseFiles: baseInput.files,
      headFiles: headInput.files,
      configs: used,
    };
  } finally {
    for (const s of sides) s.cleanup?.();
  }
}

/** The exit code of a verdict under `--fail-on-verdict`. */
export function verdictExitCode(verdict: Verdict, failOn: Verdict | "never"): number {
  if (failOn === "never") return EXIT_OK;
  return VERDICTS.indexOf(verdict) >= VERDICTS.indexOf(failOn) ? EXIT_FINDINGS : EXIT_OK;
}

function runReview(paths: string[], flags: ReviewFlags, io: CliIo): number {
  const run = reviewChange(paths, flags, io);
  const { result, base, head, rules, sources } = run;
  const exitCode = verdictExitCode(result.verdict, flags.failOnVerdict);
  if (flags.attest)
    writeAttestation(
      flags.attest,
      io.cwd,
      attestation({
        command: "review",
        files: run.headFiles,
        base: { label: base, files: run.baseFiles },
        head: { label: head },
        rules,
        configs: configsFrom(io.cwd, run.configs),
        findings: result.findings,
        outcome: { verdict: result.verdict, exitCode },
      }),
    );
  if (flags.format === "json") io.stdout(formatReviewJson(result, { all: !!flags.all }));
  else if (flags.format === "sarif") io.stdout(formatReviewSarif(result, rules));
  else if (flags.format === "html") io.stdout(formatReviewHtml(result, { sources, base, head }));
  else if (flags.format === "markdown")
    io.stdout(formatReviewMarkdown(result, { all: !!flags.all, ...(flags.docsUrl ? { docsUrl: flags.docsUrl } : {}) }));
  else io.stdout(formatReviewText(result, { all: !!flags.all, base, head }));
  return exitCode;
}

export function registerReview(p: Command, io: CliIo, setExit: (code: number) => void): void {
  p.command("review")
    .description(
      "review a change: findings it introduces and fixes, change risks, GPU cost before → after, and a verdict",
    )
    .argument("[paths...]", "files or directories to compare, relative to each side (default: all)")
    .option(
      "--base <ref-or-dir>",
      "the side before the change: a directory or a git ref (default: origin/$GITHUB_BASE_REF)",
    )
    .option("--head <ref-or-dir>", "the side after the change: a directory or a git ref (default: the working tree)")
    .addOption(
      new Option("-f, --format <format>", "output format")
        .choices(["text", "json", "sarif", "markdown", "html"])
        .default("text"),
    )
    .addOption(
      new Option("--fail-on-verdict <verdict>", "exit 1 when the verdict is at or above this")
        .choices(["review", "block", "never"])
        .default("block"),
    )
    .option("--max-cost-increase <usd>", "GPU cost increase per day (USD) allowed before asking for review", "0")
    .option("--all", "also list the findings present on both sides")
    .option("--docs-url <url>", "markdown: link rule ids to <url>/<rule-id>.md (the docs/rules folder of mlgate)")
    .option("-c, --config <file>", "configuration file (default: .mlgate.yaml found upward from the working directory)")
    .option(
      "--exclude <glob>",
      "skip paths matching the glob (repeatable)",
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option(
      "--policy <path>",
      "ValidatingAdmissionPolicy file or directory to evaluate beside those in the reviewed sets (repeatable)",
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option("--crd <path>", CRD_OPTION_HELP, (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option(
      "--kube-version <version>",
      `target Kubernetes version: removed APIs, and the schema built-in kinds are validated against (default: ${DEFAULT_KUBE_VERSION})`,
    )
    .option("--attest <file>", "write an in-toto Statement of this review to FILE (docs/lineage.md)")
    .action((paths: string[], flags: ReviewFlags) =>
      runCommand("review", io, setExit, () => runReview(paths, flags, io)),
    );
}
