import { dirname } from "node:path";
import { defineConfig } from "tsup";

// One bundled ESM file per entry: bundling saves ~30 ms of cold start over loading node_modules
// file by file (measured in ../shared/research/ecosystem-and-style.md §3).
export default defineConfig({
  // The worker entry of a parallel check is found beside the chunk that starts it (src/parallel/pool.ts).
  entry: { cli: "src/cli/main.ts", index: "src/index.ts", worker: "src/parallel/worker.ts" },
  format: ["esm"],
  platform: "node",
  target: "node20",
  bundle: true,
  splitting: true,
  noExternal: [/.*/],
  clean: true,
  minify: false,
  sourcemap: false,
  // Type declarations for the library entry only; the CLI needs none.
  dts: { entry: { index: "src/index.ts" } },
  // Load the CEL engine only when an expression is compiled (src/cel/load-engine.ts says why).
  esbuildPlugins: [
    {
      name: "lazy-cel-engine",
      setup(build) {
        build.onLoad({ filter: /src[\\/]cel[\\/]load-engine\.ts$/ }, (args) => ({
          contents: 'export function loadEngine() { return require("./engine.ts"); }',
          loader: "ts",
          resolveDir: dirname(args.path),
        }));
      },
    },
  ],
  banner: {
    js: "import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);",
  },
});
