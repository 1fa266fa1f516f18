// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ }} is GitHub Actions expression syntax
import { describe, expect, it } from "vitest";
import { buildSet } from "../check.js";
import { SourceFile } from "../load/types.js";
import { parseUses, workflowsOf } from "./workflow.js";
import { findTemplates, parseExpression } from "./workflow-expression.js";

function model(text: string, path = ".github/workflows/ci.yml") {
  const file = new SourceFile(path, text);
  const { set } = buildSet([file]);
  const [wf] = workflowsOf(set);
  if (!wf) throw new Error("no workflow");
  return { wf, file };
}

const WORKFLOW = `name: train
on:
  push:
  pull_request:
    types: [opened, synchronize]
jobs:
  build:
    runs-on: [self-hosted, gpu]
    strategy:
      matrix:
        py: ['3.11', '3.12']
    steps:
      - id: v
        run: echo "v=\${{ matrix.py }}" >> "$GITHUB_OUTPUT"
      - uses: actions/checkout@v4
        if: \${{ steps.v.outputs.v != '' }}
  test:
    needs: [build]
    if: success() && github.ref == 'refs/heads/main'
    runs-on: ubuntu-latest
    steps: [{run: "echo \${{ needs.build.result }} \${{ github.sha }}"}]
  call:
    needs: test
    uses: org/repo/.github/workflows/release.yml@v1
    secrets: inherit
`;

describe("workflow model", () => {
  it("models triggers, jobs, steps, needs, matrices and reusable calls", () => {
    const { wf } = model(WORKFLOW);
    expect(wf.kind).toBe("Workflow");
    expect(wf.resource.ref).toEqual({ apiVersion: "github.com/actions", kind: "Workflow", name: "train" });
    expect(wf.triggers.map((t) => t.event)).toEqual(["push", "pull_request"]);
    expect(wf.triggers[1]?.types.map((t) => t.value)).toEqual(["opened", "synchronize"]);
    expect(wf.jobs.map((j) => j.id)).toEqual(["build", "test", "call"]);
    const [build, test, call] = wf.jobs;
    expect(build?.labels.map((l) => l.value)).toEqual(["self-hosted", "gpu"]);
    expect(build?.matrix).toEqual({ py: ["3.11", "3.12"] });
    expect(build?.steps.map((s) => s.id ?? s.uses)).toEqual(["v", "actions/checkout@v4"]);
    expect(test?.needs).toEqual([{ value: "build", path: ["jobs", "test", "needs", 0] }]);
    expect(call?.needs.map((n) => n.value)).toEqual(["test"]);
    expect(call?.uses).toBe("org/repo/.github/workflows/release.yml@v1");
  });

  it("finds every expression with its exact offset and availability key", () => {
    const { wf, file } = model(WORKFLOW);
    const found = wf.expressions.map((e) => {
      const pos = e.offset === undefined ? undefined : file.lines.position(e.offset);
      return `${pos?.line}:${pos?.column} ${e.where} ${e.implicit ? "implicit " : ""}${e.source.trim()}`;
    });
    expect(found).toEqual([
      "14:22 jobs.<job_id>.steps.run matrix.py",
      "16:13 jobs.<job_id>.steps.if steps.v.outputs.v != ''",
      "19:9 jobs.<job_id>.if implicit success() && github.ref == 'refs/heads/main'",
      "21:25 jobs.<job_id>.steps.run needs.build.result",
      "21:51 jobs.<job_id>.steps.run github.sha",
    ]);
    const refs = wf.expressions[1]?.parsed.refs;
    expect(refs).toEqual([{ root: "steps", path: ["v", "outputs", "v"], at: 1, inBooleanCall: false }]);
  });

  it("gives each ${{ }} its exact span, in block scalars, quoted strings and folded lines", () => {
    const text = [
      "on: push",
      "jobs:",
      "  a:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - run: |",
      "          echo start",
      '          echo "${{ github.event.head_commit.message }}" ${{ env.A }}',
      '      - run: "echo \\"${{ github.ref }}\\""',
      "      - run: >-",
      "          echo ${{",
      "            github.sha }}",
      "      - if: github.ref == 'refs/heads/main'",
      "        run: echo '${{ github.actor }}'",
      "",
    ].join("\n");
    const { wf, file } = model(text);
    const shown = wf.expressions.map((e) => {
      if (!e.span) return "none";
      const a = file.lines.position(e.span.start);
      return `${a.line}:${a.column} ${text.slice(e.span.start, e.span.end)}`;
    });
    expect(shown).toEqual([
      "8:17 ${{ github.event.head_commit.message }}",
      "8:58 ${{ env.A }}",
      "9:22 ${{ github.ref }}",
      "11:16 ${{\n            github.sha }}",
      "13:13 github.ref == 'refs/heads/main'",
      "14:20 ${{ github.actor }}",
    ]);
    expect(wf.expressions.map((e) => e.offset)).toEqual(wf.expressions.map((e) => e.span?.start));
  });

  it("reads an explicitly given file with on: and jobs: as a workflow", () => {
    const { set } = buildSet([
      new SourceFile("ci/build.yaml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: make}]\n"),
    ]);
    expect(set.workflows).toHaveLength(1);
    expect(set.resources).toHaveLength(0);
    expect(workflowsOf(set)[0]?.triggers.map((t) => t.event)).toEqual(["push"]);
  });

  it("models composite actions", () => {
    const { wf } = model(
      "name: setup\nruns:\n  using: composite\n  steps:\n    - run: echo ${{ inputs.version }}\n      shell: bash\n",
      "action.yml",
    );
    expect(wf.kind).toBe("Action");
    expect(wf.actionSteps).toHaveLength(1);
    expect(wf.expressions[0]?.parsed.refs[0]?.root).toBe("inputs");
  });
});

describe("expressions", () => {
  it("collects context references, marking those inside contains/startsWith/endsWith", () => {
    const p = parseExpression(
      "contains(github.event.issue.title, 'x') || github.event.commits.*.message[0] == format('{0}', env.A)",
    );
    expect(p.error).toBeUndefined();
    expect(p.refs.map((r) => `${r.root}.${r.path.join(".")}${r.inBooleanCall ? " (bool)" : ""}`)).toEqual([
      "github.event.issue.title (bool)",
      "github.event.commits.*.message.*",
      "env.A",
    ]);
    expect(p.calls.map((c) => c.name)).toEqual(["contains", "format"]);
  });

  it("finds templates, honouring }} inside string literals", () => {
    expect(findTemplates("a ${{ format('}}') }} b ${{ x }}").map((t) => t.inner)).toEqual([" format('}}') ", " x "]);
    expect(findTemplates("${{ x").map((t) => t.unclosed)).toEqual([true]);
  });

  it("parses uses references", () => {
    expect(parseUses("actions/checkout@v4")).toEqual({
      kind: "repo",
      repo: "actions/checkout",
      subpath: undefined,
      ref: "v4",
    });
    expect(parseUses("github/codeql-action/init@v3")?.subpath).toBe("init");
    expect(parseUses("./local")?.kind).toBe("local");
    expect(parseUses("actions/checkout")).toBeUndefined();
  });
});
