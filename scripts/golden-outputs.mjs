// Captures the exact output (stdout, stderr, exit code) of the built CLI (dist/, through
// bin/mlgate.js) on every input we keep stable across refactors: examples/, the repository's own
// fixtures, ../shared's upstream corpus and LLM-written workflow sample, and the benchmark's
// synthetic corpus, in text, JSON and SARIF, plus estimate, simulate, review and the rule list.
// A refactor that must not change behaviour runs it before and after and compares:
//
//   npm run build && node scripts/golden-outputs.mjs /tmp/golden-before
//   ...change...
//   npm run build && node scripts/golden-outputs.mjs /tmp/golden-after
//   diff -r /tmp/golden-before /tmp/golden-after
//
// Not a test: it reads ../shared and takes a minute. `test/golden.e2e.test.ts` is the committed,
// repository-local half (exact text output of examples/ and fixtures kept in test/golden/).
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = join(new URL(".", import.meta.url).pathname, "..");
const out = resolve(process.argv[2] ?? "golden-out");
const shared = resolve(root, process.env.MLGATE_SHARED ?? "../shared");
const bin = join(root, "bin", "mlgate.js");
mkdirSync(out, { recursive: true });

function run(name, args, cwd = root) {
  const t = Date.now();
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: "utf8",
    maxBuffer: 1 << 30,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined },
  });
  writeFileSync(
    join(out, name),
    `$ mlgate ${args.join(" ")}\nexit ${r.status}\n--- stderr\n${r.stderr}--- stdout\n${r.stdout}`,
  );
  console.log(`${name}: exit ${r.status} (${Date.now() - t} ms)`);
}

const FORMATS = ["text", "json", "sarif"];
function check(name, paths, cwd = root, extra = []) {
  for (const f of FORMATS) run(`${name}.${f}`, ["check", ...paths, "--format", f, "--fail-on", "never", ...extra], cwd);
}

// The repository's own inputs.
check("examples", ["examples"]);
run("examples-estimate.text", ["check", "examples", "--estimate", "--fail-on", "never"]);
run("examples-pss-restricted.json", ["check", "examples", "--pss", "restricted", "--format", "json"]);
check("fixtures-repo", ["test/fixtures/repo"]);
check("fixtures-terraform", ["test/fixtures/terraform"]);
check("fixtures-helm-output", ["test/fixtures/helm-output"]);
check("fixtures-cluster", ["test/fixtures/cluster/impossible-job.yaml", "test/fixtures/cluster/deadlock.yaml"], root, [
  "--cluster",
  "test/fixtures/cluster/nodes.json",
]);
run("rules.json", ["rules", "--format", "json"]);
run("rules.text", ["rules"]);
run("explain.text", ["explain", "gpu/limits-equal-requests"]);
for (const f of ["text", "json"]) {
  run(`estimate-examples.${f}`, [
    "estimate",
    "examples/pytorch-multinode.yaml",
    "--gpu",
    "h100-sxm",
    "--tokens",
    "100B",
    "--format",
    f,
  ]);
  run(`estimate-flags.${f}`, [
    "estimate",
    "--params",
    "7B",
    "--tokens",
    "300B",
    "--gpus",
    "64",
    "--gpu",
    "a100-80gb",
    "--format",
    f,
  ]);
  run(`estimate-model.${f}`, [
    "estimate",
    "--model",
    "Llama-3-70B",
    "--tokens",
    "1T",
    "--gpus",
    "256",
    "--gpu",
    "h100-sxm",
    "--format",
    f,
  ]);
  run(`simulate.${f}`, [
    "simulate",
    "--cluster",
    "test/fixtures/cluster/nodes.json",
    "test/fixtures/cluster/deadlock.yaml",
    "test/fixtures/cluster/fragmentation.yaml",
    "--format",
    f,
  ]);
}

// ../shared: the upstream corpus and the LLM-written workflow sample (each file as a workflow).
if (!existsSync(join(shared, "corpus", "upstream"))) throw new Error(`no ${shared}/corpus/upstream`);
check("upstream", ["upstream"], join(shared, "corpus"));
const ci = join(tmpdir(), "mlgate-golden-ci");
rmSync(ci, { recursive: true, force: true });
const sample = join(shared, "ci-llm-sample");
for (const side of ["reference", "gpt-4o", "gpt-4.1"]) {
  const dir = join(ci, side, ".github", "workflows");
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(sample).filter((f) => f.endsWith(`.${side}.yml`)))
    cpSync(join(sample, f), join(dir, `${f.slice(0, 4)}.yml`));
}
for (const side of ["reference", "gpt-4o", "gpt-4.1"]) check(`ci-${side}`, [".github/workflows"], join(ci, side));
for (const f of ["text", "json", "markdown"])
  run(
    `review-ci.${f}`,
    ["review", "--base", "reference", "--head", "gpt-4o", "--format", f, "--fail-on-verdict", "never"],
    ci,
  );

// The benchmark's synthetic corpus (what `npm run bench` checks).
const corpus = join(root, "bench", "corpus");
if (!existsSync(corpus))
  spawnSync(process.execPath, [join(root, "bench", "generate.mjs"), corpus], { stdio: "inherit" });
check("bench", ["bench/corpus"]);
