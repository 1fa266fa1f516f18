/**
 * Whether a written value is a placeholder for something the author meant to fill in, rather than
 * a value: `<your-token>`, `REPLACE_ME`, `${VAR}`, `{{ .Values.x }}`, `nvapi-XXXX`, `hf_...`, or a
 * variable's own name as its value (`HF_TOKEN: HF_TOKEN`). The secret scanner asks it before calling
 * a value a credential; the quantity and shape rules may ask it before calling a value invalid.
 * Pure and cheap: a few anchored regular expressions.
 */

/** Words that stand for "fill this in". */
const FILL_IN =
  /^(?:replace[-_ ]?me|change[-_ ]?me|changeit|fill[-_ ]?me(?:[-_ ]?in)?|todo|fixme|tbd|placeholder|redacted|secret[-_]?here|token[-_]?here|key[-_]?here|replace[-_ ].*|insert[-_ ].*|put[-_ ].*|enter[-_ ].*|add[-_ ].*[-_ ]here|your[-_ ].*|my[-_ ](?:token|key|secret|password).*|(?:api[-_ ]?)?(?:key|token|secret|password)[-_ ]?(?:goes[-_ ])?here|example|dummy|fake|sample|none|null|nil|undefined|n\/a|-|\.\.\.|…)$/i;

/**
 * True when `value` is a placeholder. `name` is the variable or key the value is written under:
 * a value that repeats it (`HF_TOKEN`, `$HF_TOKEN`, `hf-token`) is a placeholder too.
 */
export function isPlaceholder(value: string, name?: string): boolean {
  const v = value.trim();
  if (v === "") return true;
  if (/^<[^<>]+>$/.test(v) || /^\[[^[\]]+\]$/.test(v)) return true; // <your-token>, [TOKEN]
  if (/^\$\(?\{?[A-Za-z_][A-Za-z0-9_.]*(?::?[-=?+][^}]*)?\}?\)?$/.test(v)) return true; // $VAR, ${VAR}, $(VAR), ${VAR:-x}
  if (/^%[A-Za-z_][A-Za-z0-9_]*%$/.test(v)) return true; // %VAR%
  if (/\{\{[\s\S]*\}\}|\$\{\{/.test(v)) return true; // Go/Helm/Jinja templates, GitHub expressions
  if (FILL_IN.test(v)) return true;
  // A word that says so inside a dashed or underscored value: super-secret-example-token, my_dummy_key.
  if (/(?:^|[-_.])(?:example|sample|dummy|placeholder|changeme|fake|redacted)(?:[-_.]|$)/i.test(v)) return true;
  // A mask: only x, X, *, #, dots or dashes, after an optional token prefix (nvapi-XXXX, hf_xxx, sk-***, AKIA…).
  if (/^(?:[A-Za-z]{1,12}[-_])?(?:[xX*#•.…_-]{3,}|\.\.\.)$/.test(v)) return true;
  if (/^[A-Za-z]{1,12}[-_].{0,8}(?:x{4,}|X{4,}|\*{3,}|\.{3,}|…)/.test(v)) return true; // sk-proj-xxxx…, ghp_XXXX
  if (name !== undefined && sameName(v, name)) return true;
  // The name of another variable that holds the value (setup-java's `server-password: MAVEN_PASSWORD`).
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(v)) return true;
  return false;
}

/**
 * True when `value` is a variable a script or template fills in — `$VAR`, `${VAR:-default}`,
 * `$(VAR)`, `%VAR%`, `{{ .Values.x }}`, `<revision>`, `__INDEX__`, `PV_NAME` — anywhere in it or as a
 * whole (an all-capitals name with an underscore). Narrower than `isPlaceholder`: rules that judge a
 * name or an enumerated value ask this one, where words like `example` or `none` can be real values.
 */
export function isTemplateVariable(value: string): boolean {
  const v = value.trim();
  if (/\$\{|\$\(|\{\{|__[A-Z][A-Z0-9_]*__|<[^<>\s]+>|%[A-Za-z_][A-Za-z0-9_]*%/.test(v)) return true;
  if (/^\$[A-Za-z_][A-Za-z0-9_]*$/.test(v)) return true;
  return /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(v);
}

/** A value that spells the variable's own name (case, `-`/`_` and a leading `$` ignored). */
function sameName(value: string, name: string): boolean {
  const norm = (s: string) =>
    s
      .replace(/^\$\{?|\}$/g, "")
      .replace(/[-_.\s]/g, "")
      .toLowerCase();
  const n = norm(name);
  return n.length > 0 && norm(value) === n;
}

// --- Placeholders where a value is needed (schema/unrendered-template) --------------------------
//
// Samples leave values for envsubst or a setup script (`$GPU_PER_NODE`, `${NUM_NODES}`,
// `PLACEHOLDER_HF_TOKEN`, `<your-token>`): not malformed quantities, not leaked credentials.
// `schema/unrendered-template` reports them once per document and the value rules pass over them.
// Stricter than isPlaceholder above where a real value may look like one: outside numeric places a
// capitalised word (`FLASH_ATTN`) or `none` is a setting, not a placeholder.

/** A shell or envsubst variable standing for the whole value: `$X`, `${X}`, `${X:-default}`. */
const SHELL_VARIABLE = /^\$\{?[A-Za-z_][A-Za-z0-9_]*(?:[:]?[-=?+][^}]*)?\}?$/;
/** Words samples use for "put yours here". */
const FILL_IN_WORD =
  /^(?:placeholder|replace[-_ ]?(?:me|this|with|your)|change[-_ ]?me|changeit|your[-_ ]|insert[-_ ]|enter[-_ ]|fill[-_ ]?(?:me|in)|todo\b|tbd\b)/i;
/** `<your-token>`, `<HF_TOKEN>`. */
const ANGLE = /^<[^<>\n]+>$/;
/** An identifier in capitals, `FILESTORE_CAPACITY`, `HF_TOKEN`: a name where a value belongs. */
const CAPS_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
/**
 * A credential's documented prefix followed by a stand-in: `nvapi-XXXX`, `nvapi-NVKEY`, `hf_xxx`,
 * `sk-...`. A real key has a long random tail of mixed case and digits.
 */
const PREFIX_STAND_IN = /^(?:nvapi-|hf_|sk-|ghp_|gho_|glpat-|xox[bp]-)(?:x+|X+|[A-Z_]+|\.{3,}|\*+|<[^>]*>)$/;
/** A run of four or more x's (`XXXX-XXXX`, `xxxxxxxx`) where characters would go. */
const MASK = /^[-_.:/A-Za-z0-9]*(?:x{4,}|X{4,})[-_.:/A-Za-z0-9]*$/;

/**
 * Whether `value` is a placeholder rather than a value. `name`, when given, is the name of the
 * variable or key that holds it (a value equal to its own name is a placeholder). `numeric`: the
 * place needs a number or a quantity, so a capitalised identifier there (`FILESTORE_CAPACITY`)
 * is a placeholder too; elsewhere it may be a real setting (`VLLM_ATTENTION_BACKEND=FLASH_ATTN`).
 */
export function isPlaceholderValue(value: unknown, name?: string, numeric = false): boolean {
  if (typeof value !== "string") return false;
  const v = value.trim();
  if (v === "") return false;
  if (name !== undefined && v === name) return true;
  if (SHELL_VARIABLE.test(v) || ANGLE.test(v) || FILL_IN_WORD.test(v)) return true;
  if (numeric && CAPS_NAME.test(v)) return true;
  return PREFIX_STAND_IN.test(v) || MASK.test(v);
}

/** Keys whose value must be a number or a quantity: a placeholder there cannot be applied. */
const COUNT_KEYS = new Set([
  "replicas",
  "parallelism",
  "completions",
  "minReplicas",
  "maxReplicas",
  "numOfHosts",
  "size",
  "sizeLimit",
  "storage",
  "numNodes",
  "minAvailable",
]);

/** One placeholder in a document: where it is (relative to the resource) and what it says. */
export interface Placeholder {
  path: (string | number)[];
  text: string;
}

/**
 * Placeholders where a value is needed: in quantities (`resources.limits`, `requests`, sizes),
 * counts (`replicas`, `parallelism` …) and the values of environment variables; not in commands
 * and scripts, where `$VAR` is the shell's own. Paths are relative to `root`.
 */
export function placeholdersIn(root: unknown): Placeholder[] {
  const out: Placeholder[] = [];
  const visit = (v: unknown, path: (string | number)[], inQuantities: boolean, depth: number): void => {
    if (depth > 60 || v === null || typeof v !== "object") return;
    if (Array.isArray(v)) {
      const inEnv = path[path.length - 1] === "env";
      for (let i = 0; i < v.length; i++) {
        const item = v[i] as Record<string, unknown> | null;
        if (inEnv && item && typeof item === "object" && typeof item.name === "string") {
          if (isPlaceholderValue(item.value, item.name))
            out.push({ path: [...path, i, "value"], text: String(item.value) });
          continue;
        }
        visit(item, [...path, i], inQuantities, depth + 1);
      }
      return;
    }
    for (const [k, child] of Object.entries(v)) {
      if (k === "command" || k === "args" || k === "script" || k === "entrypoint") continue;
      const quantities = inQuantities || k === "limits" || k === "requests";
      if (child === null && quantities) {
        out.push({ path: [...path, k], text: "(empty)" });
      } else if (typeof child === "string") {
        if ((quantities || COUNT_KEYS.has(k)) && isPlaceholderValue(child, undefined, true))
          out.push({ path: [...path, k], text: child });
      } else visit(child, [...path, k], quantities, depth + 1);
    }
  };
  visit(root, [], false, 0);
  return out;
}
