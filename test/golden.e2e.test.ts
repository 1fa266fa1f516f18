// Golden files of the exact text output, as actionlint keeps them: the built CLI's report on
// small repositories written for this test (test/golden/<case>/), compared byte for byte with
// test/golden/<case>.txt. A change to wording, order, code frames or the summary shows here as a
// diff. When the change is meant: `UPDATE_GOLDEN=1 npx vitest run test/golden.e2e.test.ts`, then
// read the diff of test/golden/*.txt before committing it.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./corpus.js";
import { ensureBuilt, mlgate } from "./e2e.js";

beforeAll(ensureBuilt);

const CASES: Array<{ name: string; args: string[] }> = [
  { name: "repo", args: ["check", "test/golden/repo"] },
  { name: "repo-quiet", args: ["check", "test/golden/repo", "--quiet"] },
];

describe("golden text output", () => {
  for (const { name, args } of CASES) {
    it(`mlgate ${args.join(" ")}`, () => {
      const r = mlgate(args, { cwd: repoRoot });
      const got = `$ mlgate ${args.join(" ")}\nexit ${r.code}\n${r.stderr ? `--- stderr\n${r.stderr}` : ""}--- stdout\n${r.stdout}`;
      const file = join(repoRoot, "test", "golden", `${name}.txt`);
      if (process.env.UPDATE_GOLDEN === "1") writeFileSync(file, got);
      expect(existsSync(file), `no ${file}: run with UPDATE_GOLDEN=1 to write it`).toBe(true);
      expect(
        got,
        `the text output of ${name} changed; if that is meant, rerun with UPDATE_GOLDEN=1 and review the diff`,
      ).toBe(readFileSync(file, "utf8"));
    });
  }
});
