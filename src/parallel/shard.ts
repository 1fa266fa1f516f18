// The two halves of a parallel check and the plain messages between them. A worker (worker.ts in
// a thread, or `ShardWorker` called directly in tests) parses its share of the files with
// positions and sends back each document's plain value; the main thread (check.ts here) models
// every file from those values without positions and runs the rules that relate documents; each
// worker then runs the rules that judge one object at a time on its own files, with the other
// files' non-workload objects (queues, runtimes, ConfigMaps, networks, CRDs, …) beside them to look
// things up in, and locates its findings where its node tables are.
import { assembleSet, type FileLoad, knownRuleIds, parseFile } from "../check.js";
import type { Config } from "../config/config.js";
import type { Finding } from "../findings/finding.js";
import { collapsePodGroups, firstOnce } from "../findings/merge.js";
import { type Configured, configure } from "../findings/resolve.js";
import type { NodeTable } from "../load/node-table.js";
import { parseStream, WORKFLOW_YAML_SCHEMA } from "../load/parse.js";
import type { LineMap, LoadProblem, ParsedDocument } from "../load/types.js";
import { SourceFile } from "../load/types.js";
import { type Hooks, type RawFinding, runRules } from "../rules/engine.js";
import { ALL_RULES } from "../rules/index.js";
import type { CheckOptions, Rule } from "../rules/types.js";

/** A file as it travels to a worker. */
export interface WireFile {
  path: string;
  text: string;
  rendered?: LineMap;
}

/** A parsed document without its node table: the plain value a worker read, and where it starts. */
export interface WireDoc {
  index: number;
  start: number;
  value: unknown;
}

export interface WireProblem {
  ruleId: LoadProblem["ruleId"];
  offset: number;
  message: string;
  severity?: LoadProblem["severity"];
}

/** What a worker read from one file (`i`: the file's index in the whole run). */
export type WireLoad =
  | { i: number; kind: "workflow" | "manifest"; docs: WireDoc[]; problems: WireProblem[] }
  | { i: number; kind: "plan"; doc: WireDoc }
  | { i: number; kind: "skipped"; reason: Extract<FileLoad, { kind: "skipped" }>["reason"] };

export interface LoadRequest {
  type: "load";
  files: Array<WireFile & { i: number }>;
  crdFiles: WireFile[];
}
export interface LoadReply {
  type: "loaded";
  files: WireLoad[];
  /** Milliseconds this worker spent parsing. */
  ms: number;
}

/**
 * The other files' objects a worker's rules may look up, by file, with the file's text: a message
 * that names where the object is (`describeMatch`) parses it again there, only then.
 */
export interface ForeignFile {
  i: number;
  file: WireFile;
  docs: WireDoc[];
}

export interface JudgeRequest {
  type: "judge";
  foreign: ForeignFile[];
  options: CheckOptions;
  config: Config;
  /** Ids of the rules the main thread built for this run (admission policies): known to every rule. */
  extraRuleIds: string[];
}

/**
 * A thread's findings, located and configured, each with the key that puts it back in the order one
 * thread reports it: [rule index, hook stage, position in the thread's list]. Reports made once per
 * run (`Report.once`) come apart: which of them stays is decided over every thread's.
 */
export interface Sorted {
  findings: Finding[];
  keys: number[][];
  masked: Finding[];
  maskedKeys: number[][];
  /** Suppressed findings, those made once per run left out. */
  suppressed: number;
  once: OnceReport[];
}

/** A report made once per run, and what configuration made of it (no finding: suppressed). */
export interface OnceReport {
  rule: string;
  key: string;
  order: number[];
  finding?: Finding;
  masked?: Finding;
}

export interface JudgeReply extends Sorted {
  type: "judged";
  /** Milliseconds per rule id in this worker, and per stage ("(stage) …"). */
  timings: Array<[string, number]>;
}

/** Splits what `configure` made of `raw` (load findings, from -1, are the caller's) into `Sorted`. */
export function sortOut(
  raw: readonly RawFinding[],
  c: Configured,
  orderOf: (i: number) => number[],
): Sorted & { head: Finding[] } {
  const once = new Map<number, OnceReport>();
  raw.forEach((f, i) => {
    if (f.once !== undefined) once.set(i, { rule: f.rule.id, key: f.once, order: orderOf(i) });
  });
  const out: Sorted & { head: Finding[] } = {
    head: [],
    findings: [],
    keys: [],
    masked: [],
    maskedKeys: [],
    suppressed: c.suppressed,
    once: [...once.values()],
  };
  c.findings.forEach((f, j) => {
    const i = c.from[j] as number;
    const o = once.get(i);
    if (i < 0) out.head.push(f);
    else if (o) o.finding = f;
    else {
      out.findings.push(f);
      out.keys.push(orderOf(i));
    }
  });
  c.maskedSecrets.forEach((f, j) => {
    const i = c.maskedFrom[j] as number;
    const o = once.get(i);
    if (o) o.masked = f;
    else {
      out.masked.push(f);
      out.maskedKeys.push(orderOf(i));
    }
  });
  // A once-per-run report that configuration suppressed counts only if it is the one that stays.
  for (const o of once.values()) if (!o.finding) out.suppressed--;
  return out;
}

export interface ErrorReply {
  type: "error";
  message: string;
}

export type Request = LoadRequest | JudgeRequest;
export type Reply = LoadReply | JudgeReply | ErrorReply;

/**
 * Where a rule's hooks run: `set` hooks, and every hook of a rule whose per-object hooks read other
 * workloads (`crossDocument`), in the main thread on the whole set; the per-object hooks of the
 * others in the workers, each on its own files.
 */
export function mainHooks(rule: Rule): Hooks | undefined {
  return rule.crossDocument ? "all" : rule.set ? "set" : undefined;
}
export function workerHooks(rule: Rule): Hooks | undefined {
  return rule.crossDocument ? undefined : "objects";
}

/** The built-in rules' order, which workers and the main thread share: a rule's place in it. */
export const RULE_INDEX: ReadonlyMap<string, number> = new Map(ALL_RULES.map((r, i) => [r.id, i]));

/** A file's own fields (path, text, how it was rendered, …), without its caches. */
export function toWireFile(f: SourceFile): WireFile {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) if (v !== undefined && k !== "lineIndex") out[k] = v;
  return out as unknown as WireFile;
}

export function fromWireFile(f: WireFile): SourceFile {
  return Object.assign(new SourceFile(f.path, f.text, f.rendered), f);
}

const wireDoc = (d: ParsedDocument): WireDoc => ({ index: d.index, start: d.start, value: d.value });

/** A document rebuilt from its plain value: its node table comes from `nodes` when a position is asked for. */
export function documentOf(file: SourceFile, d: WireDoc, nodes: () => NodeTable): ParsedDocument {
  return {
    file,
    index: d.index,
    value: d.value,
    start: d.start,
    get nodes() {
      return nodes();
    },
  };
}

/** Node tables of a file's documents, parsed again only when something needs a position in them. */
export function lazyNodes(file: SourceFile, workflow: boolean): (index: number) => NodeTable {
  let docs: ParsedDocument[] | undefined;
  return (index) => {
    docs ??= parseStream(file, workflow ? WORKFLOW_YAML_SCHEMA : undefined).documents;
    const d = docs.find((x) => x.index === index);
    if (!d) throw new Error(`${file.path}: document ${index} not found when parsed again`);
    return d.nodes;
  };
}

/** Another worker's file as this one sees it: its lookups, rebuilt from their values. */
export function foreignLoad(f: ForeignFile): FileLoad {
  const file = fromWireFile(f.file);
  const nodes = lazyNodes(file, false);
  return { kind: "manifest", file, docs: f.docs.map((d) => documentOf(file, d, () => nodes(d.index))), problems: [] };
}

/** One worker's state: the files it parsed, kept with their positions until it has judged them. */
export class ShardWorker {
  private own = new Map<number, FileLoad>();
  private crdFiles: SourceFile[] = [];

  /** `progress` is called after every file parsed and every rule run: a sign of life for the main thread. */
  constructor(private readonly progress: () => void = () => {}) {}

  handle(req: Request): Reply {
    try {
      return req.type === "load" ? this.load(req) : this.judge(req);
    } catch (err) {
      return { type: "error", message: (err as Error)?.stack ?? String(err) };
    }
  }

  private load(req: LoadRequest): LoadReply {
    const started = performance.now();
    this.crdFiles = req.crdFiles.map(fromWireFile);
    const files: WireLoad[] = [];
    for (const f of req.files) {
      const load = parseFile(fromWireFile(f));
      this.own.set(f.i, load);
      this.progress();
      const problems = (ps: readonly LoadProblem[]): WireProblem[] =>
        ps.map((p) => ({
          ruleId: p.ruleId,
          offset: p.offset,
          message: p.message,
          ...(p.severity ? { severity: p.severity } : {}),
        }));
      switch (load.kind) {
        case "workflow":
        case "manifest":
          files.push({ i: f.i, kind: load.kind, docs: load.docs.map(wireDoc), problems: problems(load.problems) });
          break;
        case "plan":
          files.push({ i: f.i, kind: "plan", doc: wireDoc(load.doc) });
          break;
        case "skipped":
          files.push({ i: f.i, kind: "skipped", reason: load.reason });
          break;
        case "hcl":
        case "dvc":
        case "mlproject":
          throw new Error(`${f.path}: ${load.kind} files are read in the main thread`);
      }
    }
    return { type: "loaded", files, ms: performance.now() - started };
  }

  private judge(req: JudgeRequest): JudgeReply {
    const started = performance.now();
    // The whole run in its order: this worker's files as parsed, the others' objects rebuilt from values.
    const byIndex = new Map<number, FileLoad>(this.own);
    for (const f of req.foreign) byIndex.set(f.i, foreignLoad(f));
    const loads = [...byIndex].sort((a, b) => a[0] - b[0]).map(([, l]) => l);
    const ownFiles = new Set([...this.own.values()].map((l) => l.file));
    const { set } = assembleSet(
      [...this.own.values()].map((l) => l.file),
      loads,
      this.crdFiles,
    );
    const mine = (r: { doc: ParsedDocument }) => ownFiles.has(r.doc.file);
    const rules = ALL_RULES.filter((r) => req.config.rules[r.id] !== "off");
    const known = knownRuleIds(rules);
    for (const id of req.extraRuleIds) known.add(id);
    const progress = this.progress;
    const modelled = performance.now();
    const timings = new (class extends Map<string, number> {
      override set(k: string, v: number) {
        progress();
        return super.set(k, v);
      }
    })();
    const run = runRules(
      rules.filter((r) => workerHooks(r) !== undefined),
      set,
      req.options,
      known,
      // Each rule's time, which is also a sign of life.
      timings,
      {
        resources: set.resources.filter(mine),
        workloads: set.workloads.filter((w) => mine(w.resource)),
        ...(set.shapeWorkloads ? { shapeWorkloads: set.shapeWorkloads.filter((w) => mine(w.resource)) } : {}),
        workflows: set.workflows.filter((d) => ownFiles.has(d.file)),
      },
      (r) => workerHooks(r) ?? "objects",
    );
    const raw = collapsePodGroups(firstOnce(run.raw), [...set.workloads, ...(set.shapeWorkloads ?? [])]);
    const ruled = performance.now();
    const c = configure(raw, [], req.config);
    const { head: _, ...sorted } = sortOut(raw, c, (i) => {
      const f = raw[i];
      if (!f) throw new Error("a configured finding without its report");
      return [RULE_INDEX.get(f.rule.id) ?? -1, f.stage, i];
    });
    this.own.clear();
    return {
      type: "judged",
      ...sorted,
      timings: [
        ...timings,
        ["(stage) workers: model own files with the lookups", modelled - started],
        ["(stage) workers: per-object rules", ruled - modelled],
        ["(stage) workers: locate and configure", performance.now() - ruled],
      ],
    };
  }
}
