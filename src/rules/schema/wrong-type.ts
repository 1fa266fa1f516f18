import { formatPath, type Path } from "../../model/path.js";
import { isPlaceholderValue } from "../../model/placeholder.js";
import { locateInResource, type Resource } from "../../model/resource.js";
import { checkShape, type ValueType, type WrongType } from "../../model/shape.js";
import type { Workload } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
import { type CheckedSet, defineRule } from "../types.js";

const EXPECTED: Record<ValueType, string> = {
  string: "a string",
  integer: "an integer",
  number: "a number",
  boolean: "a boolean",
  "int-or-string": "an integer or a string",
  list: "a list",
  mapping: "a mapping (key: value)",
};

/** Plain scalars YAML 1.1 turns into booleans; Kubernetes parses manifests as YAML 1.1. */
const YAML11_BOOLEAN_WORDS = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

function sourceText(r: Resource, path: Path): string | undefined {
  const located = locateInResource(r, path);
  if (!located?.exact) return undefined;
  const text = r.doc.file.text.slice(located.value.start, located.value.end);
  return text.length <= 40 && !text.includes("\n") ? text : undefined;
}

function actual(v: unknown): string {
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 30 ? `${v.slice(0, 30)}…` : v)}`;
  if (typeof v === "number") return `the number ${String(v)}`;
  return `the ${typeof v} ${String(v)}`;
}

function message(r: Resource, w: WrongType): string {
  const last = w.path[w.path.length - 1];
  // A list item is named with its list: `containers[0]`.
  const name =
    last === undefined ? r.kind : typeof last === "number" ? formatPath(w.path.slice(-2)) || "this value" : last;
  const want = EXPECTED[w.expected];
  const raw = typeof w.value === "boolean" || typeof w.value === "number" ? sourceText(r, w.path) : undefined;
  if (raw !== undefined && typeof w.value === "boolean" && YAML11_BOOLEAN_WORDS.test(raw)) {
    return `${name} must be ${want}, but unquoted ${raw} is read by Kubernetes (YAML 1.1) as the boolean ${w.value}; quote it: "${raw}"`;
  }
  if (w.expected === "string" && (typeof w.value === "number" || typeof w.value === "boolean")) {
    return `${name} must be ${want}, but ${raw ?? String(w.value)} is ${actual(w.value)}; quote it`;
  }
  if (
    typeof w.value === "string" &&
    (w.expected === "integer" || w.expected === "number" || w.expected === "boolean")
  ) {
    const v = w.value.trim();
    const fixable =
      (w.expected === "boolean" && /^(true|false)$/.test(v)) ||
      (w.expected !== "boolean" && v !== "" && Number.isFinite(Number(v)));
    return `${name} must be ${want}, but it is ${actual(w.value)}${fixable ? "; remove the quotes" : ""}`;
  }
  if (w.expected === "integer" && typeof w.value === "number") {
    return `${name} must be a whole number, but it is ${w.value}`;
  }
  if (w.expected === "list" && typeof w.value === "object" && w.value !== null) {
    return `${name} must be a list, but it is a mapping; write each entry as a list item ("- ")`;
  }
  return `${name} must be ${want}, but it is ${actual(w.value)}`;
}

const byResource = new WeakMap<CheckedSet, Map<Resource, Workload>>();

/** Paths schema/non-string-value already reports: labels and annotations of the object and its pod templates, env values, ConfigMap/Secret data. */
function coveredElsewhere(r: Resource, w: WrongType, set: CheckedSet): boolean {
  if (w.expected !== "string" || (typeof w.value !== "number" && typeof w.value !== "boolean")) return false;
  const p = w.path;
  const n = p.length;
  if (n >= 3 && p[n - 3] === "env" && p[n - 1] === "value") return true;
  if (n === 2 && r.group === "" && (r.kind === "ConfigMap" || r.kind === "Secret")) {
    return p[0] === "data" || p[0] === "stringData";
  }
  if (n >= 3 && p[n - 3] === "metadata" && (p[n - 2] === "labels" || p[n - 2] === "annotations")) {
    if (n === 3) return true;
    let map = byResource.get(set);
    if (!map) {
      map = new Map(set.workloads.map((wl) => [wl.resource, wl]));
      byResource.set(set, map);
    }
    const prefix = p.slice(0, n - 3);
    return (map.get(r)?.podGroups ?? []).some(
      (g) =>
        g.templatePath !== undefined &&
        g.templatePath.length === prefix.length &&
        g.templatePath.every((seg, i) => seg === prefix[i]),
    );
  }
  return false;
}

export default defineRule({
  id: "schema/wrong-type",
  category: "schema",
  severity: "error",
  summary: 'A value of the wrong type: replicas: "two", containers as a mapping, a quoted boolean',
  rationale:
    'The API server decodes each field into a typed structure, so a value of the wrong type rejects the whole object ("cannot unmarshal string into Go struct field … of type int32", or a CRD\'s "must be of type integer"). Generated manifests often quote numbers, write a list as a mapping, or leave a word such as yes or on unquoted, which Kubernetes reads as YAML 1.1 and so as a boolean. Types come from the same catalog as schema/unknown-field. String values of labels, annotations, env and ConfigMap data are left to schema/non-string-value.',
  remediation:
    "Write the value in the type the message names: remove quotes around numbers and booleans, quote words and version numbers meant as strings, and write lists with `- ` items.",
  links: [
    {
      title: "Kubernetes API reference",
      url: "https://kubernetes.io/docs/reference/kubernetes-api/",
    },
    { title: "YAML 1.1 boolean type", url: "https://yaml.org/type/bool.html" },
  ],
  examples: {
    valid: [
      {
        title: "integers, booleans and int-or-string values as the schema says",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: d
          spec:
            replicas: 2
            selector: {matchLabels: {app: d}}
            strategy: {rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}}
            template:
              metadata: {labels: {app: d}}
              spec:
                hostNetwork: true
                containers:
                  - name: m
                    image: i
                    resources: {limits: {cpu: 0.5, memory: 1Gi}}
                    args: ["--port", "8000"]
        `,
      },
    ],
    invalid: [
      {
        title: "replicas as a word, and a quoted boolean",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: d
          spec:
            replicas: two
            selector: {matchLabels: {app: d}}
            template:
              metadata: {labels: {app: d}}
              spec:
                hostNetwork: "true"
                containers: [{name: m, image: i}]
        `,
        findings: [
          { line: 6, column: 13, message: /replicas must be an integer, but it is the string "two"/ },
          { line: 11, column: 20, message: /hostNetwork must be a boolean.*remove the quotes/ },
        ],
      },
      {
        title: "containers written as a mapping",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              name: m
              image: i
        `,
        findings: [{ line: 7, column: 5, message: /containers must be a list, but it is a mapping/ }],
      },
      {
        title: "an unquoted yes and a version number in a string field",
        yaml: dedent`
          apiVersion: ray.io/v1
          kind: RayCluster
          metadata:
            name: r
          spec:
            rayVersion: 2.40
            headGroupSpec:
              rayStartParams: {include-dashboard: yes}
              template:
                spec:
                  containers: [{name: head, image: ray:2}]
        `,
        findings: [
          { line: 6, column: 15, message: /rayVersion must be a string, but 2.40 is the number 2.4; quote it/ },
          { line: 8, column: 41, message: /unquoted yes is read by Kubernetes \(YAML 1.1\) as the boolean true/ },
        ],
      },
    ],
  },
  resource(r, ctx) {
    for (const w of checkShape(r, ctx.options.kubeVersion, ctx.set.crds).wrongType) {
      if (coveredElsewhere(r, w, ctx.set)) continue;
      // `${NUM_NODES}`: a placeholder for envsubst or a CI script, not a value (schema/unrendered-template).
      if (isPlaceholderValue(w.value, undefined, true)) continue;
      ctx.report({ resource: r, path: w.path, message: message(r, w) });
    }
  },
});
