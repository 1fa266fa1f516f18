// The README's example runs must stay true: every finding line it shows for `mlgate check` on the
// files in docs/examples is printed, word for word, by the built CLI today.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./corpus.js";

const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
// `$ [cd docs/examples && ]mlgate check ARGS [| grep …] [# in docs/examples]`, then the output.
const blocks = [
  ...readme.matchAll(
    /```console\n\$ (cd docs\/examples && )?mlgate check ([^\n|#]+?)(\s+(?:\||#)[^\n]*)?\n([\s\S]*?)```/g,
  ),
].map((m) => ({
  args: (m[2] as string).trim().split(/\s+/),
  inExamples: Boolean(m[1]) || /# in docs\/examples/.test(m[3] ?? ""),
  shown: m[4] as string,
}));
const FINDING = /^\s+\S+:\d+:\d+\s+(error|warning|info)\s/;

describe("README examples", () => {
  it("has example runs to check", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
  });

  for (const { args: argv, inExamples, shown } of blocks) {
    it(`mlgate check ${argv.join(" ")} prints what the README shows`, () => {
      const r = spawnSync(process.execPath, [join(repoRoot, "bin", "mlgate.js"), "check", ...argv], {
        cwd: inExamples ? join(repoRoot, "docs", "examples") : repoRoot,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
      });
      const lines = shown.split("\n").filter((l) => FINDING.test(l));
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(r.stdout).toContain(line.trim());
    });
  }
});

describe("README rule count", () => {
  it("names as many rules and categories as the registry holds", async () => {
    const { ALL_RULES } = await import("../src/rules/index.js");
    const m = /More than a hundred rules \((\d+)\) in (\w+) categories/.exec(readme);
    expect(m, "the README's sentence that counts the rules").not.toBeNull();
    expect(Number(m?.[1])).toBe(ALL_RULES.length);
    const words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"];
    expect(m?.[2]).toBe(words[new Set(ALL_RULES.map((r) => r.category)).size]);
  });
});

describe("README configuration example", () => {
  it("is a valid .mlgate.yaml", async () => {
    const { parseConfig } = await import("../src/config/config.js");
    const { RULES_BY_ID } = await import("../src/rules/index.js");
    const yaml = (await import("js-yaml")).default;
    const section = readme.slice(readme.indexOf("## Configuration"));
    const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
    const { RULE_OPTION_SCHEMAS } = await import("../src/rules/index.js");
    const config = parseConfig(yaml.load(block), "README.md", new Set(RULES_BY_ID.keys()), RULE_OPTION_SCHEMAS);
    expect(config.rules["gpu/shm-size"]).toBe("error");
    expect(config.ruleOptions?.["gpu/serving-kv-capacity"]).toEqual({ minSequences: 4 });
    expect(config.ignore).toHaveLength(1);
  });
});

describe("README CI example", () => {
  it("is the workflow in docs/examples, and mlgate finds nothing above info in it", () => {
    const file = join(repoRoot, "docs", "examples", ".github", "workflows", "mlgate.yml");
    const text = readFileSync(file, "utf8");
    const section = readme.slice(readme.indexOf("## In CI"));
    expect(/```yaml\n([\s\S]*?)```/.exec(section)?.[1]).toBe(text);
    const r = spawnSync(process.execPath, [join(repoRoot, "bin", "mlgate.js"), "check", file, "--format", "json"], {
      encoding: "utf8",
    });
    const j = JSON.parse(r.stdout);
    expect(j.summary.errors + j.summary.warnings).toBe(0);
    expect(r.status).toBe(0);
  });
});

describe("README estimate --serve runs", () => {
  const runs = [...readme.matchAll(/```console\n\$ mlgate (estimate --serve[^\n|]*)\n([\s\S]*?)```/g)];
  it("has one", () => expect(runs.length).toBeGreaterThanOrEqual(1));
  for (const [, cmd, shown] of runs) {
    it(`mlgate ${cmd} prints what the README shows`, () => {
      const r = spawnSync(
        process.execPath,
        [join(repoRoot, "bin", "mlgate.js"), ...(cmd as string).trim().split(/\s+/)],
        {
          cwd: repoRoot,
          encoding: "utf8",
          env: { ...process.env, NO_COLOR: "1" },
        },
      );
      expect(r.stdout.trim()).toBe((shown as string).trim());
    });
  }
});
