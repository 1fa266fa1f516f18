// `npm run check:action-dist [BUNDLE]`: rebuilds the Action's bundle in a temporary folder and
// compares it with the committed one (default action/dist/index.js). Exit 1, saying what to run,
// when they differ. src/action/bundle.test.ts (npm test) and .ci/run run it (docs/action.md,
// "Keeping the bundle in sync").
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ACTION_DIST } from "./build-action.js";

const committed = process.argv[2] ?? join(ACTION_DIST, "index.js");
const out = mkdtempSync(join(tmpdir(), "mlgate-action-dist-"));
try {
  execFileSync(process.execPath, ["--import", "tsx", "scripts/build-action.ts", out], { stdio: "inherit" });
  const fresh = readFileSync(join(out, "index.js"), "utf8");
  let current = "";
  try {
    current = readFileSync(committed, "utf8");
  } catch {
    // missing: stale
  }
  if (fresh !== current) {
    console.error(
      `${committed} is not the build of the current source: run \`npm run build:action\` and commit ${committed}`,
    );
    process.exitCode = 1;
  } else console.log(`${committed} is the build of the current source`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
