// The two halves of a parallel check and the plain messages between them. A worker (worker.ts in
// a thread, or `ShardWorker` called directly in tests) parses and models its share of the files
// with positions and sends back the documents other objects look up (queues, quotas, runtimes,
// ConfigMaps, Services, networks, CRDs, …: `isLookup`) and, per workload, the small facts the
// `set` hooks read (`Rule.facts`); never the workloads themselves. The main thread (check.ts here)
// models the lookups, runs the `set` hooks on them and the facts, and sends each worker the other
// files' lookups and the set-level reports on its workloads; each worker then runs the per-object
// hooks on its own objects, places those reports, and locates its findings where its node tables are.
import { deserialize } from "node:v8";
import { assembleSet, type FileLoad, knownRuleIds, type ModelledDocument, parseFile } from "../check.js";
import type { Config } from "../config/config.js";
import type { Finding } from "../findings/finding.js";
import { collapsePodGroups, firstOnce } from "../findings/merge.js";
import { type Configured, configure } from "../findings/resolve.js";
import type { NodeTable } from "../load/node-table.js";
import { parseStream, WORKFLOW_YAML_SCHEMA } from "../load/parse.js";
import type { LineMap, LoadProblem, ParsedDocument } from "../load/types.js";
import { SourceFile } from "../load/types.js";
import type { CheckedSet } from "../model/checked-set.js";
import { isLookup } from "../model/lookups.js";
import type { Resource } from "../model/resource.js";
import { collectFacts, type RawFinding, runRules } from "../rules/engine.js";
import { ALL_RULES, RULES_BY_ID } from "../rules/index.js";
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

/**
 * What a worker read from one file (`i`: the file's index in the whole run). Of a manifest, only
 * the documents that hold a lookup travel, and how many documents it has.
 */
export type WireLoad =
  | { i: number; kind: "workflow"; docs: WireDoc[]; problems: WireProblem[] }
  | { i: number; kind: "manifest"; docs: WireDoc[]; count: number; problems: WireProblem[] }
  | { i: number; kind: "plan"; doc: WireDoc }
  | { i: number; kind: "skipped"; reason: Extract<FileLoad, { kind: "skipped" }>["reason"] };

/** One of a worker's objects, named across threads: the `r`th resource of file `i`, in the model's order. */
export interface Handle {
  i: number;
  r: number;
}

/** A workload's fact for one rule's `set` hook (`Rule.facts`), with the workload's handle. */
export interface WireFact extends Handle {
  value: unknown;
}

export interface LoadRequest {
  type: "load";
  files: Array<WireFile & { i: number }>;
  crdFiles: WireFile[];
  options: CheckOptions;
  config: Config;
}
export interface LoadReply {
  type: "loaded";
  files: WireLoad[];
  /** Milliseconds this worker spent parsing, and modelling its files. */
  ms: number;
  modelMs: number;
}

/** The facts of the rules that want them (`Rule.factsWanted`), for this worker's workloads. */
export interface FactsRequest {
  type: "facts";
  rules: string[];
}
export interface FactsReply {
  type: "facts";
  /** Per rule asked for, in that order: the facts of this worker's workloads, in their order. */
  facts: Array<{ rule: string; facts: WireFact[] }>;
  ms: number;
}

/** A `set` hook's report on a workload a worker holds: the report without its rule and object, and its place in the main thread's list. */
export interface PlacedReport extends Handle {
  rule: string;
  report: Omit<RawFinding, "rule" | "resource">;
  order: number;
}

/** A file whose text is in the run's shared buffer (`sharedTexts`), UTF-8 at `span` [start, byte length]. */
export type SharedFile = Omit<WireFile, "text"> & { span: [number, number] };

/**
 * The other files' objects a worker's rules may look up, by file. The file's text stays in the
 * buffer every thread shares, read only when a message names where the object is
 * (`describeMatch`): then the worker decodes and parses it again.
 */
export interface ForeignFile {
  i: number;
  file: SharedFile;
  docs: WireDoc[];
}

/** Every file's text once, in memory all threads share, and where each file's text is in it. */
export interface SharedTexts {
  buffer: SharedArrayBuffer;
  spans: Array<[number, number]>;
}

export function sharedTexts(files: readonly SourceFile[]): SharedTexts {
  const sizes = files.map((f) => Buffer.byteLength(f.text, "utf8"));
  const buffer = new SharedArrayBuffer(sizes.reduce((n, b) => n + b, 0));
  const bytes = new Uint8Array(buffer);
  const encoder = new TextEncoder();
  const spans: Array<[number, number]> = [];
  let at = 0;
  files.forEach((f, i) => {
    const size = sizes[i] as number;
    encoder.encodeInto(f.text, bytes.subarray(at, at + size));
    spans.push([at, size]);
    at += size;
  });
  return { buffer, spans };
}

/** Bytes copied once into memory every thread can read. */
export function sharedBytes(bytes: Uint8Array): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(bytes.length);
  new Uint8Array(buffer).set(bytes);
  return buffer;
}

/** A file as `toWireFile` sends it, its text left in the shared buffer. */
export function toSharedFile(f: SourceFile, span: [number, number]): SharedFile {
  const { text: _, ...rest } = toWireFile(f);
  return { ...rest, span };
}

/** The file again, its text decoded from the shared buffer the first time something reads it. */
export function fromSharedFile(f: SharedFile, buffer: SharedArrayBuffer): SourceFile {
  const { span, ...wire } = f;
  const file = fromWireFile({ ...wire, text: "" });
  let text: string | undefined;
  Object.defineProperty(file, "text", {
    get: () => {
      text ??= Buffer.from(buffer, span[0], span[1]).toString("utf8");
      return text;
    },
  });
  return file;
}

export interface JudgeRequest {
  type: "judge";
  /** Every file's lookups (`ForeignFile[]`, serialized with `v8.serialize`) in memory all workers share. */
  lookups: SharedArrayBuffer;
  /** The buffer of every file's text (`sharedTexts`), which the lookups' files point into. */
  texts: SharedArrayBuffer;
  /** The `set` hooks' reports on this worker's workloads. */
  placed: PlacedReport[];
}

/**
 * A thread's findings, located and configured, each with the key that puts it back in the order one
 * thread reports it: [rule index, hook stage, position in the thread's list], or for a `set` hook's
 * report [rule index, hook stage, 0 (the main thread), its position there]. Reports made once per
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

/** Every document of the worker's files: what rules that read the whole set (`Rule.wholeSet`) need. */
export interface ValuesRequest {
  type: "values";
}
export interface ValuesReply {
  type: "values";
  files: WireLoad[];
}

export type Request = LoadRequest | FactsRequest | ValuesRequest | JudgeRequest;
export type Reply = LoadReply | FactsReply | ValuesReply | JudgeReply | ErrorReply;

/**
 * The rules of a run whose `facts` the workers take: built-in (the workers know no other), with
 * `facts` and `set`, and among the run's `rules`.
 */
export function factRules(rules: readonly Rule[]): Rule[] {
  return rules.filter((r) => r.facts && r.set && RULE_INDEX.has(r.id));
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
export function foreignLoad(f: ForeignFile, texts: SharedArrayBuffer): FileLoad {
  const file = fromSharedFile(f.file, texts);
  const nodes = lazyNodes(file, false);
  return { kind: "manifest", file, docs: f.docs.map((d) => documentOf(file, d, () => nodes(d.index))), problems: [] };
}

/** Each resource of the given files with its handle: its file's index and its place among that file's resources. */
export function handlesOf(set: CheckedSet, fileIndex: ReadonlyMap<SourceFile, number>): Map<Resource, Handle> {
  const out = new Map<Resource, Handle>();
  const counts = new Map<number, number>();
  for (const r of set.resources) {
    const i = fileIndex.get(r.doc.file);
    if (i === undefined) continue;
    const n = counts.get(i) ?? 0;
    counts.set(i, n + 1);
    out.set(r, { i, r: n });
  }
  return out;
}

const wireProblems = (ps: readonly LoadProblem[]): WireProblem[] =>
  ps.map((p) => ({
    ruleId: p.ruleId,
    offset: p.offset,
    message: p.message,
    ...(p.severity ? { severity: p.severity } : {}),
  }));

/** What a worker sends of one file it read: of a manifest, the documents `keep` picks. */
function wireLoadOf(i: number, load: FileLoad, keep: (d: ParsedDocument) => boolean): WireLoad {
  switch (load.kind) {
    case "workflow":
      return { i, kind: load.kind, docs: load.docs.map(wireDoc), problems: wireProblems(load.problems) };
    case "manifest":
      return {
        i,
        kind: load.kind,
        docs: load.docs.filter(keep).map(wireDoc),
        count: load.docs.length,
        problems: wireProblems(load.problems),
      };
    case "plan":
      return { i, kind: "plan", doc: wireDoc(load.doc) };
    case "skipped":
      return { i, kind: "skipped", reason: load.reason };
    case "hcl":
    case "dvc":
    case "mlproject":
      throw new Error(`${load.file.path}: ${load.kind} files are read in the main thread`);
  }
}

/** One worker's state: the files it parsed, kept with their positions until it has judged them. */
export class ShardWorker {
  private own = new Map<number, FileLoad>();
  private crdFiles: SourceFile[] = [];
  private options: CheckOptions | undefined;
  private config: Config | undefined;
  /** The own files alone, as modelled at loading: what facts are taken from. */
  private ownSet: CheckedSet | undefined;
  /** Each own object's handle; judging models the own documents again into the same objects. */
  private handles = new Map<Resource, Handle>();
  /** The own files' documents as modelled to take facts, modelled once. */
  private modelled = new WeakMap<ParsedDocument, ModelledDocument>();
  /** `facts` hooks that threw, on this worker's workloads: error findings at judging. */
  private factCrashes: Array<Handle & { rule: string; message: string }> = [];

  /** `progress` is called after every file parsed and every rule run: a sign of life for the main thread. */
  constructor(private readonly progress: () => void = () => {}) {}

  handle(req: Request): Reply {
    try {
      switch (req.type) {
        case "load":
          return this.load(req);
        case "facts":
          return this.facts(req);
        case "values":
          return { type: "values", files: [...this.own].map(([i, load]) => wireLoadOf(i, load, () => true)) };
        case "judge":
          return this.judge(req);
      }
    } catch (err) {
      return { type: "error", message: (err as Error)?.stack ?? String(err) };
    }
  }

  private load(req: LoadRequest): LoadReply {
    const started = performance.now();
    this.crdFiles = req.crdFiles.map(fromWireFile);
    this.options = req.options;
    this.config = req.config;
    for (const f of req.files) {
      this.own.set(f.i, parseFile(fromWireFile(f)));
      this.progress();
    }
    const parsed = performance.now();
    // Model the own files alone (a document's model never depends on another file) to find the
    // lookups and take the facts.
    const loads = [...this.own.values()];
    const { set } = assembleSet(
      loads.map((l) => l.file),
      loads,
      this.crdFiles,
      undefined,
      this.modelled,
    );
    this.ownSet = set;
    this.handles = handlesOf(set, new Map([...this.own].map(([i, l]) => [l.file, i])));
    const lookupDocs = new Set<ParsedDocument>();
    for (const r of set.resources) if (isLookup(r, set)) lookupDocs.add(r.doc);
    const files = [...this.own].map(([i, load]) => wireLoadOf(i, load, (d) => lookupDocs.has(d)));
    return { type: "loaded", files, ms: parsed - started, modelMs: performance.now() - parsed };
  }

  private facts(req: FactsRequest): FactsReply {
    const started = performance.now();
    const set = this.ownSet as CheckedSet;
    const handles = this.handles;
    const facts: FactsReply["facts"] = [];
    for (const id of req.rules) {
      const collected = collectFacts(RULES_BY_ID.get(id) as Rule, set.workloads, this.options as CheckOptions);
      facts.push({
        rule: id,
        facts: collected.facts.map((f) => ({ ...(handles.get(f.of) as Handle), value: f.value })),
      });
      for (const c of collected.crashes)
        this.factCrashes.push({ ...(handles.get(c.resource) as Handle), rule: id, message: c.message });
      this.progress();
    }
    return { type: "facts", facts, ms: performance.now() - started };
  }

  private judge(req: JudgeRequest): JudgeReply {
    const started = performance.now();
    const options = this.options as CheckOptions;
    const config = this.config as Config;
    // The whole run in its order: this worker's files as parsed, the others' objects rebuilt from values.
    const byIndex = new Map<number, FileLoad>(this.own);
    for (const f of deserialize(Buffer.from(req.lookups)) as ForeignFile[])
      if (!this.own.has(f.i)) byIndex.set(f.i, foreignLoad(f, req.texts));
    const loads = [...byIndex].sort((a, b) => a[0] - b[0]).map(([, l]) => l);
    const ownFiles = new Set([...this.own.values()].map((l) => l.file));
    const { set } = assembleSet(
      [...this.own.values()].map((l) => l.file),
      loads,
      this.crdFiles,
      undefined,
      this.modelled,
    );
    const mine = (r: { doc: ParsedDocument }) => ownFiles.has(r.doc.file);
    const rules = ALL_RULES.filter((r) => config.rules[r.id] !== "off");
    const progress = this.progress;
    const modelled = performance.now();
    const timings = new (class extends Map<string, number> {
      override set(k: string, v: number) {
        progress();
        return super.set(k, v);
      }
    })();
    const run = runRules(
      rules,
      set,
      options,
      knownRuleIds(rules),
      // Each rule's time, which is also a sign of life.
      timings,
      {
        resources: set.resources.filter(mine),
        workloads: set.workloads.filter((w) => mine(w.resource)),
        ...(set.shapeWorkloads ? { shapeWorkloads: set.shapeWorkloads.filter((w) => mine(w.resource)) } : {}),
        workflows: set.workflows.filter((d) => ownFiles.has(d.file)),
      },
      () => "objects",
    );
    // The set-level reports on this worker's workloads, and its `facts` hooks' crashes, on its objects.
    const byHandle = new Map<string, Resource>();
    for (const [r, h] of this.handles) byHandle.set(`${h.i}/${h.r}`, r);
    const objectOf = (h: Handle) => {
      const r = byHandle.get(`${h.i}/${h.r}`);
      if (!r) throw new Error(`no object ${h.r} in file ${h.i} of this worker`);
      return r;
    };
    const setOrder = new Map<RawFinding, number>();
    const placed: RawFinding[] = req.placed.map((p) => {
      const f = { ...p.report, rule: RULES_BY_ID.get(p.rule) as Rule, resource: objectOf(p) };
      setOrder.set(f, p.order);
      return f;
    });
    for (const c of this.factCrashes)
      placed.push({
        rule: RULES_BY_ID.get(c.rule) as Rule,
        resource: objectOf(c),
        path: [],
        severity: "error",
        internal: true,
        message: c.message,
        stage: 4,
      });
    const raw = collapsePodGroups(firstOnce([...run.raw, ...placed]), [
      ...set.workloads,
      ...(set.shapeWorkloads ?? []),
    ]);
    const ruled = performance.now();
    const c = configure(raw, [], config);
    const { head: _, ...sorted } = sortOut(raw, c, (i) => {
      const f = raw[i];
      if (!f) throw new Error("a configured finding without its report");
      const rule = RULE_INDEX.get(f.rule.id) ?? -1;
      const main = setOrder.get(f);
      return main === undefined ? [rule, f.stage, i] : [rule, f.stage, 0, main];
    });
    this.own.clear();
    this.ownSet = undefined;
    this.handles = new Map();
    this.modelled = new WeakMap();
    this.factCrashes = [];
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
