// Global setup of `npm run test:corpus`: the corpus tests read ../shared beside the repository
// (the upstream corpus, the CRDs, the LLM-written CI sample, the JSON contract checker). Without it
// they must fail, never skip, so the run stops here with a message saying what is missing.
import { existsSync } from "node:fs";
import { SHARED_NEEDED, sharedDir } from "./corpus.js";

export default function setup(): void {
  const missing = SHARED_NEEDED.filter((p) => !existsSync(`${sharedDir}/${p}`));
  if (missing.length === 0) return;
  const what = existsSync(sharedDir) ? missing.map((p) => `${sharedDir}/${p}`).join(", ") : sharedDir;
  // A message, not a stack trace: what is missing and what to do.
  console.error(
    `\nnpm run test:corpus needs ../shared beside the repository, and ${what} is missing.\n` +
      "These tests read the upstream corpus, the CRDs and the CI sample; `npm test` needs nothing beside the repository.\n",
  );
  process.exit(1);
}
