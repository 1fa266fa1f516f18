// DVC's `${…}` templating (dvc/parsing): values of a dvc.yaml interpolated from `vars`, the
// default params.yaml and a foreach/matrix item, the way DVC resolves them. Where a value comes
// from a source mlgate could not read, the result is `unknown`, never a guess.
import { isObject } from "./resource.js";

/** The values `${…}` reads, and whether every source of them was read. */
export interface TemplateContext {
  values: Record<string, unknown>;
  /** False when a source (a vars file that is not in the checked set, a TOML or Python params file) could not be read. */
  complete: boolean;
}

export type Resolved =
  | { ok: true; value: unknown }
  /** A key the context does not hold; `missing` names it when the context is complete (DVC fails there too). */
  | { ok: false; missing?: string; reason?: string };

/** `${…}` not preceded by a backslash, as DVC's KEYCRE matches it (the shortest match). */
const INTERPOLATION = /(?<!\\)\$\{(.*?)\}/g;

export function isTemplated(s: unknown): s is string {
  if (typeof s !== "string") return false;
  INTERPOLATION.lastIndex = 0;
  return INTERPOLATION.test(s);
}

/** Looks a dotted key (`a.b`, `a.b[0]`, `a.0`) up in the context. */
export function lookup(ctx: TemplateContext, expr: string): Resolved {
  const key = expr.trim();
  const parts = key.replace(/\[/g, ".").replace(/\]/g, "").split(".");
  let v: unknown = ctx.values;
  for (const p of parts) {
    if (Array.isArray(v) && /^\d+$/.test(p) && Number(p) < v.length) v = v[Number(p)];
    else if (isObject(v) && Object.hasOwn(v, p)) v = v[p];
    else return ctx.complete ? { ok: false, missing: key } : { ok: false };
  }
  return { ok: true, value: v };
}

/** Python's `str()` of a scalar as DVC's `to_str` writes it into a string. */
export function toStr(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : undefined;
  if (v === null) return "None";
  return undefined;
}

/**
 * Interpolates one string. A string that is one `${…}` and nothing else takes the value's own
 * type (a list for `foreach`); otherwise every `${…}` is written in as text. `\${` is a literal.
 */
export function interpolate(s: string, ctx: TemplateContext): Resolved {
  INTERPOLATION.lastIndex = 0;
  const matches = [...s.matchAll(INTERPOLATION)];
  if (matches.length === 0) return { ok: true, value: s.replace(/\\\$\{/g, "${") };
  const first = matches[0] as RegExpMatchArray;
  if (matches.length === 1 && first[0] === s) return lookup(ctx, first[1] as string);
  let out = "";
  let last = 0;
  for (const m of matches) {
    const found = lookup(ctx, m[1] as string);
    if (!found.ok) return found;
    const text = toStr(found.value);
    // A mapping or list written into a string is DVC's command-line expansion (`--k v`): not modelled.
    if (text === undefined) return { ok: false, reason: "a mapping or list inside a string" };
    out += s.slice(last, m.index) + text;
    last = (m.index as number) + m[0].length;
  }
  return { ok: true, value: (out + s.slice(last)).replace(/\\\$\{/g, "${") };
}

/** A context with more values on top (a foreach item, a stage's own vars). */
export function extend(ctx: TemplateContext, values: Record<string, unknown>, complete = true): TemplateContext {
  return { values: { ...ctx.values, ...values }, complete: ctx.complete && complete };
}

/**
 * Merges a vars source into a context the way DVC's `merge_update` does: nested mappings merge,
 * a key that is already set stays (DVC refuses to overwrite and fails; that is reported apart).
 */
export function mergeVars(into: Record<string, unknown>, from: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(from)) {
    const cur = into[k];
    if (isObject(cur) && isObject(v)) {
      const copy = { ...cur };
      mergeVars(copy, v);
      into[k] = copy;
    } else if (!(k in into)) into[k] = v;
  }
}

/** The names DVC gives foreach members: a mapping's keys, a list's indexes when it holds composites, else its values. */
export function foreachMembers(iterable: unknown): Array<{ key: string; item: unknown; hasKey: boolean }> | undefined {
  if (isObject(iterable)) return Object.entries(iterable).map(([key, item]) => ({ key, item, hasKey: true }));
  if (!Array.isArray(iterable)) return undefined;
  const composite = iterable.some((x) => x !== null && typeof x === "object");
  const out: Array<{ key: string; item: unknown; hasKey: boolean }> = [];
  for (const [i, item] of iterable.entries()) {
    const key = composite ? String(i) : toStr(item);
    if (key === undefined) return undefined;
    out.push({ key, item, hasKey: false });
  }
  return out;
}

/** The members of a `matrix`: every combination, named `v1-v2` (`name{index}` for a composite value), as DVC names them. */
export function matrixMembers(
  matrix: Record<string, unknown[]>,
): Array<{ key: string; item: Record<string, unknown> }> {
  let combos: Array<{ fragments: string[]; item: Record<string, unknown> }> = [{ fragments: [], item: {} }];
  for (const [name, values] of Object.entries(matrix)) {
    const next: typeof combos = [];
    for (const c of combos)
      values.forEach((v, i) => {
        const frag = v !== null && typeof v === "object" ? `${name}${i}` : (toStr(v) ?? `${name}${i}`);
        next.push({ fragments: [...c.fragments, frag], item: { ...c.item, [name]: v } });
      });
    combos = next;
  }
  return combos.map((c) => ({ key: c.fragments.join("-"), item: c.item }));
}
