/**
 * What a configuration adds to the built-in rules, read at the CLI edge: rule plugins
 * (`plugins:`) and admission policies from files (`policies:` and `--policy`). Shared by `check`,
 * `review`, `serve`, `rules`, `explain` and `test-rules`.
 */
import { dirname, isAbsolute, resolve } from "node:path";
import { buildSet } from "../check.js";
import type { Config } from "../config/config.js";
import { DEFAULT_MAX_FILE_SIZE, readSources } from "../load/sources.js";
import { problemText } from "../load/types.js";
import type { Resource } from "../model/resource.js";
import { type LoadedPlugin, loadPlugins } from "../plugins/load.js";
import { PluginError } from "../plugins/validate.js";
import { ALL_RULES, RULES_BY_ID } from "../rules/index.js";
import type { Rule } from "../rules/types.js";
import { UsageError } from "./usage.js";

export interface Extensions {
  /** The built-in rules and the plugins' rules. */
  rules: Rule[];
  plugins: LoadedPlugin[];
  /** Every object of the policy files (policies, bindings, parameter objects): `CheckOptions.policies`. */
  policies: Resource[];
}

const builtinPrefixes = new Set([...RULES_BY_ID.keys()].map((id) => id.split("/")[0]));

/** Plugins of the configuration, and the rule ids it names under their prefixes checked against them. */
export function loadConfigPlugins(config: Config, configPath: string | undefined, cwd: string): LoadedPlugin[] {
  if (config.plugins.length === 0) return [];
  let plugins: LoadedPlugin[];
  try {
    plugins = loadPlugins(config.plugins, configPath ? dirname(resolve(cwd, configPath)) : cwd);
  } catch (err) {
    if (err instanceof PluginError) throw new UsageError(`${configPath ?? "configuration"}: ${err.message}`);
    throw err;
  }
  const ids = new Set(plugins.flatMap((p) => p.rules.map((r) => r.id)));
  for (const id of [...Object.keys(config.rules), ...config.ignore.flatMap((e) => e.rules)]) {
    const prefix = id.split("/")[0] ?? "";
    if (prefix !== "policy" && !builtinPrefixes.has(prefix) && !ids.has(id))
      throw new UsageError(
        `${configPath ?? "configuration"}: unknown rule id "${id}" (no configured plugin defines it)`,
      );
  }
  return plugins;
}

/** Reads policy files and directories; a missing path or a file that does not parse is a usage error. */
export function readPolicies(paths: readonly string[], cwd: string): Resource[] {
  if (paths.length === 0) return [];
  const read = readSources(paths, { cwd, exclude: [], maxFileSize: DEFAULT_MAX_FILE_SIZE });
  if (read.missing.length > 0)
    throw new UsageError(read.missing.map((m) => `--policy ${m}: no such file or directory`).join("\n"));
  const { set, problems } = buildSet(read.files);
  const first = [...read.problems, ...problems][0];
  if (first) throw new UsageError(`policy file ${problemText(first)}`);
  return [...set.resources];
}

/** Plugins and policy files for a command, from its configuration and `--policy` flags. */
export function loadExtensions(
  config: Config,
  configPath: string | undefined,
  policyFlags: readonly string[],
  cwd: string,
): Extensions {
  const plugins = loadConfigPlugins(config, configPath, cwd);
  const configDir = configPath ? dirname(resolve(cwd, configPath)) : cwd;
  const policyPaths = [
    ...config.policies.map((p) => (isAbsolute(p) ? p : resolve(configDir, p))),
    ...policyFlags.map((p) => (isAbsolute(p) ? p : resolve(cwd, p))),
  ];
  return {
    rules: [...ALL_RULES, ...plugins.flatMap((p) => p.rules)],
    plugins,
    policies: readPolicies(policyPaths, cwd),
  };
}
