// GitHub Actions expressions, `${{ … }}`: the tokenizer, the parser and the context references an
// expression makes. Moved out of workflow.ts unchanged; src/model/workflow.ts finds them in a
// workflow and keeps their places.

export type TokenKind = "ident" | "number" | "string" | "op" | "punct" | "end";

export interface Token {
  kind: TokenKind;
  text: string;
  /** Offset in the expression source. */
  at: number;
}

export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

const OPERATORS = ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "!"];

/** Splits an expression into tokens; throws ExpressionError at the first character it cannot read. */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i;
    if (/[A-Za-z_]/.test(c)) {
      while (i < src.length && /[A-Za-z0-9_-]/.test(src[i] as string)) i++;
      out.push({ kind: "ident", text: src.slice(at, i), at });
      continue;
    }
    if (
      /[0-9]/.test(c) ||
      (c === "-" && /[0-9.]/.test(src[i + 1] ?? "")) ||
      (c === "." && /[0-9]/.test(src[i + 1] ?? ""))
    ) {
      const m = /^-?(?:0x[0-9a-fA-F]+|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)/.exec(src.slice(i));
      if (!m) throw new ExpressionError(`invalid number "${src.slice(i, i + 8)}"`, at);
      i += m[0].length;
      if (i < src.length && /[A-Za-z_]/.test(src[i] as string))
        throw new ExpressionError(`invalid number "${src.slice(at, i + 1)}"`, at);
      out.push({ kind: "number", text: m[0], at });
      continue;
    }
    if (c === "'") {
      i++;
      let closed = false;
      while (i < src.length) {
        if (src[i] === "'") {
          if (src[i + 1] === "'") {
            i += 2;
            continue;
          }
          closed = true;
          i++;
          break;
        }
        i++;
      }
      if (!closed) throw new ExpressionError("string literal is not closed with '", at);
      out.push({ kind: "string", text: src.slice(at, i), at });
      continue;
    }
    if (c === '"') throw new ExpressionError("strings in expressions use single quotes ('…'), not double quotes", at);
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (op) {
      out.push({ kind: "op", text: op, at });
      i += op.length;
      continue;
    }
    if ("()[],.*".includes(c)) {
      out.push({ kind: "punct", text: c, at });
      i++;
      continue;
    }
    if (c === "=") throw new ExpressionError('"=" is not an operator; compare with "=="', at);
    if (c === "&" || c === "|") throw new ExpressionError(`"${c}" is not an operator; use "${c}${c}"`, at);
    throw new ExpressionError(`unexpected character "${c}"`, at);
  }
  out.push({ kind: "end", text: "", at: src.length });
  return out;
}

export type ExprNode =
  | { type: "literal"; value: string | number | boolean | null; at: number }
  | { type: "context"; name: string; at: number }
  | { type: "property"; object: ExprNode; name: string; at: number }
  | { type: "index"; object: ExprNode; index: ExprNode; at: number }
  | { type: "filter"; object: ExprNode; at: number }
  | { type: "call"; name: string; args: ExprNode[]; at: number }
  | { type: "not"; operand: ExprNode; at: number }
  | { type: "binary"; op: string; left: ExprNode; right: ExprNode; at: number };

/** Parses an expression (the text between `${{` and `}}`); throws ExpressionError. */
export function parseExpressionAst(src: string): ExprNode {
  const toks = tokenize(src);
  let p = 0;
  const peek = () => toks[p] as Token;
  const next = () => toks[p++] as Token;
  const expect = (text: string, what: string) => {
    const t = peek();
    if (t.text !== text || t.kind === "string")
      throw new ExpressionError(`expected ${what} but found ${describe(t)}`, t.at);
    p++;
  };
  const describe = (t: Token) => (t.kind === "end" ? "the end of the expression" : `"${t.text}"`);
  const binary = (ops: string[], sub: () => ExprNode) => (): ExprNode => {
    let left = sub();
    while (peek().kind === "op" && ops.includes(peek().text)) {
      const t = next();
      left = { type: "binary", op: t.text, left, right: sub(), at: t.at };
    }
    return left;
  };
  const primary = (): ExprNode => {
    const t = next();
    if (t.kind === "number") return { type: "literal", value: Number(t.text), at: t.at };
    if (t.kind === "string") return { type: "literal", value: t.text.slice(1, -1).replace(/''/g, "'"), at: t.at };
    if (t.kind === "punct" && t.text === "(") {
      const e = orExpr();
      expect(")", '")"');
      return e;
    }
    if (t.kind === "ident") {
      if (t.text === "true" || t.text === "false") return { type: "literal", value: t.text === "true", at: t.at };
      if (t.text === "null") return { type: "literal", value: null, at: t.at };
      if (peek().text === "(" && peek().kind === "punct") {
        p++;
        const args: ExprNode[] = [];
        if (!(peek().kind === "punct" && peek().text === ")")) {
          args.push(orExpr());
          while (peek().kind === "punct" && peek().text === ",") {
            p++;
            args.push(orExpr());
          }
        }
        expect(")", '")" to close the call');
        return { type: "call", name: t.text, args, at: t.at };
      }
      return { type: "context", name: t.text, at: t.at };
    }
    throw new ExpressionError(`unexpected ${describe(t)}`, t.at);
  };
  const postfix = (): ExprNode => {
    let e = primary();
    for (;;) {
      const t = peek();
      if (t.kind === "punct" && t.text === ".") {
        p++;
        const n = next();
        if (n.kind === "punct" && n.text === "*") e = { type: "filter", object: e, at: n.at };
        else if (n.kind === "ident") e = { type: "property", object: e, name: n.text, at: n.at };
        else throw new ExpressionError(`expected a property name after "." but found ${describe(n)}`, n.at);
      } else if (t.kind === "punct" && t.text === "[") {
        p++;
        if (peek().kind === "punct" && peek().text === "*") {
          p++;
          e = { type: "filter", object: e, at: t.at };
        } else e = { type: "index", object: e, index: orExpr(), at: t.at };
        expect("]", '"]"');
      } else return e;
    }
  };
  const unary = (): ExprNode => {
    const t = peek();
    if (t.kind === "op" && t.text === "!") {
      p++;
      return { type: "not", operand: unary(), at: t.at };
    }
    return postfix();
  };
  const cmp = binary(["<", "<=", ">", ">="], unary);
  const eq = binary(["==", "!="], cmp);
  const andExpr = binary(["&&"], eq);
  const orExpr: () => ExprNode = binary(["||"], andExpr);
  if (peek().kind === "end") throw new ExpressionError("the expression is empty", 0);
  const e = orExpr();
  if (peek().kind !== "end")
    throw new ExpressionError(`unexpected ${describe(peek())} after the expression`, peek().at);
  return e;
}

/** One use of a context: `github.event.issue.title` → root `github`, path [event, issue, title]. */
export interface ContextRef {
  root: string;
  /** Property names after the root; `*` for a filter or a computed index. */
  path: string[];
  /** Offset of the root in the expression source. */
  at: number;
  /** The reference is an argument of contains/startsWith/endsWith, so only a boolean escapes. */
  inBooleanCall: boolean;
}

/** Function calls an expression makes, by name as written. */
export interface CallRef {
  name: string;
  args: number;
  at: number;
}

function collect(node: ExprNode, refs: ContextRef[], calls: CallRef[], inBool: boolean): void {
  const chain = (n: ExprNode): { root: ExprNode; path: string[] } => {
    if (n.type === "property") {
      const c = chain(n.object);
      return { root: c.root, path: [...c.path, n.name] };
    }
    if (n.type === "filter") {
      const c = chain(n.object);
      return { root: c.root, path: [...c.path, "*"] };
    }
    if (n.type === "index") {
      const c = chain(n.object);
      const i = n.index;
      return { root: c.root, path: [...c.path, i.type === "literal" && typeof i.value === "string" ? i.value : "*"] };
    }
    return { root: n, path: [] };
  };
  switch (node.type) {
    case "literal":
      return;
    case "context":
    case "property":
    case "filter":
    case "index": {
      const c = chain(node);
      if (c.root.type === "context")
        refs.push({ root: c.root.name, path: c.path, at: c.root.at, inBooleanCall: inBool });
      else collect(c.root, refs, calls, inBool);
      // Computed indexes are expressions of their own.
      const visitIndexes = (n: ExprNode) => {
        if (n.type === "index") {
          collect(n.index, refs, calls, inBool);
          visitIndexes(n.object);
        } else if (n.type === "property" || n.type === "filter") visitIndexes(n.object);
      };
      visitIndexes(node);
      return;
    }
    case "call": {
      calls.push({ name: node.name, args: node.args.length, at: node.at });
      const bool = inBool || /^(contains|startswith|endswith)$/i.test(node.name);
      for (const a of node.args) collect(a, refs, calls, bool);
      return;
    }
    case "not":
      collect(node.operand, refs, calls, inBool);
      return;
    case "binary":
      collect(node.left, refs, calls, inBool);
      collect(node.right, refs, calls, inBool);
      return;
  }
}

export interface ParsedExpression {
  ast?: ExprNode;
  error?: ExpressionError;
  refs: ContextRef[];
  calls: CallRef[];
}

export function parseExpression(src: string): ParsedExpression {
  try {
    const ast = parseExpressionAst(src);
    const refs: ContextRef[] = [];
    const calls: CallRef[] = [];
    collect(ast, refs, calls, false);
    return { ast, refs, calls };
  } catch (err) {
    if (err instanceof ExpressionError) return { error: err, refs: [], calls: [] };
    throw err;
  }
}

/** Finds every `${{ … }}` in a string, honouring `'…'` literals that may hold `}}`. */
export function findTemplates(s: string): Array<{ start: number; inner: string; unclosed: boolean }> {
  const out: Array<{ start: number; inner: string; unclosed: boolean }> = [];
  let i = s.indexOf("${{");
  while (i >= 0) {
    let j = i + 3;
    let inString = false;
    let end = -1;
    while (j < s.length) {
      const c = s[j];
      if (inString) {
        if (c === "'") {
          if (s[j + 1] === "'") j++;
          else inString = false;
        }
      } else if (c === "'") inString = true;
      else if (c === "}" && s[j + 1] === "}") {
        end = j;
        break;
      }
      j++;
    }
    if (end < 0) {
      out.push({ start: i, inner: s.slice(i + 3), unclosed: true });
      break;
    }
    out.push({ start: i, inner: s.slice(i + 3, end), unclosed: false });
    i = s.indexOf("${{", end + 2);
  }
  return out;
}
