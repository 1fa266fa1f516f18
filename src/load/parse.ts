import yaml from "js-yaml";
import { NestingTooDeepError, NodeTable, recordInto } from "./node-table.js";
import type { LoadProblem, ParsedDocument, SourceFile } from "./types.js";
import { KUBE_YAML_SCHEMA } from "./yaml11-schema.js";

/**
 * Go-template actions mark an unrendered Helm chart. Rendered manifests may legitimately hold
 * `{{ … }}` inside strings (Argo parameters, alert templates in a ConfigMap), so a document is
 * called unrendered only when it fails to parse and holds such actions, or when an action stands
 * unquoted as a mapping value (`replicas: {{ .Values.replicas }}` parses as a nested flow map).
 */
const TEMPLATE_ACTION = /\{\{-?\s*(?:\.|\$|include\b|toYaml\b|template\b|if\b|range\b|with\b|end\b|define\b)/;
const TEMPLATE_AS_VALUE = /^[^#\n"']*:[ \t]+\{\{-?\s*[.$]/m;
const DOC_MARKER = /^---(?=[ \t\r\n]|$)/gm;

/** Alias expansion budget: a document may not grow past this many nodes through aliases. */
const ALIAS_EXPANSION_BUDGET = 200_000;

/**
 * Splits a YAML stream at its `---` markers and parses each document on its own, so one broken
 * document costs only itself. A `---` at column 0 always starts a new document in YAML (not even
 * a block scalar may contain one), so the split is exact.
 */
export function parseStream(
  file: SourceFile,
  schema: yaml.Schema = KUBE_YAML_SCHEMA,
): { documents: ParsedDocument[]; problems: LoadProblem[] } {
  const text = file.text;
  const documents: ParsedDocument[] = [];
  const problems: LoadProblem[] = [];
  const bounds: number[] = [0];
  DOC_MARKER.lastIndex = 0;
  for (let m = DOC_MARKER.exec(text); m !== null; m = DOC_MARKER.exec(text)) {
    if (m.index > 0) bounds.push(m.index);
  }
  bounds.push(text.length);
  let index = 0;
  for (let b = 0; b + 1 < bounds.length; b++) {
    const start = bounds[b] as number;
    const chunk = text.slice(start, bounds[b + 1]);
    const nodes = new NodeTable(text);
    let value: unknown;
    let failure: unknown;
    try {
      value = yaml.load(chunk, { schema, listener: recordInto(nodes, start), filename: file.path });
    } catch (err) {
      failure = err;
    }
    const hasTemplate = chunk.includes("{{") && TEMPLATE_ACTION.test(chunk);
    if (hasTemplate && (failure !== undefined || TEMPLATE_AS_VALUE.test(chunk))) {
      problems.push({
        ruleId: "schema/unrendered-template",
        file,
        offset: start + chunk.search(TEMPLATE_ACTION),
        message:
          "this document is an unrendered Helm/Go template ({{ … }}); render it first: `helm template RELEASE CHART | mlgate check -`",
      });
      index++;
      continue;
    }
    if (failure !== undefined) {
      problems.push(syntaxProblem(file, start, failure, schema === WORKFLOW_YAML_SCHEMA));
      index++;
      continue;
    }
    if (value === null || value === undefined) continue;
    if (nodes.aliasCount > 0 && expandsBeyond(value, ALIAS_EXPANSION_BUDGET)) {
      problems.push({
        ruleId: "schema/yaml-syntax",
        file,
        offset: nodes.length > 0 ? (nodes.opens[0] as number) : start,
        message: `aliases expand this document past ${ALIAS_EXPANSION_BUDGET} nodes (a "billion laughs" alias bomb?); document skipped`,
      });
      index++;
      continue;
    }
    nodes.root = value;
    documents.push({ file, index, value, start, nodes });
    index++;
  }
  return { documents, problems };
}

function syntaxProblem(file: SourceFile, start: number, err: unknown, workflow = false): LoadProblem {
  if (err instanceof NestingTooDeepError || err instanceof RangeError) {
    return {
      ruleId: "schema/yaml-syntax",
      file,
      offset: start,
      message: "document nests too deeply to be a Kubernetes manifest; document skipped",
    };
  }
  const e = err as { reason?: string; mark?: { position?: number }; message?: string };
  let message = e.reason ?? e.message ?? String(err);
  if (/duplicated mapping key/.test(message)) {
    message = workflow
      ? "duplicate key: GitHub rejects a workflow whose mapping repeats a key"
      : "duplicate key: the API server rejects a mapping that repeats a key";
  }
  return { ruleId: "schema/yaml-syntax", file, offset: start + (e.mark?.position ?? 0), message };
}

/** Counts nodes reachable through aliases, stopping as soon as the budget is spent. */
function expandsBeyond(root: unknown, budget: number): boolean {
  let seen = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (++seen > budget) return true;
    if (Array.isArray(v)) for (const x of v) stack.push(x);
    else if (v !== null && typeof v === "object") for (const x of Object.values(v)) stack.push(x);
  }
  return false;
}

/**
 * GitHub Actions reads workflows as YAML 1.2 (`on:` is a string key, not the boolean it is in
 * YAML 1.1), so workflow files are parsed with js-yaml's 1.2 core schema.
 */
export const WORKFLOW_YAML_SCHEMA = yaml.CORE_SCHEMA;

/** Workflow and composite-action files, by path: `.github/workflows/*.y(a)ml` and `action.y(a)ml`. */
export function isWorkflowPath(path: string): boolean {
  return /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(path) || /(^|\/)action\.ya?ml$/.test(path);
}
