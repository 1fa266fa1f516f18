import { dirname, resolve } from "node:path";
import { Command, CommanderError, Option } from "commander";
import { type CheckRequest, DEFAULT_KUBE_VERSION } from "../check.js";
import { readInventory } from "../cluster/read.js";
import { type Config, ConfigResolver, type FoundConfig } from "../config/config.js";
import { type CheckResult, type Finding, SEVERITY_RANK } from "../findings/finding.js";
import { DEFAULT_MAX_FILE_SIZE, readSources } from "../load/sources.js";
import { checkParallel, defaultJobs } from "../parallel/index.js";
import { testRuleExamples } from "../plugins/examples.js";
import { attestation } from "../report/attestation.js";
import { formatHtml } from "../report/html.js";
import { formatJson } from "../report/json.js";
import { explainRule, formatTimings, listRules } from "../report/rules.js";
import { formatSarif } from "../report/sarif.js";
import { formatText } from "../report/text.js";
import { ALL_RULES, RULE_OPTION_SCHEMAS, RULES_BY_ID } from "../rules/index.js";
import type { CheckOptions, Rule, Severity } from "../rules/types.js";
import { didYouMean } from "../util/suggest.js";
import { VERSION } from "../version.js";
import { configsFrom, writeAttestation } from "./attest.js";
import { CRD_OPTION_HELP, readCrds } from "./crds.js";
import { registerEstimate } from "./estimate.js";
import { loadConfigPlugins, loadExtensions } from "./extensions.js";
import { registerReview } from "./review.js";
import { registerServe } from "./serve.js";
import { registerSimulate } from "./simulate.js";
import {
  type CliIo,
  checkOptionsFrom,
  EXIT_FINDINGS,
  EXIT_OK,
  EXIT_USAGE,
  isUserError,
  loadCliConfig,
  progressLine,
  UsageError,
} from "./usage.js";

/** Everything the CLI touches outside itself, so tests can run it in-process. */
export type { CliIo } from "./usage.js";

export { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from "./usage.js";

/** 1 when a finding reaches the failing severity: one for the run, or each finding's file's own. */
/** Whether a finding fails the run at this --fail-on level. */
export function failsAt(f: Finding, level: Severity | "never"): boolean {
  return level !== "never" && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[level];
}

export function failingExitCode(
  result: CheckResult,
  failOn: Severity | "never" | ((f: Finding) => Severity | "never"),
): number {
  const at = typeof failOn === "function" ? failOn : () => failOn;
  return result.findings.some((f) => failsAt(f, at(f))) ? EXIT_FINDINGS : EXIT_OK;
}

export interface CheckFlags {
  format: "text" | "json" | "sarif" | "html";
  failOn?: Severity | "never";
  quiet?: boolean;
  config?: string;
  exclude: string[];
  policy: string[];
  crd?: string[];
  kubeVersion?: string;
  strictRefs?: boolean;
  pss?: "baseline" | "restricted";
  cluster?: string;
  pods?: string;
  estimate?: boolean;
  maxFileSize: string;
  color?: boolean;
  timing?: boolean;
  verbose?: boolean;
  stdinFilename?: string;
  attest?: string;
  /** Worker threads (`--jobs`); the default depends on the cores and the input's size. */
  jobs?: string;
}

/** A check run from the flags: the result, the files read, and what fails each finding's file. */
export interface CheckRun {
  result: CheckResult;
  files: ReturnType<typeof readSources>["files"];
  failOnOf: (f: Finding) => Severity | "never";
  /** The working directory's configuration (or --config's). */
  root: Config;
  /** The rules that ran: the built-in ones and the configuration's plugins'. */
  rules: Rule[];
  /** Every configuration that governed a file, the root first: for --attest. */
  configs: FoundConfig[];
}

/** Reads the paths and checks them, each file under its nearest configuration (or --config). */
export function executeCheck(paths: string[], flags: CheckFlags, io: CliIo): CheckRun {
  if (paths.length === 0) throw new UsageError("check: give files, directories, or - to read standard input");
  if (flags.stdinFilename !== undefined && (flags.stdinFilename.trim() === "" || !paths.includes("-")))
    throw new UsageError("--stdin-filename names what - reads: give - among the paths, and a non-empty path");
  const known = new Set(RULES_BY_ID.keys());
  const configs = new ConfigResolver(io.cwd, known, flags.config, RULE_OPTION_SCHEMAS);
  const maxFileSize = Number(flags.maxFileSize);
  if (!Number.isInteger(maxFileSize) || maxFileSize <= 0)
    throw new UsageError(`--max-file-size: "${flags.maxFileSize}" is not a positive number of bytes`);
  if (flags.kubeVersion !== undefined && !/^(v?1\.\d+)(\.\d+)?$/.test(flags.kubeVersion))
    throw new UsageError(`--kube-version: "${flags.kubeVersion}" is not a Kubernetes version such as 1.35`);
  if (flags.pods && !flags.cluster) throw new UsageError("--pods needs --cluster: give the nodes the pods run on");
  const jobs = flags.jobs === undefined ? undefined : Number(flags.jobs);
  if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1 || jobs > 256))
    throw new UsageError(`--jobs: "${flags.jobs}" is not a number of worker threads from 1 to 256`);
  const cluster = flags.cluster ? readInventory(flags.cluster, flags.pods, io.cwd) : undefined;
  // Plugins and policy files come from the working directory's configuration (or --config) and --policy.
  const ext = loadExtensions(configs.root.config, configs.root.path, flags.policy, io.cwd);
  // Each file's nearest configuration (or --config's) decides what is excluded, run and reported.
  const configOf = (path: string) => configs.forDir(dirname(path === "<stdin>" ? io.cwd : resolve(io.cwd, path)));
  const optionsFor = (config: Config): Partial<CheckOptions> => ({
    ...checkOptionsFrom(flags, config),
    ...(cluster ? { cluster } : {}),
    ...(ext.policies.length > 0 ? { policies: ext.policies } : {}),
  });
  // A glob is read from the working directory, as before, and from the configuration's directory.
  const excludedByConfig = (abs: string, shown: string): boolean => configs.excludes(dirname(abs), abs, shown);
  const progress = progressLine(io, !!flags.quiet);
  progress.show(`reading ${paths.join(", ")}…`);
  const read = readSources(paths, {
    cwd: io.cwd,
    exclude: flags.exclude,
    excluded: excludedByConfig,
    maxFileSize,
    readStdin: io.readStdin,
    ...(flags.stdinFilename !== undefined ? { stdinFilename: flags.stdinFilename } : {}),
    env: io.env,
  });
  if (read.missing.length > 0) {
    throw new UsageError(read.missing.map((m) => `${m}: no such file or directory`).join("\n"));
  }
  const groups = new Map<FoundConfig, Set<string>>();
  for (const path of [...read.files.map((f) => f.path), ...read.problems.map((p) => p.file.path)]) {
    const found = configOf(path);
    const g = groups.get(found);
    if (g) g.add(path);
    else groups.set(found, new Set([path]));
  }
  const root = configs.root.config;
  const crdFiles = readCrds(
    [...(flags.crd ?? []), ...new Set([root, ...[...groups.keys()].map((g) => g.config)].flatMap((c) => c.crds))],
    io,
    maxFileSize,
  );
  progress.show(`${read.files.length.toLocaleString("en-US")} files read, checking…`);
  const timings = flags.timing ? new Map<string, number>() : undefined;
  const req: CheckRequest = {
    crdFiles,
    files: read.files,
    problems: read.problems,
    rendered: read.rendered,
    tree: read.tree,
    timings,
    rules: ext.rules,
    options: optionsFor(root),
    config: root,
    ...(groups.size > 1
      ? {
          scopes: [...groups].map(([found, paths]) => ({
            config: found.config,
            options: optionsFor(found.config),
            paths,
          })),
        }
      : groups.size === 1
        ? (() => {
            const only = [...groups.keys()][0] as FoundConfig;
            return { config: only.config, options: optionsFor(only.config) };
          })()
        : {}),
  };
  const run = checkParallel(req, jobs ?? defaultJobs(req));
  const result = run.result;
  if (flags.verbose)
    io.stderr(
      run.workers > 0
        ? `mlgate: checked on ${run.workers} worker threads\n`
        : `mlgate: checked in one thread (${run.why ?? "one job"})\n`,
    );
  progress.show(
    `${read.files.length.toLocaleString("en-US")} files read, ${result.summary.documents.toLocaleString("en-US")} documents checked`,
  );
  progress.done();
  const failOnOf = (f: Finding) => flags.failOn ?? configOf(f.file).config.failOn ?? "error";
  if (timings) io.stderr(formatTimings(timings));
  const used = [configs.root, ...[...groups.keys()].filter((g) => g !== configs.root)];
  return { result, files: read.files, failOnOf, root, rules: ext.rules, configs: used };
}

function runCheck(paths: string[], flags: CheckFlags, io: CliIo): number {
  const { result, files, failOnOf, root, rules, configs } = executeCheck(paths, flags, io);
  const exitCode = failingExitCode(result, failOnOf);
  if (flags.attest)
    writeAttestation(
      flags.attest,
      io.cwd,
      attestation({
        command: "check",
        files,
        rules,
        configs: configsFrom(io.cwd, configs),
        findings: result.findings,
        outcome: { exitCode },
      }),
    );
  if (flags.verbose) {
    for (const s of result.skipped) io.stderr(`mlgate: skipped ${s.file}: ${s.reason}\n`);
  }
  const frameSources = () => {
    const sources = new Map<string, string>();
    for (const f of files) if (f.frameText !== undefined) sources.set(f.path, f.frameText);
    return sources;
  };
  if (flags.format === "json") io.stdout(formatJson(result));
  else if (flags.format === "sarif") io.stdout(formatSarif(result, rules));
  else if (flags.format === "html") io.stdout(formatHtml(result, { sources: frameSources() }));
  else {
    const color = flags.color !== false && io.stdoutIsTty && !io.env.NO_COLOR && io.env.TERM !== "dumb";
    const sources = new Map<string, string>();
    for (const f of files) if (f.frameText !== undefined) sources.set(f.path, f.frameText);
    // --quiet never hides what fails the run: the findings at or above each file's --fail-on stay.
    const fails = (f: Finding) => failsAt(f, failOnOf(f));
    const estimate = !!(flags.estimate || root.estimate);
    io.stdout(formatText(result, { color, quiet: !!flags.quiet, alsoWhenQuiet: fails, sources, estimate }));
  }
  return exitCode;
}

function program(io: CliIo, setExit: (code: number) => void): Command {
  const p = new Command("mlgate")
    .description("Checks AI/ML infrastructure configuration before it is applied.")
    .version(VERSION, "-V, --version")
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();

  p.command("check")
    .description("check manifests: files, directories (recursively) or - for standard input")
    .argument("[paths...]", "files, directories, or - for stdin")
    .addOption(
      new Option("-f, --format <format>", "output format").choices(["text", "json", "sarif", "html"]).default("text"),
    )
    .addOption(
      new Option("--fail-on <severity>", "exit 1 when a finding is at or above this severity (default: error)").choices(
        ["error", "warning", "info", "never"],
      ),
    )
    .option(
      "-q, --quiet",
      "print only errors, the findings that fail the run (--fail-on), and the summary (text format)",
    )
    .option(
      "-c, --config <file>",
      "configuration file for every checked file (default: each file's nearest .mlgate.yaml upward from its directory, else the working directory's)",
    )
    .option(
      "--exclude <glob>",
      "skip paths matching the glob (repeatable)",
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option(
      "--policy <path>",
      "ValidatingAdmissionPolicy file or directory to evaluate beside those in the checked set (repeatable; docs/policies.md)",
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option("--crd <path>", CRD_OPTION_HELP, (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option(
      "--kube-version <version>",
      `target Kubernetes version: removed APIs, and the schema built-in kinds are validated against (1.34-1.36 kept; default: ${DEFAULT_KUBE_VERSION})`,
    )
    .option("--strict-refs", "report references to objects missing from the checked set as errors")
    .addOption(
      new Option("--pss <level>", "Pod Security Standards level the security rules check (default: baseline)").choices([
        "baseline",
        "restricted",
      ]),
    )
    .option(
      "--cluster <file>",
      "check placement against a cluster: `kubectl get nodes -o json`, or a node pool inventory (docs/cluster.md)",
    )
    .option("--pods <file>", "with --cluster: what already runs, from `kubectl get pods -A -o json`")
    .option("--estimate", "report each GPU workload's GPU-hours and cloud cost per day (rule cost/gpu-daily-cost)")
    .option("--max-file-size <bytes>", "refuse files larger than this", String(DEFAULT_MAX_FILE_SIZE))
    .option("--no-color", "never colour the text output")
    .option("--timing", "print the time each stage and the slowest rules took, to standard error")
    .option("--attest <file>", "write an in-toto Statement of this check to FILE (docs/lineage.md)")
    .option("--verbose", "list the files skipped as not manifests (other tools' configuration), to standard error")
    .option(
      "--jobs <n>",
      "worker threads for large inputs (default: the cores, up to 8, on 4 or more cores and 4 MB or more of input; 1: none); the output is the same",
    )
    .option(
      "--stdin-filename <path>",
      "the path findings on standard input (-) are reported at, e.g. the template it was rendered from",
    )
    .action((paths: string[], flags: CheckFlags) => setExit(runCheck(paths, flags, io)));

  // The built-in rules and the plugins of the working directory's configuration (or --config).
  const allRules = (configFlag: string | undefined) => {
    const { config, configPath } = loadCliConfig(configFlag, io.cwd);
    return [...ALL_RULES, ...loadConfigPlugins(config, configPath, io.cwd).flatMap((p) => p.rules)];
  };

  p.command("rules")
    .description("list the rules (the built-in ones and those of configured plugins)")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
    .option("-c, --config <file>", "configuration whose plugins to list (default: .mlgate.yaml found upward)")
    .action((flags: { format: string; config?: string }) => {
      io.stdout(listRules(allRules(flags.config), flags.format === "json"));
      setExit(EXIT_OK);
    });

  p.command("explain")
    .description("print a rule's documentation")
    .argument("<rule>", "rule id, e.g. schema/invalid-quantity")
    .option("-c, --config <file>", "configuration whose plugins to search (default: .mlgate.yaml found upward)")
    .action((id: string, flags: { config?: string }) => {
      const rules = allRules(flags.config);
      const rule = rules.find((r) => r.id === id);
      if (!rule) {
        const hint = didYouMean(
          id,
          rules.map((r) => r.id),
        );
        throw new UsageError(
          `unknown rule "${id}"${hint ? `; did you mean "${hint}"?` : ""} (run \`mlgate rules\` for the list)`,
        );
      }
      io.stdout(explainRule(rule));
      setExit(EXIT_OK);
    });

  p.command("test-rules")
    .description("run the examples of the configured plugins' rules as tests (exit 1 when one fails)")
    .option("-c, --config <file>", "configuration whose plugins to test (default: .mlgate.yaml found upward)")
    .action((flags: { config?: string }) => {
      const { config, configPath } = loadCliConfig(flags.config, io.cwd);
      const plugins = loadConfigPlugins(config, configPath, io.cwd);
      if (plugins.length === 0)
        throw new UsageError(
          `no plugins configured${configPath ? ` in ${configPath}` : ""} (plugins: in .mlgate.yaml)`,
        );
      const others = [...ALL_RULES, ...plugins.flatMap((p) => p.rules)];
      let passed = 0;
      let failed = 0;
      for (const plugin of plugins)
        for (const rule of plugin.rules)
          for (const r of testRuleExamples(rule, others)) {
            if (r.problems.length === 0) {
              passed++;
              io.stdout(`ok    ${r.rule}  ${r.kind}: ${r.title}\n`);
            } else {
              failed++;
              io.stdout(`FAIL  ${r.rule}  ${r.kind}: ${r.title}\n${r.problems.map((x) => `        ${x}\n`).join("")}`);
            }
          }
      io.stdout(`${passed} passed, ${failed} failed\n`);
      setExit(failed > 0 ? EXIT_FINDINGS : EXIT_OK);
    });
  registerEstimate(p, io, setExit);
  registerSimulate(p, io, setExit);
  registerReview(p, io, setExit);
  registerServe(p, io, setExit);
  return p;
}

/** Runs the CLI; returns the exit code. Never throws for user errors. */
export function runCli(argv: string[], io: CliIo): number {
  let code = EXIT_OK;
  const p = program(io, (c) => {
    code = c;
  });
  try {
    p.parse(argv, { from: "user" });
    if (argv.length === 0) {
      io.stderr(p.helpInformation());
      return EXIT_USAGE;
    }
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      if (err.exitCode === 0 || err.code === "commander.helpDisplayed" || err.code === "commander.version")
        return EXIT_OK;
      return EXIT_USAGE;
    }
    if (isUserError(err)) {
      io.stderr(`mlgate: ${err.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr(`mlgate: internal error: ${(err as Error)?.message ?? String(err)}\n`);
    return EXIT_USAGE;
  }
}
