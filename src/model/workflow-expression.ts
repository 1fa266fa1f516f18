// GitHub Actions expressions, `${{ … }}`: what an expression references and calls, read with
// GitHub's own lexer and parser (@actions/expressions, the parser of GitHub's editor tooling), so
// mlgate accepts and rejects exactly what GitHub's grammar does. This module adds what mlgate needs
// on top: exact offsets of every token in the expression's text, the context references and calls
// the rules read, and error messages that say what to write instead. `findTemplates` (where the
// `${{ }}` are in a YAML string) stays hand-written: GitHub's reader does it inside its own YAML
// reader, which mlgate does not use (docs/ARCHITECTURE.md, "Workflow parsers compared").
import {
  Binary,
  ContextAccess,
  type Expr,
  FunctionCall,
  Grouping,
  IndexAccess,
  Literal,
  Logical,
  Star,
  Unary,
} from "@actions/expressions/ast";
import { ErrorType, ExpressionError as GitHubExpressionError } from "@actions/expressions/errors";
import { wellKnownFunctions } from "@actions/expressions/funcs";
import type { FunctionInfo } from "@actions/expressions/funcs/info";
import { Lexer, type Token, TokenType } from "@actions/expressions/lexer";
import { Parser } from "@actions/expressions/parser";
import { CONTEXTS, WORKFLOW_FUNCTIONS } from "../catalog/github-actions.js";

/** A syntax error in an expression, at an offset of its source. */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

/** One use of a context: `github.event.issue.title` → root `github`, path [event, issue, title]. */
export interface ContextRef {
  /** The context's name, lower-cased (GitHub reads context names without regard to case). */
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

export interface ParsedExpression {
  error?: ExpressionError;
  refs: ContextRef[];
  calls: CallRef[];
}

/** The workflow functions (hashFiles, the status functions) the parser accepts beside its own. */
const EXTENSION_FUNCTIONS: FunctionInfo[] = Object.entries(WORKFLOW_FUNCTIONS).map(([name, [minArgs, maxArgs]]) => ({
  name,
  minArgs,
  maxArgs,
}));

/** Offset of every token in `src`: the lexer skips only blanks and line breaks between tokens. */
function tokenOffsets(src: string, tokens: readonly Token[]): Map<Token, number> {
  const out = new Map<Token, number>();
  let at = 0;
  for (const t of tokens) {
    while (at < src.length && (src[at] === " " || src[at] === "\t" || src[at] === "\r" || src[at] === "\n")) at++;
    out.set(t, at);
    at += t.lexeme.length;
  }
  return out;
}

/** What to write instead, for the symbols people borrow from other languages. */
function hint(symbol: string): string | undefined {
  if (symbol.startsWith('"')) return "strings in expressions use single quotes ('…'), not double quotes";
  if (symbol.startsWith("=")) return '"=" is not an operator; compare with "=="';
  if (symbol === "&" || symbol === "|") return `"${symbol}" is not an operator; use "${symbol}${symbol}"`;
  if (symbol.startsWith("'")) return "string literal is not closed with '";
  return undefined;
}

/** GitHub's lexer reports a symbol it cannot read as a plain Error naming its 1-based position. */
function lexerError(err: Error): ExpressionError {
  const m = /^Unexpected symbol: '([\s\S]*)'\. Located at position (\d+) within expression/.exec(err.message);
  if (!m)
    return new ExpressionError(
      err.message === "ErrorExceededMaxLength" ? "the expression is too long" : err.message,
      0,
    );
  const symbol = m[1] as string;
  return new ExpressionError(hint(symbol) ?? `unexpected "${symbol}"`, Number(m[2]) - 1);
}

function arity(name: string): string {
  const f =
    wellKnownFunctions[name.toLowerCase()] ??
    EXTENSION_FUNCTIONS.find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (!f) return "";
  if (f.minArgs === f.maxArgs) return ` (it takes ${f.minArgs === 0 ? "none" : f.minArgs})`;
  return f.maxArgs >= 255 ? ` (it takes ${f.minArgs} or more)` : ` (it takes ${f.minArgs} to ${f.maxArgs})`;
}

function parserError(err: GitHubExpressionError, offsets: Map<Token, number>, src: string): ExpressionError {
  // `typ` and `tok` are declared private in the package's types; the version is pinned exactly and
  // src/model/workflow-expression.test.ts covers every kind read here.
  const { typ, tok } = err as unknown as { typ: ErrorType; tok: Token };
  const at = offsets.get(tok) ?? src.length;
  const what = tok.type === TokenType.EOF ? "the end of the expression" : `"${tok.lexeme}"`;
  switch (typ) {
    case ErrorType.ErrorUnexpectedEndOfExpression:
      return new ExpressionError(`unexpected end of the expression after "${tok.lexeme}"`, at + tok.lexeme.length);
    case ErrorType.ErrorTooFewParameters:
      return new ExpressionError(`too few arguments to ${tok.lexeme}()${arity(tok.lexeme)}`, at);
    case ErrorType.ErrorTooManyParameters:
      return new ExpressionError(`too many arguments to ${tok.lexeme}()${arity(tok.lexeme)}`, at);
    case ErrorType.ErrorEvenParameters:
      return new ExpressionError(
        `${tok.lexeme}() takes an odd number of arguments (pairs of condition and value, then a default)`,
        at,
      );
    case ErrorType.ErrorExceededMaxDepth:
      return new ExpressionError("the expression nests too deeply (GitHub allows 50 levels)", at);
    default:
      return new ExpressionError(hint(tok.lexeme) ?? `unexpected ${what}`, at);
  }
}

/** The string a literal index names (`['a-b']`, or `.name` which the parser reads as one). */
function indexName(e: Expr): string | undefined {
  if (!(e instanceof Literal)) return undefined;
  if (e.token.type === TokenType.IDENTIFIER) return e.token.lexeme;
  if (e.token.type === TokenType.STRING) return e.token.lexeme.slice(1, -1).replaceAll("''", "'");
  return undefined;
}

function collect(
  e: Expr | undefined,
  offsets: Map<Token, number>,
  refs: ContextRef[],
  calls: CallRef[],
  inBool: boolean,
): void {
  if (e === undefined || e instanceof Literal) return;
  if (e instanceof IndexAccess) {
    // A chain of property accesses and indexes down to its root.
    const path: string[] = [];
    let n: Expr = e;
    const indexes: Expr[] = [];
    while (n instanceof IndexAccess) {
      const name = indexName(n.index);
      path.unshift(name ?? "*");
      if (name === undefined && !(n.index instanceof Literal) && !(n.index instanceof Star)) indexes.push(n.index);
      n = n.expr;
    }
    if (n instanceof ContextAccess) refs.push(contextRef(n, path, offsets, inBool));
    else collect(n, offsets, refs, calls, inBool);
    // Computed indexes are expressions of their own.
    for (const i of indexes.reverse()) collect(i, offsets, refs, calls, inBool);
    return;
  }
  if (e instanceof ContextAccess) {
    refs.push(contextRef(e, [], offsets, inBool));
    return;
  }
  if (e instanceof FunctionCall) {
    const name = e.functionName.lexeme;
    calls.push({ name, args: e.args.length, at: offsets.get(e.functionName) ?? 0 });
    const bool = inBool || /^(contains|startswith|endswith)$/i.test(name);
    for (const a of e.args) collect(a, offsets, refs, calls, bool);
    return;
  }
  if (e instanceof Unary) collect(e.expr, offsets, refs, calls, inBool);
  else if (e instanceof Binary) {
    collect(e.left, offsets, refs, calls, inBool);
    collect(e.right, offsets, refs, calls, inBool);
  } else if (e instanceof Logical) for (const a of e.args) collect(a, offsets, refs, calls, inBool);
  else if (e instanceof Grouping) collect(e.group, offsets, refs, calls, inBool);
}

function contextRef(e: ContextAccess, path: string[], offsets: Map<Token, number>, inBool: boolean): ContextRef {
  return { root: e.name.lexeme.toLowerCase(), path, at: offsets.get(e.name) ?? 0, inBooleanCall: inBool };
}

/**
 * Parses an expression (the text between `${{` and `}}`, or an `if:` condition) with GitHub's
 * parser. Context names and functions GitHub does not know are read like known ones (the rules
 * judge names, with suggestions); everything else GitHub's grammar rejects is `error`.
 */
export function parseExpression(src: string): ParsedExpression {
  let tokens: Token[];
  try {
    tokens = new Lexer(src).lex().tokens;
  } catch (err) {
    return { error: lexerError(err as Error), refs: [], calls: [] };
  }
  if (tokens.length === 1) return { error: new ExpressionError("the expression is empty", 0), refs: [], calls: [] };
  const offsets = tokenOffsets(src, tokens);
  let contexts: string[] = CONTEXTS;
  let functions = EXTENSION_FUNCTIONS;
  // An unknown context or function stops GitHub's parser; read it as known and parse again, so the
  // expression's references stay visible (a typo'd context does not hide an injection beside it).
  for (let tries = 0; ; tries++) {
    try {
      const ast = new Parser(tokens, contexts, functions).parse();
      const refs: ContextRef[] = [];
      const calls: CallRef[] = [];
      collect(ast, offsets, refs, calls, false);
      return { refs, calls };
    } catch (err) {
      if (!(err instanceof GitHubExpressionError)) throw err;
      const { typ, tok } = err as unknown as { typ: ErrorType; tok: Token };
      if (tries < 32 && typ === ErrorType.ErrorUnrecognizedContext) contexts = [...contexts, tok.lexeme];
      else if (tries < 32 && typ === ErrorType.ErrorUnrecognizedFunction)
        functions = [...functions, { name: tok.lexeme, minArgs: 0, maxArgs: Number.MAX_SAFE_INTEGER }];
      else return { error: parserError(err, offsets, src), refs: [], calls: [] };
    }
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
