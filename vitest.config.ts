import { defineConfig } from "vitest/config";

// `npm test`: everything that needs nothing beside the repository. Tests that read ../shared are
// `*.corpus.test.ts` (vitest.corpus.config.ts, `npm run test:corpus`); tests that need a program
// outside npm are `*.tools.test.ts` (vitest.tools.config.ts, `npm run test:tools`).
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/*.corpus.test.ts", "**/*.tools.test.ts"],
    testTimeout: 60_000,
    pool: "threads",
  },
});
