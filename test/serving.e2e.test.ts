// docs/serving.md's runs must stay true: each `mlgate check …` finding line it shows is printed word
// for word by the built CLI, and each `mlgate estimate --serve …` block is its whole output.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./corpus.js";

const page = readFileSync(join(repoRoot, "docs", "serving.md"), "utf8");
const blocks = [...page.matchAll(/```console\n\$ mlgate ([^\n|]+?)(\s+\|[^\n]*)?\n([\s\S]*?)```/g)].map((m) => ({
  args: (m[1] as string).trim().split(/\s+/),
  piped: Boolean(m[2]),
  shown: m[3] as string,
}));
const FINDING = /^\s+\S+:\d+:\d+\s+(error|warning|info)\s/;

function run(args: string[]) {
  return spawnSync(process.execPath, [join(repoRoot, "bin", "mlgate.js"), ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
}

describe("docs/serving.md runs", () => {
  it("has runs to check", () => expect(blocks.length).toBeGreaterThanOrEqual(2));
  for (const b of blocks) {
    it(`mlgate ${b.args.join(" ")} prints what the page shows`, () => {
      const r = run(b.args);
      if (b.args[0] === "check" && !b.piped) {
        const lines = b.shown.split("\n").filter((l) => FINDING.test(l));
        expect(lines.length).toBeGreaterThan(0);
        for (const line of lines) expect(r.stdout).toContain(line.trim());
        expect(r.status).toBe(1);
      } else if (b.args[0] === "check") {
        // Piped through jq: every line shown is a message of the JSON output.
        const messages = (JSON.parse(r.stdout) as { findings: { message: string }[] }).findings.map((f) => f.message);
        for (const line of b.shown.trim().split("\n")) expect(messages).toContain(line);
      } else {
        expect(r.stdout.trim()).toBe(b.shown.trim());
      }
    });
  }
});
