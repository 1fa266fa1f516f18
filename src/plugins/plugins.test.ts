import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkTexts } from "../check.js";
import { ALL_RULES } from "../rules/index.js";
import { testRuleExamples } from "./examples.js";
import { loadPlugins } from "./load.js";
import { PluginError, pluginRules, RULE_API_VERSION } from "./validate.js";

const rule = (over: Record<string, unknown> = {}) => ({
  id: "acme/no-latest",
  category: "reproducibility",
  severity: "warning",
  summary: "An image uses the latest tag",
  rationale: "latest moves.",
  remediation: "Pin a version.",
  links: [],
  examples: {
    valid: [
      {
        title: "pinned",
        yaml: "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: 'nginx:1.27'}]\n",
      },
    ],
    invalid: [
      {
        title: "latest",
        yaml: "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: nginx:latest\n",
        findings: [{ line: 7, column: 14, message: "nginx:latest" }],
      },
    ],
  },
  workload(
    w: { podGroups: { containers: { value: { image?: string }; path: (string | number)[] }[] }[]; resource: unknown },
    ctx: { report: (r: unknown) => void },
  ) {
    for (const g of w.podGroups)
      for (const c of g.containers)
        if (c.value.image?.endsWith(":latest"))
          ctx.report({
            resource: w.resource,
            path: [...c.path, "image"],
            message: `image ${c.value.image} uses latest`,
          });
  },
  ...over,
});
const plugin = (over: Record<string, unknown> = {}, r: Record<string, unknown> = {}) => ({
  default: { apiVersion: RULE_API_VERSION, name: "acme", rules: [rule(r)], ...over },
});

describe("plugin validation", () => {
  it("accepts the built-in rule shape under the plugin's own prefix", () => {
    expect(pluginRules(plugin(), "p").map((r) => r.id)).toEqual(["acme/no-latest"]);
  });

  it.each([
    [{ apiVersion: 2 }, {}, /declares rule API version 2, this mlgate provides version 1/],
    [{ name: "gpu" }, {}, /name "gpu" is reserved/],
    [{ name: "policy" }, {}, /name "policy" is reserved/],
    [{ name: "Acme!" }, {}, /needs a name/],
    [{ rules: [] }, {}, /non-empty rules array/],
    [{}, { id: "other/x" }, /id must be "acme\/<rule name>"/],
    [{}, { category: "fun" }, /category must be one of/],
    [{}, { severity: "fatal" }, /severity must be/],
    [{}, { examples: undefined }, /examples must be/],
    [{}, { workload: undefined }, /needs a hook/],
    [{}, { messages: { a: 1 } }, /messages must map message ids to templates/],
    [{}, { options: { type: "array" } }, /options must be a JSON Schema of an object/],
  ])("refuses %j %j", (over, r, message) => {
    expect(() => pluginRules(plugin(over, r), "p")).toThrow(PluginError);
    expect(() => pluginRules(plugin(over, r), "p")).toThrow(message);
  });

  it("its rules run in check beside the built-in ones", () => {
    const [r] = pluginRules(plugin(), "p");
    if (!r) throw new Error("no rule");
    const found = checkTexts([{ path: "a.yaml", text: rule().examples.invalid[0]?.yaml ?? "" }], {
      rules: [...ALL_RULES, r],
    }).findings.filter((f) => f.ruleId === "acme/no-latest");
    expect(found.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual(["7:14 image nginx:latest uses latest"]);
  });
});

describe("a plugin's set hook (rule API version 1)", () => {
  const seen: Record<string, number[]> = {};
  const counting = (id: string, facts?: (w: { resource: { name?: string } }) => unknown) =>
    rule({
      id,
      workload: undefined,
      ...(facts ? { facts } : {}),
      set(
        set: { workloads: unknown[]; resources: unknown[] },
        ctx: { set: { workloads: unknown[] } },
        given: unknown[],
      ) {
        seen[id] = [set.workloads.length, set.resources.length, given.length, ctx.set.workloads.length];
      },
    });
  it("reads every object without facts, and lookups and facts with them", () => {
    const rules = pluginRules(
      plugin({ rules: [counting("acme/whole"), counting("acme/facts", (w) => w.resource.name)] }),
      "p",
    );
    const text =
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: x}]\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: m}\n";
    checkTexts([{ path: "a.yaml", text }], { rules: [...ALL_RULES, ...rules] });
    // The whole set: one workload, two resources; lookups: the ConfigMap, and the Pod's fact (in
    // the hook's argument and its ctx.set alike).
    expect(seen).toEqual({ "acme/whole": [1, 2, 0, 1], "acme/facts": [0, 1, 1, 0] });
  });
});

describe("testRuleExamples", () => {
  it("passes a rule whose examples hold, and says what differs when they do not", () => {
    const [good] = pluginRules(plugin(), "p");
    if (!good) throw new Error("no rule");
    expect(testRuleExamples(good).map((r) => [r.kind, r.title, r.problems])).toEqual([
      ["valid", "pinned", []],
      ["invalid", "latest", []],
    ]);
    const wrong = {
      ...good,
      examples: {
        valid: good.examples.invalid,
        invalid: [{ ...good.examples.invalid[0], title: "col", findings: [{ line: 7, column: 3 }] }],
      },
    };
    const results = testRuleExamples(wrong as typeof good);
    expect(results[0]?.problems).toEqual(["unexpected finding 7:14 warning image nginx:latest uses latest"]);
    expect(results[1]?.problems).toEqual([
      "finding 1: column 14, expected 3 (7:14 warning image nginx:latest uses latest)",
    ]);
  });
});

describe("loading plugins", () => {
  const dir = mkdtempSync(join(tmpdir(), "mlgate-plugins-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const source = `export default { apiVersion: 1, name: "NAME", rules: [{
    id: "NAME/x", category: "cost", severity: "info", summary: "s", rationale: "r", remediation: "m", links: [],
    examples: { valid: [], invalid: [] }, resource() {} }] };\n`;

  it("from a path relative to the configuration, and from an installed package", () => {
    writeFileSync(join(dir, "local.mjs"), source.replaceAll("NAME", "local"));
    const pkg = join(dir, "node_modules", "@acme", "mlgate-rules");
    mkdirSync(pkg, { recursive: true });
    writeFileSync(
      join(pkg, "package.json"),
      JSON.stringify({ name: "@acme/mlgate-rules", type: "module", exports: { ".": { import: "./index.js" } } }),
    );
    writeFileSync(join(pkg, "index.js"), source.replaceAll("NAME", "acme"));
    const sub = join(dir, "project");
    mkdirSync(sub, { recursive: true });
    const loaded = loadPlugins(["../local.mjs", "@acme/mlgate-rules"], sub);
    expect(loaded.map((p) => [p.spec, p.rules.map((r) => r.id)])).toEqual([
      ["../local.mjs", ["local/x"]],
      ["@acme/mlgate-rules", ["acme/x"]],
    ]);
  });

  it("says what is wrong: missing path, package not installed, top-level await, duplicate ids", () => {
    expect(() => loadPlugins(["./nope.mjs"], dir)).toThrow(/plugin \.\/nope\.mjs: .*nope\.mjs does not exist/);
    expect(() => loadPlugins(["@acme/absent"], dir)).toThrow(/plugin @acme\/absent: not installed/);
    writeFileSync(join(dir, "tla.mjs"), `await Promise.resolve();\n${source.replaceAll("NAME", "tla")}`);
    expect(() => loadPlugins(["./tla.mjs"], dir)).toThrow(/top-level await/);
    writeFileSync(join(dir, "dup.mjs"), source.replaceAll("NAME", "local"));
    writeFileSync(join(dir, "local.mjs"), source.replaceAll("NAME", "local"));
    expect(() => loadPlugins(["./local.mjs", "./dup.mjs"], dir)).toThrow(/local\/x is also defined by another plugin/);
  });
});
