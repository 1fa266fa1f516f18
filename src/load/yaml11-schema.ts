import yaml from "js-yaml";

// Kubernetes decodes manifests with sigs.k8s.io/yaml, which sits on go-yaml v2: YAML 1.1 plain
// scalars. `yes`/`on`/`y` are booleans and `0644` is octal (420). js-yaml 4's default schema is
// YAML 1.2 core, so it would read `defaultMode: 0644` as 644 and `value: yes` as a string —
// not what the API server sees. This schema makes the model see what the API server sees.
// Timestamps stay strings: the API server's JSON conversion turns them back into text anyway.

const BOOL_TRUE = new Set(["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]);
const BOOL_FALSE = new Set(["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]);

// js-yaml asks every implicit type about every plain scalar, mapping keys included, until one
// accepts it: nearly all of them are strings that no type accepts. Each resolver first rejects on
// length or first character, which answers most scalars without hashing the string or running a
// regex (these resolvers were ~10% of parsing on the benchmark corpus).

/** Every YAML 1.1 boolean spelling is at most 5 characters long. */
const BOOL_MAX_LENGTH = 5;

const bool11 = new yaml.Type("tag:yaml.org,2002:bool", {
  kind: "scalar",
  resolve: (data: string) =>
    typeof data === "string" && data.length <= BOOL_MAX_LENGTH && (BOOL_TRUE.has(data) || BOOL_FALSE.has(data)),
  construct: (data: string) => BOOL_TRUE.has(data),
  predicate: (v: unknown) => typeof v === "boolean",
  represent: { lowercase: (v: object) => (v ? "true" : "false") },
  defaultStyle: "lowercase",
});

// go-yaml v2 resolves ints with strconv.ParseInt(s, 0, 64) after dropping underscores:
// 0x hex, 0b binary, 0o and a bare leading 0 octal, optional sign.
const INT_RE = /^[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+|[1-9][0-9_]*|0)$/;

/** Whether a scalar can match INT_RE at all: it starts with a digit or a sign. */
function mayBeInt(data: string): boolean {
  if (typeof data !== "string") return false;
  const c = data.charCodeAt(0);
  return (c >= 48 && c <= 57) || c === 43 /* + */ || c === 45 /* - */;
}

function parseInt11(data: string): number {
  let s = data.replace(/_/g, "");
  let sign = 1;
  if (s[0] === "-" || s[0] === "+") {
    if (s[0] === "-") sign = -1;
    s = s.slice(1);
  }
  if (s === "0") return 0;
  if (s.startsWith("0b")) return sign * Number.parseInt(s.slice(2), 2);
  if (s.startsWith("0x")) return sign * Number.parseInt(s.slice(2), 16);
  if (s.startsWith("0o")) return sign * Number.parseInt(s.slice(2), 8);
  if (s.startsWith("0")) return sign * Number.parseInt(s.slice(1), 8);
  return sign * Number.parseInt(s, 10);
}

const int11 = new yaml.Type("tag:yaml.org,2002:int", {
  kind: "scalar",
  resolve: (data: string) => mayBeInt(data) && INT_RE.test(data) && /[0-9a-fA-F]/.test(data),
  construct: parseInt11,
  predicate: (v: unknown) => typeof v === "number" && Number.isInteger(v),
  represent: { decimal: (v: object) => String(v) },
  defaultStyle: "decimal",
});

const FLOAT_RE =
  /^(?:[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/** Whether a scalar can match FLOAT_RE at all: it starts with a digit, a sign or a dot. */
function mayBeFloat(data: string): boolean {
  if (typeof data !== "string") return false;
  const c = data.charCodeAt(0);
  return (c >= 48 && c <= 57) || c === 43 /* + */ || c === 45 /* - */ || c === 46 /* . */;
}

const float11 = new yaml.Type("tag:yaml.org,2002:float", {
  kind: "scalar",
  resolve: (data: string) => mayBeFloat(data) && FLOAT_RE.test(data) && data !== "." && /[0-9]|inf|nan/i.test(data),
  construct: (data: string) => {
    const s = data.replace(/_/g, "").toLowerCase();
    if (s.endsWith(".inf")) return s.startsWith("-") ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    if (s === ".nan") return Number.NaN;
    return Number.parseFloat(s);
  },
  predicate: (v: unknown) => typeof v === "number" && !Number.isInteger(v),
  represent: { decimal: (v: object) => String(v) },
  defaultStyle: "decimal",
});

// js-yaml exports its built-in types as `types`; @types/js-yaml does not declare it.
const builtin = (yaml as unknown as { types: Record<"null" | "merge", yaml.Type> }).types;

export const KUBE_YAML_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({
  implicit: [builtin.null, bool11, int11, float11, builtin.merge],
});
