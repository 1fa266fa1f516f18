// The catalog mlgate reads GitHub Actions keys, events and permissions from is generated from
// GitHub's schemas in @actions/workflow-parser; this fails while it differs from a fresh derivation
// (after a package update: `npm run gen-github-actions`, then read the diff).
import { describe, expect, it } from "vitest";
import { derive, schemaAvailability } from "../scripts/gen-github-actions.js";
import * as generated from "../src/catalog/github-actions/schema.generated.js";
import { AVAILABILITY } from "../src/catalog/github-actions.js";

describe("src/catalog/github-actions/schema.generated.ts", () => {
  it("is what GitHub's schemas in the installed @actions/workflow-parser say (run `npm run gen-github-actions` if not)", () => {
    expect({ ...generated }).toEqual(derive());
  });

  it("leaves out the step keys GitHub's reader accepts only behind a feature flag", () => {
    expect(generated.STEP_KEYS).not.toContain("background");
    expect(generated.STEP_KEYS).toEqual(expect.arrayContaining(["uses", "run", "with", "working-directory", "shell"]));
  });

  it("the hand-written context availability table (GitHub's docs) agrees with GitHub's schema but where the two disagree", () => {
    const differences: Record<string, string> = {};
    for (const [key, ours] of Object.entries(AVAILABILITY)) {
      const schema = schemaAvailability(key);
      if (!schema) {
        differences[key] = "not in the schema";
        continue;
      }
      const only = (a: readonly string[], b: readonly string[]) => a.filter((x) => !b.includes(x)).join(",");
      const d = [
        only(ours.contexts, schema.contexts) && `docs only: ${only(ours.contexts, schema.contexts)}`,
        only(schema.contexts, ours.contexts) && `schema only: ${only(schema.contexts, ours.contexts)}`,
        only(ours.functions, schema.functions) && `docs only: ${only(ours.functions, schema.functions)}()`,
        only(schema.functions, ours.functions) && `schema only: ${only(schema.functions, ours.functions)}()`,
      ].filter(Boolean);
      if (d.length) differences[key] = d.join("; ");
    }
    // Where GitHub's docs and its schema disagree, the table follows the docs (docs/ARCHITECTURE.md,
    // "GitHub workflows"). A change here means the schema moved: read it, then update this list.
    expect(differences).toEqual({
      "jobs.<job_id>.container.credentials": "docs only: needs,strategy,matrix",
      "jobs.<job_id>.container.env.<env_id>": "schema only: steps",
      "jobs.<job_id>.services.<service_id>.credentials": "docs only: needs,strategy,matrix",
      "jobs.<job_id>.services.<service_id>.env.<env_id>": "schema only: steps",
    });
  });
});
