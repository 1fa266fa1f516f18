// A POSIX shell script split into simple commands of words, as a container's `sh -c` script is
// read: quotes, escapes, `\` line continuations, comments, `$(…)`, `$((…))`, `${…}` and backticks
// (kept in their word as written; a command substitution's commands are commands too), redirections
// (left out), heredocs (the document is one word of the command that reads it, never commands),
// reserved words (`if`, `then`, `do`, `!`, `{` … are not commands: `do /app/gpu_burn` runs
// gpu_burn), `for`/`case` headers and `case` patterns, and function names. Hand-written rather than
// a parser library: docs/ARCHITECTURE.md ("Parsers made for the job") has the measurements.

/**
 * Scripts already split: the pod sets of one job, and the jobs rendered from one template, carry
 * the same `bash -c` script. The answer is shared, so callers must not mutate it. Cleared when
 * full, so unusual input cannot grow it without bound.
 */
const SPLIT = new Map<string, string[][]>();
const SPLIT_MAX = 2048;

/** Splits a POSIX shell script into simple commands of words (see the file's header). */
export function shellSplit(script: string): string[][] {
  let commands = SPLIT.get(script);
  if (commands === undefined) {
    if (SPLIT.size >= SPLIT_MAX) SPLIT.clear();
    commands = shellSplitUncached(script);
    SPLIT.set(script, commands);
  }
  return commands;
}

/** Reserved words that open, continue or close a compound command: the command proper follows them. */
/** Expansions and quotes inside each other past this depth are read as text. */
const MAX_NESTING = 64;
/** Command substitutions inside each other past this depth are not split into commands. */
const MAX_SUBSTITUTIONS = 8;
/** Characters with no meaning to the shell's grammar, a run of them at a time. */
const PLAIN = /[^\\'"$`#\s<>&|;()]+/y;
const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]*$/;
const RESERVED = new Set(["if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}", "esac"]);

/** `name` in `name() { … }`: the command's only word so far, and a function's name. */
function isFunctionName(name: string | undefined, words: number): boolean {
  return words === 1 && name !== undefined && FUNCTION_NAME.test(name);
}

/** Where an expansion that starts at `i` (`$(`, `$((`, `${`, or a backtick) ends: the index after it. */
function expansionEnd(s: string, i: number, depth = 0): number {
  if (s[i] !== "`") return groupEnd(s, i + 1, depth);
  let j = i + 1;
  while (j < s.length && s[j] !== "`") j += s[j] === "\\" ? 2 : 1;
  return Math.min(j + 1, s.length);
}

/** The index after the `)` or `}` that closes the bracket at `i`, across quotes and nested expansions. */
function groupEnd(s: string, i: number, depth = 0): number {
  // Nested deeper than any script is written: the rest of the text is this word (and no stack overflow).
  if (depth > MAX_NESTING) return s.length;
  const open = s[i] as string;
  const close = open === "(" ? ")" : "}";
  let level = 0;
  let j = i;
  while (j < s.length) {
    const ch = s[j] as string;
    if (ch === "\\") j += 2;
    else if (ch === "'" && open === "(") {
      const q = s.indexOf("'", j + 1);
      j = q < 0 ? s.length : q + 1;
    } else if (ch === '"') j = quotedEnd(s, j, depth + 1);
    else if ((ch === "$" && (s[j + 1] === "(" || s[j + 1] === "{")) || ch === "`") j = expansionEnd(s, j, depth + 1);
    else {
      if (ch === open) level++;
      else if (ch === close && --level === 0) return j + 1;
      j++;
    }
  }
  return s.length;
}

/** Index after the double-quoted string that opens at `i`. */
function quotedEnd(s: string, i: number, depth = 0): number {
  if (depth > MAX_NESTING) return s.length;
  let j = i + 1;
  while (j < s.length && s[j] !== '"') {
    if (s[j] === "\\") j += 2;
    else if ((s[j] === "$" && (s[j + 1] === "(" || s[j + 1] === "{")) || s[j] === "`")
      j = expansionEnd(s, j, depth + 1);
    else j++;
  }
  return Math.min(j + 1, s.length);
}

/** The script of a command substitution (`$(…)` or a backtick), or undefined for `$((…))` and `${…}`. */
function substitutionScript(expansion: string): string | undefined {
  if (expansion.startsWith("`")) return expansion.slice(1, -1).replace(/\\([\\`$])/g, "$1");
  if (expansion.startsWith("$((") || expansion.startsWith("${")) return undefined;
  return expansion.slice(2, -1);
}

export function shellSplitUncached(script: string): string[][] {
  return split(script, 0);
}

/** `depth`: how many command substitutions hold the script; past MAX_SUBSTITUTIONS their commands are not read. */
function split(script: string, depth: number): string[][] {
  const s = script;
  const commands: string[][] = [];
  let cur: string[] = [];
  /** Commands of the substitutions in the current command: they follow it. */
  let nested: string[][] = [];
  let tok = "";
  let inTok = false;
  /** Some of the token was quoted or escaped: `"if"` is a word, not a reserved one. */
  let quoted = false;
  /** What the next word is: a redirection's target (dropped), a heredoc's delimiter, or a function's name. */
  let next: "word" | "target" | "heredoc" | "heredoc-strip" | "function-name" = "word";
  /** Heredocs whose documents start after the current line: delimiter, `<<-`, and the command reading it. */
  const heredocs: { delimiter: string; strip: boolean; command: string[] }[] = [];
  /** `case` nesting: whether the next words are a pattern (up to its `)`) or a branch's commands. */
  const cases: ("header" | "pattern" | "body")[] = [];

  const endTok = () => {
    if (inTok) word(tok, quoted);
    tok = "";
    inTok = false;
    quoted = false;
  };
  const word = (w: string, wasQuoted: boolean) => {
    const kind = next;
    next = "word";
    if (kind === "target") return;
    if (kind === "heredoc" || kind === "heredoc-strip") {
      heredocs.push({ delimiter: w, strip: kind === "heredoc-strip", command: cur });
      return;
    }
    if (kind === "function-name") return;
    const caseState = cases[cases.length - 1];
    if (caseState === "pattern") {
      if (w === "esac" && !wasQuoted) cases.pop();
      return;
    }
    if (caseState === "header") {
      if (w === "in" && !wasQuoted && cur.length === 2 && cur[0] === "case") {
        cases[cases.length - 1] = "pattern";
        cur = [];
        return;
      }
    }
    if (cur.length === 0 && !wasQuoted) {
      if (w === "esac" && caseState === "body") cases.pop();
      if (RESERVED.has(w)) return;
      if (w === "function") {
        next = "function-name";
        return;
      }
      if (w === "case") cases.push("header");
    }
    cur.push(w);
  };
  const endCmd = () => {
    endTok();
    next = "word";
    // `for NAME in WORDS` and `select …` only name a loop's values.
    if (cur.length > 0 && cur[0] !== "for" && cur[0] !== "select") commands.push(cur);
    for (const c of nested) commands.push(c);
    cur = [];
    nested = [];
  };
  /** At a newline: skip the documents of the heredocs the line opened. */
  const heredocBodies = (from: number): number => {
    let i = from;
    for (const h of heredocs.splice(0)) {
      const start = i;
      let body = "";
      for (;;) {
        if (i >= s.length) {
          body = s.slice(start);
          break;
        }
        const nl = s.indexOf("\n", i);
        const end = nl < 0 ? s.length : nl;
        const line = s.slice(i, end).replace(/\r$/, "");
        if ((h.strip ? line.replace(/^\t+/, "") : line) === h.delimiter) {
          body = s.slice(start, i);
          i = nl < 0 ? s.length : nl + 1;
          break;
        }
        i = nl < 0 ? s.length : nl + 1;
      }
      h.command.push(body);
    }
    return i;
  };

  let i = 0;
  while (i < s.length) {
    // A run of ordinary characters joins the current word in one step.
    PLAIN.lastIndex = i;
    const run = PLAIN.exec(s);
    if (run) {
      tok += run[0];
      inTok = true;
      i += run[0].length;
      continue;
    }
    const ch = s[i] as string;
    if (ch === "\\") {
      if (s[i + 1] === "\n") {
        i += 2;
        continue;
      }
      if (s[i + 1] === "\r" && s[i + 2] === "\n") {
        i += 3;
        continue;
      }
      tok += s[i + 1] ?? "";
      inTok = true;
      quoted = true;
      i += 2;
      continue;
    }
    if (ch === "'") {
      const j = s.indexOf("'", i + 1);
      const end = j < 0 ? s.length : j;
      tok += s.slice(i + 1, end);
      inTok = true;
      quoted = true;
      i = end + 1;
      continue;
    }
    if (ch === '"') {
      const end = quotedEnd(s, i);
      const closed = s[end - 1] === '"' && end - 1 > i;
      const inner = s.slice(i + 1, closed ? end - 1 : end);
      let j = 0;
      while (j < inner.length) {
        const c = inner[j] as string;
        if (c === "\\" && j + 1 < inner.length && '"\\$`\n'.includes(inner[j + 1] as string)) {
          if (inner[j + 1] !== "\n") tok += inner[j + 1];
          j += 2;
        } else if ((c === "$" && (inner[j + 1] === "(" || inner[j + 1] === "{")) || c === "`") {
          const e = expansionEnd(inner, j);
          substitution(inner.slice(j, e));
          j = e;
        } else {
          tok += c;
          j++;
        }
      }
      inTok = true;
      quoted = true;
      i = end;
      continue;
    }
    if ((ch === "$" && (s[i + 1] === "(" || s[i + 1] === "{")) || ch === "`") {
      const e = expansionEnd(s, i);
      substitution(s.slice(i, e));
      inTok = true;
      i = e;
      continue;
    }
    if (ch === "#" && !inTok) {
      while (i < s.length && s[i] !== "\n") i++;
      continue;
    }
    if (ch === " " || ch === "\t" || ch === "\r") {
      endTok();
      i++;
      continue;
    }
    if (ch === ">" || ch === "<" || (ch === "&" && s[i + 1] === ">")) {
      // A redirection: `2>&1`, `> log`, `&>> log`, `<<EOF`, `<<< word`. Its operator and target are no words.
      if (inTok && /^[0-9]+$/.test(tok) && !quoted) {
        tok = "";
        inTok = false;
      } else endTok();
      if (s.startsWith("<<<", i)) {
        next = "target";
        i += 3;
      } else if (s.startsWith("<<", i)) {
        next = s[i + 2] === "-" ? "heredoc-strip" : "heredoc";
        i += next === "heredoc-strip" ? 3 : 2;
      } else {
        const op = /^(&>>|&>|>>|>&|<&|>\||<>|>|<)/.exec(s.slice(i, i + 3))?.[0] ?? ch;
        next = "target";
        i += op.length;
      }
      continue;
    }
    if (cases[cases.length - 1] === "pattern" && (ch === "|" || ch === "(" || ch === ")")) {
      // A `case` pattern's alternatives and its closing `)`: the branch's commands follow.
      endTok();
      if (ch === ")") cases[cases.length - 1] = "body";
      i++;
      continue;
    }
    if (ch === "(" && s[i + 1] === "(" && !inTok && (cur.length === 0 || (cur.length === 1 && cur[0] === "for"))) {
      // `(( n++ ))`: arithmetic, one word (read back as `n++`); `for (( … ))` only counts.
      const end = groupEnd(s, i);
      const loop = cur.length === 1;
      endCmd();
      if (!loop) commands.push([s.slice(i + 2, Math.max(i + 2, end - 2)).trim()]);
      i = end;
      continue;
    }
    if (
      ch === "(" &&
      isFunctionName(inTok ? tok : cur[0], cur.length + (inTok ? 1 : 0)) &&
      /^[ \t]*\)/.test(s.slice(i + 1, i + 32))
    ) {
      // `name() { … }`: a function's definition; its body's commands are the script's.
      tok = "";
      inTok = false;
      quoted = false;
      cur = [];
      i = s.indexOf(")", i) + 1;
      continue;
    }
    if (ch === ";" && s[i + 1] === ";" && cases[cases.length - 1] === "body") {
      // `;;`, `;&`, `;;&`: the branch ends, the next pattern follows.
      endCmd();
      cases[cases.length - 1] = "pattern";
      i += s[i + 2] === "&" ? 3 : 2;
      continue;
    }
    if (ch === ";" && s[i + 1] === "&" && cases[cases.length - 1] === "body") {
      endCmd();
      cases[cases.length - 1] = "pattern";
      i += 2;
      continue;
    }
    if (ch === "\n") {
      endCmd();
      i = heredocBodies(i + 1);
      continue;
    }
    if (ch === ";" || ch === "&" || ch === "|" || ch === "(" || ch === ")") {
      endCmd();
      i++;
      continue;
    }
    tok += ch;
    inTok = true;
    i++;
  }
  endCmd();
  if (heredocs.length > 0) heredocBodies(s.length);
  return commands;

  /** An expansion inside a word: kept as written; a command substitution's commands run too. */
  function substitution(expansion: string): void {
    tok += expansion;
    inTok = true;
    const inner = substitutionScript(expansion);
    if (inner !== undefined && depth < MAX_SUBSTITUTIONS) for (const c of split(inner, depth + 1)) nested.push(c);
  }
}
