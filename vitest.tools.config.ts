import { defineConfig } from "vitest/config";

// `npm run test:tools`: tests that need a program outside npm (kubectl, helm, a browser) or run npm
// itself on a packed copy. Each names what it needs through test/tools.ts's requireTool.
export default defineConfig({
  test: {
    include: ["src/**/*.tools.test.ts", "test/**/*.tools.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: "forks",
  },
});
