// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} is HCL interpolation syntax, not a JS template
import { describe, expect, it } from "vitest";
import { type HclAttribute, type HclBlock, type HclExpr, parseHcl } from "./hcl.js";

function attr(text: string): HclExpr {
  const f = parseHcl(`a = ${text}\n`);
  expect(f.errors).toEqual([]);
  return (f.body.items[0] as HclAttribute).expr;
}

describe("parseHcl", () => {
  it("reads blocks with labels, nested blocks and attributes, with their offsets", () => {
    const src =
      'resource "aws_eks_node_group" "gpu" {\n  instance_types = ["p5.48xlarge"]\n  scaling_config {\n    min_size = 0\n  }\n}\n';
    const f = parseHcl(src);
    expect(f.errors).toEqual([]);
    const b = f.body.items[0] as HclBlock;
    expect(b.type).toBe("resource");
    expect(b.labels).toEqual(["aws_eks_node_group", "gpu"]);
    const it0 = b.body.items[0] as HclAttribute;
    expect(src.slice(it0.expr.span.start, it0.expr.span.end)).toBe('["p5.48xlarge"]');
    const inner = b.body.items[1] as HclBlock;
    const min = inner.body.items[0] as HclAttribute;
    expect(src.slice(min.nameSpan.start, min.expr.span.end)).toBe("min_size = 0");
  });

  it("keeps operator precedence: * before +, comparisons before &&, && before ||, then ?:", () => {
    const e = attr("1 + 2 * 3 > 6 && true || false ? 1 : 0");
    expect(e.type).toBe("conditional");
    const c = (e as { condition: HclExpr }).condition as { op: string; left: { op: string } };
    expect(c.op).toBe("||");
    expect(c.left.op).toBe("&&");
  });

  it("reads templates: escapes, $${ and interpolations", () => {
    const e = attr('"a\\"b $${x} ${var.y}-z"');
    expect(e.type).toBe("template");
    const parts = (e as { parts: unknown[] }).parts;
    expect(parts[0]).toBe('a"b ${x} ');
    expect((parts[1] as HclExpr).type).toBe("getattr");
    expect(parts[2]).toBe("-z");
  });

  it("reads heredocs, stripping the common indent of <<-", () => {
    const f = parseHcl("a = <<-EOT\n    x\n      y\n  EOT\nb = 1\n");
    expect(f.errors).toEqual([]);
    expect((f.body.items[0] as HclAttribute).expr).toMatchObject({ type: "template", parts: ["x\n  y\n"] });
    expect((f.body.items[1] as HclAttribute).name).toBe("b");
  });

  it("reads for expressions, splats, legacy indexes and function calls with ...", () => {
    expect(attr('[for s in var.l : upper(s) if s != ""]').type).toBe("for");
    expect(attr("{ for k, v in var.m : k => v... }").type).toBe("for");
    expect(attr("aws_instance.a[*].id").type).toBe("getattr");
    expect(attr("var.l.0").type).toBe("index");
    expect(attr("concat(var.a, var.b...)")).toMatchObject({ type: "call", name: "concat", expandFinal: true });
    expect(attr("provider::aws::arn_parse(x)")).toMatchObject({ type: "call", name: "provider::aws::arn_parse" });
  });

  it("reads objects with = or :, commas or newlines, and quoted or expression keys", () => {
    const e = attr('{\n  a = 1\n  "b.c" : 2, (var.k) = 3\n}');
    expect(e.type).toBe("object");
    expect((e as { items: unknown[] }).items).toHaveLength(3);
  });

  it("lets a newline end an attribute only outside brackets", () => {
    const f = parseHcl("a = [\n  1,\n  2,\n]\nb = (1 +\n 2)\n");
    expect(f.errors).toEqual([]);
    expect(f.body.items).toHaveLength(2);
  });

  it("turns syntax errors into problems at their offset and goes on with the next line", () => {
    const src = 'x = \ny = "ok"\nz = [1, 2\nw = 3\nresource "a" "b" {\n';
    const f = parseHcl(src);
    const names = f.body.items.map((i) => (i.kind === "attribute" ? i.name : i.type));
    expect(names).toContain("y");
    expect(f.errors.map((e) => e.message)).toEqual([
      "expected an expression, found the end of the line",
      expect.stringMatching(/expected `,` or `]`/),
      "this block is never closed: add its `}`",
    ]);
    expect(src.slice(f.errors[0]?.offset ?? 0).startsWith("\ny")).toBe(true);
    expect(src.slice(f.errors[2]?.offset ?? 0)).toBe("{\n");
  });

  it("closes the block at a `}` where the error was found", () => {
    const f = parseHcl("a { x = }\nb = 1\n");
    expect(f.errors.map((e) => e.message)).toEqual([expect.stringMatching(/expected an expression/)]);
    expect(f.body.items.map((i) => (i.kind === "attribute" ? i.name : i.type))).toEqual(["a", "b"]);
  });

  it("never throws on arbitrary input", () => {
    for (const s of ["{{{{", '"${', "a = <<EOT\n", "/* x", "}}}", "a = b ? : c", "a = [for]", "\u0000", "a.b.c = 1"]) {
      expect(() => parseHcl(s)).not.toThrow();
    }
  });

  it("refuses absurd nesting with a problem, not a stack overflow", () => {
    const f = parseHcl(`a = ${"[".repeat(5000)}${"]".repeat(5000)}\n`);
    expect(f.errors[0]?.message).toMatch(/nests too deeply/);
  });
});
