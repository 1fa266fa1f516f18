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
