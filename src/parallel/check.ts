// A check split across workers, with the answer of `check()` byte for byte (see shard.ts for the
// split). Every step here is synchronous: the workers are driven through a `Shards` transport,
// threads in production (pool.ts), direct calls in tests.
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
import type { LoadProblem, ParsedDocument, SourceFile } from "../load/types.js";
import { kindTraits } from "../model/kind-traits.js";
import { indexSet } from "../model/set-index.js";
import { runRules } from "../rules/engine.js";
import { ALL_RULES } from "../rules/index.js";
import type { CheckOptions } from "../rules/types.js";
import {
  documentOf,
  type ForeignFile,
  type JudgeReply,
  type LoadReply,
  lazyNodes,
  mainHooks,
  type OnceReport,
  type Reply,
  type Request,
  RULE_INDEX,
  ShardWorker,
  type Sorted,
  sortOut,
  toWireFile,
  type WireDoc,
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
  const crdFiles = (req.crdFiles ?? []).map(toWireFile);
  parts.forEach((part, k) => {
    shards.send(k, {
      type: "load",
      files: part.map((i) => ({ i, ...toWireFile(files[i] as SourceFile) })),
      crdFiles,
    });
  });
  // Terraform, DVC and MLproject files are read here meanwhile.
  const loads: Array<FileLoad | undefined> = files.map((f) => (readHere(f) ? parseFile(f) : undefined));
  const replies = shards.receiveAll();
  lap("main: waiting for the workers' parse, values received");
  for (const reply of replies) {
    if (reply.type !== "loaded") throw workerFailed(reply);
    const parsing = "(stage) workers: parse with positions";
    timings?.set(parsing, (timings.get(parsing) ?? 0) + (reply as LoadReply).ms);
    for (const w of (reply as LoadReply).files) {
      const file = files[w.i] as SourceFile;
      const nodes = lazyNodes(file, w.kind === "workflow");
      const doc = (d: WireDoc) => documentOf(file, d, () => nodes(d.index));
      const problems = (ps: Extract<typeof w, { problems: unknown }>["problems"]): LoadProblem[] =>
        ps.map((p) => ({ ...p, file }));
      loads[w.i] =
        w.kind === "skipped"
          ? { kind: "skipped", file, reason: w.reason }
          : w.kind === "plan"
            ? { kind: "plan", file, doc: doc(w.doc) }
            : { kind: w.kind, file, docs: w.docs.map(doc), problems: problems(w.problems) };
    }
  }
  const built = assembleSet(
    files,
    loads.filter((l): l is FileLoad => l !== undefined),
    req.crdFiles,
    req.tree,
  );
  const { set } = built;
  lap("main: model the run from the values");
  const config = req.config ?? EMPTY_CONFIG;
  const options: CheckOptions = { ...DEFAULT_OPTIONS, ...req.options };
  const rules = rulesOfRun(req, set.resources, config, options);
  const builtIn = new Set(ALL_RULES.map((r) => r.id));

  // What workers may look up in other files: every object that is not a workload, and templates
  // that other objects complete (Trainer runtimes). Workloads are judged where they were parsed.
  const index = indexSet(set);
  const lookups = new Set<ParsedDocument>();
  for (const r of set.resources) if (!index.workloadOf(r) || kindTraits(r).template) lookups.add(r.doc);
  const byFile = new Map<number, WireDoc[]>();
  const fileIndex = new Map(files.map((f, i) => [f, i]));
  for (const d of lookups) {
    const i = fileIndex.get(d.file) as number;
    const list = byFile.get(i) ?? [];
    if (list.length === 0) byFile.set(i, list);
    list.push({ index: d.index, start: d.start, value: d.value });
  }
  const extraRuleIds = rules.filter((r) => !builtIn.has(r.id)).map((r) => r.id);
  parts.forEach((part, k) => {
    const own = new Set(part);
    const foreign: ForeignFile[] = [];
    for (const [i, docs] of byFile)
      if (!own.has(i))
        foreign.push({ i, file: toWireFile(files[i] as SourceFile), docs: docs.sort((a, b) => a.index - b.index) });
    shards.send(k, { type: "judge", foreign, options, config, extraRuleIds });
  });
  lap("main: send the lookups");

  // Meanwhile the rules that relate documents run here, on the whole set.
  const run = runRules(
    rules.filter((r) => mainHooks(r) !== undefined),
    set,
    options,
    knownRuleIds(rules),
    timings,
    undefined,
    (r) => mainHooks(r) ?? "set",
  );
  lap("main: set-level rules");
  const raw = collapsePodGroups(firstOnce(run.raw), [...set.workloads, ...(set.shapeWorkloads ?? [])]);
  const problems = [...(req.problems ?? []), ...built.problems];
  const loadFindings = [...loadFindingsOf(problems, rules, () => true), ...unattributedFindings(req, run.unattributed)];
  const here = sortOut(raw, configure(raw, loadFindings, config), (i) => {
    const f = raw[i] as (typeof raw)[number];
    // Built-in rules by their place among all; the run's own (policies) after them, in the run's order.
    return [RULE_INDEX.get(f.rule.id) ?? ALL_RULES.length + rules.indexOf(f.rule), f.stage, i];
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
    const at = (k: number[]) => [k[0] as number, k[1] as number, source, k[2] as number];
    s.findings.forEach((f, j) => {
      kept.push({ f, key: at(s.keys[j] as number[]) });
    });
    s.masked.forEach((f, j) => {
      masked.push({ f, key: at(s.maskedKeys[j] as number[]) });
    });
    for (const o of s.once) once.push({ ...o, order: at(o.order) });
    suppressed += s.suppressed;
  };
  add(here, 0);
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
    [...here.head, ...kept.map((k) => k.f)],
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
