import { describe, expect, it } from "vitest";
import { parseStream, WORKFLOW_YAML_SCHEMA } from "./parse.js";
import { SourceFile } from "./types.js";

function parse(text: string) {
  return parseStream(new SourceFile("t.yaml", text));
}

function pos(text: string, path: (string | number)[], at: "key" | "value" = "value") {
  const { documents } = parse(text);
  const doc = documents[0];
  if (!doc) throw new Error("no document");
  const loc = doc.nodes.locate(path);
  if (!loc) throw new Error("not located");
  const span = at === "key" ? loc.key : loc.value;
  if (!span) throw new Error("no key span");
  const p = doc.file.lines.position(span.start);
  return { ...p, exact: loc.exact, text: text.slice(span.start, span.end) };
}

describe("positions", () => {
  const text = [
    "apiVersion: v1", // 1
    "kind: Pod", // 2
    "metadata:", // 3
    "  name: p # a comment", // 4
    "spec:", // 5
    "  containers:", // 6
    "    - name: main", // 7
    "      image: &img busybox:1.36", // 8
    "      env:", // 9
    "        - {name: A, value: '1'}", // 10
    '        - name: "quoted key ok"', // 11
    "          value: |", // 12
    "            text", // 13
    "    -   name: second", // 14
    "        image: *img", // 15
  ].join("\n");

  it("finds scalar values, keys, and values in flow mappings", () => {
    expect(pos(text, ["metadata", "name"])).toMatchObject({ line: 4, column: 9, text: "p", exact: true });
    expect(pos(text, ["metadata", "name"], "key")).toMatchObject({ line: 4, column: 3, text: "name" });
    expect(pos(text, ["spec", "containers", 0, "image"])).toMatchObject({ line: 8, column: 19, text: "busybox:1.36" });
    expect(pos(text, ["spec", "containers", 0, "env", 0, "value"])).toMatchObject({
      line: 10,
      column: 28,
      text: "'1'",
    });
    expect(pos(text, ["spec", "containers", 0, "env", 1, "name"])).toMatchObject({ line: 11, column: 17 });
    expect(pos(text, ["spec", "containers", 0, "env", 1, "value"])).toMatchObject({ line: 12, column: 18 });
    expect(pos(text, ["spec", "containers", 1, "name"])).toMatchObject({ line: 14, column: 15, text: "second" });
    expect(pos(text, ["spec", "containers", 1, "image"])).toMatchObject({ line: 15, column: 16, text: "*img" });
  });

  it("falls back to the deepest existing ancestor for a missing path", () => {
    expect(pos(text, ["spec", "containers", 0, "resources", "limits"])).toMatchObject({ line: 7, exact: false });
  });

  it("keeps positions absolute across documents", () => {
    const multi = "a: 1\n---\nkind: X\nb:\n  c: 2\n";
    const { documents } = parse(multi);
    expect(documents).toHaveLength(2);
    const second = documents[1];
    const loc = second?.nodes.locate(["b", "c"]);
    expect(second?.file.lines.position(loc?.value.start ?? 0)).toEqual({ line: 5, column: 6 });
  });

  it("spans the whole of a block scalar that is a sequence entry", () => {
    const script = "args:\n- |\n  mpirun -np 2 \\\n    -x NCCL_DEBUG=INFO\n- next\n";
    expect(pos(script, ["args", 0])).toMatchObject({ line: 2, column: 3 });
    expect(pos(script, ["args", 0]).text).toBe("|\n  mpirun -np 2 \\\n    -x NCCL_DEBUG=INFO");
  });

  it("finds a word inside a value's source, exactly", () => {
    const script = "args:\n- |\n  mpirun -np 2 \\\n    -x NCCL_DEBUG=INFO\n";
    const doc = parse(script).documents[0];
    const span = doc?.nodes.find(["args", 0], "NCCL_DEBUG=INFO");
    expect(span && doc?.file.lines.position(span.start)).toEqual({ line: 4, column: 8 });
    expect(doc?.nodes.find(["args", 0], "NCCL_ALGO")).toBeUndefined();
  });

  it("reads JSON with positions", () => {
    const json = '{\n  "kind": "Pod",\n  "spec": {"containers": [{"name": "x"}]}\n}\n';
    expect(pos(json, ["spec", "containers", 0, "name"])).toMatchObject({ line: 3, column: 36, text: '"x"' });
  });
});

describe("YAML 1.1 scalars, as the API server reads them", () => {
  it("reads yes/no/on/off as booleans and a leading zero as octal", () => {
    const { documents } = parse(
      "a: yes\nb: off\nc: 0644\nd: 0x1F\ne: 1_000\nf: '0644'\ng: 1.5\nh: ~\ni: true\nj: 2024-01-01\nk: .inf\n",
    );
    expect(documents[0]?.value).toEqual({
      a: true,
      b: false,
      c: 420,
      d: 31,
      e: 1000,
      f: "0644",
      g: 1.5,
      h: null,
      i: true,
      j: "2024-01-01",
      k: Number.POSITIVE_INFINITY,
    });
  });
});

describe("bad input", () => {
  it("reports a syntax error at its line and keeps the other documents", () => {
    const { documents, problems } = parse("a: 1\n---\nb: [1, 2\n---\nc: 3\n");
    expect(documents.map((d) => d.value)).toEqual([{ a: 1 }, { c: 3 }]);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.ruleId).toBe("schema/yaml-syntax");
  });

  it("reports duplicate keys", () => {
    const { problems } = parse("a: 1\na: 2\n");
    expect(problems[0]?.message).toMatch(/duplicate key: the API server rejects/);
    // A workflow's is GitHub's to reject.
    const wf = parseStream(new SourceFile("ci.yml", "on: push\njobs: {}\njobs: {}\n"), WORKFLOW_YAML_SCHEMA);
    expect(wf.problems[0]?.message).toMatch(/duplicate key: GitHub rejects a workflow/);
  });

  it("refuses an alias bomb without expanding it", () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(",")}]`);
    }
    const started = Date.now();
    const { documents, problems } = parse(lines.join("\n"));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(documents).toHaveLength(0);
    expect(problems[0]?.message).toMatch(/alias/);
  });

  it("refuses absurd nesting without a stack overflow", () => {
    const { documents, problems } = parse(`a: ${"[".repeat(5000)}${"]".repeat(5000)}\n`);
    expect(documents).toHaveLength(0);
    expect(problems[0]?.message).toMatch(/nests too deeply/);
  });

  it("recognises an unrendered Helm template", () => {
    const { problems } = parse("{{- if .Values.x }}\napiVersion: v1\nkind: ConfigMap\n{{- end }}\n");
    expect(problems[0]?.ruleId).toBe("schema/unrendered-template");
  });

  it("leaves template markers inside strings alone", () => {
    const { documents, problems } = parse('kind: ConfigMap\ndata:\n  a: "{{ .Values.x }}"\n');
    expect(problems).toEqual([]);
    expect(documents).toHaveLength(1);
  });
});
