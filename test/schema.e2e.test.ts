// Every `--format json` output validates against its published JSON Schema in docs/schema/, run
// through the built CLI on real inputs. A JSON output that changes must change its schema (see
// docs/ARCHITECTURE.md, "JSON outputs and their schemas"); these tests fail until it does.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CATEGORIES } from "../src/rules/types.js";
import { repoRoot } from "./corpus.js";
import { ensureBuilt, mlgate } from "./e2e.js";
import { ajv, expectValid, schemaFiles, schemas } from "./schemas.js";

beforeAll(ensureBuilt);

const C = "test/fixtures/cluster";
const LLAMA = "--layers 80 --hidden 8192 --heads 64 --kv-heads 8 --ffn-hidden 28672";

/** Real runs of every command that prints JSON (arguments split at spaces), and the schema each output must follow. */
const CASES: Array<{ schema: string; run: string; input?: string }> = [
  { schema: "check.schema.json", run: "check examples/ --format json" },
  { schema: "check.schema.json", run: `check examples/ --format json --estimate --cluster ${C}/nodes.json` },
  { schema: "check.schema.json", run: "check test/fixtures/repo --format json" },
  { schema: "check.schema.json", run: "check docs/examples --format json --pss restricted" },
  { schema: "check.schema.json", run: "check - --format json", input: "a: [1\n" },
  { schema: "check.schema.json", run: "check - --format json", input: "apiVersion: v1\nkind: List\n" },
  { schema: "rules.schema.json", run: "rules --format json" },
  { schema: "simulate.schema.json", run: `simulate --cluster ${C}/nodes.json ${C}/deadlock.yaml --format json` },
  {
    schema: "simulate.schema.json",
    run: `simulate --cluster ${C}/nodes.json ${C}/fragmentation.yaml --strategy binpack --format json`,
  },
  {
    schema: "simulate.schema.json",
    run: `simulate --cluster ${C}/pools.yaml --pods ${C}/pods.json examples/ --format json`,
  },
  { schema: "estimate.schema.json", run: "estimate --params 70B --tokens 2T --gpu h100-sxm --gpus 1024 --tp 8 --json" },
  {
    schema: "estimate.schema.json",
    run: `estimate ${LLAMA} --mlp swiglu --tokens 15T --gpu h100-sxm --gpus 2048 --tp 8 --pp 8 --zero 1 --cloud aws:p5.48xlarge --server-price 300000 --server-kw 10 --colo-per-month 2000 --format json`,
  },
  {
    schema: "estimate.schema.json",
    run: "estimate --layers 32 --hidden 4096 --heads 32 --experts 8 --experts-per-token 2 --ffn-hidden 14336 --mlp swiglu --ep 2 --tokens 1T --gpu a100-80gb --gpus 64 --tp 2 --tflops 150 --json",
  },
  {
    schema: "estimate.schema.json",
    run: "estimate examples/pytorch-multinode.yaml --gpu h100-sxm --params 7B --tokens 1T --json",
  },
  { schema: "estimate.schema.json", run: "estimate examples/ --gpu h100-sxm --params 7B --tokens 1T --json" },
  {
    schema: "estimate-serve.schema.json",
    run: "estimate --serve --model meta-llama/Llama-3.1-70B-Instruct --gpu l4 --gpus 4 --max-model-len 8192 --json",
  },
  {
    schema: "estimate-serve.schema.json",
    run: "estimate --serve --model Qwen/Qwen2.5-72B-Instruct-AWQ --server sglang --json",
  },
  {
    schema: "estimate-plan.schema.json",
    run: `estimate ${LLAMA} --tokens 2T --gpu h100-sxm --gpus 256 --plan --json`,
  },
];

describe("--format json outputs follow docs/schema/", () => {
  it.each(CASES.map((c) => [`${c.run} → ${c.schema}`, c] as const))("%s", (_, c) => {
    const r = mlgate(c.run.split(" "), c.input === undefined ? {} : { input: c.input });
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expectValid(c.schema, JSON.parse(r.stdout));
  });

  it("on mlgate review", () => {
    const root = mkdtempSync(join(tmpdir(), "mlgate-schema-review-"));
    cpSync(join(repoRoot, "examples"), join(root, "base"), { recursive: true });
    cpSync(join(repoRoot, "examples"), join(root, "head"), { recursive: true });
    writeFileSync(join(root, "head", "pytorch-multinode.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n");
    const r = mlgate(["review", "--base", "base", "--head", "head", "--format", "json", "--all"], { cwd: root });
    expectValid("review.schema.json", JSON.parse(r.stdout));
  });
});

describe("--attest FILE follows docs/schema/attestation.schema.json", () => {
  it.each([["check examples/"], ["check docs/examples --pss restricted"]])("mlgate %s --attest", (run) => {
    const dir = mkdtempSync(join(tmpdir(), "mlgate-schema-attest-"));
    mlgate([...run.split(" "), "--attest", join(dir, "a.json")]);
    const s = JSON.parse(readFileSync(join(dir, "a.json"), "utf8"));
    expectValid("attestation.schema.json", s);
    expect(s.subject.length).toBeGreaterThan(3);
  });
});

describe("the schemas", () => {
  it("cover every command that prints JSON", () => {
    const commands = [...mlgate(["--help"]).stdout.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1] as string);
    expect(commands).toContain("check");
    const withJson = commands.filter((c) =>
      /choices:[^)]*"json"/.test(mlgate([c, "--help"]).stdout.replace(/\s+/g, " ")),
    );
    expect(withJson).toContain("check");
    for (const c of withJson)
      expect(schemaFiles, `mlgate ${c} --format json has no docs/schema/${c}.schema.json`).toContain(
        `${c}.schema.json`,
      );
    // Each schema is exercised on real output above.
    const used = new Set([...CASES.map((c) => c.schema), "review.schema.json", "attestation.schema.json"]);
    expect(schemaFiles.filter((f) => !used.has(f))).toEqual([]);
  });

  it("name the categories the rules have", () => {
    const defs = (schemas.get("check.schema.json") as { definitions: Record<string, { enum?: string[] }> }).definitions;
    expect(defs.category?.enum).toEqual([...CATEGORIES]);
  });

  it("are closed: an unknown field or a missing one fails", () => {
    const j = JSON.parse(mlgate(["check", "examples/", "--format", "json"]).stdout);
    expectValid("check.schema.json", j);
    const validate = ajv.getSchema("check.schema.json");
    expect(validate?.({ ...j, extra: 1 })).toBe(false);
    expect(validate?.({ ...j, summary: { ...j.summary, files: undefined } })).toBe(false);
    expect(validate?.({ ...j, findings: [{ ...j.findings[0], line: 0 }] })).toBe(false);
    expect(validate?.({ ...j, findings: [{ ...j.findings[0], hint: "x" }] })).toBe(false);
    const e = JSON.parse(
      mlgate(["estimate", "--params", "7B", "--tokens", "1T", "--gpu", "h100-sxm", "--gpus", "8", "--json"]).stdout,
    );
    expectValid("estimate.schema.json", e);
    expect(ajv.getSchema("estimate.schema.json")?.({ ...e, parallelism: { ...e.parallelism, extra: 1 } })).toBe(false);
    expect(ajv.getSchema("estimate.schema.json")?.({ ...e, time: { ...e.time, bound: "disk" } })).toBe(false);
  });
});
