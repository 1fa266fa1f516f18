import { describe, expect, it } from "vitest";
import { parseExpression } from "./workflow-expression.js";

const refs = (src: string) =>
  parseExpression(src).refs.map((r) => `${r.root}.${r.path.join(".")}${r.inBooleanCall ? " (bool)" : ""}@${r.at}`);

describe("parseExpression (GitHub's grammar, @actions/expressions)", () => {
  it("accepts what GitHub's grammar accepts, which the hand-written tokenizer rejected", () => {
    // Signed numbers, Infinity, binary and octal literals, and a trailing comma in a call.
    for (const src of ["+1", "-Infinity", "0b101 == 5", "0o7", "format('{0}', github.ref,)"])
      expect(parseExpression(src).error, src).toBeUndefined();
  });

  it("rejects what GitHub's grammar rejects, which the hand-written parser accepted", () => {
    // A property of a literal: only contexts, calls and parenthesised expressions take one.
    expect(parseExpression("'abc'.length").error?.message).toMatch(/unexpected "\.length"/);
    expect(parseExpression("true.x").error?.at).toBe(4);
  });

  it("gives each error the offset of the symbol at fault, with a hint for symbols borrowed from other languages", () => {
    const e = (src: string) => {
      const err = parseExpression(src).error;
      return err ? `${err.message} @${err.at}` : "ok";
    };
    expect(e("github.ref = 'main'")).toBe('"=" is not an operator; compare with "==" @11');
    expect(e('github.ref == "main"')).toBe("strings in expressions use single quotes ('…'), not double quotes @14");
    expect(e("github.a & github.b")).toBe('"&" is not an operator; use "&&" @9');
    expect(e("github.ref == 'main")).toBe("string literal is not closed with ' @14");
    expect(e("a b")).toBe('unexpected "b" @2');
    expect(e("(github.ref")).toBe('unexpected end of the expression after "ref" @11');
    expect(e("github.ref ==")).toBe('unexpected end of the expression after "==" @13');
    expect(e("github.ref ? 'a' : 'b'")).toBe('unexpected "?" @11');
    expect(e("")).toBe("the expression is empty @0");
    expect(e("  ")).toBe("the expression is empty @0");
  });

  it("reports the arity of GitHub's own functions and of the workflow functions", () => {
    expect(parseExpression("contains(github.ref)").error?.message).toBe("too few arguments to contains() (it takes 2)");
    expect(parseExpression("success(1)").error?.message).toBe("too many arguments to success() (it takes none)");
    expect(parseExpression("hashFiles()").error?.message).toBe("too few arguments to hashFiles() (it takes 1 or more)");
    expect(parseExpression("case(github.a, 'x')").error?.message).toMatch(/too few arguments to case\(\)/);
    expect(parseExpression("case(github.a, 'x', github.b, 'y')").error?.message).toMatch(/odd number of arguments/);
  });

  it("reads unknown contexts and functions as references and calls, for the rules to judge", () => {
    const p = parseExpression("secret.TOKEN || myFunc(github.event.issue.title)");
    expect(p.error).toBeUndefined();
    expect(p.refs.map((r) => r.root)).toEqual(["secret", "github"]);
    expect(p.calls.map((c) => `${c.name}/${c.args}`)).toEqual(["myFunc/1"]);
  });

  it("collects references with exact offsets, across lines, after multi-line strings", () => {
    expect(
      refs("contains(github.event.issue.title, 'x') || github.event.commits.*.message[0] == format('{0}', env.A)"),
    ).toEqual(["github.event.issue.title (bool)@9", "github.event.commits.*.message.*@43", "env.A@94"]);
    expect(refs("steps.x.outputs['a-b'] && github[matrix.key]")).toEqual([
      "steps.x.outputs.a-b@0",
      "github.*@26",
      "matrix.key@33",
    ]);
    expect(refs("'a\nb' == github.ref\n  && env.X")).toEqual(["github.ref@9", "env.X@25"]);
    // Context names are case-insensitive, as GitHub reads them.
    expect(refs("GitHub.ref")).toEqual(["github.ref@0"]);
  });

  it("collects calls with their offsets and argument counts", () => {
    expect(parseExpression("format('{0}', join(github.event.commits.*.id, ','))").calls).toEqual([
      { name: "format", args: 2, at: 0 },
      { name: "join", args: 2, at: 14 },
    ]);
  });
});
