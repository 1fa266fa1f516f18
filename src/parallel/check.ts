// A check split across workers, with the answer of `check()` byte for byte (see shard.ts for the
// split). Every step here is synchronous: the workers are driven through a `Shards` transport,
// threads in production (pool.ts), direct calls in tests.

import { serialize } from "node:v8";
import {
  assembleSet,
  type CheckRequest,
  check,
  DEFAULT_OPTIONS,
  type FileLoad,
  knownRuleIds,
  loadFindingsOf,
  parseFile,
  readInMainThread,
  resultOf,
  rulesOfRun,
  unattributedFindings,
} from "../check.js";
import { EMPTY_CONFIG } from "../config/config.js";
import type { CheckResult, Finding } from "../findings/finding.js";
import { collapsePodGroups, firstOnce } from "../findings/merge.js";
import { configure, finishFindings } from "../findings/resolve.js";
import type { LoadProblem, SourceFile } from "../load/types.js";
import type { CheckedSet } from "../model/checked-set.js";
import { lookupsOf } from "../model/lookups.js";
import type { Resource } from "../model/resource.js";
import { type RawFinding, runRules } from "../rules/engine.js";
import { ALL_RULES } from "../rules/index.js";
import { type CheckOptions, type Fact, requirementsMet } from "../rules/types.js";
import {
  documentOf,
  type FactsReply,
  type ForeignFile,
  factRules,
  type Handle,
  type JudgeReply,
  type LoadReply,
  lazyNodes,
  type OnceReport,
  type PlacedReport,
  type Reply,
  type Request,
  RULE_INDEX,
  ShardWorker,
  type Sorted,
  sharedBytes,
  sharedTexts,
  sortOut,
  toSharedFile,
  toWireFile,
  type ValuesReply,
  type WireDoc,
  type WireLoad,
  type WireProblem,
} from "./shard.js";

/** Workers seen from the main thread: send each a request, then collect one reply from each. */
export interface Shards {
  readonly count: number;
  send(shard: number, req: Request): void;
  /** Blocks until every shard has answered its last request; the replies by shard. */
  receiveAll(): Reply[];
  /** Ends the workers. */
  close(): void;
}

/** Shards run one after another in this thread, each message copied as a thread would receive it. */
export function inThreadShards(count: number): Shards {
  const workers = Array.from({ length: count }, () => new ShardWorker());
  const replies: Reply[] = [];
  return {
    count,
    send(shard, req) {
      replies[shard] = structuredClone((workers[shard] as ShardWorker).handle(structuredClone(req)));
    },
    receiveAll: () => replies.splice(0),
    close() {},
  };
}

/**
 * Why a request cannot be split, or undefined when it can: what the workers would need that does
 * not travel as data (plugin rules, policy objects, a cluster inventory) and per-scope configuration
 * run in one thread.
 */
export function notSplittable(req: CheckRequest): string | undefined {
  if (req.rules && (req.rules.length !== ALL_RULES.length || req.rules.some((r, i) => r !== ALL_RULES[i])))
    return "plugin rules";
  if (req.scopes && req.scopes.length > 0) return "nested configurations";
  if (req.options?.policies && req.options.policies.length > 0) return "admission policies";
  if (req.options?.cluster) return "a cluster inventory";
  return undefined;
}

const readHere = (f: SourceFile) => readInMainThread(f.path);

/** Contiguous runs of the files (the run's order kept), balanced by size; Terraform, DVC and MLproject files stay in the main thread. */
export function partition(files: readonly SourceFile[], count: number): number[][] {
  const sendable: number[] = [];
  files.forEach((f, i) => {
    if (!readHere(f)) sendable.push(i);
  });
  const total = sendable.reduce((n, i) => n + (files[i] as SourceFile).text.length + 1, 0);
  const shards: number[][] = [[]];
  let seen = 0;
  for (const i of sendable) {
    const cut = (total * shards.length) / count;
    if (seen >= cut && shards.length < count && (shards[shards.length - 1] as number[]).length > 0) shards.push([]);
    (shards[shards.length - 1] as number[]).push(i);
    seen += (files[i] as SourceFile).text.length + 1;
  }
  return shards.filter((s) => s.length > 0);
}

/** Stands for a workload a worker holds, in a fact read in the main thread: only reports may name it. */
const UNREADABLE: ProxyHandler<object> = {
  get(_, key) {
    throw new Error(
      `a fact's object is only for reports (read ${String(key)}): its workload is held by a worker; put what the set hook needs in the fact`,
    );
  },
};

/** Runs `check(req)` on the given shards; the result equals `check(req)`'s. */
export function checkSharded(req: CheckRequest, shards: Shards, parts: readonly number[][]): CheckResult {
  const timings = req.timings;
  let started = timings ? performance.now() : 0;
  const lap = (stage: string) => {
    if (!timings) return;
    const now = performance.now();
    timings.set(`(stage) ${stage}`, (timings.get(`(stage) ${stage}`) ?? 0) + now - started);
    started = now;
  };
  const files = req.files;
  const config = req.config ?? EMPTY_CONFIG;
  const options: CheckOptions = { ...DEFAULT_OPTIONS, ...req.options };
  const crdFiles = (req.crdFiles ?? []).map(toWireFile);
  parts.forEach((part, k) => {
    shards.send(k, {
      type: "load",
      files: part.map((i) => ({ i, ...toWireFile(files[i] as SourceFile) })),
      crdFiles,
      options,
      config,
    });
  });
  // Terraform, DVC and MLproject files are read here meanwhile, and the texts put where every
  // worker can read them without a copy of its own.
  const loads: Array<FileLoad | undefined> = files.map((f) => (readHere(f) ? parseFile(f) : undefined));
  const texts = sharedTexts(files);
  const replies = shards.receiveAll();
  lap("main: waiting for the workers' parse, lookups received");
  // The facts of every workload, in the set's order: the shards hold contiguous runs of the files.
  const factsOf = new Map<string, Fact[]>();
  const standIns = new Map<string, Resource>();
  const shardOf = new Map<Resource, { shard: number } & Handle>();
  const standIn = (shard: number, h: Handle): Resource => {
    const key = `${h.i}/${h.r}`;
    let r = standIns.get(key);
    if (!r) {
      r = new Proxy({}, UNREADABLE) as Resource;
      standIns.set(key, r);
      shardOf.set(r, { shard, i: h.i, r: h.r });
    }
    return r;
  };
  for (const reply of replies) {
    if (reply.type !== "loaded") throw workerFailed(reply);
    const loaded = reply as LoadReply;
    for (const [stage, ms] of [
      ["(stage) workers: parse with positions", loaded.ms],
      ["(stage) workers: model own files", loaded.modelMs],
    ] as const)
      timings?.set(stage, (timings.get(stage) ?? 0) + ms);
    for (const w of loaded.files) loads[w.i] = fileLoadOf(files[w.i] as SourceFile, w);
  }
  const built = assembleSet(
    files,
    loads.filter((l): l is FileLoad => l !== undefined),
    req.crdFiles,
    req.tree,
  );
  const { set } = built;
  const rules = rulesOfRun(req, set.resources, config, options);
  lap("main: model the lookups");
  // The facts of the rules that have something to read them against, from every worker.
  const lookups = lookupsOf(set);
  const wanted = factRules(rules).filter(
    (r) => requirementsMet(r, options) && (!r.factsWanted || r.factsWanted(lookups)),
  );
  if (wanted.length > 0) {
    parts.forEach((_, k) => {
      shards.send(k, { type: "facts", rules: wanted.map((r) => r.id) });
    });
    shards.receiveAll().forEach((reply, shard) => {
      if (reply.type !== "facts") throw workerFailed(reply);
      const taken = reply as FactsReply;
      timings?.set("(stage) workers: take facts", (timings.get("(stage) workers: take facts") ?? 0) + taken.ms);
      for (const { rule, facts } of taken.facts) {
        const list = factsOf.get(rule) ?? [];
        if (list.length === 0) factsOf.set(rule, list);
        for (const f of facts) list.push({ of: standIn(shard, f), value: f.value });
      }
    });
    lap("main: waiting for the workers' facts");
  }

  // The rules that relate documents run here, on the lookups and the workloads' facts.
  const known = knownRuleIds(rules);
  const run = runRules(
    rules.filter((r) => !r.wholeSet),
    set,
    options,
    known,
    timings,
    undefined,
    () => "set",
    factsOf,
  );
  lap("main: set-level rules");
  // Rules that read every object (admission policies in the set): every document comes here.
  const whole = rules.filter((r) => r.wholeSet);
  let wholeSet: CheckedSet | undefined;
  if (whole.length > 0) {
    parts.forEach((_, k) => {
      shards.send(k, { type: "values" });
    });
    const all = [...loads];
    for (const reply of shards.receiveAll()) {
      if (reply.type !== "values") throw workerFailed(reply);
      for (const w of (reply as ValuesReply).files) all[w.i] = fileLoadOf(files[w.i] as SourceFile, w);
    }
    wholeSet = assembleSet(
      files,
      all.filter((l): l is FileLoad => l !== undefined),
      req.crdFiles,
      req.tree,
    ).set;
    const ran = runRules(whole, wholeSet, options, known, timings, undefined, () => "set");
    run.raw.push(...ran.raw);
    run.unattributed.push(...ran.unattributed);
    lap("main: rules that read every object, on every document");
  }
  // Reports on workloads go to the worker that holds them, with their place in this thread's list.
  const placed: PlacedReport[][] = parts.map(() => []);
  const here: RawFinding[] = [];
  const orderHere = new Map<RawFinding, number>();
  firstOnce(run.raw).forEach((f, order) => {
    const at = shardOf.get(f.resource);
    if (!at) {
      here.push(f);
      orderHere.set(f, order);
      return;
    }
    const { rule, resource: _, ...report } = f;
    (placed[at.shard] as PlacedReport[]).push({ rule: rule.id, i: at.i, r: at.r, report, order });
  });
  // What workers look up in other files: the lookups' documents, by file, serialized once into
  // memory every worker reads (each takes the files that are not its own), not copied per worker.
  const lookupFiles: ForeignFile[] = [];
  files.forEach((f, i) => {
    const load = loads[i];
    if (readHere(f) || load?.kind !== "manifest" || load.docs.length === 0) return;
    lookupFiles.push({
      i,
      file: toSharedFile(f, texts.spans[i] as [number, number]),
      docs: load.docs.map((d) => ({ index: d.index, start: d.start, value: d.value })),
    });
  });
  const shared = sharedBytes(serialize(lookupFiles));
  parts.forEach((_, k) => {
    shards.send(k, { type: "judge", lookups: shared, texts: texts.buffer, placed: placed[k] as PlacedReport[] });
  });
  lap("main: send the lookups and the set-level reports");

  const modelled = wholeSet ?? set;
  const raw = collapsePodGroups(here, [...modelled.workloads, ...(modelled.shapeWorkloads ?? [])]);
  const problems = [...(req.problems ?? []), ...built.problems];
  const loadFindings = [...loadFindingsOf(problems, rules, () => true), ...unattributedFindings(req, run.unattributed)];
  const mainSorted = sortOut(raw, configure(raw, loadFindings, config), (i) => {
    const f = raw[i] as (typeof raw)[number];
    // Built-in rules by their place among all; the run's own (policies) after them, in the run's
    // order. Merged pod-group findings are new objects: after every report of the run.
    const rule = RULE_INDEX.get(f.rule.id) ?? ALL_RULES.length + rules.indexOf(f.rule);
    return [rule, f.stage, orderHere.get(f) ?? run.raw.length + i];
  });
  lap("main: locate and configure");
  const judged = shards.receiveAll();
  lap("main: waiting for the workers' per-object rules");
  // Every thread's findings with [rule, hook, thread (0: this one), position]: the order of one thread.
  type Keyed = { f: Finding; key: number[] };
  const kept: Keyed[] = [];
  const masked: Keyed[] = [];
  const once: OnceReport[] = [];
  let suppressed = 0;
  const add = (s: Sorted, source: number) => {
    const at = (k: number[]) => (k.length === 4 ? k : [k[0] as number, k[1] as number, source, k[2] as number]);
    s.findings.forEach((f, j) => {
      kept.push({ f, key: at(s.keys[j] as number[]) });
    });
    s.masked.forEach((f, j) => {
      masked.push({ f, key: at(s.maskedKeys[j] as number[]) });
    });
    for (const o of s.once) once.push({ ...o, order: at(o.order) });
    suppressed += s.suppressed;
  };
  add(mainSorted, 0);
  judged.forEach((reply, k) => {
    if (reply.type !== "judged") throw workerFailed(reply);
    add(reply as JudgeReply, k + 1);
    // Rules and stages summed over the workers (CPU time, not wall time).
    for (const [id, ms] of (reply as JudgeReply).timings) timings?.set(id, (timings.get(id) ?? 0) + ms);
  });
  const byKey = (a: { key: number[] }, b: { key: number[] }) => {
    for (let i = 0; i < 4; i++) {
      const d = (a.key[i] as number) - (b.key[i] as number);
      if (d !== 0) return d;
    }
    return 0;
  };
  // Of the reports made once per run, the first of each rule and key over all threads stays.
  const chosen = new Set<string>();
  for (const o of once.sort((a, b) => byKey({ key: a.order }, { key: b.order }))) {
    const id = `${o.rule}\u0000${o.key}`;
    if (chosen.has(id)) continue;
    chosen.add(id);
    if (o.finding) kept.push({ f: o.finding, key: o.order });
    else suppressed++;
    if (o.masked) masked.push({ f: o.masked, key: o.order });
  }
  kept.sort(byKey);
  masked.sort(byKey);
  const findings = finishFindings(
    [...mainSorted.head, ...kept.map((k) => k.f)],
    rules.map((rule) => ({ rule })),
  );
  const result = resultOf(req, set, built.documents, built.skipped, {
    findings,
    suppressed,
    maskedSecrets: masked.map((m) => m.f),
  });
  lap("main: merge");
  return result;
}

/** A file as the main thread models it from what a worker sent (positions parsed again only when asked for). */
function fileLoadOf(file: SourceFile, w: WireLoad): FileLoad {
  const nodes = lazyNodes(file, w.kind === "workflow");
  const doc = (d: WireDoc) => documentOf(file, d, () => nodes(d.index));
  const problems = (ps: WireProblem[]): LoadProblem[] => ps.map((p) => ({ ...p, file }));
  switch (w.kind) {
    case "skipped":
      return { kind: "skipped", file, reason: w.reason };
    case "plan":
      return { kind: "plan", file, doc: doc(w.doc) };
    case "manifest":
      return { kind: "manifest", file, docs: w.docs.map(doc), count: w.count, problems: problems(w.problems) };
    case "workflow":
      return { kind: "workflow", file, docs: w.docs.map(doc), problems: problems(w.problems) };
  }
}

function workerFailed(reply: Reply): Error {
  return new Error(`a worker of the parallel check failed: ${reply.type === "error" ? reply.message : reply.type}`);
}

/** A check run on `jobs` workers: the result, and how many worker threads it used (0: it ran in this thread, `why`). */
export interface ParallelRun {
  result: CheckResult;
  workers: number;
  why?: string;
}

/**
 * `check(req)` split across `jobs` shards opened by `open` when the request can be split (see
 * `notSplittable`) and has at least two files to share; otherwise `check(req)` itself.
 */
export function checkWith(req: CheckRequest, jobs: number, open: (count: number) => Shards): ParallelRun {
  const why = jobs <= 1 ? "one job" : notSplittable(req);
  if (why) return { result: check(req), workers: 0, why };
  const parts = partition(req.files, jobs);
  if (parts.length <= 1) return { result: check(req), workers: 0, why: "one file to read" };
  const shards = open(parts.length);
  try {
    return { result: checkSharded(req, shards, parts), workers: parts.length };
  } finally {
    shards.close();
  }
}
