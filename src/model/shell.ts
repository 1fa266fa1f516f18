// A POSIX shell script split into simple commands of words: quotes, escapes, `\` line
// continuations and comments, as a container's `sh -c` script is read. Moved out of launcher.ts
// unchanged; the launcher reader (launcher.ts) and the serving reader (serving.ts) use it.

/**
 * Scripts already split: the pod sets of one job, and the jobs rendered from one template, carry
 * the same `bash -c` script. The answer is shared, so callers must not mutate it. Cleared when
 * full, so unusual input cannot grow it without bound.
 */
const SPLIT = new Map<string, string[][]>();
const SPLIT_MAX = 2048;

/** Splits a POSIX shell script into simple commands of words (quotes, escapes, `\` newlines, comments). */
export function shellSplit(script: string): string[][] {
  let commands = SPLIT.get(script);
  if (commands === undefined) {
    if (SPLIT.size >= SPLIT_MAX) SPLIT.clear();
    commands = shellSplitUncached(script);
    SPLIT.set(script, commands);
  }
  return commands;
}

export function shellSplitUncached(script: string): string[][] {
  const commands: string[][] = [];
  let cur: string[] = [];
  let tok = "";
  let inTok = false;
  const endTok = () => {
    if (inTok) cur.push(tok);
    tok = "";
    inTok = false;
  };
  const endCmd = () => {
    endTok();
    if (cur.length > 0) commands.push(cur);
    cur = [];
  };
  let i = 0;
  const s = script;
  while (i < s.length) {
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
      i += 2;
      continue;
    }
    if (ch === "'") {
      const j = s.indexOf("'", i + 1);
      const end = j < 0 ? s.length : j;
      tok += s.slice(i + 1, end);
      inTok = true;
      i = end + 1;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      while (j < s.length && s[j] !== '"') {
        if (s[j] === "\\" && j + 1 < s.length && '"\\$`\n'.includes(s[j + 1] as string)) {
          if (s[j + 1] !== "\n") tok += s[j + 1];
          j += 2;
          continue;
        }
        tok += s[j];
        j++;
      }
      inTok = true;
      i = j + 1;
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
    if (ch === "\n" || ch === ";" || ch === "&" || ch === "|" || ch === "(" || ch === ")" || ch === "`") {
      endCmd();
      i++;
      continue;
    }
    tok += ch;
    inTok = true;
    i++;
  }
  endCmd();
  return commands;
}
