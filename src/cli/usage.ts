import { DEFAULT_KUBE_VERSION } from "../check.js";
import { InventoryError } from "../cluster/types.js";
import { type Config, ConfigError, EMPTY_CONFIG, findConfig, loadConfigFile, ruleOptionsOf } from "../config/config.js";
import { EstimateError } from "../estimate/types.js";
import { RULE_OPTION_SCHEMAS, RULES_BY_ID } from "../rules/index.js";
import type { CheckOptions } from "../rules/types.js";

/** The process a command talks to, injected so the CLI runs in-process in tests (`runCli`). */
export interface CliIo {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdoutIsTty: boolean;
  /** Standard error is a terminal: the progress line is drawn only then. */
  stderrIsTty?: boolean;
  readStdin?: () => string;
}

/**
 * A one-line progress report on standard error for long runs (`mlgate: 1,204 files read, checking…`),
 * redrawn in place and erased at the end; silent unless standard error is a terminal, and with
 * --quiet. Never on standard output, so reports piped or redirected stay clean.
 */
export function progressLine(io: CliIo, quiet: boolean): { show: (text: string) => void; done: () => void } {
  const on = io.stderrIsTty === true && !quiet && io.env.TERM !== "dumb";
  let drawn = false;
  return {
    show: (text) => {
      if (!on) return;
      io.stderr(`\r\x1b[2Kmlgate: ${text}`);
      drawn = true;
    },
    done: () => {
      if (drawn) io.stderr("\r\x1b[2K");
      drawn = false;
    },
  };
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** A mistake the user can fix (a flag, a path, an input file): one line on stderr, exit 2. */
export class UsageError extends Error {}

/** Errors that describe the user's input, not a bug: printed without a stack, exit 2. */
export function isUserError(err: unknown): err is Error {
  return (
    err instanceof UsageError ||
    err instanceof ConfigError ||
    err instanceof InventoryError ||
    err instanceof EstimateError
  );
}

/**
 * Runs a subcommand's action: its exit code on success; a user error printed as
 * `mlgate: COMMAND: message` with exit 2. Anything else propagates to runCli as an internal error.
 */
export function runCommand(
  command: string,
  io: { stderr: (s: string) => void },
  setExit: (code: number) => void,
  action: () => number,
): void {
  try {
    setExit(action());
  } catch (err) {
    if (!isUserError(err)) throw err;
    io.stderr(`mlgate: ${command}: ${err.message}\n`);
    setExit(EXIT_USAGE);
  }
}

/** The check options the flags and configuration give (the flag wins); shared by `check` and `serve`. */
export function checkOptionsFrom(
  flags: { kubeVersion?: string; strictRefs?: boolean; pss?: "baseline" | "restricted"; estimate?: boolean },
  config: Config,
): CheckOptions {
  const kubeVersion = flags.kubeVersion ?? config.kubeVersion ?? DEFAULT_KUBE_VERSION;
  if (!/^(v?1\.\d+)(\.\d+)?$/.test(kubeVersion))
    throw new UsageError(`--kube-version: "${kubeVersion}" is not a Kubernetes version such as 1.35`);
  const ruleOptions = ruleOptionsOf(config);
  return {
    ...(Object.keys(ruleOptions).length > 0 ? { ruleOptions } : {}),
    kubeVersion: kubeVersion.replace(/^v/, "").split(".").slice(0, 2).join("."),
    strictRefs: !!flags.strictRefs,
    pss: flags.pss ?? config.pss ?? "baseline",
    ...(config.runnerLabels ? { runnerLabels: config.runnerLabels } : {}),
    ...(flags.estimate || config.estimate ? { estimate: true } : {}),
    ...(config.models.length > 0 ? { models: config.models } : {}),
    ...(Object.keys(config.environments).length > 0 ? { environments: config.environments } : {}),
    ...(Object.keys(config.lineage).length > 0 ? { lineage: config.lineage } : {}),
    ...(config.budget.monthlyUsd !== undefined ? { budgetMonthlyUsd: config.budget.monthlyUsd } : {}),
  };
}

/** `--config FILE`, or `.mlgate.yaml` found upward from the working directory, or none. */
export function loadCliConfig(
  flag: string | undefined,
  cwd: string,
): { config: Config; configPath: string | undefined } {
  const configPath = flag ?? findConfig(cwd);
  const config = configPath
    ? loadConfigFile(configPath, new Set(RULES_BY_ID.keys()), RULE_OPTION_SCHEMAS)
    : EMPTY_CONFIG;
  return { config, configPath };
}
