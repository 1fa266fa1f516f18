import type { HclExpr } from "../load/hcl.js";

/**
 * What can be known of a Terraform expression without a provider: literals, `var.*` (defaults and
 * `.tfvars`), `local.*`, templates, operators, conditionals and the common functions. Anything
 * else (resource attributes, data sources, `for` expressions, functions not listed) is UNKNOWN, and
 * a value may hold UNKNOWN inside (`{ a = 1, b = aws_vpc.main.id }` is an object whose `b` is
 * unknown). Rules never report on an unknown value.
 */
export const UNKNOWN: unique symbol = Symbol("unknown");
export type Unknown = typeof UNKNOWN;

export function isUnknown(v: unknown): v is Unknown {
  return v === UNKNOWN;
}

export interface Scope {
  /** `var.NAME`: the value from .tfvars, else the default; UNKNOWN when neither. */
  variable(name: string): unknown;
  /** `local.NAME`, evaluated on first use. */
  local(name: string): unknown;
}

class EvalFailure extends Error {}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Whether a value holds no UNKNOWN anywhere. */
export function isWhollyKnown(v: unknown): boolean {
  if (v === UNKNOWN) return false;
  if (Array.isArray(v)) return v.every(isWhollyKnown);
  if (isPlainObject(v)) return Object.values(v).every(isWhollyKnown);
  return true;
}

function toStr(v: unknown): string | Unknown {
  if (v === UNKNOWN) return UNKNOWN;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  throw new EvalFailure("not a string");
}

function toNum(v: unknown): number | Unknown {
  if (v === UNKNOWN) return UNKNOWN;
  if (typeof v === "number") return v;
  if (typeof v === "string" && /^-?[0-9]+(\.[0-9]+)?$/.test(v.trim())) return Number(v);
  throw new EvalFailure("not a number");
}

function toBool(v: unknown): boolean | Unknown {
  if (v === UNKNOWN) return UNKNOWN;
  if (typeof v === "boolean") return v;
  if (v === "true" || v === "false") return v === "true";
  throw new EvalFailure("not a bool");
}

/** Evaluates an expression; UNKNOWN for what cannot be known here. Never throws. */
export function evaluate(e: HclExpr, scope: Scope): unknown {
  try {
    return ev(e, scope);
  } catch (err) {
    if (err instanceof EvalFailure || err instanceof RangeError) return UNKNOWN;
    throw err;
  }
}

function ev(e: HclExpr, s: Scope): unknown {
  switch (e.type) {
    case "literal":
      return e.value;
    case "template": {
      if (e.parts.length === 1 && typeof e.parts[0] === "object" && !("directive" in (e.parts[0] as object)))
        return ev(e.parts[0] as HclExpr, s);
      let out = "";
      for (const p of e.parts) {
        if (typeof p === "string") out += p;
        else if ("directive" in p) return UNKNOWN;
        else {
          const v = toStr(ev(p, s));
          if (v === UNKNOWN) return UNKNOWN;
          out += v;
        }
      }
      return out;
    }
    case "tuple":
      return e.items.map((i) => ev(i, s));
    case "object": {
      const out: Record<string, unknown> = {};
      for (const item of e.items) {
        const k = ev(item.key, s);
        if (k === UNKNOWN) return UNKNOWN;
        const key = toStr(k);
        if (key === UNKNOWN) return UNKNOWN;
        out[key] = ev(item.value, s);
      }
      return out;
    }
    case "variable":
      // A bare name (`count`, `each`, a resource type) is never known without its attribute.
      return UNKNOWN;
    case "getattr": {
      if (e.target.type === "variable") {
        if (e.target.name === "var") return s.variable(e.name);
        if (e.target.name === "local") return s.local(e.name);
        return UNKNOWN;
      }
      return attr(ev(e.target, s), e.name);
    }
    case "index": {
      const key = ev(e.key, s);
      const target = ev(e.target, s);
      if (key === UNKNOWN || target === UNKNOWN) return UNKNOWN;
      if (Array.isArray(target)) {
        const i = toNum(key);
        if (i === UNKNOWN) return UNKNOWN;
        if (!Number.isInteger(i) || i < 0 || i >= target.length) throw new EvalFailure("index out of range");
        return target[i];
      }
      return attr(target, toStr(key) as string);
    }
    case "splat": {
      const target = ev(e.target, s);
      if (target === UNKNOWN) return UNKNOWN;
      if (target === null) return [];
      return Array.isArray(target) ? target : [target];
    }
    case "call":
      return call(e.name, e.args, e.expandFinal, s);
    case "conditional": {
      const c = toBool(ev(e.condition, s));
      if (c === UNKNOWN) return UNKNOWN;
      return c ? ev(e.then, s) : ev(e.else, s);
    }
    case "unary": {
      const v = ev(e.operand, s);
      if (v === UNKNOWN) return UNKNOWN;
      if (e.op === "!") {
        const b = toBool(v);
        return b === UNKNOWN ? UNKNOWN : !b;
      }
      const n = toNum(v);
      return n === UNKNOWN ? UNKNOWN : -n;
    }
    case "binary":
      return binary(e.op, e.left, e.right, s);
    case "for":
    case "invalid":
      return UNKNOWN;
  }
}

function attr(target: unknown, name: string): unknown {
  if (target === UNKNOWN) return UNKNOWN;
  if (isPlainObject(target)) {
    if (!(name in target)) throw new EvalFailure(`no attribute ${name}`);
    return target[name];
  }
  throw new EvalFailure("not an object");
}

function binary(op: string, l: HclExpr, r: HclExpr, s: Scope): unknown {
  if (op === "&&" || op === "||") {
    const a = toBool(ev(l, s));
    // Terraform evaluates both sides, but a known false (&&) or true (||) decides it.
    if (a === false && op === "&&") return false;
    if (a === true && op === "||") return true;
    const b = toBool(ev(r, s));
    if (a === UNKNOWN || b === UNKNOWN) {
      if (b === false && op === "&&") return false;
      if (b === true && op === "||") return true;
      return UNKNOWN;
    }
    return op === "&&" ? a && b : a || b;
  }
  const a = ev(l, s);
  const b = ev(r, s);
  if (a === UNKNOWN || b === UNKNOWN) return UNKNOWN;
  if (op === "==" || op === "!=") {
    if (!isWhollyKnown(a) || !isWhollyKnown(b)) return UNKNOWN;
    const eq = JSON.stringify(a) === JSON.stringify(b);
    return op === "==" ? eq : !eq;
  }
  const x = toNum(a) as number;
  const y = toNum(b) as number;
  switch (op) {
    case "+":
      return x + y;
    case "-":
      return x - y;
    case "*":
      return x * y;
    case "/":
      return x / y;
    case "%":
      return x % y;
    case "<":
      return x < y;
    case ">":
      return x > y;
    case "<=":
      return x <= y;
    case ">=":
      return x >= y;
  }
  return UNKNOWN;
}

function call(name: string, argExprs: HclExpr[], expandFinal: boolean, s: Scope): unknown {
  // try() and can() catch evaluation errors of their arguments, so they see the expressions.
  if (name === "try") {
    for (const a of argExprs) {
      try {
        return ev(a, s);
      } catch (err) {
        if (!(err instanceof EvalFailure)) throw err;
      }
    }
    throw new EvalFailure("no argument of try() succeeded");
  }
  if (name === "can") {
    try {
      const v = ev(argExprs[0] as HclExpr, s);
      return v === UNKNOWN ? UNKNOWN : true;
    } catch (err) {
      if (err instanceof EvalFailure) return false;
      throw err;
    }
  }
  let args = argExprs.map((a) => ev(a, s));
  if (expandFinal) {
    const last = args[args.length - 1];
    if (last === UNKNOWN) return UNKNOWN;
    if (!Array.isArray(last)) throw new EvalFailure("... needs a list");
    args = [...args.slice(0, -1), ...last];
  }
  switch (name) {
    case "merge": {
      if (args.some((a) => a === UNKNOWN)) return UNKNOWN;
      const out: Record<string, unknown> = {};
      for (const a of args) {
        if (a === null) continue;
        if (!isPlainObject(a)) throw new EvalFailure("merge needs objects");
        Object.assign(out, a);
      }
      return out;
    }
    case "concat": {
      if (args.some((a) => a === UNKNOWN)) return UNKNOWN;
      const out: unknown[] = [];
      for (const a of args) {
        if (!Array.isArray(a)) throw new EvalFailure("concat needs lists");
        out.push(...a);
      }
      return out;
    }
    case "lookup": {
      const [m, k, d] = args;
      if (m === UNKNOWN || k === UNKNOWN) return UNKNOWN;
      if (!isPlainObject(m)) throw new EvalFailure("lookup needs a map");
      const key = toStr(k) as string;
      if (key in m) return m[key];
      if (args.length < 3) throw new EvalFailure("lookup: no such key");
      return d;
    }
    case "coalesce": {
      for (const a of args) {
        if (a === UNKNOWN) return UNKNOWN;
        if (a !== null && a !== "") return a;
      }
      throw new EvalFailure("coalesce: no non-null argument");
    }
    case "tostring":
    case "tonumber":
    case "tobool":
    case "tolist":
    case "toset":
    case "tomap": {
      const v = args[0];
      if (name === "tonumber") return toNum(v);
      if (name === "tostring") return v === null ? null : toStr(v);
      if (name === "tobool") return toBool(v);
      return v;
    }
    case "length": {
      const v = args[0];
      if (v === UNKNOWN) return UNKNOWN;
      if (Array.isArray(v)) return v.length;
      if (isPlainObject(v)) return Object.keys(v).length;
      if (typeof v === "string") return [...v].length;
      throw new EvalFailure("length of what?");
    }
    case "max":
    case "min": {
      const ns = args.map(toNum);
      if (ns.some((n) => n === UNKNOWN)) return UNKNOWN;
      return name === "max" ? Math.max(...(ns as number[])) : Math.min(...(ns as number[]));
    }
    case "upper":
    case "lower": {
      const v = toStr(args[0]);
      if (v === UNKNOWN) return UNKNOWN;
      return name === "upper" ? v.toUpperCase() : v.toLowerCase();
    }
    case "element": {
      const [l, i] = args;
      if (l === UNKNOWN || i === UNKNOWN) return UNKNOWN;
      if (!Array.isArray(l) || l.length === 0) throw new EvalFailure("element needs a list");
      const n = toNum(i) as number;
      return l[((n % l.length) + l.length) % l.length];
    }
    case "contains": {
      const [l, v] = args;
      if (l === UNKNOWN || v === UNKNOWN || !isWhollyKnown(l)) return UNKNOWN;
      if (!Array.isArray(l)) throw new EvalFailure("contains needs a list");
      return l.some((x) => JSON.stringify(x) === JSON.stringify(v));
    }
    case "flatten": {
      const v = args[0];
      if (v === UNKNOWN) return UNKNOWN;
      if (!Array.isArray(v)) throw new EvalFailure("flatten needs a list");
      const out: unknown[] = [];
      const walk = (x: unknown[]): boolean => {
        for (const i of x) {
          if (i === UNKNOWN) return false;
          if (Array.isArray(i)) {
            if (!walk(i)) return false;
          } else out.push(i);
        }
        return true;
      };
      return walk(v) ? out : UNKNOWN;
    }
    case "keys":
    case "values": {
      const v = args[0];
      if (v === UNKNOWN) return UNKNOWN;
      if (!isPlainObject(v)) throw new EvalFailure(`${name} needs a map`);
      const ks = Object.keys(v).sort();
      return name === "keys" ? ks : ks.map((k) => v[k]);
    }
    case "format": {
      const [f, ...rest] = args;
      if (f === UNKNOWN || rest.some((r) => r === UNKNOWN)) return UNKNOWN;
      let i = 0;
      return (toStr(f) as string).replace(/%(%|[sdv])/g, (_m, c: string) => (c === "%" ? "%" : String(rest[i++])));
    }
    default:
      return UNKNOWN;
  }
}
