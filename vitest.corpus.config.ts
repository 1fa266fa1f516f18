import { defineConfig } from "vitest/config";

// `npm run test:corpus`: tests that read ../shared (the upstream corpus, the CRDs, the CI sample).
// test/shared-setup.ts stops the run with a clear message when ../shared is not there.
export default defineConfig({
  test: {
    include: ["src/**/*.corpus.test.ts", "test/**/*.corpus.test.ts"],
    globalSetup: ["test/shared-setup.ts"],
    testTimeout: 120_000,
    pool: "threads",
  },
});
