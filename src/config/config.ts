import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import yaml from "js-yaml";
import picomatch from "picomatch";
import type { ModelSpec } from "../catalog/models.js";
import { parseSize } from "../estimate/size.js";
import { isObject } from "../model/resource.js";
import type { Severity } from "../model/severity.js";
import { type JsonSchema, validateJson } from "../util/json-schema.js";

export type FailOn = Severity | "never";

/** What a namespace is for (`environments:`): prod raises the reproducibility findings there to warning. */
export type Environment = "dev" | "staging" | "prod";

export interface LineagePolicy {
  /** `aliases` (default): `models:/name@alias` is the team's deliberate pointer; `versions`: only `models:/name/<n>` is pinned. */
  mlflow?: "aliases" | "versions";
  /** Report `gs://` references without `#generation`. */
  pinGcs?: boolean;
}
export type RuleSetting = Severity | "off";

/** A per-resource ignore for third-party manifests that cannot carry an annotation. */
export interface IgnoreEntry {
  rules: string[];
  kind?: string;
  name?: string;
  namespace?: string;
  /** Glob over the file path as reported. */
  file?: string;
  reason?: string;
}

export interface Config {
  rules: Record<string, RuleSetting>;
  /**
   * Rules' own options (`rules: {<id>: {options: …}}`), validated against each rule's `options`
   * schema; absent when none is given (see `ruleOptionsOf` for the older top-level keys).
   */
  ruleOptions?: Record<string, Record<string, unknown>>;
  exclude: string[];
  failOn: FailOn | undefined;
  ignore: IgnoreEntry[];
  kubeVersion: string | undefined;
  /** Pod Security Standards level for the security rules (`pss:`); the CLI's --pss wins. */
  pss: "baseline" | "restricted" | undefined;
  /** Registries images may come from (`allowedRegistries:`), e.g. `nvcr.io`, `ghcr.io/my-org`. */
  allowedRegistries: string[] | undefined;
  /** Labels of self-hosted GPU runners (`runnerLabels:`): known to the `ci` rules, and marking GPU jobs. */
  runnerLabels: string[] | undefined;
  /** Hold first-party actions (`actions/*`, `github/*`) to SHA pinning too (`pinFirstPartyActions:`). */
  pinFirstPartyActions: boolean | undefined;
  /** Turn on the `cost/gpu-daily-cost` report (`estimate:`), as `--estimate` does. */
  estimate: boolean | undefined;
  /** A team's own models (`models:`), for the serving rules and `estimate --serve`; found before the catalog's. */
  models: ModelSpec[];
  /** Serving settings (`serving:`): `minSequences`, below which gpu/serving-kv-capacity warns. */
  serving: { minSequences?: number };
  /** `mlgate serve`: namespaces and kinds (`Kind` or `group/Kind`) the webhook admits unchecked (`serve:`). */
  serve: { skipNamespaces: string[]; skipKinds: string[] };
  /** The account's declared spending ceiling (`budget:`): `monthlyUsd`, which GPU pools at their maximum must stay under. */
  budget: { monthlyUsd?: number };
  /** Rule plugins (`plugins:`): paths relative to this file, or installed package names (docs/policies.md). */
  plugins: string[];
  /** ValidatingAdmissionPolicy files or directories (`policies:`), relative to this file, as `--policy` gives them. */
  policies: string[];
  /** CustomResourceDefinition files or directories (`crds:`), absolute: their kinds validate the documents, as `--crd` does. */
  crds: string[];
  /** Namespace → environment (`environments:`): prod raises the reproducibility findings there to warning. */
  environments: Record<string, Environment>;
  /** How models and data are pinned (`lineage:`): `mlflow: aliases | versions`, `pinGcs: true`. */
  lineage: LineagePolicy;
  /** Where the configuration came from, for messages. */
  source: string | undefined;
}

export const EMPTY_CONFIG: Config = {
  rules: {},
  exclude: [],
  failOn: undefined,
  ignore: [],
  kubeVersion: undefined,
  pss: undefined,
  allowedRegistries: undefined,
  runnerLabels: undefined,
  pinFirstPartyActions: undefined,
  estimate: undefined,
  models: [],
  crds: [],
  serving: {},
  serve: { skipNamespaces: [], skipKinds: [] },
  environments: {},
  lineage: {},
  budget: {},
  plugins: [],
  policies: [],
  source: undefined,
};

export class ConfigError extends Error {}

export const CONFIG_FILE_NAMES = [".mlgate.yaml", ".mlgate.yml"];

/** Finds `.mlgate.yaml` in `dir` or the nearest ancestor. */
export function findConfig(dir: string): string | undefined {
  let d = resolve(dir);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const p = join(d, name);
      if (existsSync(p)) return p;
    }
    const up = dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

/** A configuration and the file it came from (none: the defaults). */
export interface FoundConfig {
  path: string | undefined;
  config: Config;
}

/**
 * Each checked file's configuration, as ESLint's and Biome's nested configurations work: the
 * nearest `.mlgate.yaml` upward from the file's directory, else the one found from the working
 * directory; `--config FILE` overrides them all. Each file is looked up and parsed once.
 */
export class ConfigResolver {
  private readonly byDir = new Map<string, FoundConfig>();
  private readonly byPath = new Map<string, FoundConfig>();
  private readonly fallback: FoundConfig;

  constructor(
    cwd: string,
    private readonly knownRuleIds: ReadonlySet<string>,
    private readonly override?: string,
    private readonly optionSchemas: RuleOptionSchemas = new Map(),
  ) {
    this.fallback = this.load(override ? resolve(cwd, override) : findConfig(cwd));
  }

  /** The configuration for the files of an absolute directory. */
  forDir(dir: string): FoundConfig {
    if (this.override) return this.fallback;
    let found = this.byDir.get(dir);
    if (!found) {
      const path = findConfig(dir);
      found = path ? this.load(path) : this.fallback;
      this.byDir.set(dir, found);
    }
    return found;
  }

  private readonly excludeMatchers = new Map<FoundConfig, (path: string) => boolean>();

  /**
   * Whether the `exclude:` globs of the configuration governing `dir` (an absolute directory)
   * skip a file: `shown` is its path as reported (read from the working directory), `abs` its
   * absolute path, which is also matched relative to the configuration's own directory.
   */
  excludes(dir: string, abs: string, shown: string): boolean {
    const found = this.forDir(dir);
    if (found.config.exclude.length === 0) return false;
    let match = this.excludeMatchers.get(found);
    if (!match) {
      match = picomatch(found.config.exclude, { dot: true });
      this.excludeMatchers.set(found, match);
    }
    const fromConfig = found.path ? relative(dirname(found.path), abs).split(sep).join("/") : shown;
    return match(shown) || match(fromConfig);
  }

  /** The configuration of the working directory (or `--config`): for what belongs to no file. */
  get root(): FoundConfig {
    return this.fallback;
  }

  private load(path: string | undefined): FoundConfig {
    if (!path) return { path: undefined, config: EMPTY_CONFIG };
    let found = this.byPath.get(path);
    if (!found) {
      found = { path, config: loadConfigFile(path, this.knownRuleIds, this.optionSchemas) };
      this.byPath.set(path, found);
    }
    return found;
  }
}

/** The `options` schema of each rule that has one, by rule id (`RULE_OPTION_SCHEMAS` in src/rules/index.ts). */
export type RuleOptionSchemas = ReadonlyMap<string, JsonSchema>;

export function loadConfigFile(
  path: string,
  knownRuleIds: ReadonlySet<string>,
  optionSchemas: RuleOptionSchemas = new Map(),
): Config {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new ConfigError(`${path}: cannot read configuration: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = yaml.load(text);
  } catch (err) {
    const e = err as { reason?: string; mark?: { line: number; column: number } };
    const at = e.mark ? `:${e.mark.line + 1}:${e.mark.column + 1}` : "";
    throw new ConfigError(`${path}${at}: invalid YAML: ${e.reason ?? (err as Error).message}`);
  }
  return parseConfig(raw, path, knownRuleIds, optionSchemas);
}

const TOP_KEYS = new Set([
  "rules",
  "exclude",
  "failOn",
  "ignore",
  "kubeVersion",
  "pss",
  "allowedRegistries",
  "runnerLabels",
  "pinFirstPartyActions",
  "estimate",
  "models",
  "serving",
  "serve",
  "environments",
  "lineage",
  "budget",
  "plugins",
  "policies",
  "crds",
]);
const MODEL_KEYS = new Set([
  "id",
  "ids",
  "name",
  "params",
  "layers",
  "hidden",
  "heads",
  "kvHeads",
  "headDim",
  "intermediate",
  "vocab",
  "contextLength",
  "tiedEmbeddings",
  "dtype",
  "experts",
  "expertsPerToken",
]);
const SERVE_KEYS = new Set(["skipNamespaces", "skipKinds"]);
const SETTINGS = new Set(["error", "warning", "info", "off"]);
const FAIL_ON = new Set(["error", "warning", "info", "never"]);
const IGNORE_KEYS = new Set(["rules", "rule", "kind", "name", "namespace", "file", "reason"]);

/** Validates a parsed configuration; every mistake is a ConfigError naming the file and key. */
export function parseConfig(
  raw: unknown,
  source: string,
  knownRuleIds: ReadonlySet<string>,
  optionSchemas: RuleOptionSchemas = new Map(),
): Config {
  if (raw === null || raw === undefined) return { ...EMPTY_CONFIG, source };
  const fail = (msg: string): never => {
    throw new ConfigError(`${source}: ${msg}`);
  };
  if (!isObject(raw)) fail("the configuration must be a mapping");
  const obj = raw as Record<string, unknown>;
  for (const k of Object.keys(obj)) {
    if (!TOP_KEYS.has(k)) fail(`unknown key "${k}" (expected one of ${[...TOP_KEYS].join(", ")})`);
  }
  const paths = (key: "plugins" | "policies", example: string): string[] => {
    const list = obj[key];
    if (list === undefined) return [];
    if (!Array.isArray(list) || !list.every((x) => typeof x === "string" && x.trim() !== ""))
      fail(`${key}: must be a list, e.g. [${example}]`);
    return (list as string[]).map((x) => x.trim());
  };
  const plugins = paths("plugins", './mlgate-rules/index.mjs, "@acme/mlgate-rules"');
  const policies = paths("policies", "policies/");
  // Rule ids the run learns later: `policy/<name>` (the policies of the run), and, when plugins are
  // configured, ids under a prefix that is not a built-in category (checked once they are loaded).
  const builtinPrefixes = new Set([...knownRuleIds].map((id) => id.split("/")[0]));
  const checkRuleId = (id: unknown, where: string): string => {
    if (typeof id !== "string") return fail(`${where}: a rule id must be a string`);
    const prefix = id.split("/")[0] ?? "";
    const later = (prefix === "policy" || (plugins.length > 0 && !builtinPrefixes.has(prefix))) && id.includes("/");
    if (!knownRuleIds.has(id) && !later)
      return fail(`${where}: unknown rule id "${id}" (run \`mlgate rules\` for the list)`);
    return id;
  };
  const rules: Record<string, RuleSetting> = {};
  const ruleOptions: Record<string, Record<string, unknown>> = {};
  if (obj.rules !== undefined) {
    if (!isObject(obj.rules)) fail("rules: must map rule ids to error, warning, info or off");
    for (const [id, setting] of Object.entries(obj.rules as object)) {
      checkRuleId(id, "rules");
      // `{severity, options}`: the rule's severity and its own options.
      let severity: unknown = setting;
      if (isObject(setting)) {
        const entry = setting as Record<string, unknown>;
        for (const k of Object.keys(entry))
          if (k !== "severity" && k !== "options") fail(`rules.${id}: unknown key "${k}" (expected severity, options)`);
        severity = entry.severity;
        if (entry.options !== undefined)
          ruleOptions[id] = parseRuleOptions(id, entry.options, optionSchemas, knownRuleIds, fail);
        if (severity === undefined) continue;
      }
      // YAML 1.2 reads `off` as a string, but people also write `false`.
      const s = severity === false ? "off" : severity;
      if (typeof s !== "string" || !SETTINGS.has(s))
        fail(`rules.${id}: "${String(severity)}" is not error, warning, info or off`);
      rules[id] = s as RuleSetting;
    }
  }
  const exclude: string[] = [];
  if (obj.exclude !== undefined) {
    if (!Array.isArray(obj.exclude) || !obj.exclude.every((g) => typeof g === "string")) {
      fail("exclude: must be a list of globs");
    }
    exclude.push(...(obj.exclude as string[]));
  }
  const crds: string[] = [];
  if (obj.crds !== undefined) {
    if (!Array.isArray(obj.crds) || !obj.crds.every((g) => typeof g === "string" && g.trim() !== "")) {
      fail("crds: must be a list of CustomResourceDefinition files or directories");
    }
    // Relative to the configuration's own directory.
    crds.push(...(obj.crds as string[]).map((c) => resolve(dirname(source), c)));
  }
  let failOn: FailOn | undefined;
  if (obj.failOn !== undefined) {
    if (typeof obj.failOn !== "string" || !FAIL_ON.has(obj.failOn))
      fail(`failOn: "${String(obj.failOn)}" is not error, warning, info or never`);
    failOn = obj.failOn as FailOn;
  }
  const ignore: IgnoreEntry[] = [];
  if (obj.ignore !== undefined) {
    if (!Array.isArray(obj.ignore)) fail("ignore: must be a list");
    for (const [i, e] of (obj.ignore as unknown[]).entries()) {
      const where = `ignore[${i}]`;
      if (!isObject(e)) fail(`${where}: must be a mapping`);
      const entryObj = e as Record<string, unknown>;
      for (const k of Object.keys(entryObj)) if (!IGNORE_KEYS.has(k)) fail(`${where}: unknown key "${k}"`);
      const ids = entryObj.rules ?? (entryObj.rule !== undefined ? [entryObj.rule] : undefined);
      if (!Array.isArray(ids) || ids.length === 0) fail(`${where}: needs "rules" (a list of rule ids) or "rule"`);
      const entry: IgnoreEntry = { rules: (ids as unknown[]).map((id) => checkRuleId(id, where)) };
      for (const k of ["kind", "name", "namespace", "file", "reason"] as const) {
        const v = entryObj[k];
        if (v === undefined) continue;
        if (typeof v !== "string") fail(`${where}.${k}: must be a string`);
        entry[k] = v as string;
      }
      ignore.push(entry);
    }
  }
  let kubeVersion: string | undefined;
  if (obj.kubeVersion !== undefined) {
    if (typeof obj.kubeVersion !== "string") {
      fail('kubeVersion: quote the version, e.g. "1.30" (unquoted, 1.30 reads as the number 1.3)');
    }
    kubeVersion = String(obj.kubeVersion);
    if (!/^1\.\d+$/.test(kubeVersion))
      fail(`kubeVersion: "${kubeVersion}" is not a Kubernetes minor version such as 1.35`);
  }
  let pss: Config["pss"];
  if (obj.pss !== undefined) {
    if (obj.pss !== "baseline" && obj.pss !== "restricted")
      fail(`pss: "${String(obj.pss)}" is not baseline or restricted`);
    pss = obj.pss as Config["pss"];
  }
  let allowedRegistries: string[] | undefined;
  if (obj.allowedRegistries !== undefined) {
    const list = obj.allowedRegistries;
    if (!Array.isArray(list) || !list.every((g) => typeof g === "string" && g.trim().length > 0)) {
      fail("allowedRegistries: must be a list of registries, e.g. [nvcr.io, ghcr.io/my-org]");
    }
    allowedRegistries = (list as string[]).map((g) => g.trim().replace(/\/+$/, ""));
  }
  let runnerLabels: string[] | undefined;
  if (obj.runnerLabels !== undefined) {
    const list = obj.runnerLabels;
    if (!Array.isArray(list) || !list.every((l) => typeof l === "string" && l.trim() !== ""))
      fail("runnerLabels: must be a list of runner labels, e.g. [gpu, a100, linux-gpu-8x]");
    runnerLabels = (list as string[]).map((l) => l.trim());
  }
  let pinFirstPartyActions: boolean | undefined;
  if (obj.pinFirstPartyActions !== undefined) {
    if (typeof obj.pinFirstPartyActions !== "boolean") fail("pinFirstPartyActions: must be true or false");
    pinFirstPartyActions = obj.pinFirstPartyActions as boolean;
  }
  let estimate: boolean | undefined;
  if (obj.estimate !== undefined) {
    if (typeof obj.estimate !== "boolean") fail("estimate: must be true or false");
    estimate = obj.estimate as boolean;
  }
  const models = obj.models === undefined ? [] : parseModels(obj.models, fail);
  let serving: Config["serving"] = {};
  if (obj.serving !== undefined) {
    if (!isObject(obj.serving)) fail("serving: must be a mapping, e.g. {minSequences: 4}");
    const sv = obj.serving as Record<string, unknown>;
    for (const k of Object.keys(sv))
      if (k !== "minSequences") fail(`serving: unknown key "${k}" (expected minSequences)`);
    if (sv.minSequences !== undefined) {
      const n = sv.minSequences;
      if (typeof n !== "number" || !Number.isInteger(n) || n < 1)
        fail("serving.minSequences: must be a whole number ≥ 1");
      serving = { minSequences: n as number };
    }
  }
  const environments: Record<string, Environment> = {};
  if (obj.environments !== undefined) {
    if (!isObject(obj.environments))
      fail("environments: must map namespaces to dev, staging or prod, e.g. {ml-prod: prod}");
    for (const [ns, env] of Object.entries(obj.environments as Record<string, unknown>)) {
      if (env !== "dev" && env !== "staging" && env !== "prod")
        fail(`environments.${ns}: "${String(env)}" is not dev, staging or prod`);
      environments[ns] = env as Environment;
    }
  }
  const lineage: LineagePolicy = {};
  if (obj.lineage !== undefined) {
    if (!isObject(obj.lineage)) fail("lineage: must be a mapping, e.g. {mlflow: versions, pinGcs: true}");
    for (const [k, v] of Object.entries(obj.lineage as Record<string, unknown>)) {
      if (k === "mlflow") {
        if (v !== "aliases" && v !== "versions") fail(`lineage.mlflow: "${String(v)}" is not aliases or versions`);
        lineage.mlflow = v as "aliases" | "versions";
      } else if (k === "pinGcs") {
        if (typeof v !== "boolean") fail("lineage.pinGcs: must be true or false");
        lineage.pinGcs = v as boolean;
      } else fail(`lineage: unknown key "${k}" (expected mlflow, pinGcs)`);
    }
  }
  const serve: Config["serve"] = { skipNamespaces: [], skipKinds: [] };
  if (obj.serve !== undefined) {
    if (!isObject(obj.serve)) fail("serve: must be a mapping with skipNamespaces and skipKinds");
    for (const [k, list] of Object.entries(obj.serve as object)) {
      if (!SERVE_KEYS.has(k)) fail(`serve: unknown key "${k}" (expected ${[...SERVE_KEYS].join(" or ")})`);
      if (!Array.isArray(list) || !list.every((v) => typeof v === "string" && v.trim() !== ""))
        fail(`serve.${k}: must be a list of names`);
      serve[k as keyof Config["serve"]] = (list as string[]).map((v) => v.trim());
    }
  }
  let budget: Config["budget"] = {};
  if (obj.budget !== undefined) {
    if (!isObject(obj.budget)) fail("budget: must be a mapping, e.g. {monthlyUsd: 250000}");
    const b = obj.budget as Record<string, unknown>;
    for (const k of Object.keys(b)) if (k !== "monthlyUsd") fail(`budget: unknown key "${k}" (expected monthlyUsd)`);
    if (b.monthlyUsd !== undefined) {
      const n = b.monthlyUsd;
      if (typeof n !== "number" || !Number.isFinite(n) || n <= 0)
        fail(`budget.monthlyUsd: "${String(n)}" is not a positive number of US dollars a month`);
      budget = { monthlyUsd: n as number };
    }
  }
  return {
    ...(Object.keys(ruleOptions).length > 0 ? { ruleOptions } : {}),
    models,
    crds,
    serving,
    budget,
    rules,
    exclude,
    failOn,
    ignore,
    kubeVersion,
    pss,
    allowedRegistries,
    runnerLabels,
    pinFirstPartyActions,
    estimate,
    serve,
    environments,
    lineage,
    plugins,
    policies,
    source,
  };
}

/** `models:` entries: a team's own models, with the same fields as the built-in catalog (src/catalog/models.ts). */
function parseModels(raw: unknown, fail: (msg: string) => never): ModelSpec[] {
  if (!Array.isArray(raw))
    return fail("models: must be a list of models, e.g. [{id: acme/bot-13b, params: 13B, layers: 40, …}]");
  return raw.map((e, i) => {
    const where = `models[${i}]`;
    if (!isObject(e)) return fail(`${where}: must be a mapping`);
    const m = e as Record<string, unknown>;
    for (const k of Object.keys(m))
      if (!MODEL_KEYS.has(k)) fail(`${where}: unknown key "${k}" (expected one of ${[...MODEL_KEYS].join(", ")})`);
    const ids = m.ids ?? (m.id !== undefined ? [m.id] : undefined);
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((x) => typeof x === "string" && x.trim() !== ""))
      fail(`${where}: needs "id" (the name the server is given, e.g. acme/support-bot-13b) or "ids"`);
    const num = (k: string, required: boolean, integer = true): number | undefined => {
      const v = m[k];
      if (v === undefined) return required ? fail(`${where}.${k}: required`) : undefined;
      const n = typeof v === "number" ? v : typeof v === "string" ? parseSize(v) : undefined;
      if (n === undefined || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n)))
        fail(`${where}.${k}: "${String(v)}" is not a positive ${integer ? "whole " : ""}number`);
      return n;
    };
    const hidden = num("hidden", true) as number;
    const heads = num("heads", true) as number;
    const dtype = m.dtype ?? "bfloat16";
    if (dtype !== "bfloat16" && dtype !== "float16" && dtype !== "float8")
      fail(`${where}.dtype: "${String(dtype)}" is not bfloat16, float16 or float8`);
    if (m.tiedEmbeddings !== undefined && typeof m.tiedEmbeddings !== "boolean")
      fail(`${where}.tiedEmbeddings: must be true or false`);
    const spec: ModelSpec = {
      ids: ids as string[],
      org: "",
      name: typeof m.name === "string" ? m.name : ((ids as string[])[0] as string),
      params: num("params", true, false) as number,
      layers: num("layers", true) as number,
      hidden,
      heads,
      kvHeads: num("kvHeads", false) ?? heads,
      headDim: num("headDim", false) ?? Math.round(hidden / heads),
      intermediate: num("intermediate", false) ?? 4 * hidden,
      vocab: num("vocab", true) as number,
      contextLength: num("contextLength", true) as number,
      tiedEmbeddings: (m.tiedEmbeddings as boolean | undefined) ?? false,
      dtype: dtype as ModelSpec["dtype"],
      source: `${where} in the configuration`,
      read: "",
    };
    const experts = num("experts", false);
    if (experts !== undefined) spec.experts = experts;
    const perToken = num("expertsPerToken", false);
    if (perToken !== undefined) spec.expertsPerToken = perToken;
    if (spec.heads % spec.kvHeads !== 0)
      fail(`${where}: heads (${spec.heads}) must be a multiple of kvHeads (${spec.kvHeads})`);
    return spec;
  });
}

/**
 * A rule's `options` from `rules.<id>.options`, checked against its schema. A plugin's or
 * policy's rule is not known while the file is read: its options are taken as given.
 */
function parseRuleOptions(
  id: string,
  raw: unknown,
  schemas: RuleOptionSchemas,
  knownRuleIds: ReadonlySet<string>,
  fail: (msg: string) => never,
): Record<string, unknown> {
  if (!isObject(raw)) return fail(`rules.${id}.options: must be a mapping`);
  const schema = schemas.get(id);
  if (!schema) {
    if (knownRuleIds.has(id)) fail(`rules.${id}: takes no options`);
    return raw as Record<string, unknown>;
  }
  const problems = validateJson(schema, raw, `rules.${id}.options`);
  if (problems.length > 0) fail(problems.join("; "));
  return raw as Record<string, unknown>;
}

/**
 * Top-level keys older than rules' own options, each now one rule's option. A rule reads only
 * its options; these keys still work, and `rules.<id>.options` wins over them.
 */
const LEGACY_RULE_OPTIONS: ReadonlyArray<{ rule: string; option: string; value: (c: Config) => unknown }> = [
  { rule: "security/image-registry", option: "registries", value: (c) => c.allowedRegistries },
  { rule: "ci/unpinned-action", option: "firstParty", value: (c) => c.pinFirstPartyActions },
  { rule: "gpu/serving-kv-capacity", option: "minSequences", value: (c) => c.serving.minSequences },
];

/** Every rule's options a configuration sets: `rules.<id>.options` over the older top-level keys. */
export function ruleOptionsOf(config: Config): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const { rule, option, value } of LEGACY_RULE_OPTIONS) {
    const v = value(config);
    if (v !== undefined) out[rule] = { [option]: v };
  }
  for (const [rule, options] of Object.entries(config.ruleOptions ?? {})) out[rule] = { ...out[rule], ...options };
  return out;
}
