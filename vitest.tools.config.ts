import { defineConfig } from "vitest/config";

// `npm run test:tools`: tests that need a program outside npm (kubectl, helm, a browser) or run npm
// itself on a clean copy. Each says what it needs when that is missing (test/tools.ts requireTool).
export default defineConfig({
  test: {
    include: ["src/**/*.tools.test.ts", "test/**/*.tools.test.ts"],
    // The install test runs `npm ci` and `npm test` on a clean copy: about a minute on an idle
    // 2-core machine, several when it is shared.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: "forks",
  },
});
