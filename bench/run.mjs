// `npm run bench`: mlgate's wall time against a js-yaml 4 loadAll baseline on the same files,
// measured in one run, interleaved, as medians, so the ratio holds on a noisy machine.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
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
// Of an even count, the mean of the middle two (with 2 runs, not the slower one).
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};

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

// Worker threads (`--jobs`): the same check on 10,000 and 50,000 documents, one thread against 2, 4
// and 8 workers, beside the js-yaml baseline, interleaved, medians of BENCH_JOBS_RUNS (default 3).
// Each run's peak resident memory (all threads of the process) is read at its exit; every run's
// JSON must equal the one-thread run's.
const jobsRuns = Number(process.env.BENCH_JOBS_RUNS ?? 3);
const big = join(root, "bench", "corpus-50k");
if (!existsSync(big))
  spawnSync(process.execPath, [join(root, "bench", "generate.mjs"), big, "5000", "10"], { stdio: "inherit" });
const peak =
  "data:text/javascript,process.on('exit',()=>process.stderr.write('\\nmaxrss '+process.resourceUsage().maxRSS+'\\n'))";
function measure(args) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--import", peak, ...args], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return { ms, mb: Number(/maxrss (\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024, stdout: r.stdout };
}
const JOBS = [1, 2, 4, 8];
console.log(
  `\n--jobs: ${availableParallelism()} cores available (${cpus()[0]?.model ?? "?"}), Node ${process.versions.node}; median of ${jobsRuns} interleaved runs\n`,
);
console.log("| documents | command | median ms | × baseline | × one thread | peak RSS MB |");
console.log("| ---: | --- | ---: | ---: | ---: | ---: |");
for (const [docs, dir] of [
  ["10,000", corpus],
  ["50,000", big],
]) {
  const cases = {
    baseline: [join(root, "bench", "baseline.mjs"), dir],
    ...Object.fromEntries(
      JOBS.map((j) => [
        `jobs ${j}`,
        [join(root, "bin", "mlgate.js"), "check", dir, "--format", "json", "--jobs", String(j)],
      ]),
    ),
  };
  const res = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let i = 0; i < jobsRuns; i++) for (const [k, args] of Object.entries(cases)) res[k].push(measure(args));
  const one = res["jobs 1"][0].stdout;
  for (const j of JOBS)
    for (const r of res[`jobs ${j}`])
      if (r.stdout !== one) throw new Error(`--jobs ${j}: output differs from --jobs 1`);
  const med = (k, f) => median(res[k].map(f));
  const base = med("baseline", (r) => r.ms);
  const single = med("jobs 1", (r) => r.ms);
  const line = (label, k) =>
    console.log(
      `| ${docs} | ${label} | ${med(k, (r) => r.ms).toFixed(0)} | ${(med(k, (r) => r.ms) / base).toFixed(2)} | ${(med(k, (r) => r.ms) / single).toFixed(2)} | ${med(k, (r) => r.mb).toFixed(0)} |`,
    );
  line("js-yaml 4 loadAll baseline (one thread)", "baseline");
  line("mlgate check --format json --jobs 1 (one thread)", "jobs 1");
  for (const j of JOBS.slice(1)) line(`mlgate check --format json --jobs ${j}`, `jobs ${j}`);
}
console.log("\nEvery --jobs run printed the same JSON as --jobs 1.");
