// Compares mlgate's shell splitter (src/model/shell.ts) with tree-sitter-bash on every container
// script mlgate reads: the upstream corpus (container `command`/`args` scripts and ConfigMap
// scripts), examples/, test/fixtures/, the rule examples and the launcher tests. For each script it
// runs what the rules see — the launchers (`launcherOf`), the variables a command line sets
// (`commandLineEnv`), the assignments a script never exports (`unexportedAssignments`) and the
// `mpirun` commands — over the commands of each splitter, and prints where they differ, plus the
// time each takes. docs/ARCHITECTURE.md ("Parsers made for the job") holds its tables.
//
// Not a test and not a dependency: tree-sitter is installed for the comparison only,
//   npm install --no-save web-tree-sitter@0.27.1 tree-sitter-bash@0.25.1
//   node --import tsx scripts/shell-compare.ts [--details]
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { buildSet } from "../src/check.js";
import { readSources } from "../src/load/sources.js";
import { SourceFile } from "../src/load/types.js";
import {
  commandLineEnv,
  launcherOf,
  scriptOf,
  stringList,
  type Token,
  unexportedAssignments,
} from "../src/model/launcher.js";
import { shellSplitUncached } from "../src/model/shell.js";
import { ALL_RULES } from "../src/rules/index.js";
import { corpusDir, repoRoot } from "../test/corpus.js";

// ---- tree-sitter-bash under web-tree-sitter, as an adapter giving the same shape as shellSplit ----

interface TsNode {
  type: string;
  text: string;
  startIndex: number;
  endIndex: number;
  parent: TsNode | null;
  children: (TsNode | null)[];
  namedChildren: (TsNode | null)[];
  childForFieldName(name: string): TsNode | null;
}
interface TsTree {
  rootNode: TsNode & { hasError: boolean };
  delete(): void;
}

const require = createRequire(import.meta.url);
const loadStart = performance.now();
interface TsParser {
  setLanguage(language: unknown): void;
  parse(text: string): TsTree;
}
interface TreeSitterModule {
  Parser: { init(options: { wasmBinary: Uint8Array }): Promise<void>; new (): TsParser };
  Language: { loadSync(module: WebAssembly.Module): unknown };
}
let treeSitter: TreeSitterModule;
try {
  const name = "web-tree-sitter";
  treeSitter = (await import(name)) as TreeSitterModule;
  require.resolve("tree-sitter-bash/tree-sitter-bash.wasm");
} catch {
  console.error("tree-sitter is not installed: npm install --no-save web-tree-sitter@0.27.1 tree-sitter-bash@0.25.1");
  process.exit(2);
}
await treeSitter.Parser.init({ wasmBinary: readFileSync(require.resolve("web-tree-sitter/web-tree-sitter.wasm")) });
const bash = treeSitter.Language.loadSync(
  new WebAssembly.Module(readFileSync(require.resolve("tree-sitter-bash/tree-sitter-bash.wasm"))),
);
const parser = new treeSitter.Parser();
parser.setLanguage(bash);
const initMs = performance.now() - loadStart;

const unescapeWord = (t: string) => t.replace(/\\\r?\n/g, "").replace(/\\(.)/gs, "$1");
const unescapeDq = (t: string) => t.replace(/\\\r?\n/g, "").replace(/\\([\\"$`])/g, "$1");
const named = (n: TsNode) => n.namedChildren.filter((c): c is TsNode => c !== null);

/** A word after quote removal; expansions as written, as shell.ts keeps them. */
function wordText(n: TsNode): string {
  switch (n.type) {
    case "word":
    case "number":
    case "variable_name":
      return unescapeWord(n.text);
    case "raw_string":
      return n.text.slice(1, -1);
    case "ansi_c_string":
      return n.text.slice(2, -1);
    case "string":
    case "translated_string": {
      let pos = n.startIndex + (n.type === "string" ? 1 : 2);
      let out = "";
      const slice = (from: number, to: number) => n.text.slice(from - n.startIndex, to - n.startIndex);
      for (const c of named(n)) {
        if (c.startIndex > pos) out += unescapeDq(slice(pos, c.startIndex));
        out += c.type === "string_content" ? unescapeDq(c.text) : c.text;
        pos = c.endIndex;
      }
      if (n.endIndex - 1 > pos) out += unescapeDq(slice(pos, n.endIndex - 1));
      return out;
    }
    case "concatenation":
      return n.children.map((c) => (c ? wordText(c) : "")).join("");
    default:
      return n.text;
  }
}

function assignText(n: TsNode): string {
  const value = n.childForFieldName("value");
  return `${n.childForFieldName("name")?.text ?? ""}=${value ? wordText(value) : ""}`;
}

const REDIRECTS = new Set(["file_redirect", "heredoc_redirect", "herestring_redirect"]);
const HOLDS_ASSIGNMENTS = new Set(["command", "declaration_command", "variable_assignments"]);

/** The simple commands of a script, in the order they open (a command substitution's after its command). */
function treeSitterSplit(script: string): { commands: string[][]; error: boolean } {
  const tree = parser.parse(script);
  const commands: string[][] = [];
  const visit = (n: TsNode): void => {
    if (n.type === "command") {
      const words: string[] = [];
      for (const c of named(n)) {
        if (REDIRECTS.has(c.type) || c.type === "comment") continue;
        if (c.type === "variable_assignment") words.push(assignText(c));
        else if (c.type === "command_name") words.push(wordText(named(c)[0] ?? c));
        else words.push(wordText(c));
      }
      commands.push(words);
    } else if (n.type === "declaration_command" || n.type === "unset_command") {
      const words = [n.children[0]?.text ?? ""];
      for (const c of named(n)) words.push(c.type === "variable_assignment" ? assignText(c) : wordText(c));
      commands.push(words);
    } else if (n.type === "test_command") {
      commands.push(n.text.split(/\s+/).filter((w) => w !== ""));
    } else if (n.type === "variable_assignment" && !HOLDS_ASSIGNMENTS.has(n.parent?.type ?? "")) {
      commands.push([assignText(n)]);
    } else if (n.type === "variable_assignments") {
      commands.push(
        named(n)
          .filter((c) => c.type === "variable_assignment")
          .map(assignText),
      );
    }
    for (const c of named(n)) visit(c);
  };
  visit(tree.rootNode);
  const error = tree.rootNode.hasError;
  tree.delete();
  return { commands, error };
}

// ---- the scripts mlgate reads ----

interface Script {
  text: string;
  source: string;
  where: string;
}
const base = (w: string) => w.slice(w.lastIndexOf("/") + 1);

function scriptsOf(files: readonly SourceFile[], source: string): Script[] {
  const out: Script[] = [];
  const { set } = buildSet(files);
  for (const w of set.workloads)
    for (const g of w.podGroups)
      for (const c of g.containers) {
        const argv = [
          ...(stringList(c.value.command, [], "command") ?? []),
          ...(stringList(c.value.args, [], "args") ?? []),
        ];
        const script = scriptOf(argv).script?.text;
        if (script !== undefined) out.push({ text: script, source, where: `${w.resource.kind}/${w.resource.name}` });
      }
  for (const r of set.resources) {
    if (r.kind !== "ConfigMap" || typeof r.value.data !== "object" || r.value.data === null) continue;
    for (const [key, v] of Object.entries(r.value.data as Record<string, unknown>))
      if (typeof v === "string" && (/\.(sh|bash)$/.test(key) || /^#!.*\b(ba)?sh\b/.test(v)))
        out.push({ text: v, source: `${source}, ConfigMap scripts`, where: `ConfigMap/${r.name} ${key}` });
  }
  return out;
}

const read = (paths: string[]) => readSources(paths, { cwd: repoRoot, exclude: [], maxFileSize: 8 << 20 }).files;
const examples: SourceFile[] = [];
for (const r of ALL_RULES)
  for (const e of [...(r.examples?.valid ?? []), ...(r.examples?.invalid ?? [])])
    examples.push(new SourceFile(`${r.id}.yaml`, e.yaml));
const launcherTests: Script[] = [];
for (const m of readFileSync(join(repoRoot, "src/model/launcher.test.ts"), "utf8").matchAll(/"((?:[^"\\\n]|\\.)*)"/g)) {
  const s = JSON.parse(`"${m[1]}"`) as string;
  if (/\s/.test(s) && /\b(torchrun|mpirun|export|deepspeed|accelerate|vllm|python)\b/.test(s))
    launcherTests.push({ text: s, source: "launcher tests", where: "" });
}
const all = [
  ...scriptsOf(read([corpusDir]), "upstream corpus"),
  ...scriptsOf(read([join(repoRoot, "examples"), join(repoRoot, "test", "fixtures")]), "examples and fixtures"),
  ...scriptsOf(examples, "rule examples"),
  ...launcherTests,
];
const seen = new Set<string>();
const scripts = all.filter((s) => {
  const key = `${s.source}\0${s.text}`;
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
});

// ---- what the rules see, from each splitter's commands ----

const tokens = (commands: string[][]): Token[][] => commands.map((ws) => ws.map((text) => ({ text, path: [] })));
const RESERVED = new Set(
  "if then else elif fi do done while until for in case esac select function { } ! [[ ]]".split(" "),
);
function seenByRules(commands: string[][]) {
  const t = tokens(commands);
  return {
    launchers: t.flatMap((w) => {
      const l = launcherOf(w, true);
      return l ? [`${l.label} ${l.options.map((o) => `${o.raw}=${o.value ?? ""}`).join(" ")}`] : [];
    }),
    variables: commandLineEnv(t).map((x) => `${x.via} ${x.name}=${x.value ?? ""}`),
    unexported: unexportedAssignments(t).map((x) => x.text),
    // The program each command runs, as src/model/idle.ts reads it: the first word that is not an
    // assignment (a reserved word there hides the program after it).
    programs: [
      ...new Set(
        t.flatMap((w) => {
          const word = w.find((x) => !/^[A-Za-z_]\w*(\+\+|--|[-+*/]?=)/.test(x.text));
          return word && !RESERVED.has(word.text) ? [base(word.text)] : [];
        }),
      ),
    ],
    mpirun: t
      .filter((w) => w.some((x) => /^mpi(run|exec)$/.test(base(x.text))))
      .map((w) => w.map((x) => x.text).join(" ")),
  };
}
const KINDS = ["launchers", "variables", "unexported", "programs", "mpirun"] as const;

const FEATURES: [string, RegExp][] = [
  ["heredoc", /<<-?\s*['"]?\w+/],
  ["case", /(^|[\s;])case\s/],
  ["function", /\w+\s*\(\)\s*\{|(^|\s)function\s+\w+/],
  ['quoted "$(…)"', /"[^"]*\$\([^"]*"/],
  ["unquoted $(…), $((…)) or `…`", /(^|[^"\w])\$\(|`/],
  ["&& or ||", /&&|\|\|/],
  ["line continuation", /\\\r?\n/],
];

interface Row {
  scripts: number;
  errors: number;
  commands: [number, number];
  same: number;
  found: Record<(typeof KINDS)[number], [number, number, number]>;
}
const rows = new Map<string, Row>();
const features = new Map<string, [number, number]>();
const details: string[] = [];
for (const s of scripts) {
  const hand = shellSplitUncached(s.text);
  const ts = treeSitterSplit(s.text);
  const a = seenByRules(hand);
  const b = seenByRules(ts.commands);
  const row = rows.get(s.source) ?? {
    scripts: 0,
    errors: 0,
    commands: [0, 0],
    same: 0,
    found: {
      launchers: [0, 0, 0],
      variables: [0, 0, 0],
      unexported: [0, 0, 0],
      programs: [0, 0, 0],
      mpirun: [0, 0, 0],
    },
  };
  rows.set(s.source, row);
  row.scripts++;
  if (ts.error) row.errors++;
  row.commands[0] += hand.length;
  row.commands[1] += ts.commands.length;
  const agree = KINDS.every((k) => same(a[k], b[k]));
  if (agree) row.same++;
  for (const k of KINDS) {
    row.found[k][0] += a[k].length;
    row.found[k][1] += b[k].length;
    if (!same(a[k], b[k])) {
      row.found[k][2]++;
      details.push(
        `${s.source} ${s.where} ${k}:\n  shell.ts:    ${JSON.stringify(a[k])}\n  tree-sitter: ${JSON.stringify(b[k])}`,
      );
    }
  }
  for (const [name, re] of FEATURES)
    if (re.test(s.text)) {
      const f = features.get(name) ?? [0, 0];
      f[0]++;
      if (agree) f[1]++;
      features.set(name, f);
    }
}
function same(x: string[], y: string[]): boolean {
  return JSON.stringify([...x].sort()) === JSON.stringify([...y].sort());
}

console.log(
  "| scripts from | scripts | tree-sitter errors | commands (shell.ts / tree-sitter) | same launchers, variables, unexported, programs, mpirun |",
);
console.log("| --- | ---: | ---: | ---: | ---: |");
for (const [source, r] of rows)
  console.log(
    `| ${source} | ${r.scripts} | ${r.errors} | ${r.commands[0]} / ${r.commands[1]} | ${r.same} of ${r.scripts} |`,
  );
console.log(
  `\n| scripts from | ${KINDS.map((k) => `${k} (shell.ts / tree-sitter / scripts differing)`).join(" | ")} |`,
);
console.log(`| --- | ${KINDS.map(() => "---:").join(" | ")} |`);
for (const [source, r] of rows) console.log(`| ${source} | ${KINDS.map((k) => r.found[k].join(" / ")).join(" | ")} |`);
console.log("\n| scripts with | scripts | same for the rules |");
console.log("| --- | ---: | ---: |");
for (const [name, [n, ok]] of features) console.log(`| ${name} | ${n} | ${ok} |`);

// ---- time: every distinct script once (cold), then the best of five passes (warm) ----
const texts = [...new Set(scripts.map((s) => s.text))];
const chars = texts.reduce((n, t) => n + t.length, 0);
const pass = (f: (s: string) => unknown) => {
  const t = performance.now();
  for (const s of texts) f(s);
  return performance.now() - t;
};
const timing = (f: (s: string) => unknown) => {
  const cold = pass(f);
  return { cold, warm: Math.min(...[1, 2, 3, 4, 5].map(() => pass(f))) };
};
// tree-sitter first: its first pass is the one that compiles; shell.ts's own cold pass follows.
const ts = timing(treeSitterSplit);
const hand = timing(shellSplitUncached);
console.log(`\n${texts.length} distinct scripts, ${chars} characters`);
console.log("| splitter | load and initialise ms | first pass ms | warm pass ms |");
console.log("| --- | ---: | ---: | ---: |");
console.log(`| shell.ts | 0 | ${hand.cold.toFixed(1)} | ${hand.warm.toFixed(2)} |`);
console.log(`| tree-sitter-bash | ${initMs.toFixed(0)} | ${ts.cold.toFixed(1)} | ${ts.warm.toFixed(2)} |`);

if (process.argv.includes("--details")) console.log(`\n${details.join("\n")}`);
