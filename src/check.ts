import { type Config, EMPTY_CONFIG } from "./config/config.js";
import { karpenterCostJson, poolCostJson } from "./estimate/pool-cost.js";
import type { CheckResult, Finding, GpuPoolsReport } from "./findings/finding.js";
import { collapsePodGroups } from "./findings/merge.js";
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
import { runRules } from "./rules/engine.js";
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

/** Parses and models the files: the pure middle of the pipeline, up to the checked set. */
export function buildSet(
  files: readonly SourceFile[],
  /** Files of CustomResourceDefinitions (`--crd`, `crds:`) whose kinds validate the set's documents; not checked themselves. */
  crdFiles: readonly SourceFile[] = [],
  /** What exists in the checked tree (the DVC and MLflow checks look files up in it); unknown when absent. */
  tree?: FileTree,
): {
  set: CheckedSet;
  problems: LoadProblem[];
  documents: number;
  /** Files no loader claims (another tool's configuration): not parsed further, never an error. */
  skipped: SkippedFile[];
} {
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
  for (const file of files) {
    if (dvcFileKind(file.path)) {
      // DVC reads its files as YAML 1.2 (ruamel.yaml); one document each.
      const parsed = parseStream(file, WORKFLOW_YAML_SCHEMA);
      problems.push(...parsed.problems.map((p) => saidBy(p, "DVC (ruamel.yaml) refuses a mapping that repeats a key")));
      documents += parsed.documents.length;
      dvcDocs.push(...parsed.documents.slice(0, 1));
      continue;
    }
    if (isMlprojectPath(file.path)) {
      // MLflow reads MLproject with PyYAML's safe_load (YAML 1.1).
      const parsed = parseStream(file);
      problems.push(
        ...parsed.problems.map((p) => saidBy(p, "MLflow (PyYAML) keeps the last value and ignores the first")),
      );
      documents += parsed.documents.length;
      const doc = parsed.documents[0];
      if (doc) mlprojects.push(toMlproject(doc, tree));
      continue;
    }
    if (isHclPath(file.path) || isTfJsonPath(file.path)) {
      const hcl = isHclPath(file.path)
        ? parseHcl(file.text)
        : parseTfJson(file.text, /\.tfvars\.json$/i.test(file.path));
      for (const e of hcl.errors)
        problems.push({ ruleId: "terraform/hcl-syntax", file, offset: e.offset, message: e.message });
      hclFiles.push({ file, hcl });
      documents++;
      continue;
    }
    if (isWorkflowPath(file.path)) {
      const parsed = parseStream(file, WORKFLOW_YAML_SCHEMA);
      problems.push(...parsed.problems);
      documents += parsed.documents.length;
      workflows.push(...parsed.documents);
      continue;
    }
    const parsed = parseStream(file);
    if (looksLikeWorkflow(parsed.documents) || looksLikeBrokenWorkflow(file.text, parsed)) {
      // A workflow given by another name: re-read it the way GitHub does (YAML 1.2, `on` a string).
      const wf = parseStream(file, WORKFLOW_YAML_SCHEMA);
      problems.push(...wf.problems);
      documents += wf.documents.length;
      workflows.push(...wf.documents);
      continue;
    }
    if (parsed.documents.length === 1 && isPlanJson(parsed.documents[0]?.value)) {
      // `terraform show -json` output: the Terraform model reads it, not the Kubernetes one.
      plans.push(parsed.documents[0] as ParsedDocument);
      documents++;
      continue;
    }
    const claim = claimManifest(file.path, file.text, parsed.documents, parsed.problems);
    if (!claim.claimed) {
      skipped.push({ file: file.path, reason: claim.reason });
      continue;
    }
    problems.push(...parsed.problems);
    documents += parsed.documents.length;
    for (const doc of parsed.documents) {
      for (const r of resourcesOf(doc)) {
        resources.push(r);
        const found = workloadsOf(r);
        workloads.push(...found.full);
        resources.push(...found.resources);
        shapeWorkloads.push(...found.shape);
      }
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
    skipped,
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
  // A rule switched off in the configuration does not run at all. The user's admission policies
  // are rules built for this run (src/policy), one per policy.
  const rules = [...(req.rules ?? ALL_RULES), ...policyRules(set.resources, options)].filter(
    (r) => config.rules[r.id] !== "off",
  );
  const known = new Set([...RULES_BY_ID.keys(), ...rules.map((r) => r.id)]);
  const run = runRules(rules, set, options, known, req.timings);
  const raw = run.raw.filter((f) => inScope(f.resource.doc.file.path));
  const runIds = new Set(rules.map((r) => r.id));
  const loadFindings: Finding[] = [];
  for (const p of problems) {
    const rule = RULES_BY_ID.get(p.ruleId);
    if (rule && runIds.has(rule.id) && inScope(p.file.path)) loadFindings.push(problemToFinding(p, rule));
  }
  // A crash with no object to point at still fails the run: it is reported at the run's first file.
  const firstFile = req.files[0]?.path ?? req.problems?.[0]?.file.path ?? "-";
  for (const c of first ? run.unattributed : [])
    loadFindings.push({
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
    });
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
