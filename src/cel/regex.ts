/**
 * Regular expressions for `find` and `findAll`. CEL's `matches` runs on @bufbuild/re2 (an RE2
 * engine, so its syntax and linear time are Kubernetes'), but that engine answers only whether a
 * pattern matches. To return the matched text, a pattern is first validated by RE2 (so what RE2
 * refuses, such as back-references and look-arounds, is refused here too) and then run by
 * JavaScript's engine after translating the RE2 spellings JavaScript reads differently. RE2 and
 * JavaScript both pick the leftmost-first match, so the matched text is the same.
 */
import { RE2JS } from "@bufbuild/re2";

const cache = new Map<string, RegExp>();

function translate(pattern: string): { source: string; flags: string } {
  let source = pattern;
  let flags = "u";
  // Leading flag group, e.g. (?i) or (?is).
  const lead = /^\(\?([imsU]+)\)/.exec(source);
  if (lead) {
    const f = lead[1] ?? "";
    if (f.includes("U")) throw new Error(`regex flag U (ungreedy) is not supported by find/findAll: ${pattern}`);
    flags += [...f].filter((c) => c !== "U").join("");
    source = source.slice(lead[0].length);
  }
  source = source
    .replace(/\(\?P</g, "(?<")
    .replace(/\\z/g, "$(?![\\s\\S])")
    .replace(/\\A/g, "^(?<![\\s\\S])")
    .replace(/\\p([A-Z])/g, "\\p{$1}")
    .replace(/\\P([A-Z])/g, "\\P{$1}");
  const posix: Record<string, string> = {
    alnum: "0-9A-Za-z",
    alpha: "A-Za-z",
    ascii: "\\x00-\\x7F",
    blank: "\\t ",
    cntrl: "\\x00-\\x1F\\x7F",
    digit: "0-9",
    graph: "!-~",
    lower: "a-z",
    print: " -~",
    punct: "!-\\/:-@\\[-`{-~",
    space: "\\t\\n\\v\\f\\r ",
    upper: "A-Z",
    word: "0-9A-Za-z_",
    xdigit: "0-9A-Fa-f",
  };
  source = source.replace(/\[:(\^?)([a-z]+):\]/g, (whole, neg: string, name: string) => {
    const cls = posix[name];
    if (!cls || neg) throw new Error(`regex class ${whole} is not supported by find/findAll`);
    return cls;
  });
  if (/\(\?[a-zA-Z]/.test(source))
    throw new Error(`regex inline flags inside the pattern are not supported by find/findAll: ${pattern}`);
  return { source, flags };
}

/** A JavaScript RegExp that finds what RE2 would find; throws (a CEL error) on a bad pattern. */
export function compileFindRegex(pattern: string, global = false): RegExp {
  const key = `${global ? "g" : "-"}${pattern}`;
  const hit = cache.get(key);
  if (hit) {
    hit.lastIndex = 0;
    return hit;
  }
  try {
    RE2JS.compile(pattern);
  } catch (e) {
    throw new Error(`invalid regex ${JSON.stringify(pattern)}: ${(e as Error).message}`);
  }
  const { source, flags } = translate(pattern);
  const re = new RegExp(source, global ? `${flags}g` : flags);
  if (cache.size > 512) cache.clear();
  cache.set(key, re);
  return re;
}
