// Rules' own options and messages: every declared schema is valid JSON Schema (ajv, strict), the
// small validator that checks .mlgate.yaml agrees with ajv, and the engine makes messages from ids.
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { checkTexts } from "../check.js";
import { ConfigError, parseConfig, ruleOptionsOf } from "../config/config.js";
import { defaultsOf, type JsonSchema, validateJson } from "../util/json-schema.js";
import { ALL_RULES, RULE_OPTION_SCHEMAS, RULES_BY_ID } from "./index.js";
import { TEST_RULE_BASE } from "./testing.js";
import { defineRule } from "./types.js";

const AjvClass = ((Ajv as unknown as { default?: unknown }).default ?? Ajv) as typeof import("ajv").default;
const ajv = new AjvClass({ allErrors: true, strict: true });

const POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: [{name: c, image: i}]\n";

/** Values to try against a schema: its defaults, and one wrong value of each kind. */
function samples(schema: JsonSchema): unknown[] {
  const props = Object.keys(schema.properties ?? {});
  const wrong = [1, "x", true, [], {}, -1, 0.5, ["x"], [1]];
  return [
    defaultsOf(schema),
    {},
    { unknownOption: 1 },
    "not a mapping",
    ...props.flatMap((p) => wrong.map((v) => ({ [p]: v }))),
  ];
}

describe("rule options", () => {
  const withOptions = ALL_RULES.filter((r) => r.options);

  it("some rules declare options, and each is in RULE_OPTION_SCHEMAS", () => {
    expect(withOptions.length).toBeGreaterThanOrEqual(3);
    expect([...RULE_OPTION_SCHEMAS.keys()].sort()).toEqual(withOptions.map((r) => r.id).sort());
  });

  it.each(withOptions.map((r) => [r.id, r.options as JsonSchema] as const))(
    "%s: a strict draft-07 object schema with a default and a description for every option, and the validator agrees with ajv",
    (_id, schema) => {
      const check = ajv.compile(schema);
      expect(schema.type).toBe("object");
      expect(schema.additionalProperties).toBe(false);
      for (const [name, p] of Object.entries(schema.properties ?? {})) {
        expect(p.description, name).toBeTruthy();
        expect(p.default, name).toBeDefined();
      }
      expect(check(defaultsOf(schema))).toBe(true);
      for (const v of samples(schema))
        expect(validateJson(schema, v, "options").length === 0, JSON.stringify(v)).toBe(check(v));
    },
  );

  it("reads rules.<id>.options beside a severity, checks them against the rule's schema, and names file and key", () => {
    const known = new Set(RULES_BY_ID.keys());
    const parse = (rules: unknown) => parseConfig({ rules }, ".mlgate.yaml", known, RULE_OPTION_SCHEMAS);
    const c = parse({ "ci/unpinned-action": { severity: "error", options: { firstParty: true } } });
    expect(c.rules["ci/unpinned-action"]).toBe("error");
    expect(c.ruleOptions).toEqual({ "ci/unpinned-action": { firstParty: true } });
    expect(parse({ "gpu/serving-kv-capacity": { options: { minSequences: 4 } } }).rules).toEqual({});
    expect(() => parse({ "gpu/serving-kv-capacity": { options: { minSequences: 0 } } })).toThrow(
      ".mlgate.yaml: rules.gpu/serving-kv-capacity.options.minSequences: must be at least 1",
    );
    expect(() => parse({ "security/image-registry": { options: { registry: ["nvcr.io"] } } })).toThrow(
      'rules.security/image-registry.options: unknown key "registry" (expected registries)',
    );
    expect(() => parse({ "gpu/limits-equal-requests": { options: {} } })).toThrow(
      "rules.gpu/limits-equal-requests: takes no options",
    );
    expect(() => parse({ "ci/unpinned-action": { level: "error" } })).toThrow(ConfigError);
    // A configuration without rule options has none (its attestation digest is unchanged).
    expect("ruleOptions" in parse({ "ci/unpinned-action": "error" })).toBe(false);
  });

  it("takes the older top-level keys as the rules' options, rules.<id>.options winning", () => {
    const known = new Set(RULES_BY_ID.keys());
    const c = parseConfig(
      {
        allowedRegistries: ["nvcr.io"],
        pinFirstPartyActions: true,
        serving: { minSequences: 3 },
        rules: { "gpu/serving-kv-capacity": { options: { minSequences: 5 } } },
      },
      ".mlgate.yaml",
      known,
      RULE_OPTION_SCHEMAS,
    );
    expect(ruleOptionsOf(c)).toEqual({
      "security/image-registry": { registries: ["nvcr.io"] },
      "ci/unpinned-action": { firstParty: true },
      "gpu/serving-kv-capacity": { minSequences: 5 },
    });
  });

  it("the converted rules read their options (on their own examples' manifests)", () => {
    const run = (id: string, title: string, ruleOptions?: Record<string, unknown>) => {
      const rule = RULES_BY_ID.get(id);
      const ex = [...(rule?.examples.invalid ?? []), ...(rule?.examples.valid ?? [])].find((e) => e.title === title);
      if (!rule || !ex) throw new Error(`no example "${title}" of ${id}`);
      return checkTexts([{ path: ex.path ?? "example.yaml", text: ex.yaml }], {
        rules: [rule],
        ...(ruleOptions ? { options: { ruleOptions: { [id]: ruleOptions } } } : {}),
      }).findings.map((f) => `${f.line} ${f.severity} ${f.messageId}`);
    };
    const tags = "a third-party tag and a first-party tag";
    expect(run("ci/unpinned-action", tags)).toEqual(["6 info firstParty", "7 warning thirdParty"]);
    expect(run("ci/unpinned-action", tags, { firstParty: true })).toEqual([
      "6 warning firstParty",
      "7 warning thirdParty",
    ]);
    const l4 = "with --estimate: how many sequences fit (Llama 3.1 8B, one L4, 8,192 tokens; SGLang in a StatefulSet)";
    expect(run("gpu/serving-kv-capacity", l4)).toEqual([]);
    // vLLM holds 3 sequences of 8,192 tokens there, SGLang 4: a team that plans for 4 hears of vLLM.
    expect(run("gpu/serving-kv-capacity", l4, { minSequences: 4 })).toEqual(["13 warning few"]);
    const registries = "images from the allowed registries";
    expect(run("security/image-registry", registries)).toEqual([]);
    expect(run("security/image-registry", registries, { registries: ["nvcr.io"] })).toEqual(["10 error outside"]);
  });

  it("gives a rule its options over its schema's defaults", () => {
    const seen: unknown[] = [];
    const rule = defineRule({
      ...TEST_RULE_BASE,
      id: "schema/with-options",
      options: {
        type: "object",
        properties: {
          limit: { type: "integer", default: 2, description: "d" },
          names: { type: "array", items: { type: "string" }, default: [], description: "d" },
        },
        additionalProperties: false,
      },
      set(_set, ctx) {
        seen.push(ctx.ruleOptions);
      },
    });
    checkTexts([{ path: "p.yaml", text: POD }], { rules: [rule] });
    checkTexts([{ path: "p.yaml", text: POD }], {
      rules: [rule],
      options: { ruleOptions: { "schema/with-options": { limit: 7 } } },
    });
    expect(seen).toEqual([
      { limit: 2, names: [] },
      { limit: 7, names: [] },
    ]);
  });
});

describe("messages by id", () => {
  const rule = (report: Parameters<typeof defineRule>[0]["resource"]) =>
    defineRule({
      ...TEST_RULE_BASE,
      id: "schema/messages",
      messages: { tooMany: "{{name}} asks for {{ n }} GPUs, more than {{max}}" },
      resource: report,
    });

  it("fills the template with the report's data, and keeps the id on the finding", () => {
    const r = checkTexts([{ path: "p.yaml", text: POD }], {
      rules: [
        rule((res, ctx) =>
          ctx.report({ resource: res, path: [], messageId: "tooMany", data: { name: "p", n: 16, max: 8 } }),
        ),
      ],
    });
    expect(r.findings.map((f) => [f.message, f.messageId])).toEqual([["p asks for 16 GPUs, more than 8", "tooMany"]]);
  });

  it("an unknown id or a placeholder without data is the rule's crash, never a message with a hole", () => {
    const unknown = checkTexts([{ path: "p.yaml", text: POD }], {
      rules: [rule((res, ctx) => ctx.report({ resource: res, path: [], messageId: "tooFew" }))],
    });
    expect(unknown.findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/internal error: rule schema\/messages failed on Pod p: reported messageId "tooFew"/),
    ]);
    const hole = checkTexts([{ path: "p.yaml", text: POD }], {
      rules: [rule((res, ctx) => ctx.report({ resource: res, path: [], messageId: "tooMany", data: { name: "p" } }))],
    });
    expect(hole.findings.map((f) => f.message)).toEqual([expect.stringMatching(/message "tooMany" needs data\.n/)]);
  });

  it("every built-in message template is reported by its rule's examples", () => {
    for (const r of ALL_RULES.filter((x) => x.messages)) {
      const ids = new Set(r.examples.invalid.flatMap((ex) => ex.findings.map((f) => f.messageId)));
      for (const id of Object.keys(r.messages ?? {})) expect(ids.has(id), `${r.id}: messageId ${id}`).toBe(true);
    }
  });
});
