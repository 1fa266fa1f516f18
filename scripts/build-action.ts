// Builds the GitHub Action's bundle, action/dist/index.js: src/action/main.ts with every
// dependency in one ESM file, run by the runner's Node 24 (action.yml: runs.using node24). The
// bundle is committed (an Action runs from its repository as it is, with no install step), and
// src/action/bundle.test.ts rebuilds it and fails when the committed file differs.
// `npm run build:action` rewrites it; run it after changing anything under src/.
import { fileURLToPath } from "node:url";
import { build } from "tsup";

export const ACTION_DIST = "action/dist";

/** Builds into `outDir`; paths are read from the working directory, the repository's root. */
export async function buildAction(outDir: string): Promise<void> {
  await build({
    entry: { index: "src/action/main.ts" },
    outDir,
    format: ["esm"],
    platform: "node",
    target: "node20",
    bundle: true,
    splitting: false,
    noExternal: [/.*/],
    clean: true,
    minify: false,
    sourcemap: false,
    dts: false,
    silent: true,
    config: false,
    banner: {
      js: "import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);",
    },
  });
}

// `node --import tsx scripts/build-action.ts [OUTDIR]` (default action/dist).
if (process.argv[1] === fileURLToPath(import.meta.url)) await buildAction(process.argv[2] ?? ACTION_DIST);
