import { basename } from "node:path";
import { AVAILABILITY, type Availability, CONTAINER_KEYS, STRATEGY_KEYS } from "../catalog/github-actions.js";
import type { ParsedDocument } from "../load/types.js";
import type { Path } from "./path.js";
import { asArray, asObject, asString, isObject, type JsonObject, type Resource, toResource } from "./resource.js";
import { findTemplates, type ParsedExpression, parseExpression } from "./workflow-expression.js";

// The expression language lives in workflow-expression.ts; re-exported for the rules that read it with workflows.
export type { ContextRef } from "./workflow-expression.js";

/** One `${{ … }}` (or an implicit `if:` condition) in a workflow, with its place. */
export interface Expression {
  /** The text between `${{` and `}}`. */
  source: string;
  /** Path of the string value that holds it, from the document root. */
  path: Path;
  /** Absolute offset of the expression's first character (`$`, or the condition) in the file, when found. */
  offset: number | undefined;
  /**
   * Absolute offsets of the whole `${{ … }}` (or the implicit condition) in the file text, when
   * found: what a finding about this one expression points at (`Report.span`), also inside block
   * scalars (`run: |`) and quoted strings.
   */
  span: { start: number; end: number } | undefined;
  /** Availability key from the contexts table (`jobs.<job_id>.steps.run`), when the key has one. */
  where: string | undefined;
  availability: Availability | undefined;
  /** `${{` without a closing `}}`. */
  unclosed: boolean;
  /** An `if:` written without `${{ }}`. */
  implicit: boolean;
  job: Job | undefined;
  step: Step | undefined;
  parsed: ParsedExpression;
}

// ---------------------------------------------------------------------------------------------
// Workflows and composite actions
// ---------------------------------------------------------------------------------------------

export interface Ref<T> {
  value: T;
  /** Path from the workflow's root. */
  path: Path;
}

export interface Step {
  index: number;
  path: Path;
  value: JsonObject;
  id: string | undefined;
  name: string | undefined;
  uses: string | undefined;
  run: string | undefined;
  with: JsonObject;
  env: JsonObject;
}

export interface Job {
  id: string;
  path: Path;
  value: JsonObject;
  needs: Ref<string>[];
  /** `runs-on` labels; an expression label stays as written. */
  labels: Ref<string>[];
  /** `runs-on` names a runner group (`group:`) or holds an expression: the labels are not all known. */
  dynamicRunner: boolean;
  steps: Step[];
  /** `uses:` of a job that calls a reusable workflow. */
  uses: string | undefined;
  matrix: JsonObject | undefined;
}

export interface Trigger {
  event: string;
  /** Path of the event's name (a key, or an item of a list or the scalar `on:` value). */
  path: Path;
  /** The event's configuration mapping, when it has one. */
  config: JsonObject | undefined;
  /** `types:` entries given for the event. */
  types: Ref<string>[];
}

export interface Workflow {
  doc: ParsedDocument;
  kind: "Workflow" | "Action";
  value: JsonObject;
  resource: Resource;
  triggers: Trigger[];
  jobs: Job[];
  /** Composite action steps (`runs.steps`) of an action file. */
  actionSteps: Step[];
  expressions: Expression[];
}

function toStep(v: unknown, index: number, path: Path): Step | undefined {
  if (!isObject(v)) return undefined;
  return {
    index,
    path,
    value: v,
    id: asString(v.id),
    name: asString(v.name),
    uses: asString(v.uses),
    run: typeof v.run === "string" ? v.run : v.run !== undefined && v.run !== null ? String(v.run) : undefined,
    with: asObject(v.with) ?? {},
    env: asObject(v.env) ?? {},
  };
}

function toSteps(v: unknown, path: Path): Step[] {
  const out: Step[] = [];
  asArray(v).forEach((s, i) => {
    const step = toStep(s, i, [...path, i]);
    if (step) out.push(step);
  });
  return out;
}

function toJob(id: string, v: JsonObject): Job {
  const path: Path = ["jobs", id];
  const needs: Ref<string>[] = [];
  if (typeof v.needs === "string") needs.push({ value: v.needs, path: [...path, "needs"] });
  else
    asArray(v.needs).forEach((n, i) => {
      if (typeof n === "string") needs.push({ value: n, path: [...path, "needs", i] });
    });
  const labels: Ref<string>[] = [];
  let dynamicRunner = false;
  const ro = v["runs-on"];
  const addLabels = (x: unknown, p: Path) => {
    if (typeof x === "string") {
      labels.push({ value: x, path: p });
      if (x.includes("${{")) dynamicRunner = true;
    } else if (Array.isArray(x))
      x.forEach((l, i) => {
        if (typeof l === "string") {
          labels.push({ value: l, path: [...p, i] });
          if (l.includes("${{")) dynamicRunner = true;
        }
      });
  };
  if (isObject(ro)) {
    if (ro.group !== undefined) dynamicRunner = true;
    addLabels(ro.labels, [...path, "runs-on", "labels"]);
  } else addLabels(ro, [...path, "runs-on"]);
  const strategy = asObject(v.strategy);
  return {
    id,
    path,
    value: v,
    needs,
    labels,
    dynamicRunner,
    steps: toSteps(v.steps, [...path, "steps"]),
    uses: asString(v.uses),
    matrix: asObject(strategy?.matrix),
  };
}

function toTriggers(on: unknown): Trigger[] {
  const out: Trigger[] = [];
  if (typeof on === "string") out.push({ event: on, path: ["on"], config: undefined, types: [] });
  else if (Array.isArray(on))
    on.forEach((e, i) => {
      if (typeof e === "string") out.push({ event: e, path: ["on", i], config: undefined, types: [] });
    });
  else if (isObject(on))
    for (const [event, cfg] of Object.entries(on)) {
      const config = asObject(cfg);
      const types: Ref<string>[] = [];
      const tv = config?.types;
      if (typeof tv === "string") types.push({ value: tv, path: ["on", event, "types"] });
      else
        asArray(tv).forEach((x, i) => {
          if (typeof x === "string") types.push({ value: x, path: ["on", event, "types", i] });
        });
      out.push({ event, path: ["on", event], config, types });
    }
  return out;
}

/** The availability key of a value's path, per the contexts table. */
export function availabilityKey(path: Path): string | undefined {
  const [a, b, c, d, e, f] = path;
  if (a === "run-name") return "run-name";
  if (a === "concurrency") return "concurrency";
  if (a === "env") return "env";
  if (a === "on" && b === "workflow_call") {
    if (c === "inputs" && e === "default") return "on.workflow_call.inputs.<inputs_id>.default";
    if (c === "outputs" && e === "value") return "on.workflow_call.outputs.<output_id>.value";
    return undefined;
  }
  if (a !== "jobs" || typeof b !== "string" || typeof c !== "string") return undefined;
  const job = "jobs.<job_id>";
  switch (c) {
    case "steps": {
      if (typeof d !== "number" || typeof e !== "string") return undefined;
      const k = `${job}.steps.${e}`;
      return AVAILABILITY[k] ? k : undefined;
    }
    case "container":
      if (d === "credentials") return `${job}.container.credentials`;
      if (d === "env") return `${job}.container.env.<env_id>`;
      return d === undefined || typeof d === "number" || CONTAINER_KEYS.includes(d) ? `${job}.container` : undefined;
    case "services":
      if (e === "credentials") return `${job}.services.<service_id>.credentials`;
      if (e === "env") return `${job}.services.<service_id>.env.<env_id>`;
      return e === undefined || typeof e === "number" || CONTAINER_KEYS.includes(e) ? `${job}.services` : undefined;
    case "strategy":
      // Keys misplaced under strategy (steps indented one level too deep) are ci/unknown-key's.
      return d === undefined || STRATEGY_KEYS.includes(String(d)) ? `${job}.strategy` : undefined;
    case "environment":
      return d === "url" ? `${job}.environment.url` : `${job}.environment`;
    case "defaults":
      return `${job}.defaults.run`;
    case "outputs":
      return `${job}.outputs.<output_id>`;
    case "secrets":
      return `${job}.secrets.<secrets_id>`;
    case "with":
      return `${job}.with.<with_id>`;
    default: {
      void f;
      const k = `${job}.${c}`;
      return AVAILABILITY[k] ? k : undefined;
    }
  }
}

/**
 * Offsets of the n-th `${{ … }}` inside a value's source text, when it is written there as is: the
 * templates are found again in the raw text (block scalar, quoted or plain), so the span covers
 * what the reader sees, indentation and line breaks of a folded expression included.
 */
export function templateSpan(doc: ParsedDocument, path: Path, nth: number): { start: number; end: number } | undefined {
  const loc = doc.nodes.locate(path);
  if (!loc?.exact) return undefined;
  const text = doc.file.text.slice(loc.value.start, loc.value.end);
  const t = findTemplates(text)[nth];
  if (!t) return undefined;
  const start = loc.value.start + t.start;
  const end = t.unclosed ? loc.value.end : start + 3 + t.inner.length + 2;
  return { start, end: Math.min(end, loc.value.end) };
}

function collectExpressions(wf: Omit<Workflow, "expressions">): Expression[] {
  const out: Expression[] = [];
  const jobs = new Map(wf.jobs.map((j) => [j.id, j]));
  const walk = (v: unknown, path: Path) => {
    if (typeof v === "string") {
      const where = wf.kind === "Workflow" ? availabilityKey(path) : undefined;
      const job = path[0] === "jobs" && typeof path[1] === "string" ? jobs.get(path[1]) : undefined;
      const step =
        job && path[2] === "steps" && typeof path[3] === "number"
          ? job.steps.find((s) => s.index === path[3])
          : wf.kind === "Action" && path[0] === "runs" && path[1] === "steps" && typeof path[2] === "number"
            ? wf.actionSteps.find((s) => s.index === path[2])
            : undefined;
      const last = path[path.length - 1];
      const isIf =
        last === "if" && (path.length === 3 || (path[2] === "steps" && path.length === 5) || wf.kind === "Action");
      const templates = findTemplates(v);
      const base = {
        path,
        where,
        availability: where ? AVAILABILITY[where] : undefined,
        job,
        step,
      };
      if (isIf && templates.length === 0 && v.trim() !== "") {
        const loc = wf.doc.nodes.locate(path);
        out.push({
          ...base,
          source: v,
          offset: loc?.exact ? loc.value.start : undefined,
          span: loc?.exact ? { start: loc.value.start, end: loc.value.end } : undefined,
          unclosed: false,
          implicit: true,
          parsed: parseExpression(v),
        });
        return;
      }
      templates.forEach((t, n) => {
        const span = templateSpan(wf.doc, path, n);
        out.push({
          ...base,
          source: t.inner,
          offset: span?.start,
          span,
          unclosed: t.unclosed,
          implicit: false,
          parsed: t.unclosed ? { refs: [], calls: [] } : parseExpression(t.inner),
        });
      });
      return;
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) walk(v[i], [...path, i]);
    } else if (isObject(v)) for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(wf.value, []);
  return out;
}

/** Models one workflow or action document; undefined when the document is not a mapping. */
export function toWorkflow(doc: ParsedDocument): Workflow | undefined {
  const v = doc.value;
  if (!isObject(v)) return undefined;
  const isAction = /(^|\/)action\.ya?ml$/.test(doc.file.path) || (v.runs !== undefined && v.jobs === undefined);
  const kind = isAction ? "Action" : "Workflow";
  const resource = toResource(doc, v, []);
  const name = asString(v.name) ?? basename(doc.file.path);
  resource.apiVersion = "github.com/actions";
  resource.kind = kind;
  resource.name = name;
  resource.namespace = undefined;
  resource.ref = { apiVersion: "github.com/actions", kind, name };
  const jobs: Job[] = [];
  // A job left empty (`build:` alone) still exists for `needs`; its missing keys are reported.
  if (!isAction && isObject(v.jobs))
    for (const [id, j] of Object.entries(v.jobs))
      if (isObject(j) || j === null) jobs.push(toJob(id, asObject(j) ?? {}));
  const runs = asObject(v.runs);
  const base = {
    doc,
    kind: kind as Workflow["kind"],
    value: v,
    resource,
    triggers: isAction ? [] : toTriggers(v.on),
    jobs,
    actionSteps: isAction ? toSteps(runs?.steps, ["runs", "steps"]) : [],
  };
  return { ...base, expressions: collectExpressions(base) };
}

const cache = new WeakMap<ParsedDocument, Workflow | null>();

/** Every workflow and action of the checked set, modelled once per document. */
export function workflowsOf(set: { workflows: readonly ParsedDocument[] }): Workflow[] {
  const out: Workflow[] = [];
  for (const doc of set.workflows) {
    let wf = cache.get(doc);
    if (wf === undefined) {
      wf = toWorkflow(doc) ?? null;
      cache.set(doc, wf);
    }
    if (wf) out.push(wf);
  }
  return out;
}

/** What a step is called in a report: its name, else its id, `uses` or the first line of `run`. */
export function stepLabel(s: Step): string {
  return s.name ?? s.id ?? s.uses ?? (s.run ?? "").trim().split("\n")[0] ?? `step ${s.index + 1}`;
}

/** Every step of a workflow or action: job steps, then composite steps. */
export function allSteps(wf: Workflow): Array<{ job: Job | undefined; step: Step }> {
  const out: Array<{ job: Job | undefined; step: Step }> = [];
  for (const job of wf.jobs) for (const step of job.steps) out.push({ job, step });
  for (const step of wf.actionSteps) out.push({ job: undefined, step });
  return out;
}

/** `owner/repo[/path]@ref`, `./local`, or `docker://image`: the parts of a `uses:` value. */
export interface UsesRef {
  kind: "repo" | "local" | "docker";
  /** `owner/repo` for a repository action. */
  repo?: string;
  /** Path inside the repository, if any. */
  subpath?: string;
  ref?: string;
}

export function parseUses(uses: string): UsesRef | undefined {
  if (uses.startsWith("./")) return { kind: "local" };
  if (uses.startsWith("docker://")) return uses.length > "docker://".length ? { kind: "docker" } : undefined;
  const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)((?:\/[^@\s]+)?)@([^\s@]+)$/.exec(uses);
  if (!m) return undefined;
  return { kind: "repo", repo: `${m[1]}/${m[2]}`, subpath: m[3] ? m[3].slice(1) : undefined, ref: m[4] };
}

/** Whether a `uses:` ref is a full 40-hex commit SHA. */
export function isShaRef(ref: string | undefined): boolean {
  return ref !== undefined && /^[0-9a-f]{40}$/.test(ref);
}
