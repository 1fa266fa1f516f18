import {
  type HclAttribute,
  type HclBlock,
  type HclBody,
  type HclExpr,
  type HclFile,
  type HclSpan,
  parseHcl,
} from "./hcl.js";

/**
 * Terraform's JSON syntax (`.tf.json`, `.tfvars.json`; developer.hashicorp.com/terraform/language/syntax/json)
 * read into the same syntax tree as the native syntax, every node with its offsets, so the model
 * and the rules never know which syntax a module was written in. In configuration files the
 * top-level `resource`/`data` objects nest type → name → body, `module`/`variable`/`output` nest
 * name → body, `locals` is a body; a body's nested blocks are properties whose value is an object
 * or an array of objects (the model reads both as blocks). Strings are templates: `${…}`
 * interpolations are parsed as HCL expressions and located at the string. A JSON syntax error is a
 * problem at its offset; the file then has no body.
 */

type JsonValue =
  | { kind: "string"; value: string; span: HclSpan }
  | { kind: "number"; value: number; span: HclSpan }
  | { kind: "literal"; value: boolean | null; span: HclSpan }
  | { kind: "array"; items: JsonValue[]; span: HclSpan }
  | { kind: "object"; members: Array<{ key: string; keySpan: HclSpan; value: JsonValue }>; span: HclSpan };

class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const MAX_DEPTH = 200;

class JsonReader {
  private pos = 0;
  private depth = 0;
  constructor(private readonly text: string) {}

  read(): JsonValue {
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1;
    const v = this.value();
    this.space();
    if (this.pos < this.text.length) throw new JsonSyntaxError(this.pos, "unexpected text after the JSON value");
    return v;
  }

  private space(): void {
    while (this.pos < this.text.length && /[ \t\r\n]/.test(this.text[this.pos] as string)) this.pos++;
  }

  private value(): JsonValue {
    this.space();
    const start = this.pos;
    const c = this.text[this.pos];
    if (c === "{" || c === "[") {
      if (++this.depth > MAX_DEPTH) throw new JsonSyntaxError(start, `nesting deeper than ${MAX_DEPTH} levels`);
      const v = c === "{" ? this.object(start) : this.array(start);
      this.depth--;
      return v;
    }
    if (c === '"') {
      const value = this.string();
      return { kind: "string", value, span: { start, end: this.pos } };
    }
    const m = /^(-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(
      this.text.slice(this.pos, this.pos + 64),
    );
    if (!m)
      throw new JsonSyntaxError(start, c === undefined ? "the JSON ends too early" : `unexpected ${JSON.stringify(c)}`);
    this.pos += (m[1] as string).length;
    const span = { start, end: this.pos };
    if (m[1] === "true" || m[1] === "false") return { kind: "literal", value: m[1] === "true", span };
    if (m[1] === "null") return { kind: "literal", value: null, span };
    return { kind: "number", value: Number(m[1]), span };
  }

  private string(): string {
    const start = this.pos++;
    let out = "";
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined || c === "\n") throw new JsonSyntaxError(start, "this string is never closed");
      this.pos++;
      if (c === '"') return out;
      if (c !== "\\") {
        out += c;
        continue;
      }
      const e = this.text[this.pos++];
      const simple: Record<string, string> = {
        '"': '"',
        "\\": "\\",
        "/": "/",
        b: "\b",
        f: "\f",
        n: "\n",
        r: "\r",
        t: "\t",
      };
      if (e !== undefined && e in simple) out += simple[e];
      else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos, this.pos + 4))) {
        out += String.fromCharCode(Number.parseInt(this.text.slice(this.pos, this.pos + 4), 16));
        this.pos += 4;
      } else throw new JsonSyntaxError(this.pos - 2, "invalid escape in a JSON string");
    }
  }

  private object(start: number): JsonValue {
    this.pos++;
    const members: Array<{ key: string; keySpan: HclSpan; value: JsonValue }> = [];
    this.space();
    if (this.text[this.pos] === "}") {
      this.pos++;
      return { kind: "object", members, span: { start, end: this.pos } };
    }
    for (;;) {
      this.space();
      const ks = this.pos;
      if (this.text[this.pos] !== '"') throw new JsonSyntaxError(this.pos, "expected a quoted property name");
      const key = this.string();
      const keySpan = { start: ks, end: this.pos };
      this.space();
      if (this.text[this.pos] !== ":") throw new JsonSyntaxError(this.pos, "expected `:` after the property name");
      this.pos++;
      members.push({ key, keySpan, value: this.value() });
      this.space();
      const c = this.text[this.pos++];
      if (c === "}") return { kind: "object", members, span: { start, end: this.pos } };
      if (c !== ",") throw new JsonSyntaxError(this.pos - 1, "expected `,` or `}` in an object");
    }
  }

  private array(start: number): JsonValue {
    this.pos++;
    const items: JsonValue[] = [];
    this.space();
    if (this.text[this.pos] === "]") {
      this.pos++;
      return { kind: "array", items, span: { start, end: this.pos } };
    }
    for (;;) {
      items.push(this.value());
      this.space();
      const c = this.text[this.pos++];
      if (c === "]") return { kind: "array", items, span: { start, end: this.pos } };
      if (c !== ",") throw new JsonSyntaxError(this.pos - 1, "expected `,` or `]` in an array");
    }
  }
}

/** Every span of an expression parsed out of a JSON string, moved to that string. */
function relocate(e: HclExpr, span: HclSpan): HclExpr {
  const out = { ...e, span } as HclExpr & Record<string, unknown>;
  for (const [k, v] of Object.entries(e)) {
    if (k === "span") continue;
    if (Array.isArray(v))
      out[k] = v.map((x) =>
        typeof x === "object" && x !== null && "span" in x
          ? relocate(x as HclExpr, span)
          : typeof x === "object" && x !== null && "key" in x
            ? { key: relocate(x.key, span), value: relocate(x.value, span) }
            : x,
      );
    else if (typeof v === "object" && v !== null && "span" in v) out[k] = relocate(v as HclExpr, span);
  }
  return out;
}

/** A JSON string as Terraform reads it: a template whose `${…}` parts are HCL expressions. */
function template(s: string, span: HclSpan): HclExpr {
  if (!s.includes("${") && !s.includes("%{")) return { type: "template", parts: [s], span };
  // Rewrite it as a quoted HCL template: escape the literal text, keep the interpolations as written.
  let quoted = "";
  let i = 0;
  while (i < s.length) {
    if ((s.startsWith("${", i) || s.startsWith("%{", i)) && !s.startsWith("$${", i - 1)) {
      let depth = 0;
      let j = i + 1;
      let inString = false;
      for (; j < s.length; j++) {
        const c = s[j];
        if (inString) {
          if (c === "\\") j++;
          else if (c === '"') inString = false;
        } else if (c === '"') inString = true;
        else if (c === "{") depth++;
        else if (c === "}" && --depth === 0) break;
      }
      quoted += s.slice(i, j + 1);
      i = j + 1;
    } else {
      const c = s[i] as string;
      quoted +=
        c === '"' ? '\\"' : c === "\\" ? "\\\\" : c === "\n" ? "\\n" : c === "\r" ? "\\r" : c === "\t" ? "\\t" : c;
      i++;
    }
  }
  const parsed = parseHcl(`x = "${quoted}"\n`);
  const attr = parsed.body.items[0];
  if (parsed.errors.length > 0 || attr?.kind !== "attribute") return { type: "invalid", span };
  return relocate(attr.expr, span);
}

function expr(v: JsonValue): HclExpr {
  switch (v.kind) {
    case "string":
      return template(v.value, v.span);
    case "number":
    case "literal":
      return { type: "literal", value: v.value, span: v.span };
    case "array":
      return { type: "tuple", items: v.items.map(expr), span: v.span };
    case "object":
      return {
        type: "object",
        items: v.members.map((m) => ({
          key: { type: "literal", value: m.key, span: m.keySpan },
          value: expr(m.value),
        })),
        span: v.span,
      };
  }
}

/** A block body: every property an attribute (nested blocks are read as attributes by the model). */
function body(v: JsonValue): HclBody {
  if (v.kind !== "object") return { items: [] };
  return {
    items: v.members.map(
      (m): HclAttribute => ({ kind: "attribute", name: m.key, nameSpan: m.keySpan, expr: expr(m.value) }),
    ),
  };
}

function block(type: string, labels: string[], labelSpans: HclSpan[], v: JsonValue): HclBlock[] {
  // A block given as an array of objects is several blocks of the same labels.
  const bodies = v.kind === "array" ? v.items : [v];
  return bodies.map((b) => ({
    kind: "block",
    type,
    typeSpan: b.span,
    labels,
    labelSpans,
    body: body(b),
    span: b.span,
  }));
}

/** Top-level block types and how many labels their JSON nests (Terraform JSON syntax). */
const LABELS: Readonly<Record<string, number>> = {
  resource: 2,
  data: 2,
  module: 1,
  variable: 1,
  output: 1,
  provider: 1,
  locals: 0,
  terraform: 0,
};

function blocksOf(type: string, depth: number, v: JsonValue, labels: string[], spans: HclSpan[]): HclBlock[] {
  if (depth === 0) return block(type, labels, spans, v);
  if (v.kind !== "object") return [];
  return v.members.flatMap((m) => blocksOf(type, depth - 1, m.value, [...labels, m.key], [...spans, m.keySpan]));
}

/** Whether a path is Terraform JSON: `.tf.json` configuration or `.tfvars.json` values. */
export function isTfJsonPath(path: string): boolean {
  return /\.(tf|tfvars)\.json$/i.test(path);
}

/** Parses a `.tf.json` (or, with `values`, a `.tfvars.json`) text into the native syntax tree. */
export function parseTfJson(text: string, values = false): HclFile {
  let root: JsonValue;
  try {
    root = new JsonReader(text).read();
  } catch (err) {
    if (err instanceof JsonSyntaxError)
      return { body: { items: [] }, errors: [{ offset: err.offset, message: err.message }] };
    throw err;
  }
  if (root.kind !== "object")
    return {
      body: { items: [] },
      errors: [{ offset: root.span.start, message: "a Terraform JSON file must be an object" }],
    };
  if (values) return { body: body(root), errors: [] };
  const items: HclBlock[] = [];
  for (const m of root.members) {
    const depth = LABELS[m.key];
    if (depth === undefined) continue; // "//" comments and settings mlgate does not read
    items.push(...blocksOf(m.key, depth, m.value, [], []));
  }
  return { body: { items }, errors: [] };
}
