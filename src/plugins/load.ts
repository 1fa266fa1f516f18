/**
 * The I/O edge of rule plugins: resolves each `plugins:` entry of a configuration (a path relative
 * to the configuration's directory, or an installed package found in a node_modules folder at or
 * above it) and loads it. ES modules load synchronously through Node's require(esm) (Node 20.19 and
 * later), so `check()` and the CLI stay synchronous.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, resolve } from "node:path";
import type { Rule } from "../rules/types.js";
import { PluginError, pluginRules } from "./validate.js";

export interface LoadedPlugin {
  /** As written in the configuration. */
  spec: string;
  /** The file loaded. */
  file: string;
  rules: Rule[];
}

function packageEntry(pkgDir: string, subpath: string): string | undefined {
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const pick = (v: unknown): string | undefined => {
    if (typeof v === "string") return v;
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      for (const k of ["import", "node", "default", "require"]) {
        const x = pick(o[k]);
        if (x) return x;
      }
    }
    return undefined;
  };
  const exportsField = pkg.exports;
  let entry: string | undefined;
  if (exportsField !== undefined) {
    const map = exportsField as Record<string, unknown>;
    const isSubpathMap =
      typeof exportsField === "object" && exportsField !== null && Object.keys(map).some((k) => k.startsWith("."));
    entry = isSubpathMap
      ? pick(map[subpath === "" ? "." : `./${subpath}`])
      : subpath === ""
        ? pick(exportsField)
        : undefined;
  } else entry = subpath !== "" ? subpath : typeof pkg.main === "string" ? pkg.main : "index.js";
  return entry ? join(pkgDir, entry) : undefined;
}

/** The file a plugin entry names, from the directory of the configuration that lists it. */
export function resolvePlugin(spec: string, fromDir: string): string {
  if (spec.startsWith(".") || isAbsolute(spec)) {
    const p = resolve(fromDir, spec);
    if (!existsSync(p)) throw new PluginError(`plugin ${spec}: ${p} does not exist`);
    if (statSync(p).isDirectory()) {
      const entry = packageEntry(p, "") ?? join(p, "index.js");
      if (!existsSync(entry)) throw new PluginError(`plugin ${spec}: no entry point in ${p}`);
      return entry;
    }
    return p;
  }
  const parts = spec.split("/");
  const nameLen = spec.startsWith("@") ? 2 : 1;
  const pkgName = parts.slice(0, nameLen).join("/");
  const subpath = parts.slice(nameLen).join("/");
  for (let d = resolve(fromDir); ; d = dirname(d)) {
    const pkgDir = join(d, "node_modules", pkgName);
    if (existsSync(join(pkgDir, "package.json"))) {
      const entry = packageEntry(pkgDir, subpath);
      if (!entry || !existsSync(entry))
        throw new PluginError(`plugin ${spec}: package ${pkgDir} has no entry point for it`);
      return entry;
    }
    if (dirname(d) === d) break;
  }
  throw new PluginError(
    `plugin ${spec}: not installed (no node_modules/${pkgName} at or above ${fromDir}); npm install it, or give a path`,
  );
}

/** Loads and validates the plugins a configuration lists; every problem is a PluginError naming the plugin. */
export function loadPlugins(specs: readonly string[], fromDir: string): LoadedPlugin[] {
  const out: LoadedPlugin[] = [];
  const ids = new Set<string>();
  const req = createRequire(join(fromDir, "noop.js"));
  for (const spec of specs) {
    const file = resolvePlugin(spec, fromDir);
    let mod: unknown;
    try {
      mod = req(file);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const why =
        e.code === "ERR_REQUIRE_ASYNC_MODULE"
          ? "it uses top-level await, which a synchronously loaded plugin cannot"
          : (e.message ?? String(err)).split("\n")[0];
      throw new PluginError(`plugin ${spec}: cannot load ${file}: ${why}`);
    }
    const rules = pluginRules(mod, spec);
    for (const r of rules) {
      if (ids.has(r.id)) throw new PluginError(`plugin ${spec}: rule ${r.id} is also defined by another plugin`);
      ids.add(r.id);
    }
    out.push({ spec, file, rules });
  }
  return out;
}
