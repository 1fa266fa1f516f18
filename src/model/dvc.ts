// DVC projects as one shape the reproducibility rules read: every stage of every dvc.yaml of the
// run (foreach and matrix stages expanded the way DVC names them, `${…}` interpolated where DVC
// would), the outputs `.dvc` files track, the lock files, and the parameter files' values. Paths
// are normalised to the user's view (relative to the working directory), so stages of several
// dvc.yaml files form one graph, as DVC builds one per repository.
import yaml from "js-yaml";
import { parseStream } from "../load/parse.js";
import { dvcFileKind } from "../load/project-files.js";
import { dirOf, type FileTree, joinPath, normalizePath } from "../load/tree.js";
import type { ParsedDocument, SourceFile } from "../load/types.js";
import {
  extend,
  foreachMembers,
  interpolate,
  isTemplated,
  matrixMembers,
  mergeVars,
  type TemplateContext,
} from "./dvc-template.js";
import type { Path } from "./path.js";
import { asArray, isObject, type JsonObject, type Resource } from "./resource.js";

export const DVC_API_VERSION = "dvc.org";

/** A path a stage names (a dependency or output): as written, and resolved. */
export interface DvcPathRef {
  /** As written (after interpolation when that succeeded). */
  raw: string;
  /** Relative to the working directory, normalised; undefined when it could not be resolved or is not local. */
  path: string | undefined;
  /** A pattern the path may take when `${…}` could not be resolved (each unknown part matches anything). */
  pattern?: RegExp;
  /** A URL or remote (`s3://…`, `remote://…`): not in the tree. */
  external: boolean;
  kind: "dep" | "out" | "metric" | "plot";
  /** Where it is, relative to the stage's resource. */
  at: Path;
}

/** One parameter a stage depends on: a key of a params file, or (key undefined) the whole file. */
export interface DvcParamRef {
  /** The params file, relative to the working directory. */
  file: string;
  /** The file as written (`params.yaml` when the default). */
  fileRaw: string;
  key: string | undefined;
  at: Path;
}

export interface DvcStage {
  /** The stage as reports name it: kind `Stage`, name as DVC addresses it (`build@us`). */
  resource: Resource;
  /** The name DVC addresses it by (`train`, `build@us`, `fit@cpu-3.10`). */
  name: string;
  /** The foreach/matrix definition it was generated from. */
  group?: string;
  pipeline: DvcPipeline;
  /** The stage's working directory, relative to the working directory. */
  wdir: string;
  /** The command(s) as DVC runs them; undefined when not resolved. */
  cmd: string[] | undefined;
  /** The command as written (before interpolation), for finding words in its source. */
  cmdRaw: string[];
  deps: DvcPathRef[];
  /** Outputs, metrics and plots: DVC treats them all as outputs. */
  outs: DvcPathRef[];
  params: DvcParamRef[];
  frozen: boolean;
}

/** A structural problem of a dvc.yaml that DVC itself refuses (its schema, its templating). */
export interface DvcProblem {
  resource: Resource;
  path: Path;
  message: string;
  at?: "key" | "value";
}

export interface DvcPipeline {
  /** kind `Pipeline`, named by its file. */
  resource: Resource;
  doc: ParsedDocument;
  /** The directory of the dvc.yaml, relative to the working directory. */
  dir: string;
  stages: DvcStage[];
  problems: DvcProblem[];
  /** The dvc.lock beside it, when the run has one. */
  lock?: DvcLock;
}

export interface DvcLockStage {
  name: string;
  cmd: string[] | undefined;
  path: Path;
  /** Dependency and output paths as the last run recorded them (relative to the stage's wdir). */
  deps: string[];
  outs: string[];
  /** Parameter values of the last run: params file as written → key → value. */
  params: Map<string, Record<string, unknown>>;
}

export interface DvcLock {
  resource: Resource;
  doc: ParsedDocument;
  dir: string;
  stages: Map<string, DvcLockStage>;
}

/** A `.dvc` file: the data it tracks. */
export interface DvcTracked {
  resource: Resource;
  outs: DvcPathRef[];
}

/** A params file's values as DVC reads them; `known` is false when mlgate could not read it. */
export type ParamsFile = { known: true; value: unknown } | { known: false };

export interface DvcSet {
  pipelines: DvcPipeline[];
  tracked: DvcTracked[];
  locks: DvcLock[];
  /** Every file and directory of the checked tree, when the run listed one. */
  tree: FileTree | undefined;
  /** A params file's values, by its path relative to the working directory. */
  params(path: string): ParamsFile;
  /** Whether a path exists: true, false, or undefined when the run cannot tell. */
  exists(path: string): boolean | undefined;
}

function dvcResource(doc: ParsedDocument, kind: string, name: string, basePath: Path, value: JsonObject): Resource {
  return {
    doc,
    basePath,
    value,
    apiVersion: DVC_API_VERSION,
    kind,
    group: DVC_API_VERSION,
    version: "",
    name,
    namespace: undefined,
    ref: { apiVersion: DVC_API_VERSION, kind, name },
    labels: {},
    annotations: {},
    memo: null,
  };
}

/** A URL or a DVC remote: not a path of the tree. */
function isExternal(p: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(p);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A pattern for a path whose `${…}` parts are unknown: each matches any text. */
function patternOf(dir: string, raw: string): RegExp {
  const parts = raw.split(/\$\{.*?\}/);
  const body = parts.map((p) => escapeRegExp(p)).join(".*");
  const prefix = dir === "." ? "" : `${escapeRegExp(dir)}/`;
  return new RegExp(`^${prefix}${body}$`);
}

/**
 * Reads the params and vars files of the run when first asked (YAML 1.2 and JSON, as DVC reads
 * them; TOML and Python params files are not read, so their keys are unknown).
 */
function paramsReader(files: readonly SourceFile[]): (path: string) => ParamsFile {
  const byPath = new Map<string, SourceFile>();
  for (const f of files) byPath.set(normalizePath(f.path), f);
  const cache = new Map<string, ParamsFile>();
  return (path) => {
    const key = normalizePath(path);
    let got = cache.get(key);
    if (got) return got;
    const f = byPath.get(key);
    if (!f || !/\.(ya?ml|json)$/i.test(key)) got = { known: false };
    else {
      const parsed = parseStream(f, yaml.CORE_SCHEMA);
      got = parsed.problems.length > 0 ? { known: false } : { known: true, value: parsed.documents[0]?.value ?? {} };
    }
    cache.set(key, got);
    return got;
  };
}

/** Builds the DVC model from the run's DVC documents and the files it may read parameters from. */
export function buildDvc(
  docs: readonly ParsedDocument[],
  /** Files of the run no loader claimed, among them the params and vars files. */
  valueFiles: readonly SourceFile[],
  tree: FileTree | undefined,
): DvcSet {
  const params = paramsReader(valueFiles);
  const exists = (p: string): boolean | undefined => {
    if (!tree?.covers(p)) return undefined;
    return tree.has(p);
  };
  const set: DvcSet = { pipelines: [], tracked: [], locks: [], tree, params, exists };
  for (const doc of docs) {
    const kind = dvcFileKind(doc.file.path);
    if (kind === "pipeline") set.pipelines.push(readPipeline(doc, set));
    else if (kind === "lock") {
      const lock = readLock(doc);
      if (lock) set.locks.push(lock);
    } else if (kind === "tracked") {
      const t = readTracked(doc);
      if (t) set.tracked.push(t);
    }
  }
  for (const p of set.pipelines) p.lock = set.locks.find((l) => l.dir === p.dir);
  return set;
}

function readTracked(doc: ParsedDocument): DvcTracked | undefined {
  if (!isObject(doc.value)) return undefined;
  const dir = dirOf(normalizePath(doc.file.path));
  const resource = dvcResource(doc, "Tracked", doc.file.path, [], doc.value);
  const wdir = typeof doc.value.wdir === "string" ? joinPath(dir, doc.value.wdir) : dir;
  const outs: DvcPathRef[] = [];
  asArray(doc.value.outs).forEach((o, i) => {
    const p = isObject(o) ? o.path : undefined;
    if (typeof p !== "string") return;
    outs.push({
      raw: p,
      path: isExternal(p) ? undefined : joinPath(wdir, p),
      external: isExternal(p),
      kind: "out",
      at: ["outs", i, "path"],
    });
  });
  return { resource, outs };
}

function cmdList(v: unknown): string[] | undefined {
  if (typeof v === "string") return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v as string[];
  return undefined;
}

function readLock(doc: ParsedDocument): DvcLock | undefined {
  if (!isObject(doc.value)) return undefined;
  const dir = dirOf(normalizePath(doc.file.path));
  const resource = dvcResource(doc, "Lock", doc.file.path, [], doc.value);
  const stages = new Map<string, DvcLockStage>();
  if (isObject(doc.value.stages))
    for (const [name, s] of Object.entries(doc.value.stages)) {
      const st = isObject(s) ? s : {};
      const paths = (v: unknown) =>
        asArray(v).flatMap((e) => (isObject(e) && typeof e.path === "string" ? [e.path] : []));
      const params = new Map<string, Record<string, unknown>>();
      if (isObject(st.params)) for (const [f, kv] of Object.entries(st.params)) if (isObject(kv)) params.set(f, kv);
      stages.set(name, {
        name,
        cmd: cmdList(st.cmd),
        path: ["stages", name],
        deps: paths(st.deps),
        outs: paths(st.outs),
        params,
      });
    }
  return { resource, doc, dir, stages };
}

/** The keys DVC's schema allows in a stage (dvc/schema.py STAGE_DEFINITION) and at the top of dvc.yaml. */
const STAGE_KEYS = new Set([
  "cmd",
  "wdir",
  "deps",
  "params",
  "outs",
  "metrics",
  "plots",
  "vars",
  "frozen",
  "meta",
  "desc",
  "always_changed",
  "matrix",
]);
const TOP_KEYS = new Set(["stages", "vars", "params", "metrics", "plots", "artifacts", "datasets"]);

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (isObject(v)) return "a mapping";
  return `a ${typeof v}`;
}

/** The template context of a dvc.yaml: its directory's params.yaml, then its `vars`. */
function topContext(
  doc: ParsedDocument,
  dir: string,
  set: DvcSet,
  problems: DvcProblem[],
  pr: Resource,
): TemplateContext {
  const values: Record<string, unknown> = {};
  let complete = true;
  const defaultFile = joinPath(dir, "params.yaml");
  const def = set.params(defaultFile);
  if (def.known) {
    if (isObject(def.value)) mergeVars(values, def.value);
  } else if (set.exists(defaultFile) !== false) complete = false;
  const vars = isObject(doc.value) ? doc.value.vars : undefined;
  const c = loadVars(vars, dir, set, values, problems, pr, ["vars"]);
  return { values, complete: complete && c };
}

/** Merges `vars` entries (files with optional `:keys`, inline mappings); false when one cannot be read. */
function loadVars(
  vars: unknown,
  dir: string,
  set: DvcSet,
  into: Record<string, unknown>,
  problems: DvcProblem[],
  resource: Resource,
  at: Path,
): boolean {
  let complete = true;
  asArray(vars).forEach((item, i) => {
    if (isObject(item)) {
      mergeVars(into, item);
      return;
    }
    if (typeof item !== "string") return;
    const colon = item.lastIndexOf(":");
    const hasKeys = colon > 0 && !/^[a-z]:[\\/]/i.test(item);
    const file = hasKeys ? item.slice(0, colon) : item;
    const keys = hasKeys
      ? item
          .slice(colon + 1)
          .split(",")
          .map((k) => k.trim())
          .filter((k) => k)
      : undefined;
    const path = joinPath(dir, file);
    const read = set.params(path);
    if (!read.known) {
      if (set.exists(path) === false)
        problems.push({
          resource,
          path: [...at, i],
          message: `vars file ${file} does not exist: DVC stops at "'${path}' does not exist" before it runs any stage`,
        });
      complete = false;
      return;
    }
    if (!isObject(read.value)) return;
    if (keys) {
      for (const k of keys) {
        if (Object.hasOwn(read.value, k)) mergeVars(into, { [k]: read.value[k] });
        else
          problems.push({
            resource,
            path: [...at, i],
            message: `vars: ${file} has no key ${k}: DVC fails with "could not find '${k}'"`,
          });
      }
    } else mergeVars(into, read.value);
  });
  return complete;
}

function readPipeline(doc: ParsedDocument, set: DvcSet): DvcPipeline {
  const path = normalizePath(doc.file.path);
  const dir = dirOf(path);
  const v = isObject(doc.value) ? doc.value : {};
  const resource = dvcResource(doc, "Pipeline", doc.file.path, [], v);
  const pipeline: DvcPipeline = { resource, doc, dir, stages: [], problems: [] };
  const problems = pipeline.problems;
  if (!isObject(doc.value)) {
    problems.push({
      resource,
      path: [],
      message: `dvc.yaml must be a mapping with a \`stages:\` mapping; this is ${typeName(doc.value)}`,
    });
    return pipeline;
  }
  for (const k of Object.keys(v))
    if (!TOP_KEYS.has(k))
      problems.push({
        resource,
        path: [k],
        at: "key",
        message: `unknown top-level key "${k}": DVC's schema refuses it (allowed: ${[...TOP_KEYS].join(", ")})`,
      });
  const ctx = topContext(doc, dir, set, problems, resource);
  if (v.stages === undefined) return pipeline;
  if (!isObject(v.stages)) {
    problems.push({
      resource,
      path: ["stages"],
      message: `\`stages\` must be a mapping of stage names to stages; this is ${typeName(v.stages)}`,
    });
    return pipeline;
  }
  for (const [name, def] of Object.entries(v.stages)) {
    if (!isObject(def)) {
      problems.push({
        resource,
        path: ["stages", name],
        message: `stage ${name} must be a mapping with a \`cmd\`; this is ${typeName(def)}`,
      });
      continue;
    }
    if (name.includes("@")) {
      // DVC reads `a@b` as member b of a foreach/matrix stage a (split_group_name): it cannot load this stage.
      problems.push({
        resource,
        path: ["stages", name],
        at: "key",
        message: `stage name "${name}" has an @, which DVC reads as a foreach or matrix member (group@key): it cannot load the stage ("Could not find '${name}'")`,
      });
    }
    if ("foreach" in def || "do" in def) expandForeach(pipeline, name, def, ctx, set);
    else if ("matrix" in def) expandMatrix(pipeline, name, def, ctx, set);
    else addStage(pipeline, name, undefined, def, ["stages", name], ctx, set);
  }
  return pipeline;
}

function expandForeach(p: DvcPipeline, name: string, def: JsonObject, ctx: TemplateContext, set: DvcSet): void {
  const problems = p.problems;
  const r = p.resource;
  if (!("do" in def)) {
    problems.push({
      resource: r,
      path: ["stages", name, "foreach"],
      at: "key",
      message: `foreach stage ${name} has no \`do\`: DVC's schema requires one`,
    });
    return;
  }
  if (!("foreach" in def)) {
    problems.push({
      resource: r,
      path: ["stages", name, "do"],
      at: "key",
      message: `stage ${name} has \`do\` without \`foreach\``,
    });
    return;
  }
  for (const k of Object.keys(def))
    if (k !== "foreach" && k !== "do")
      problems.push({
        resource: r,
        path: ["stages", name, k],
        at: "key",
        message: `"${k}" beside foreach/do: DVC's schema allows only foreach and do here (put it under do)`,
      });
  const tpl = def.do;
  if (!isObject(tpl)) {
    problems.push({
      resource: r,
      path: ["stages", name, "do"],
      message: `\`do\` must be a stage mapping; this is ${typeName(tpl)}`,
    });
    return;
  }
  let iterable: unknown = def.foreach;
  if (typeof iterable === "string") {
    const res = interpolate(iterable, ctx);
    if (!res.ok) {
      if (res.missing)
        problems.push({
          resource: r,
          path: ["stages", name, "foreach"],
          message: `foreach: \${${res.missing}} is not defined in vars or params.yaml: DVC fails with "Could not find '${res.missing}'"`,
        });
      // Unknown members: one stage with the template unresolved stands for them.
      addStage(p, `${name}@…`, name, tpl, ["stages", name, "do"], { values: ctx.values, complete: false }, set);
      return;
    }
    iterable = res.value;
  }
  const members = foreachMembers(iterable);
  if (!members) {
    problems.push({
      resource: r,
      path: ["stages", name, "foreach"],
      message: `foreach must be a list or a mapping; this is ${typeName(iterable)}`,
    });
    return;
  }
  for (const m of members)
    addStage(
      p,
      `${name}@${m.key}`,
      name,
      tpl,
      ["stages", name, "do"],
      extend(ctx, m.hasKey ? { item: m.item, key: m.key } : { item: m.item }),
      set,
    );
}

function expandMatrix(p: DvcPipeline, name: string, def: JsonObject, ctx: TemplateContext, set: DvcSet): void {
  const r = p.resource;
  const raw = def.matrix;
  const tpl: JsonObject = { ...def };
  delete tpl.matrix;
  if (!isObject(raw)) {
    p.problems.push({
      resource: r,
      path: ["stages", name, "matrix"],
      message: `matrix must be a mapping of names to lists; this is ${typeName(raw)}`,
    });
    return;
  }
  const lists: Record<string, unknown[]> = {};
  for (const [k, vals] of Object.entries(raw)) {
    let v: unknown = vals;
    if (typeof v === "string") {
      const res = interpolate(v, ctx);
      if (!res.ok) {
        if (res.missing)
          p.problems.push({
            resource: r,
            path: ["stages", name, "matrix", k],
            message: `matrix: \${${res.missing}} is not defined in vars or params.yaml: DVC fails with "Could not find '${res.missing}'"`,
          });
        addStage(p, `${name}@…`, name, tpl, ["stages", name], { values: ctx.values, complete: false }, set);
        return;
      }
      v = res.value;
    }
    if (!Array.isArray(v)) {
      p.problems.push({
        resource: r,
        path: ["stages", name, "matrix", k],
        message: `matrix entry ${k} must be a list; this is ${typeName(v)}`,
      });
      return;
    }
    lists[k] = v;
  }
  for (const m of matrixMembers(lists))
    addStage(p, `${name}@${m.key}`, name, tpl, ["stages", name], extend(ctx, { item: m.item, key: m.key }), set);
}

/** Interpolates a value in place of a stage field, recording a missing key once per place. */
function resolver(p: DvcPipeline, stageBase: Path, ctx: TemplateContext, reported: Set<string>) {
  return (v: unknown, at: Path): { ok: true; value: unknown } | { ok: false } => {
    if (typeof v !== "string" || !isTemplated(v)) return { ok: true, value: v };
    const res = interpolate(v, ctx);
    if (res.ok) return res;
    if (res.missing) {
      const key = `${[...stageBase, ...at].join("\u0000")}:${res.missing}`;
      if (!reported.has(key)) {
        reported.add(key);
        p.problems.push({
          resource: p.resource,
          path: [...stageBase, ...at],
          message: `\${${res.missing}} is not defined in vars, params.yaml or the foreach item: DVC fails with "Could not find '${res.missing}'"`,
        });
      }
    }
    return { ok: false };
  };
}

const REPORTED = new WeakMap<DvcPipeline, Set<string>>();

function addStage(
  p: DvcPipeline,
  name: string,
  group: string | undefined,
  def: JsonObject,
  base: Path,
  outer: TemplateContext,
  set: DvcSet,
): void {
  let reported = REPORTED.get(p);
  if (!reported) {
    reported = new Set();
    REPORTED.set(p, reported);
  }
  const r = p.resource;
  for (const k of Object.keys(def))
    if (!STAGE_KEYS.has(k))
      p.problems.push({
        resource: r,
        path: [...base, k],
        at: "key",
        message: `unknown stage key "${k}" in ${group ?? name}: DVC's schema refuses it`,
      });
  // A stage's own vars are read before its fields.
  let ctx = outer;
  if (def.vars !== undefined) {
    const values: Record<string, unknown> = { ...outer.values };
    const complete = loadVars(def.vars, p.dir, set, values, p.problems, r, [...base, "vars"]);
    ctx = { values, complete: outer.complete && complete };
  }
  const resolve = resolver(p, base, ctx, reported);
  const resource = dvcResource(p.doc, "Stage", name, base, def);
  const wdirRes = def.wdir === undefined ? { ok: true as const, value: "." } : resolve(def.wdir, ["wdir"]);
  const wdir = wdirRes.ok && typeof wdirRes.value === "string" ? joinPath(p.dir, wdirRes.value) : undefined;
  const cmdRaw = cmdList(def.cmd) ?? [];
  let cmd: string[] | undefined;
  if (def.cmd === undefined)
    p.problems.push({
      resource: r,
      path: base,
      at: "key",
      message: `stage ${group ?? name} has no \`cmd\`: DVC's schema requires one`,
    });
  else if (cmdList(def.cmd) === undefined)
    p.problems.push({
      resource: r,
      path: [...base, "cmd"],
      message: `\`cmd\` must be a string or a list of strings; this is ${typeName(def.cmd)}`,
    });
  else {
    const parts: string[] = [];
    cmdRaw.forEach((c, i) => {
      const res = resolve(c, typeof def.cmd === "string" ? ["cmd"] : ["cmd", i]);
      if (res.ok && typeof res.value === "string") parts.push(res.value);
    });
    cmd = parts.length === cmdRaw.length ? parts : undefined;
  }
  const refs = (field: "deps" | "outs" | "metrics" | "plots", kind: DvcPathRef["kind"]): DvcPathRef[] => {
    const v = def[field];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      p.problems.push({
        resource: r,
        path: [...base, field],
        message: `\`${field}\` must be a list; this is ${typeName(v)}`,
      });
      return [];
    }
    const out: DvcPathRef[] = [];
    v.forEach((entry, i) => {
      // `- path` or `- path: {cache: false}` (outs, metrics, plots).
      let raw: unknown = entry;
      let at: Path = [field, i];
      if (isObject(entry) && field !== "deps") {
        const keys = Object.keys(entry);
        if (keys.length !== 1) {
          p.problems.push({
            resource: r,
            path: [...base, field, i],
            message: `each entry of \`${field}\` is a path, or a mapping of one path to its flags`,
          });
          return;
        }
        raw = keys[0];
        at = [field, i, keys[0] as string];
      } else if (typeof entry !== "string") {
        p.problems.push({
          resource: r,
          path: [...base, field, i],
          message: `each entry of \`${field}\` must be a path (a string); this is ${typeName(entry)}`,
        });
        return;
      }
      const s = raw as string;
      const res =
        isObject(entry) && field !== "deps"
          ? isTemplated(s)
            ? resolve(s, at)
            : { ok: true as const, value: s }
          : resolve(s, at);
      const resolved = res.ok && typeof res.value === "string" ? res.value : undefined;
      const external = resolved !== undefined && isExternal(resolved);
      const ref: DvcPathRef = {
        raw: resolved ?? s,
        path: resolved !== undefined && !external && wdir !== undefined ? joinPath(wdir, resolved) : undefined,
        external,
        kind,
        at,
      };
      if (resolved === undefined && !isExternal(s)) ref.pattern = patternOf(wdir ?? p.dir, s);
      out.push(ref);
    });
    return out;
  };
  const deps = refs("deps", "dep");
  const outs = [...refs("outs", "out"), ...refs("metrics", "metric"), ...refs("plots", "plot")];
  const params: DvcParamRef[] = [];
  const pv = def.params;
  if (pv !== undefined && pv !== null) {
    if (!Array.isArray(pv))
      p.problems.push({
        resource: r,
        path: [...base, "params"],
        message: `\`params\` must be a list; this is ${typeName(pv)}`,
      });
    else {
      const dirOfStage = wdir ?? p.dir;
      const whole = new Set<string>();
      for (const e of pv)
        if (isObject(e))
          for (const [f, keys] of Object.entries(e))
            if (keys === null || (Array.isArray(keys) && keys.length === 0)) whole.add(f);
      pv.forEach((e, i) => {
        if (typeof e === "string") {
          const res = resolve(e, ["params", i]);
          if (!res.ok || typeof res.value !== "string") return;
          if (whole.has("params.yaml")) return;
          params.push({
            file: joinPath(dirOfStage, "params.yaml"),
            fileRaw: "params.yaml",
            key: res.value,
            at: ["params", i],
          });
        } else if (isObject(e)) {
          for (const [f, keys] of Object.entries(e)) {
            const fr = resolve(f, ["params", i, f]);
            if (!fr.ok || typeof fr.value !== "string") continue;
            const file = joinPath(dirOfStage, fr.value);
            if (whole.has(f)) {
              params.push({ file, fileRaw: fr.value, key: undefined, at: ["params", i, f] });
              continue;
            }
            if (!Array.isArray(keys)) {
              p.problems.push({
                resource: r,
                path: [...base, "params", i, f],
                message: `params of ${f} must be a list of keys (or empty, to track the whole file); this is ${typeName(keys)}`,
              });
              continue;
            }
            keys.forEach((k, j) => {
              const kr = resolve(k, ["params", i, f, j]);
              if (kr.ok && typeof kr.value === "string")
                params.push({ file, fileRaw: fr.value as string, key: kr.value, at: ["params", i, f, j] });
            });
          }
        } else
          p.problems.push({
            resource: r,
            path: [...base, "params", i],
            message: `each entry of \`params\` is a key or a mapping of a params file to its keys; this is ${typeName(e)}`,
          });
      });
    }
  }
  const stage: DvcStage = {
    resource,
    name,
    pipeline: p,
    wdir: wdir ?? p.dir,
    cmd,
    cmdRaw,
    deps,
    outs,
    params,
    frozen: def.frozen === true,
  };
  if (group !== undefined) stage.group = group;
  p.stages.push(stage);
}

/** Whether path `a` is `b` or lies inside directory `b`. */
export function isWithin(a: string, b: string): boolean {
  return a === b || b === "." || a.startsWith(`${b}/`);
}

/** Two paths overlap when one is the other or lies inside it (DVC's outs trie). */
export function overlaps(a: string, b: string): boolean {
  return isWithin(a, b) || isWithin(b, a);
}

/** The value at a dotted params key (`train.lr`, `layers.0`) as DVC's dpath reads it; undefined when absent. */
export function paramValue(root: unknown, key: string): { value: unknown } | undefined {
  let v = root;
  for (const part of key.split(".")) {
    if (Array.isArray(v) && /^\d+$/.test(part) && Number(part) < v.length) v = v[Number(part)];
    else if (isObject(v) && Object.hasOwn(v, part)) v = v[part];
    else return undefined;
  }
  return { value: v };
}
