// The library entry, as a user imports it after a build: `import { checkTexts } from "mlgate"`.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./corpus.js";

const entry = join(repoRoot, "dist", "index.js");

beforeAll(() => {
  if (!existsSync(entry)) execFileSync("npx", ["tsup"], { cwd: repoRoot, stdio: "ignore" });
});

describe("library entry (dist/index.js)", () => {
  it("checks texts and returns findings with positions", async () => {
    const lib = await import(pathToFileURL(entry).href);
    const result = lib.checkTexts([
      {
        path: "job.yaml",
        text: "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: busybox:1.36\n      resources: {limits: {memory: 2Gb}}\n",
      },
    ]);
    const f = result.findings.find((x: { ruleId: string }) => x.ruleId === "schema/invalid-quantity");
    expect(f).toMatchObject({ file: "job.yaml", line: 8, column: 36 });
    expect(lib.ALL_RULES.length).toBeGreaterThan(50);
    expect(typeof lib.formatSarif).toBe("function");
  });

  it("evaluates CEL with the Kubernetes libraries from the bundle (no node_modules needed at run time)", async () => {
    const lib = await import(pathToFileURL(entry).href);
    expect(
      lib.evaluateCel("quantity(object.q).isGreaterThan(quantity('1Gi'))", { object: { q: "2Gi" } }),
    ).toMatchObject({
      kind: "value",
      value: true,
    });
    expect(lib.compileCel("cel.bind(x, 1, x == 1)").kind).toBe("unsupported");
  });

  it("exports the public rule API for plugins: its version and the examples runner", async () => {
    const lib = await import(pathToFileURL(entry).href);
    expect(lib.RULE_API_VERSION).toBe(1);
    const rule = lib.defineRule({
      id: "acme/never",
      category: "cost",
      severity: "info",
      summary: "never fires",
      rationale: "r",
      remediation: "m",
      links: [],
      examples: {
        valid: [{ title: "any pod", yaml: "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n" }],
        invalid: [],
      },
      resource() {},
    });
    expect(lib.testRuleExamples(rule)).toEqual([{ rule: "acme/never", kind: "valid", title: "any pod", problems: [] }]);
  });

  it("initialises the CEL engine only when an expression is first compiled (not at start-up)", () => {
    const chunks = readdirSync(join(repoRoot, "dist"))
      .filter((f) => f.endsWith(".js"))
      .map((f) => readFileSync(join(repoRoot, "dist", f), "utf8"));
    const calls = chunks.flatMap((c) => [...c.matchAll(/\binit_engine\d*\(\)/g)].map((m) => m.index));
    expect(calls).toHaveLength(1);
    expect(chunks.join("\n")).toMatch(
      /function loadEngine\(\) \{\s*return init_engine\d*\(\), __toCommonJS\(engine_exports\d*\);/,
    );
  });

  it("ships type declarations", () => {
    expect(existsSync(join(repoRoot, "dist", "index.d.ts"))).toBe(true);
  });
});
