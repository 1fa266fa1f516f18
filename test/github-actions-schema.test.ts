// The catalog mlgate reads GitHub Actions keys, events and permissions from is generated from
// GitHub's schemas in @actions/workflow-parser; this fails while it differs from a fresh derivation
// (after a package update: `npm run gen-github-actions`, then read the diff).
import { describe, expect, it } from "vitest";
import { derive } from "../scripts/gen-github-actions.js";
import * as generated from "../src/catalog/github-actions/schema.generated.js";

describe("src/catalog/github-actions/schema.generated.ts", () => {
  it("is what GitHub's schemas in the installed @actions/workflow-parser say (run `npm run gen-github-actions` if not)", () => {
    expect({ ...generated }).toEqual(derive());
  });

  it("leaves out the step keys GitHub's reader accepts only behind a feature flag", () => {
    expect(generated.STEP_KEYS).not.toContain("background");
    expect(generated.STEP_KEYS).toEqual(expect.arrayContaining(["uses", "run", "with", "working-directory", "shell"]));
  });
});
