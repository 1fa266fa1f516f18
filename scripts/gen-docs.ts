// Regenerates docs/rules/ from the rule modules: `npm run docs`.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { allRuleDocs } from "../src/rules/docs.js";
import { ALL_RULES } from "../src/rules/index.js";

const root = join(dirname(new URL(import.meta.url).pathname), "..", "docs", "rules");
const files = allRuleDocs(ALL_RULES);
for (const entry of readdirSync(root, { withFileTypes: true })) {
  if (entry.isDirectory()) rmSync(join(root, entry.name), { recursive: true });
}
for (const [rel, text] of files) {
  const p = join(root, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
}
console.log(`wrote ${files.size} files under docs/rules/`);
