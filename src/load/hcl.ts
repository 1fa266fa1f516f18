// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} is HCL interpolation syntax, not a JS template
/**
 * A parser for HCL's native syntax (Terraform `.tf` and `.tfvars` files) that keeps the offset of
 * every node and never throws: a syntax error becomes a problem at its offset, the parser skips to
 * the next line and goes on, so one bad attribute costs only itself. It builds a syntax tree; it
 * evaluates nothing (src/model/terraform-eval.ts does, with variables and locals).
 *
 * Grammar: HashiCorp's HCL native syntax specification (hashicorp/hcl hclsyntax/spec.md): a body is
 * attributes (`name = expr`, one per line) and blocks (`type "label" label { body }`); expressions
 * are literals, quoted and heredoc templates with `${…}` interpolation and `%{…}` directives,
 * tuples, objects, variables with `.attr`, `[index]`, `.*` and `[*]`, function calls with a final
 * `...`, `for` expressions, unary and binary operators (precedence `* / %`, `+ -`, comparisons,
 * `== !=`, `&&`, `||`) and the conditional `c ? a : b`. Newlines end an attribute unless they sit
 * inside brackets or parentheses, as in HCL.
 *
 * Hand-written rather than a dependency: see docs/terraform.md ("Why a hand-written HCL parser").
 */

export interface HclSpan {
  start: number;
  end: number;
}

export type HclExpr =
  | { type: "literal"; value: string | number | boolean | null; span: HclSpan }
  /** A quoted or heredoc template: literal strings and interpolated expressions; `directive` parts (`%{if}`) make it unknown. */
  | { type: "template"; parts: Array<string | HclExpr | { directive: true }>; span: HclSpan }
  | { type: "tuple"; items: HclExpr[]; span: HclSpan }
  | { type: "object"; items: HclObjectItem[]; span: HclSpan }
  | { type: "variable"; name: string; span: HclSpan }
  | { type: "getattr"; target: HclExpr; name: string; span: HclSpan }
  | { type: "index"; target: HclExpr; key: HclExpr; span: HclSpan }
  | { type: "splat"; target: HclExpr; span: HclSpan }
  | { type: "call"; name: string; args: HclExpr[]; expandFinal: boolean; span: HclSpan }
  | { type: "conditional"; condition: HclExpr; then: HclExpr; else: HclExpr; span: HclSpan }
  | { type: "unary"; op: "!" | "-"; operand: HclExpr; span: HclSpan }
  | { type: "binary"; op: string; left: HclExpr; right: HclExpr; span: HclSpan }
  | { type: "for"; span: HclSpan }
  | { type: "invalid"; span: HclSpan };

export interface HclObjectItem {
  key: HclExpr;
  value: HclExpr;
}

export interface HclAttribute {
  kind: "attribute";
  name: string;
  nameSpan: HclSpan;
  expr: HclExpr;
}

export interface HclBlock {
  kind: "block";
  type: string;
  typeSpan: HclSpan;
  labels: string[];
  labelSpans: HclSpan[];
  body: HclBody;
  /** From the block type to its closing brace. */
  span: HclSpan;
}

export interface HclBody {
  items: Array<HclAttribute | HclBlock>;
}

export interface HclError {
  offset: number;
  message: string;
}

export interface HclFile {
  body: HclBody;
  errors: HclError[];
}

class HclSyntaxError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const BINARY_LEVELS: readonly (readonly string[])[] = [
  ["||"],
  ["&&"],
  ["==", "!="],
  ["<=", ">=", "<", ">"],
  ["+", "-"],
  ["*", "/", "%"],
];

const MAX_DEPTH = 200;

/** Terraform's native-syntax files: configuration (`.tf`) and variable values (`.tfvars`). */
export function isHclPath(path: string): boolean {
  return /\.(tf|tfvars)$/i.test(path);
}

/** Parses a whole `.tf` or `.tfvars` text. */
export function parseHcl(text: string): HclFile {
  return new Parser(text).file();
}

class Parser {
  private pos = 0;
  /** Bracket depth of the expression being read: newlines are insignificant inside brackets. */
  private nest = 0;
  private depth = 0;
  readonly errors: HclError[] = [];

  constructor(private readonly text: string) {}

  file(): HclFile {
    // A leading byte-order mark is not content.
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1;
    const body = this.body(undefined);
    return { body, errors: this.errors };
  }

  // ── bodies ──────────────────────────────────────────────────────────────────────────────────

  /** Reads attributes and blocks until `}` (when `open` is the offset of its `{`) or the end. */
  private body(open: number | undefined): HclBody {
    const items: Array<HclAttribute | HclBlock> = [];
    for (;;) {
      this.skipSpace(true);
      if (this.pos >= this.text.length) {
        if (open !== undefined) this.errors.push({ offset: open, message: "this block is never closed: add its `}`" });
        return { items };
      }
      if (this.text[this.pos] === "}") {
        if (open !== undefined) {
          this.pos++;
          return { items };
        }
        this.errors.push({ offset: this.pos, message: "unexpected `}`: no block is open here" });
        this.pos++;
        continue;
      }
      const lineStart = this.pos;
      try {
        items.push(this.item());
      } catch (err) {
        if (!(err instanceof HclSyntaxError)) throw err;
        this.errors.push({ offset: err.offset, message: err.message });
        this.recover(Math.max(err.offset, lineStart));
      }
    }
  }

  private item(): HclAttribute | HclBlock {
    const start = this.pos;
    const name = this.identifier();
    if (name === undefined) {
      throw new HclSyntaxError(this.pos, `expected an attribute name or a block type, found ${this.describe()}`);
    }
    const nameSpan = { start, end: this.pos };
    this.skipSpace(false);
    if (this.text[this.pos] === "=" && this.text[this.pos + 1] !== "=") {
      this.pos++;
      this.nest = 0;
      const expr = this.expression();
      this.endOfItem(`the value of ${name}`);
      return { kind: "attribute", name, nameSpan, expr };
    }
    const labels: string[] = [];
    const labelSpans: HclSpan[] = [];
    for (;;) {
      this.skipSpace(false);
      const c = this.text[this.pos];
      if (c === '"') {
        const ls = this.pos;
        const t = this.template('"');
        const literal = t.parts.every((p) => typeof p === "string");
        if (!literal) throw new HclSyntaxError(ls, "a block label must be a literal string, without ${…}");
        labels.push((t.parts as string[]).join(""));
        labelSpans.push({ start: ls, end: this.pos });
        continue;
      }
      const ls = this.pos;
      const label = this.identifier();
      if (label !== undefined) {
        labels.push(label);
        labelSpans.push({ start: ls, end: this.pos });
        continue;
      }
      break;
    }
    if (this.text[this.pos] !== "{") {
      throw new HclSyntaxError(
        this.pos,
        labels.length === 0
          ? `expected \`=\` or \`{\` after "${name}", found ${this.describe()}`
          : `expected \`{\` to open the ${name} block, found ${this.describe()}`,
      );
    }
    const open = this.pos++;
    if (++this.depth > MAX_DEPTH) throw new HclSyntaxError(open, "blocks nest too deeply");
    const body = this.body(open);
    this.depth--;
    const span = { start, end: this.pos };
    this.endOfItem(`the ${name} block`);
    return { kind: "block", type: name, typeSpan: nameSpan, labels, labelSpans, body, span };
  }

  /** After an attribute or a block: a newline, the end, or the `}` of a one-line block. */
  private endOfItem(what: string): void {
    this.skipSpace(false);
    const c = this.text[this.pos];
    if (c === undefined || c === "}") return;
    if (c === "\n" || c === "\r") {
      this.pos++;
      return;
    }
    throw new HclSyntaxError(
      this.pos,
      `unexpected ${this.describe()} after ${what}: each attribute and block ends its line`,
    );
  }

  /**
   * Skips the rest of the line where an error was found (past any brackets or strings opened
   * after it), so that the next line is read afresh.
   */
  private recover(errorAt: number): void {
    const t = this.text;
    let depth = 0;
    let inString = false;
    let i = errorAt;
    while (i < t.length) {
      const c = t[i];
      if (inString) {
        if (c === "\\") i++;
        else if (c === '"' || c === "\n") inString = false;
      } else if (c === '"') inString = true;
      else if (c === "{" || c === "[" || c === "(") depth++;
      else if (c === "}" || c === "]" || c === ")") {
        if (depth === 0 && c === "}") break;
        if (depth > 0) depth--;
      } else if (c === "\n" && depth === 0) {
        i++;
        break;
      } else if (c === "#" || (c === "/" && t[i + 1] === "/")) {
        const nl = t.indexOf("\n", i);
        i = nl < 0 ? t.length : nl;
        continue;
      }
      i++;
    }
    // A `}` where the error was found closes the enclosing block (the body reads it next).
    this.pos = i > errorAt || t[errorAt] === "}" ? i : errorAt + 1;
    this.nest = 0;
  }

  // ── lexical helpers ─────────────────────────────────────────────────────────────────────────

  /** Skips blanks and comments; newlines too when `newlines` or inside brackets. */
  private skipSpace(newlines: boolean): void {
    const t = this.text;
    const nl = newlines || this.nest > 0;
    for (;;) {
      const c = t[this.pos];
      if (c === " " || c === "\t" || c === "\uFEFF") this.pos++;
      else if ((c === "\n" || c === "\r") && nl) this.pos++;
      else if (c === "\r" && t[this.pos + 1] === "\n") return;
      else if (c === "#" || (c === "/" && t[this.pos + 1] === "/")) {
        const end = t.indexOf("\n", this.pos);
        this.pos = end < 0 ? t.length : end;
      } else if (c === "/" && t[this.pos + 1] === "*") {
        const end = t.indexOf("*/", this.pos + 2);
        if (end < 0) {
          this.errors.push({ offset: this.pos, message: "this /* comment is never closed" });
          this.pos = t.length;
        } else this.pos = end + 2;
      } else return;
    }
  }

  private identifier(): string | undefined {
    const m = /[\p{ID_Start}_][\p{ID_Continue}-]*/uy;
    m.lastIndex = this.pos;
    const r = m.exec(this.text);
    if (!r) return undefined;
    this.pos += r[0].length;
    return r[0];
  }

  private describe(): string {
    const c = this.text[this.pos];
    if (c === undefined) return "the end of the file";
    if (c === "\n" || c === "\r") return "the end of the line";
    const m = /^[\p{ID_Start}_][\p{ID_Continue}-]*/u.exec(this.text.slice(this.pos, this.pos + 40));
    return m ? `"${m[0]}"` : `\`${c}\``;
  }

  private expect(s: string, what: string): void {
    this.skipSpace(false);
    if (this.text.startsWith(s, this.pos)) {
      this.pos += s.length;
      return;
    }
    throw new HclSyntaxError(this.pos, `expected \`${s}\` ${what}, found ${this.describe()}`);
  }

  private peekOp(ops: readonly string[]): string | undefined {
    this.skipSpace(false);
    for (const op of ops) {
      if (this.text.startsWith(op, this.pos)) {
        // `<` and `>` are not the start of `<=`/`>=` (tried first), `=` alone is not `==`.
        if (op === "*" && this.text[this.pos + 1] === "]") continue;
        return op;
      }
    }
    return undefined;
  }

  // ── expressions ─────────────────────────────────────────────────────────────────────────────

  expression(): HclExpr {
    if (++this.depth > MAX_DEPTH) throw new HclSyntaxError(this.pos, "expression nests too deeply");
    try {
      const condition = this.binary(0);
      if (this.peekOp(["?"]) !== undefined) {
        this.pos++;
        const then = this.expression();
        this.expect(":", "between the two results of a conditional");
        const otherwise = this.expression();
        return {
          type: "conditional",
          condition,
          then,
          else: otherwise,
          span: { start: condition.span.start, end: otherwise.span.end },
        };
      }
      return condition;
    } finally {
      this.depth--;
    }
  }

  private binary(level: number): HclExpr {
    if (level >= BINARY_LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const op = this.peekOp(BINARY_LEVELS[level] as readonly string[]);
      if (op === undefined) return left;
      // `=>` in a for expression and `=` are not operators.
      if ((op === ">=" || op === "<=") && this.text[this.pos + 2] === ">") return left;
      this.pos += op.length;
      const right = this.binary(level + 1);
      left = { type: "binary", op, left, right, span: { start: left.span.start, end: right.span.end } };
    }
  }

  private unary(): HclExpr {
    this.skipSpace(false);
    const c = this.text[this.pos];
    if (c === "!" || (c === "-" && !/[0-9]/.test(this.text[this.pos + 1] ?? ""))) {
      const start = this.pos++;
      const operand = this.unary();
      return { type: "unary", op: c, operand, span: { start, end: operand.span.end } };
    }
    return this.postfix(this.primary());
  }

  private postfix(target: HclExpr): HclExpr {
    for (;;) {
      const save = this.pos;
      this.skipSpace(false);
      const t = this.text;
      const c = t[this.pos];
      if (c === "." && t[this.pos + 1] === "*") {
        this.pos += 2;
        target = { type: "splat", target, span: { start: target.span.start, end: this.pos } };
        continue;
      }
      if (c === "[" && t.startsWith("[*]", this.pos)) {
        this.pos += 3;
        target = { type: "splat", target, span: { start: target.span.start, end: this.pos } };
        continue;
      }
      if (c === "." && !t.startsWith("...", this.pos)) {
        this.pos++;
        const digits = /[0-9]+/y;
        digits.lastIndex = this.pos;
        const d = digits.exec(t);
        if (d) {
          const ks = this.pos;
          this.pos += d[0].length;
          const key: HclExpr = { type: "literal", value: Number(d[0]), span: { start: ks, end: this.pos } };
          target = { type: "index", target, key, span: { start: target.span.start, end: this.pos } };
          continue;
        }
        const name = this.identifier();
        if (name === undefined)
          throw new HclSyntaxError(this.pos, `expected an attribute name after \`.\`, found ${this.describe()}`);
        target = { type: "getattr", target, name, span: { start: target.span.start, end: this.pos } };
        continue;
      }
      if (c === "[") {
        this.pos++;
        this.nest++;
        const key = this.expression();
        this.skipSpace(false);
        this.nest--;
        this.expect("]", "to close the index");
        target = { type: "index", target, key, span: { start: target.span.start, end: this.pos } };
        continue;
      }
      this.pos = save;
      return target;
    }
  }

  private primary(): HclExpr {
    this.skipSpace(false);
    const t = this.text;
    const start = this.pos;
    const c = t[this.pos];
    if (c === undefined) throw new HclSyntaxError(this.pos, "expected an expression, found the end of the file");
    if (c === '"') return this.template('"');
    if (c === "<" && t[this.pos + 1] === "<") return this.heredoc();
    if (/[0-9]/.test(c) || (c === "-" && /[0-9]/.test(t[this.pos + 1] ?? ""))) {
      const num = /-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
      num.lastIndex = this.pos;
      const m = num.exec(t) as RegExpExecArray;
      this.pos += m[0].length;
      return { type: "literal", value: Number(m[0]), span: { start, end: this.pos } };
    }
    if (c === "(") {
      this.pos++;
      this.nest++;
      const inner = this.expression();
      this.skipSpace(false);
      this.nest--;
      this.expect(")", "to close the parenthesis");
      return { ...inner, span: { start, end: this.pos } } as HclExpr;
    }
    if (c === "[") return this.tuple();
    if (c === "{") return this.object();
    const name = this.identifier();
    if (name === undefined) throw new HclSyntaxError(this.pos, `expected an expression, found ${this.describe()}`);
    if (name === "true" || name === "false")
      return { type: "literal", value: name === "true", span: { start, end: this.pos } };
    if (name === "null") return { type: "literal", value: null, span: { start, end: this.pos } };
    // Provider-defined functions: provider::NAME::function(…).
    let fname = name;
    while (t.startsWith("::", this.pos)) {
      this.pos += 2;
      const part = this.identifier();
      if (part === undefined) throw new HclSyntaxError(this.pos, "expected a function name after `::`");
      fname += `::${part}`;
    }
    const save = this.pos;
    this.skipSpace(false);
    if (t[this.pos] === "(") return this.call(fname, start);
    this.pos = save;
    return { type: "variable", name, span: { start, end: this.pos } };
  }

  private call(name: string, start: number): HclExpr {
    this.pos++;
    this.nest++;
    const args: HclExpr[] = [];
    let expandFinal = false;
    this.skipSpace(false);
    while (this.text[this.pos] !== ")") {
      args.push(this.expression());
      this.skipSpace(false);
      if (this.text.startsWith("...", this.pos)) {
        this.pos += 3;
        expandFinal = true;
        this.skipSpace(false);
      }
      if (this.text[this.pos] === ",") {
        this.pos++;
        this.skipSpace(false);
        continue;
      }
      if (this.text[this.pos] !== ")") {
        this.nest--;
        throw new HclSyntaxError(
          this.pos,
          `expected \`,\` or \`)\` in the arguments of ${name}(), found ${this.describe()}`,
        );
      }
    }
    this.pos++;
    this.nest--;
    return { type: "call", name, args, expandFinal, span: { start, end: this.pos } };
  }

  private isForKeyword(): boolean {
    const save = this.pos;
    this.skipSpace(false);
    const r = /for\b/y;
    r.lastIndex = this.pos;
    const yes = r.test(this.text) && !/^for\s*[=:]/.test(this.text.slice(this.pos, this.pos + 8));
    this.pos = save;
    return yes;
  }

  private tuple(): HclExpr {
    const start = this.pos++;
    this.nest++;
    if (this.isForKeyword()) return this.forExpr(start, "]");
    const items: HclExpr[] = [];
    this.skipSpace(false);
    while (this.text[this.pos] !== "]") {
      items.push(this.expression());
      this.skipSpace(false);
      if (this.text[this.pos] === ",") {
        this.pos++;
        this.skipSpace(false);
        continue;
      }
      if (this.text[this.pos] !== "]") {
        this.nest--;
        throw new HclSyntaxError(this.pos, `expected \`,\` or \`]\` in a list, found ${this.describe()}`);
      }
    }
    this.pos++;
    this.nest--;
    return { type: "tuple", items, span: { start, end: this.pos } };
  }

  private object(): HclExpr {
    const start = this.pos++;
    this.nest++;
    if (this.isForKeyword()) return this.forExpr(start, "}");
    const items: HclObjectItem[] = [];
    this.skipSpace(false);
    while (this.text[this.pos] !== "}") {
      const key = this.objectKey();
      this.skipSpace(false);
      const sep = this.text[this.pos];
      if ((sep !== "=" && sep !== ":") || this.text[this.pos + 1] === "=") {
        this.nest--;
        throw new HclSyntaxError(this.pos, `expected \`=\` after the object key, found ${this.describe()}`);
      }
      this.pos++;
      const value = this.expression();
      items.push({ key, value });
      this.skipSpace(false);
      if (this.text[this.pos] === ",") {
        this.pos++;
        this.skipSpace(false);
      } else if (this.pos >= this.text.length) {
        this.nest--;
        throw new HclSyntaxError(start, "this object is never closed: add its `}`");
      }
    }
    this.pos++;
    this.nest--;
    return { type: "object", items, span: { start, end: this.pos } };
  }

  /** An object key: a bare identifier is the literal name (`{ a = 1 }`), anything else an expression. */
  private objectKey(): HclExpr {
    this.skipSpace(false);
    const start = this.pos;
    const r = /[\p{ID_Start}_][\p{ID_Continue}-]*/uy;
    r.lastIndex = this.pos;
    const m = r.exec(this.text);
    if (m) {
      const after = this.text.slice(this.pos + m[0].length).match(/^[ \t]*(==|[=:])/);
      if (after && after[1] !== "==") {
        this.pos += m[0].length;
        return { type: "literal", value: m[0], span: { start, end: this.pos } };
      }
    }
    return this.expression();
  }

  private forExpr(start: number, close: "]" | "}"): HclExpr {
    this.skipSpace(false);
    this.pos += 3;
    this.skipSpace(false);
    if (this.identifier() === undefined) throw new HclSyntaxError(this.pos, "expected a variable name after `for`");
    this.skipSpace(false);
    if (this.text[this.pos] === ",") {
      this.pos++;
      this.skipSpace(false);
      if (this.identifier() === undefined)
        throw new HclSyntaxError(this.pos, "expected a second variable name in `for`");
    }
    this.expect("in", "in a for expression");
    this.expression();
    this.expect(":", "in a for expression");
    this.expression();
    if (close === "}") {
      this.expect("=>", "between the key and the value of a for expression");
      this.expression();
      this.skipSpace(false);
      if (this.text.startsWith("...", this.pos)) this.pos += 3;
    }
    this.skipSpace(false);
    if (/^if\b/.test(this.text.slice(this.pos, this.pos + 3))) {
      this.pos += 2;
      this.expression();
    }
    this.skipSpace(false);
    this.nest--;
    this.expect(close, "to close the for expression");
    return { type: "for", span: { start, end: this.pos } };
  }

  // ── templates ───────────────────────────────────────────────────────────────────────────────

  /** A quoted template `"…"`; the opening quote is at `pos`. */
  private template(_quote: '"'): HclExpr & { type: "template" } {
    const t = this.text;
    const start = this.pos++;
    const parts: Array<string | HclExpr | { directive: true }> = [];
    let lit = "";
    for (;;) {
      const c = t[this.pos];
      if (c === undefined || c === "\n") {
        throw new HclSyntaxError(start, "this string is never closed: add its closing quote on the same line");
      }
      if (c === '"') {
        this.pos++;
        break;
      }
      if (c === "\\") {
        const e = t[this.pos + 1];
        const simple: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };
        if (e !== undefined && e in simple) {
          lit += simple[e];
          this.pos += 2;
          continue;
        }
        const u = e === "u" ? /[0-9a-fA-F]{4}/y : e === "U" ? /[0-9a-fA-F]{8}/y : undefined;
        if (u) {
          u.lastIndex = this.pos + 2;
          const m = u.exec(t);
          if (m) {
            lit += String.fromCodePoint(Number.parseInt(m[0], 16));
            this.pos += 2 + m[0].length;
            continue;
          }
        }
        throw new HclSyntaxError(this.pos, `invalid escape sequence \`\\${e ?? ""}\` in a string`);
      }
      if ((c === "$" || c === "%") && t[this.pos + 1] === c && t[this.pos + 2] === "{") {
        lit += `${c}{`;
        this.pos += 3;
        continue;
      }
      if ((c === "$" || c === "%") && t[this.pos + 1] === "{") {
        if (lit) parts.push(lit);
        lit = "";
        parts.push(this.interpolation(c));
        continue;
      }
      lit += c;
      this.pos++;
    }
    if (lit || parts.length === 0) parts.push(lit);
    return { type: "template", parts, span: { start, end: this.pos } };
  }

  /** `${ expr }` (an expression part) or `%{ … }` (a directive: kept as unknown); at `pos`. */
  private interpolation(kind: "$" | "%"): HclExpr | { directive: true } {
    const open = this.pos;
    this.pos += 2;
    const saveNest = this.nest;
    this.nest = 1;
    this.skipSpace(false);
    if (this.text[this.pos] === "~") this.pos++;
    if (kind === "%") {
      // Directives (if/else/endif/for/endfor) are skipped as a unit; the template becomes unknown.
      let depth = 1;
      while (this.pos < this.text.length && depth > 0) {
        const c = this.text[this.pos++];
        if (c === "{") depth++;
        else if (c === "}") depth--;
      }
      if (depth > 0) throw new HclSyntaxError(open, "this %{ directive is never closed");
      this.nest = saveNest;
      return { directive: true };
    }
    const e = this.expression();
    this.skipSpace(false);
    if (this.text[this.pos] === "~") this.pos++;
    this.skipSpace(false);
    this.nest = saveNest;
    if (this.text[this.pos] !== "}") {
      throw new HclSyntaxError(this.pos, `expected \`}\` to close the \${ interpolation, found ${this.describe()}`);
    }
    this.pos++;
    return e;
  }

  /** `<<EOT` / `<<-EOT` heredoc: lines up to the one that holds only the marker. */
  private heredoc(): HclExpr {
    const t = this.text;
    const start = this.pos;
    const m = /<<(-?)([\p{ID_Start}_][\p{ID_Continue}-]*)[ \t]*\r?\n/uy;
    m.lastIndex = this.pos;
    const r = m.exec(t);
    if (!r) throw new HclSyntaxError(this.pos, "expected a heredoc marker (<<EOT) followed by a newline");
    const marker = r[2] as string;
    const indent = r[1] === "-";
    let i = this.pos + r[0].length;
    const lines: string[] = [];
    for (;;) {
      if (i >= t.length)
        throw new HclSyntaxError(start, `this heredoc is never closed: add a line holding only ${marker}`);
      const nl = t.indexOf("\n", i);
      const line = t.slice(i, nl < 0 ? t.length : nl).replace(/\r$/, "");
      if (line.trim() === marker) {
        this.pos = i + line.indexOf(marker) + marker.length;
        break;
      }
      lines.push(line);
      i = nl < 0 ? t.length : nl + 1;
    }
    let body = lines.map((l) => `${l}\n`);
    if (indent) {
      const widths = lines.filter((l) => l.trim() !== "").map((l) => (/^[ \t]*/.exec(l) as RegExpExecArray)[0].length);
      const cut = widths.length > 0 ? Math.min(...widths) : 0;
      body = body.map((l) => l.slice(Math.min(cut, (/^[ \t]*/.exec(l) as RegExpExecArray)[0].length)));
    }
    const text = body.join("");
    // Interpolations in a heredoc make it unknown unless it holds none: the common case
    // (an embedded YAML or a script) is literal.
    const hasInterp = /(?<![$%])[$%]\{/.test(text);
    const parts: Array<string | { directive: true }> = hasInterp
      ? [{ directive: true }]
      : [text.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{")];
    return { type: "template", parts, span: { start, end: this.pos } };
  }
}
