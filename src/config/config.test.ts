import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config.js";

const known = new Set(["schema/invalid-quantity", "gpu/shm-size"]);
const parse = (raw: unknown) => parseConfig(raw, ".mlgate.yaml", known);

describe("parseConfig", () => {
  it("reads severities, off, excludes, failOn, ignores and kubeVersion", () => {
    const c = parse({
      rules: { "schema/invalid-quantity": "warning", "gpu/shm-size": false },
      exclude: ["vendor/**"],
      failOn: "warning",
      ignore: [{ rules: ["gpu/shm-size"], kind: "RayCluster", name: "x", reason: "vendor" }],
      kubeVersion: "1.33",
    });
    expect(c.rules).toEqual({ "schema/invalid-quantity": "warning", "gpu/shm-size": "off" });
    expect(c.exclude).toEqual(["vendor/**"]);
    expect(c.failOn).toBe("warning");
    expect(c.ignore[0]).toMatchObject({ rules: ["gpu/shm-size"], kind: "RayCluster", name: "x" });
    expect(c.kubeVersion).toBe("1.33");
    expect(c.serve).toEqual({ skipNamespaces: [], skipKinds: [] });
    expect(
      parse({ serve: { skipNamespaces: ["kube-system"], skipKinds: ["Event", "apps/ReplicaSet"] } }).serve,
    ).toEqual({
      skipNamespaces: ["kube-system"],
      skipKinds: ["Event", "apps/ReplicaSet"],
    });
  });

  it.each([
    [{ rules: { "gpu/nope": "off" } }, /rules: unknown rule id "gpu\/nope"/],
    [{ rules: { "gpu/shm-size": "fatal" } }, /rules.gpu\/shm-size: "fatal" is not/],
    [{ failOn: "sometimes" }, /failOn: "sometimes"/],
    [{ serve: ["kube-system"] }, /serve: must be a mapping/],
    [{ serve: { skipNamespace: ["kube-system"] } }, /serve: unknown key "skipNamespace"/],
    [{ serve: { skipKinds: "Pod" } }, /serve\.skipKinds: must be a list/],
    [{ exclude: "vendor" }, /exclude: must be a list/],
    [{ ignore: [{ kind: "Pod" }] }, /ignore\[0\]: needs "rules"/],
    [{ ignore: [{ rule: "gpu/nope" }] }, /ignore\[0\]: unknown rule id/],
    [{ kubeVersion: 1.3 }, /quote the version/],
    [{ colour: true }, /unknown key "colour"/],
    [{ estimate: "yes" }, /estimate: must be true or false/],
    [[1, 2], /must be a mapping/],
  ])("rejects %j with a message naming the file and key", (raw, message) => {
    expect(() => parse(raw)).toThrow(ConfigError);
    expect(() => parse(raw)).toThrow(message);
    expect(() => parse(raw)).toThrow(/^\.mlgate\.yaml: /);
  });

  it("reads estimate: true|false (the cost/gpu-daily-cost report); absent when not given", () => {
    expect(parse({ estimate: true }).estimate).toBe(true);
    expect(parse({ estimate: false }).estimate).toBe(false);
    expect(parse({}).estimate).toBeUndefined();
  });

  it("reads a team's own models and serving.minSequences", () => {
    const c = parse({
      models: [
        {
          id: "acme/support-bot-13b",
          params: "13B",
          layers: 40,
          hidden: 5120,
          heads: 40,
          vocab: 32000,
          contextLength: 4096,
        },
      ],
      serving: { minSequences: 4 },
    });
    expect(c.models[0]).toMatchObject({ ids: ["acme/support-bot-13b"], params: 13e9, kvHeads: 40, headDim: 128 });
    expect(c.serving.minSequences).toBe(4);
    expect(parse({}).models).toEqual([]);
  });

  it("reads budget.monthlyUsd (cost/gpu-pool-budget); absent when not given", () => {
    expect(parse({ budget: { monthlyUsd: 250000 } }).budget).toEqual({ monthlyUsd: 250000 });
    expect(parse({}).budget).toEqual({});
  });

  it.each([
    [{ budget: 5 }, /budget: must be a mapping/],
    [{ budget: { monthly: 5 } }, /budget: unknown key "monthly"/],
    [{ budget: { monthlyUsd: -1 } }, /budget\.monthlyUsd: "-1" is not a positive number/],
    [{ budget: { monthlyUsd: "lots" } }, /budget\.monthlyUsd: "lots" is not a positive number/],
    [{ models: {} }, /models: must be a list/],
    [{ models: [{ params: 1 }] }, /models\[0\]: needs "id"/],
    [
      { models: [{ id: "a", params: 1, layers: 2, hidden: 8, heads: 2, vocab: 4 }] },
      /models\[0\]\.contextLength: required/,
    ],
    [
      { models: [{ id: "a", params: 1, layers: 2.5, hidden: 8, heads: 2, vocab: 4, contextLength: 8 }] },
      /models\[0\]\.layers: "2\.5" is not a positive whole number/,
    ],
    [{ models: [{ id: "a", size: 1 }] }, /models\[0\]: unknown key "size"/],
    [{ serving: { minSequences: 0 } }, /serving\.minSequences: must be a whole number/],
    [{ serving: { minSeqs: 2 } }, /serving: unknown key "minSeqs"/],
  ])("rejects %j", (raw, msg) => {
    expect(() => parse(raw)).toThrow(msg);
  });

  it("accepts an empty file", () => {
    expect(parse(null).rules).toEqual({});
  });
});
