import { type Config, EMPTY_CONFIG } from "./config/config.js";
import { karpenterCostJson, poolCostJson } from "./estimate/pool-cost.js";
import type { CheckResult, Finding, GpuPoolsReport } from "./findings/finding.js";
import { collapsePodGroups, firstOnce } from "./findings/merge.js";
import { applyConfig, problemToFinding, sortAndDedupe } from "./findings/resolve.js";
import { claimManifest, looksLikeBrokenWorkflow, looksLikeWorkflow, type SkippedFile } from "./load/claim.js";
import { isHclPath, parseHcl } from "./load/hcl.js";
import { isTfJsonPath, parseTfJson } from "./load/hcl-json.js";
import { isWorkflowPath, parseStream, WORKFLOW_YAML_SCHEMA } from "./load/parse.js";
import { dvcFileKind, isMlprojectPath } from "./load/project-files.js";
import { DEFAULT_MAX_FILE_SIZE, decodeFile } from "./load/sources.js";
import type { FileTree } from "./load/tree.js";
import { type LoadProblem, type ParsedDocument, type RenderRecord, SourceFile } from "./load/types.js";
import { workloadsOf } from "./model/by-shape.js";
import { indexCrds } from "./model/crd.js";
import { buildDvc } from "./model/dvc.js";
import { karpenterPools } from "./model/karpenter.js";
import { type MlProject, toMlproject } from "./model/mlproject.js";
import { type Resource, resourcesOf } from "./model/resource.js";
import { buildTerraform, isPlanJson, type TerraformSet, type TfHclFile } from "./model/terraform.js";
import { gpuPools } from "./model/terraform-pools.js";
import type { Workload } from "./model/workload.js";
import { policyRules } from "./policy/rules.js";
import { runRules, type UnattributedCrash } from "./rules/engine.js";
import { ALL_RULES, RULES_BY_ID } from "./rules/index.js";
import type { CheckedSet, CheckOptions, Rule } from "./rules/types.js";

/** Kubernetes minor version the removed-API rule targets unless told otherwise. */
export const DEFAULT_KUBE_VERSION = "1.35";

export const DEFAULT_OPTIONS: CheckOptions = { kubeVersion: DEFAULT_KUBE_VERSION, strictRefs: false, pss: "baseline" };

export interface CheckRequest {
  files: readonly SourceFile[];
  /** Problems met while reading the inputs (unreadable files). */
  problems?: readonly LoadProblem[];
  options?: Partial<CheckOptions>;
  config?: Config;
  /** Nested configurations, each with the files it governs; `config` and `options` apply to the rest. */
  scopes?: readonly ConfigScope[];
  /** Charts and kustomizations the loader rendered, for the summary. */
  rendered?: readonly RenderRecord[];
  /** Rules to run; all of them unless given. */
  rules?: readonly Rule[];
  /** Files of CustomResourceDefinitions (`--crd`, `crds:` in .mlgate.yaml): their kinds validate the documents. */
  crdFiles?: readonly SourceFile[];
  /** When given, receives milliseconds per rule id and per stage (`--timing`). */
  timings?: Map<string, number>;
  /** Every file and directory under the directories read: what exists, for the DVC and MLflow checks. */
  tree?: FileTree;
}

const givenCrdCache = new WeakMap<SourceFile, { resources: Resource[]; problems: LoadProblem[] }>();

/**
 * The documents of a `--crd` file, read once per file: the webhook hands the same files to
 * every request, so their kinds' shapes (and the validators compiled from them) are made once.
 */
function givenCrds(file: SourceFile): { resources: Resource[]; problems: LoadProblem[] } {
  let parsed = givenCrdCache.get(file);
  if (!parsed) {
    const stream = parseStream(file);
    parsed = { resources: stream.documents.flatMap((doc) => resourcesOf(doc)), problems: stream.problems };
    givenCrdCache.set(file, parsed);
  }
  return parsed;
}

/**
 * What reading one file gave, before modelling: its documents (or Terraform syntax tree), its
 * load problems, or why no loader claims it. `parseFile` makes these, `assembleSet` models them;
 * a parallel check (src/parallel) parses in worker threads and assembles the documents' plain
 * values again in the main thread, so both runs go through the same two functions.
 */
export type FileLoad =
  | { kind: "dvc"; file: SourceFile; docs: ParsedDocument[]; problems: LoadProblem[] }
  | { kind: "mlproject"; file: SourceFile; docs: ParsedDocument[]; problems: LoadProblem[] }
  | { kind: "hcl"; file: SourceFile; hcl: TfHclFile["hcl"]; problems: LoadProblem[] }
  | { kind: "workflow"; file: SourceFile; docs: ParsedDocument[]; problems: LoadProblem[] }
  | { kind: "plan"; file: SourceFile; doc: ParsedDocument }
  | { kind: "skipped"; file: SourceFile; reason: SkippedFile["reason"] }
  | {
      kind: "manifest";
      file: SourceFile;
      docs: ParsedDocument[];
      problems: LoadProblem[];
      /** The documents the file holds, when `docs` are only some of them (a parallel check's main thread holds the lookups). */
      count?: number;
    };

/**
 * Files the main thread of a parallel check reads itself: Terraform, DVC and MLproject files,
 * whose models join several files of the run (and the tree of what exists) and whose rules are
 * set-level.
 */
export function readInMainThread(path: string): boolean {
  return dvcFileKind(path) !== undefined || isMlprojectPath(path) || isHclPath(path) || isTfJsonPath(path);
}

/** Parses one file with positions and decides which loader reads it. */
export function parseFile(file: SourceFile): FileLoad {
  if (dvcFileKind(file.path)) {
    // DVC reads its files as YAML 1.2 (ruamel.yaml); one document each.
    const parsed = parseStream(file, WORKFLOW_YAML_SCHEMA);
    const problems = parsed.problems.map((p) => saidBy(p, "DVC (ruamel.yaml) refuses a mapping that repeats a key"));
    return { kind: "dvc", file, docs: parsed.documents, problems };
  }
  if (isMlprojectPath(file.path)) {
    // MLflow reads MLproject with PyYAML's safe_load (YAML 1.1).
    const parsed = parseStream(file);
    const problems = parsed.problems.map((p) =>
      saidBy(p, "MLflow (PyYAML) keeps the last value and ignores the first"),
    );
    return { kind: "mlproject", file, docs: parsed.documents, problems };
  }
  if (isHclPath(file.path) || isTfJsonPath(file.path)) {
    const hcl = isHclPath(file.path) ? parseHcl(file.text) : parseTfJson(file.text, /\.tfvars\.json$/i.test(file.path));
    const problems: LoadProblem[] = hcl.errors.map((e) => ({
      ruleId: "terraform/hcl-syntax",
      file,
      offset: e.offset,
      message: e.message,
    }));
    return { kind: "hcl", file, hcl, problems };
  }
  if (isWorkflowPath(file.path)) {
    const parsed = parseStream(file, WORKFLOW_YAML_SCHEMA);
    return { kind: "workflow", file, docs: parsed.documents, problems: parsed.problems };
  }
  const parsed = parseStream(file);
  if (looksLikeWorkflow(parsed.documents) || looksLikeBrokenWorkflow(file.text, parsed)) {
    // A workflow given by another name: re-read it the way GitHub does (YAML 1.2, `on` a string).
    const wf = parseStream(file, WORKFLOW_YAML_SCHEMA);
    return { kind: "workflow", file, docs: wf.documents, problems: wf.problems };
  }
  if (parsed.documents.length === 1 && isPlanJson(parsed.documents[0]?.value)) {
    // `terraform show -json` output: the Terraform model reads it, not the Kubernetes one.
    return { kind: "plan", file, doc: parsed.documents[0] as ParsedDocument };
  }
  const claim = claimManifest(file.path, file.text, parsed.documents, parsed.problems);
  if (!claim.claimed) return { kind: "skipped", file, reason: claim.reason };
  return { kind: "manifest", file, docs: parsed.documents, problems: parsed.problems };
}

export interface BuiltSet {
  set: CheckedSet;
  problems: LoadProblem[];
  documents: number;
  /** Files no loader claims (another tool's configuration): not parsed further, never an error. */
  skipped: SkippedFile[];
}

/** Parses and models the files: the pure middle of the pipeline, up to the checked set. */
export function buildSet(
  files: readonly SourceFile[],
  /** Files of CustomResourceDefinitions (`--crd`, `crds:`) whose kinds validate the set's documents; not checked themselves. */
  crdFiles: readonly SourceFile[] = [],
  /** What exists in the checked tree (the DVC and MLflow checks look files up in it); unknown when absent. */
  tree?: FileTree,
): BuiltSet {
  return assembleSet(files, files.map(parseFile), crdFiles, tree);
}

/** One document's model: its resources, and what each holds (see `workloadsOf`). */
export type ModelledDocument = Array<{ resource: Resource; found: ReturnType<typeof workloadsOf> }>;

/** Models what `parseFile` read, in the files' order, into the checked set. */
export function assembleSet(
  files: readonly SourceFile[],
  loads: readonly FileLoad[],
  crdFiles: readonly SourceFile[] = [],
  tree?: FileTree,
  /**
   * Documents already modelled, and where to keep those modelled now: a parallel check's worker
   * models its files once, to take facts, and again with the other files' lookups, with the same
   * objects (and what rules memoised on them).
   */
  modelled?: WeakMap<ParsedDocument, ModelledDocument>,
): BuiltSet {
  const skipped: SkippedFile[] = [];
  const resources: Resource[] = [];
  const workloads: Workload[] = [];
  const shapeWorkloads: Workload[] = [];
  const workflows: ParsedDocument[] = [];
  const problems: LoadProblem[] = [];
  const hclFiles: TfHclFile[] = [];
  const plans: ParsedDocument[] = [];
  const dvcDocs: ParsedDocument[] = [];
  const mlprojects: MlProject[] = [];
  let documents = 0;
  for (const load of loads) {
    switch (load.kind) {
      case "dvc":
        problems.push(...load.problems);
        documents += load.docs.length;
        dvcDocs.push(...load.docs.slice(0, 1));
        break;
      case "mlproject": {
        problems.push(...load.problems);
        documents += load.docs.length;
        const doc = load.docs[0];
        if (doc) mlprojects.push(toMlproject(doc, tree));
        break;
      }
      case "hcl":
        problems.push(...load.problems);
        hclFiles.push({ file: load.file, hcl: load.hcl });
        documents++;
        break;
      case "workflow":
        problems.push(...load.problems);
        documents += load.docs.length;
        workflows.push(...load.docs);
        break;
      case "plan":
        plans.push(load.doc);
        documents++;
        break;
      case "skipped":
        skipped.push({ file: load.file.path, reason: load.reason });
        break;
      case "manifest":
        problems.push(...load.problems);
        documents += load.count ?? load.docs.length;
        for (const doc of load.docs) {
          let model = modelled?.get(doc);
          if (!model) {
            model = resourcesOf(doc).map((resource) => ({ resource, found: workloadsOf(resource) }));
            modelled?.set(doc, model);
          }
          for (const { resource, found } of model) {
            resources.push(resource);
            workloads.push(...found.full);
            resources.push(...found.resources);
            shapeWorkloads.push(...found.shape);
          }
        }
        break;
    }
  }
  const terraform = hclFiles.length > 0 || plans.length > 0 ? buildTerraform(hclFiles, plans) : undefined;
  const dvc = dvcDocs.length > 0 ? buildDvc(dvcDocs, unclaimed(files, skipped), tree) : undefined;
  const given: Resource[] = [];
  for (const file of crdFiles) {
    const parsed = givenCrds(file);
    problems.push(...parsed.problems);
    given.push(...parsed.resources);
  }
  // The set's own CRDs are indexed after the given ones, so a CRD beside its documents wins.
  const crds = indexCrds([...given, ...resources], (r) => r.doc.file.path);
  // Skipped files stay in the set's files: content scanners that read every file may still read them.
  return {
    set: {
      files,
      resources,
      workloads,
      workflows,
      ...(shapeWorkloads.length > 0 ? { shapeWorkloads } : {}),
      ...(terraform ? { terraform } : {}),
      ...(dvc ? { dvc } : {}),
      ...(mlprojects.length > 0 ? { mlprojects } : {}),
      ...(crds ? { crds } : {}),
    },
    problems,
    documents,
    skipped,
  };
}

/** A duplicate-key problem in another tool's file says what that tool does, not what the API server does. */
function saidBy(p: LoadProblem, what: string): LoadProblem {
  return p.message.startsWith("duplicate key:") ? { ...p, message: `duplicate key: ${what}` } : p;
}

/** The files no loader claimed: a DVC pipeline reads its params and vars files among them. */
function unclaimed(files: readonly SourceFile[], skipped: readonly SkippedFile[]): SourceFile[] {
  const names = new Set(skipped.map((s) => s.file));
  return files.filter((f) => names.has(f.path));
}

/**
 * The files one configuration governs (nested `.mlgate.yaml` files): its rules, ignores and
 * severities apply to findings in those files, and its options to the rules that report them.
 */
export interface ConfigScope {
  config: Config;
  options?: Partial<CheckOptions>;
  /** The governed files, by `SourceFile.path` (and the path of a load problem's file). */
  paths: ReadonlySet<string>;
}

/** Runs the whole pipeline over in-memory files: load → model → rules → findings. */
export function check(req: CheckRequest): CheckResult {
  const timings = req.timings;
  let started = timings ? performance.now() : 0;
  const lap = (stage: string) => {
    if (!timings) return;
    const now = performance.now();
    timings.set(stage, (timings.get(stage) ?? 0) + now - started);
    started = now;
  };
  const { set, problems, documents, skipped } = buildSet(req.files, req.crdFiles, req.tree);
  lap("(stage) load and model");
  const allProblems = [...(req.problems ?? []), ...problems];
  // Without scopes, one configuration governs every file. With several, the set is judged once per
  // configuration (cross-file rules still see every file) and each keeps the findings in its files.
  const scopes: Array<ConfigScope | undefined> = req.scopes && req.scopes.length > 0 ? [...req.scopes] : [undefined];
  if (req.scopes && req.scopes.length > 0) {
    const rest = new Set(
      [...req.files.map((f) => f.path), ...allProblems.map((p) => p.file.path)].filter(
        (p) => !req.scopes?.some((s) => s.paths.has(p)),
      ),
    );
    if (rest.size > 0) scopes.push({ config: req.config ?? EMPTY_CONFIG, paths: rest });
  }
  const found: Finding[] = [];
  let suppressed = 0;
  const maskedSecrets: Finding[] = [];
  scopes.forEach((scope, i) => {
    const config = scope?.config ?? req.config ?? EMPTY_CONFIG;
    const options: CheckOptions = { ...DEFAULT_OPTIONS, ...req.options, ...scope?.options };
    const inScope = (path: string) => scope === undefined || scope.paths.has(path);
    const judged = judge(req, set, config, options, allProblems, inScope, i === 0);
    found.push(...judged.findings);
    suppressed += judged.suppressed;
    maskedSecrets.push(...judged.maskedSecrets);
  });
  const findings = scopes.length > 1 ? sortAndDedupe(found) : found;
  lap("(stage) locate and configure");
  return resultOf(req, set, documents, skipped, { findings, suppressed, maskedSecrets });
}

/** The check's result from the judged findings: the summary's counts, the skipped files, the GPU pools. */
export function resultOf(
  req: CheckRequest,
  set: CheckedSet,
  documents: number,
  skipped: readonly SkippedFile[],
  judged: { findings: Finding[]; suppressed: number; maskedSecrets: Finding[] },
): CheckResult {
  const { findings, suppressed, maskedSecrets } = judged;
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const f of findings) {
    if (f.severity === "error") errors++;
    else if (f.severity === "warning") warnings++;
    else infos++;
  }
  const skippedPaths = new Set(skipped.map((s) => s.file));
  const fileCount = new Set(
    [...req.files.map((f) => f.path), ...(req.problems ?? []).map((p) => p.file.path)].filter(
      (p) => !skippedPaths.has(p),
    ),
  ).size;
  return {
    summary: {
      files: fileCount,
      documents,
      findings: findings.length,
      errors,
      warnings,
      infos,
      skipped: skipped.length,
      ...(req.rendered && req.rendered.length > 0 ? { rendered: [...req.rendered] } : {}),
    },
    findings,
    skipped: [...skipped],
    suppressed,
    ...(maskedSecrets.length > 0 ? { maskedSecrets } : {}),
    ...poolsOf(set.terraform, set.resources),
  };
}

/** The run's GPU node pools (Terraform, Karpenter NodePools) priced at their minimum, desired and maximum size. */
function poolsOf(tf: TerraformSet | undefined, resources: readonly Resource[]): { gpuPools?: GpuPoolsReport } {
  const pools = [
    ...(tf ? gpuPools(tf).map((p) => poolCostJson(p)) : []),
    ...karpenterPools(resources)
      .filter((p) => p.accelerated)
      .map((p) => karpenterCostJson(p)),
  ];
  if (pools.length === 0) return {};
  const sum = (k: "min" | "desired" | "max") =>
    Math.round(pools.reduce((n, p) => n + (p.monthlyUsd[k] ?? 0), 0) * 100) / 100;
  return { gpuPools: { pools, totalMonthlyUsd: { min: sum("min"), desired: sum("desired"), max: sum("max") } } };
}

/**
 * The rules a run with this configuration runs, in the order they run (the order a parallel check
 * restores): the given or built-in rules, then one per admission policy of the set (src/policy). A
 * rule switched off in the configuration does not run at all.
 */
export function rulesOfRun(
  req: Pick<CheckRequest, "rules">,
  resources: readonly Resource[],
  config: Config,
  options: CheckOptions,
): Rule[] {
  return [...(req.rules ?? ALL_RULES), ...policyRules(resources, options)].filter((r) => config.rules[r.id] !== "off");
}

/** Every rule id a run knows (ignore annotations naming another id are reported). */
export function knownRuleIds(rules: readonly Rule[]): Set<string> {
  return new Set([...RULES_BY_ID.keys(), ...rules.map((r) => r.id)]);
}

/** The load problems of the files in scope, as findings of the rules that run. */
export function loadFindingsOf(
  problems: readonly LoadProblem[],
  rules: readonly Rule[],
  inScope: (path: string) => boolean,
): Finding[] {
  const runIds = new Set(rules.map((r) => r.id));
  const out: Finding[] = [];
  for (const p of problems) {
    const rule = RULES_BY_ID.get(p.ruleId);
    if (rule && runIds.has(rule.id) && inScope(p.file.path)) out.push(problemToFinding(p, rule));
  }
  return out;
}

/** A crash with no object to point at still fails the run: it is reported at the run's first file. */
export function unattributedFindings(req: CheckRequest, crashes: readonly UnattributedCrash[]): Finding[] {
  const firstFile = req.files[0]?.path ?? req.problems?.[0]?.file.path ?? "-";
  return crashes.map((c) => ({
    ruleId: c.rule.id,
    category: c.rule.category,
    severity: "error",
    message: c.message,
    file: firstFile,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
    resource: null,
    path: "",
    internal: true,
  }));
}

/** Runs the rules one configuration allows and keeps the findings in the files it governs. */
function judge(
  req: CheckRequest,
  set: CheckedSet,
  config: Config,
  options: CheckOptions,
  problems: readonly LoadProblem[],
  inScope: (path: string) => boolean,
  first: boolean,
): { findings: Finding[]; suppressed: number; maskedSecrets: Finding[] } {
  const rules = rulesOfRun(req, set.resources, config, options);
  const run = runRules(rules, set, options, knownRuleIds(rules), req.timings);
  // Once-per-run reports are chosen over the whole set, before a scope keeps its files' findings.
  const raw = firstOnce(run.raw).filter((f) => inScope(f.resource.doc.file.path));
  const loadFindings = [
    ...loadFindingsOf(problems, rules, inScope),
    ...unattributedFindings(req, first ? run.unattributed : []),
  ];
  return applyConfig(collapsePodGroups(raw, [...set.workloads, ...(set.shapeWorkloads ?? [])]), loadFindings, config);
}

/** Convenience for tests, examples and library users: check YAML texts given by name. */
export function checkTexts(
  texts: ReadonlyArray<{ path: string; text: string }>,
  req: Omit<CheckRequest, "files"> & { maxFileSize?: number } = {},
): CheckResult {
  const files: SourceFile[] = [];
  const problems: LoadProblem[] = [...(req.problems ?? [])];
  for (const t of texts) {
    const bytes = new TextEncoder().encode(t.text);
    const decoded = decodeFile(t.path, () => bytes, req.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, bytes.length);
    if (decoded instanceof SourceFile) files.push(decoded);
    else problems.push(decoded);
  }
  return check({ ...req, files, problems });
}
