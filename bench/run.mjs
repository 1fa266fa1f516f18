// `npm run bench`: mlgate's wall time against a js-yaml 4 loadAll baseline on the same files,
// measured in one run, interleaved, as medians, so the ratio holds on a noisy machine.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(new URL(".", import.meta.url).pathname, "..");
const corpus = join(root, "bench", "corpus");
const runs = Number(process.env.BENCH_RUNS ?? 7);

if (!existsSync(corpus))
  spawnSync(process.execPath, [join(root, "bench", "generate.mjs"), corpus], { stdio: "inherit" });

function time(args) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return ms;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// A configuration that switches every rule off: what parsing with positions and modelling cost
// on their own, before any rule runs.
const ruleIds = JSON.parse(
  spawnSync(process.execPath, [join(root, "bin", "mlgate.js"), "rules", "--format", "json"], { encoding: "utf8" })
    .stdout,
).map((r) => r.id);
const noRules = join(mkdtempSync(join(tmpdir(), "mlgate-bench-")), "no-rules.yaml");
writeFileSync(noRules, `rules:\n${ruleIds.map((id) => `  ${id}: off`).join("\n")}\n`);

const cases = {
  baseline: [join(root, "bench", "baseline.mjs"), corpus],
  "baseline, kept": [join(root, "bench", "baseline.mjs"), corpus, "--keep"],
  mlgate: [join(root, "bin", "mlgate.js"), "check", corpus, "--format", "json"],
  "mlgate, rules off": [join(root, "bin", "mlgate.js"), "check", corpus, "--format", "json", "--config", noRules],
  "node -e 0": ["-e", "0"],
  "mlgate --version": [join(root, "bin", "mlgate.js"), "--version"],
  "mlgate check (one file)": [
    join(root, "bin", "mlgate.js"),
    "check",
    join(root, "examples", "pytorch-multinode.yaml"),
    "--format",
    "json",
  ],
};
const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (const args of Object.values(cases)) time(args); // warm the file cache
for (let i = 0; i < runs; i++) for (const [k, args] of Object.entries(cases)) times[k].push(time(args));

const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
console.log(
  `median of ${runs} interleaved runs, ${corpus.replace(`${root}/`, "")} (10,000 documents in 1,000 files)\n`,
);
console.log("| command | median ms | ratio |");
console.log("| --- | ---: | ---: |");
console.log(`| js-yaml 4 loadAll baseline (one thread) | ${m.baseline.toFixed(0)} | 1.00 |`);
const row = (label, ms, base) => console.log(`| ${label} | ${ms.toFixed(0)} | ${(ms / base).toFixed(2)} |`);
row("js-yaml 4 loadAll, every document kept to the end", m["baseline, kept"], m.baseline);
row(`mlgate check --format json (all ${ruleIds.length} rules)`, m.mlgate, m.baseline);
row(
  "mlgate check --format json, every rule off (parse with positions, model, report)",
  m["mlgate, rules off"],
  m.baseline,
);
console.log(`| node -e 0 | ${m["node -e 0"].toFixed(0)} | 1.00 |`);
console.log(
  `| mlgate --version | ${m["mlgate --version"].toFixed(0)} | ${(m["mlgate --version"] / m["node -e 0"]).toFixed(2)} |`,
);
console.log(
  `| mlgate check, one file | ${m["mlgate check (one file)"].toFixed(0)} | ${(m["mlgate check (one file)"] / m["node -e 0"]).toFixed(2)} |`,
);
console.log(`\nratio mlgate/baseline: ${(m.mlgate / m.baseline).toFixed(2)} (target ≤ 1.5)`);
