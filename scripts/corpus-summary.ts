// Rewrites test/corpus-summary/<category>.json from a check of the upstream corpus:
// `npm run corpus-summary`. Review the diff: a rise in a rule's count is a new false positive
// until shown otherwise.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkCorpus, hasCorpus, summarise, summaryDir, summaryJson } from "../test/corpus.js";

if (!hasCorpus) {
  console.error("../shared/corpus/upstream is not there; nothing to summarise");
  process.exit(2);
}
const result = checkCorpus();
mkdirSync(summaryDir, { recursive: true });
for (const f of readdirSync(summaryDir)) rmSync(join(summaryDir, f));
for (const [category, rules] of summarise(result)) {
  writeFileSync(join(summaryDir, `${category}.json`), summaryJson(rules));
}
console.log(`${result.summary.documents} documents, ${result.findings.length} findings; wrote ${summaryDir}`);
