import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { allRuleDocs } from "./docs.js";
import { ALL_RULES } from "./index.js";

const docsDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "docs", "rules");

describe("generated rule docs", () => {
  for (const [rel, text] of allRuleDocs(ALL_RULES)) {
    it(`docs/rules/${rel} is up to date (run \`npm run docs\` if not)`, () => {
      let onDisk = "";
      try {
        onDisk = readFileSync(join(docsDir, rel), "utf8");
      } catch {
        onDisk = "<missing>";
      }
      expect(onDisk).toBe(text);
    });
  }
});
