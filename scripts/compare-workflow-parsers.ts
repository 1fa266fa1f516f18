// `node --import tsx scripts/compare-workflow-parsers.ts [--dump] [paths…]`: GitHub's own workflow
// parser (@actions/workflow-parser, the schema and reader of GitHub's editor tooling) and
// expression parser (@actions/expressions) against mlgate's model, on the same workflows.
//
// Inputs: ../shared/ci-llm-sample (unless paths are given), the repository's workflow fixtures,
// and every ci/* rule example. For each file it prints what GitHub's parser rejects and what
// mlgate's structural rules report, matched by line; then every `${{ }}` expression mlgate's model
// finds, parsed by both expression parsers; then the time of each, in one run.
// Not a test (it reads ../shared); docs/ARCHITECTURE.md ("Workflow parsers compared") holds its results.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { Lexer, Parser } from "@actions/expressions";
import { NoOperationTraceWriter, parseWorkflow } from "@actions/workflow-parser";
import { parseAction } from "@actions/workflow-parser/actions/action-parser";
import { CONTEXTS, WORKFLOW_FUNCTIONS } from "../src/catalog/github-actions.js";
import { checkTexts } from "../src/check.js";
import { parseStream, WORKFLOW_YAML_SCHEMA } from "../src/load/parse.js";
import { SourceFile } from "../src/load/types.js";
import { toWorkflow } from "../src/model/workflow.js";
import { parseExpression } from "../src/model/workflow-expression.js";
import { ALL_RULES } from "../src/rules/index.js";

const root = join(new URL(".", import.meta.url).pathname, "..");
const args = process.argv.slice(2);
const dump = args.includes("--dump");
const paths = args.filter((a) => !a.startsWith("--"));

interface Input {
  group: string;
  name: string;
  text: string;
}
const inputs: Input[] = [];
const addDir = (group: string, dir: string) => {
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) addDir(group, p);
    else if (/\.ya?ml$/.test(f)) inputs.push({ group, name: p.replace(`${root}/`, ""), text: readFileSync(p, "utf8") });
  }
};
if (paths.length) for (const p of paths) addDir("given", resolve(p));
else {
  addDir("ci-llm-sample", resolve(root, "../shared/ci-llm-sample"));
  for (const d of [
    "test/fixtures/repo/.github/workflows",
    "test/golden/repo/.github/workflows",
    "docs/examples/.github/workflows",
  ])
    addDir("fixtures", join(root, d));
  // The repository's own action.yml (the mlgate GitHub Action), through GitHub's action schema.
  inputs.push({ group: "action.yml", name: "action.yml", text: readFileSync(join(root, "action.yml"), "utf8") });
  for (const rule of ALL_RULES) {
    if (!rule.id.startsWith("ci/")) continue;
    const ex = rule.examples;
    for (const [kind, list] of [
      ["valid", ex?.valid ?? []],
      ["invalid", ex?.invalid ?? []],
    ] as const)
      list.forEach((e, i) => {
        if (e.path && !/\.github\/workflows\//.test(e.path)) return; // action.yml examples: not workflows
        inputs.push({ group: `examples-${kind}`, name: `${rule.id} ${kind}[${i}]`, text: e.yaml });
      });
  }
}

// Structural findings: what GitHub's parser can decide from the file alone (of ci/permissions, the
// scopes and levels, not the advice about a missing block).
const STRUCTURAL = new Set([
  "schema/yaml-syntax",
  "ci/unknown-key",
  "ci/unknown-event",
  "ci/missing-key",
  "ci/expression-syntax",
  "ci/context-availability",
  "ci/invalid-cron",
]);
const structural = (f: { ruleId: string; message: string }) =>
  STRUCTURAL.has(f.ruleId) ||
  (f.ruleId === "ci/permissions" &&
    /unknown permission scope|is not a permissions value|must be read, write or none|cannot be "/.test(f.message));

interface Row {
  line: number;
  column: number;
  text: string;
}
const isAction = (name: string) => /(^|\/)action\.ya?ml$/.test(name);
const gh = (text: string, name: string): Row[] => {
  const file = { name, content: text };
  const r = isAction(name)
    ? parseAction(file, new NoOperationTraceWriter())
    : parseWorkflow(file, new NoOperationTraceWriter());
  return r.context.errors
    .getErrors()
    .map((e) => ({ line: e.range?.start.line ?? 0, column: e.range?.start.column ?? 0, text: e.rawMessage }));
};
const ml = (text: string, name: string): Row[] =>
  checkTexts([{ path: isAction(name) ? "action.yml" : ".github/workflows/ci.yml", text }])
    .findings.filter(structural)
    .map((f) => ({ line: f.line, column: f.column, text: `${f.ruleId}: ${f.message}` }));

const byGroup = new Map<
  string,
  {
    files: number;
    gh: number;
    ml: number;
    ghFiles: number;
    mlFiles: number;
    both: number;
    sameLine: number;
    sameAt: number;
  }
>();
for (const input of inputs) {
  const g = gh(input.text, basename(input.name));
  const m = ml(input.text, basename(input.name));
  const s = byGroup.get(input.group) ?? {
    files: 0,
    gh: 0,
    ml: 0,
    ghFiles: 0,
    mlFiles: 0,
    both: 0,
    sameLine: 0,
    sameAt: 0,
  };
  s.files++;
  s.gh += g.length;
  s.ml += m.length;
  if (g.length) s.ghFiles++;
  if (m.length) s.mlFiles++;
  if (g.length && m.length) s.both++;
  s.sameLine += g.filter((x) => m.some((y) => y.line === x.line)).length;
  s.sameAt += g.filter((x) => m.some((y) => y.line === x.line && y.column === x.column)).length;
  byGroup.set(input.group, s);
  if (dump && (g.length || m.length)) {
    console.log(`== ${input.name}`);
    for (const x of g) console.log(`  GH ${x.line}:${x.column} ${x.text}`);
    for (const x of m) console.log(`  ML ${x.line}:${x.column} ${x.text}`);
  }
}
console.log(
  "\n| inputs | files | GitHub errors (files) | mlgate structural findings (files) | files both reject | GitHub errors mlgate reports on the same line | … and column |",
);
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const [g, s] of byGroup)
  console.log(
    `| ${g} | ${s.files} | ${s.gh} (${s.ghFiles}) | ${s.ml} (${s.mlFiles}) | ${s.both} | ${s.sameLine} of ${s.gh} | ${s.sameAt} of ${s.gh} |`,
  );

// Expressions: every `${{ }}` and implicit `if:` the model finds, through both parsers.
// GitHub's parser with the contexts and workflow functions mlgate's catalog knows.
const FUNCS = Object.entries(WORKFLOW_FUNCTIONS).map(([name, [minArgs, maxArgs]]) => ({ name, minArgs, maxArgs }));
const ghExpr = (src: string): string | undefined => {
  try {
    new Parser(new Lexer(src).lex().tokens, CONTEXTS, FUNCS).parse();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
};
const exprs: string[] = [];
for (const input of inputs) {
  for (const doc of parseStream(new SourceFile(".github/workflows/ci.yml", input.text), WORKFLOW_YAML_SCHEMA)
    .documents) {
    const w = toWorkflow(doc);
    for (const e of w?.expressions ?? []) if (!e.unclosed) exprs.push(e.source);
  }
}
let both = 0;
let neither = 0;
const onlyGh: string[] = [];
const onlyMl: string[] = [];
for (const src of exprs) {
  const g = ghExpr(src);
  const p = parseExpression(src);
  const mlErr = p.error?.message;
  if (g && mlErr) both++;
  else if (!g && !mlErr) neither++;
  else if (g) onlyGh.push(`${src}  — GitHub: ${g}`);
  else onlyMl.push(`${src}  — mlgate: ${mlErr}`);
}
console.log(
  `\nexpressions: ${exprs.length}; both accept ${neither}, both reject ${both}, only GitHub rejects ${onlyGh.length}, only mlgate rejects ${onlyMl.length}`,
);
for (const x of onlyGh) console.log(`  only GitHub rejects: ${x}`);
for (const x of onlyMl) console.log(`  only mlgate rejects: ${x}`);

// Time, in one run: rounds interleaved, medians of the process's CPU time (user + system, so that
// other processes on a shared machine do not count; on an idle machine it is the wall time).
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const texts = inputs.map((i) => i.text);
const cases: Record<string, () => void> = {
  "mlgate: parse (js-yaml + positions) + workflow model": () => {
    for (const t of texts)
      for (const d of parseStream(new SourceFile(".github/workflows/ci.yml", t), WORKFLOW_YAML_SCHEMA).documents)
        toWorkflow(d);
  },
  "mlgate: whole check, every rule": () => {
    checkTexts(texts.map((text, i) => ({ path: `.github/workflows/w${i}.yml`, text })));
  },
  "GitHub: parseWorkflow (yaml + schema + expressions)": () => {
    for (const t of texts) parseWorkflow({ name: "ci.yml", content: t }, new NoOperationTraceWriter());
  },
  "mlgate: parseExpression, every expression": () => {
    for (const s of exprs) parseExpression(s);
  },
  "GitHub: Lexer + Parser, every expression": () => {
    for (const s of exprs) ghExpr(s);
  },
};
const rounds = Number(process.env.ROUNDS ?? 15);
const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (const f of Object.values(cases)) f(); // warm up
for (let r = 0; r < rounds; r++)
  for (const [k, f] of Object.entries(cases)) {
    const c = process.cpuUsage();
    f();
    const u = process.cpuUsage(c);
    (times[k] as number[]).push((u.user + u.system) / 1000);
  }
console.log(
  `\nCPU time, median of ${rounds} interleaved rounds over ${inputs.length} files / ${exprs.length} expressions:`,
);
for (const [k, v] of Object.entries(times)) console.log(`  ${k}: ${median(v).toFixed(2)} ms`);
