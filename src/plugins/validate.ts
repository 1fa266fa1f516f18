/**
 * What a rule plugin must export, checked before any of its rules runs: the public rule API
 * (docs/plugins.md), version RULE_API_VERSION. Pure: the loader (load.ts) hands in the module.
 */
import { CATEGORIES, type Rule } from "../rules/types.js";

/**
 * The version of the rule API plugins are written against: the Rule shape and the model types it
 * exposes (Resource, Workload, PodGroup, ContainerView, CheckedSet, RuleContext, Report). A change
 * that breaks a plugin raises it; a plugin declaring another version is refused with a message.
 */
export const RULE_API_VERSION = 1;

export class PluginError extends Error {}

/** Prefixes a plugin may not take: the built-in categories and `policy` (the user's admission policies). */
const RESERVED = new Set<string>([...CATEGORIES, "policy"]);

const HOOKS = ["resource", "workload", "workflow", "set", "change"] as const;

/** The rules of a loaded plugin module, validated; throws PluginError naming the plugin and the problem. */
export function pluginRules(mod: unknown, source: string): Rule[] {
  const fail = (msg: string): never => {
    throw new PluginError(`plugin ${source}: ${msg}`);
  };
  const m = (mod ?? {}) as Record<string, unknown>;
  const plugin = (m.default ?? m) as Record<string, unknown>;
  if (plugin === null || typeof plugin !== "object")
    return fail("must export a plugin object ({ apiVersion, name, rules })");
  if (plugin.apiVersion !== RULE_API_VERSION)
    fail(
      `declares rule API version ${JSON.stringify(plugin.apiVersion)}, this mlgate provides version ${RULE_API_VERSION} (set apiVersion: ${RULE_API_VERSION} after checking docs/plugins.md)`,
    );
  const name = plugin.name;
  if (typeof name !== "string" || !/^[a-z0-9][a-z0-9-]*$/.test(name))
    fail('needs a name: lower-case letters, digits and dashes, the prefix of its rule ids (e.g. "acme")');
  if (RESERVED.has(name as string)) fail(`name "${name}" is reserved for mlgate's own rules; choose your own prefix`);
  if (!Array.isArray(plugin.rules) || plugin.rules.length === 0) fail("must export a non-empty rules array");
  const seen = new Set<string>();
  return (plugin.rules as unknown[]).map((r, i) => {
    const where = `rules[${i}]`;
    if (r === null || typeof r !== "object") return fail(`${where}: must be a rule object`);
    const rule = r as Record<string, unknown>;
    const id = rule.id;
    if (typeof id !== "string" || !id.startsWith(`${name}/`) || id.length <= (name as string).length + 1)
      fail(`${where}: id must be "${name}/<rule name>", got ${JSON.stringify(id)}`);
    if (seen.has(id as string)) fail(`${where}: duplicate id ${id}`);
    seen.add(id as string);
    if (typeof rule.category !== "string" || !(CATEGORIES as readonly string[]).includes(rule.category))
      fail(`${id}: category must be one of ${CATEGORIES.join(", ")}`);
    if (rule.severity !== "error" && rule.severity !== "warning" && rule.severity !== "info")
      fail(`${id}: severity must be error, warning or info`);
    for (const k of ["summary", "rationale", "remediation"])
      if (typeof rule[k] !== "string" || (rule[k] as string).trim() === "")
        fail(`${id}: ${k} must be a non-empty string`);
    if (!Array.isArray(rule.links)) fail(`${id}: links must be a list of {title, url}`);
    const ex = rule.examples as Record<string, unknown> | undefined;
    if (!ex || !Array.isArray(ex.valid) || !Array.isArray(ex.invalid))
      fail(
        `${id}: examples must be {valid: [...], invalid: [...]} (they are the rule's tests: mlgate test-rules runs them)`,
      );
    const messages = rule.messages;
    if (
      messages !== undefined &&
      (messages === null ||
        typeof messages !== "object" ||
        !Object.values(messages).every((t) => typeof t === "string"))
    )
      fail(`${id}: messages must map message ids to templates, e.g. {tooMany: "{{name}} asks for {{n}} GPUs"}`);
    const options = rule.options as { type?: unknown; properties?: unknown } | undefined;
    if (
      options !== undefined &&
      (options === null || options.type !== "object" || typeof options.properties !== "object")
    )
      fail(`${id}: options must be a JSON Schema of an object: {type: "object", properties: {…}}`);
    if (!HOOKS.some((h) => typeof rule[h] === "function")) fail(`${id}: needs a hook: ${HOOKS.join(", ")}`);
    for (const h of [...HOOKS, "facts"])
      if (rule[h] !== undefined && typeof rule[h] !== "function") fail(`${id}: ${h} must be a function`);
    return asPluginRule(rule as unknown as Rule);
  });
}

/**
 * A plugin rule as the engine runs it. In version 1 of the API a `set` hook reads every object of
 * the set, workloads included; the built-in rules' `set` hooks read lookups and `facts` instead
 * (docs/ARCHITECTURE.md, parallel). A plugin rule with a `set` hook and no `facts` keeps reading the
 * whole set (`wholeSet`); one that gives `facts` reads lookups and facts, as the built-in rules do.
 */
export function asPluginRule(rule: Rule): Rule {
  return rule.set && !rule.facts && !rule.wholeSet ? { ...rule, wholeSet: true } : rule;
}
