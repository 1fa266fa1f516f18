// `check --format json` on a rendered Kustomize directory (needs kubectl): the output with
// `summary.rendered` follows docs/schema/check.schema.json.
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, mlgate } from "./e2e.js";
import { expectValid } from "./schemas.js";
import { requireTool } from "./tools.js";

beforeAll(() => {
  requireTool(
    "kubectl",
    ["version", "--client"],
    "install kubectl (apt-get install kubectl, or https://kubernetes.io/docs/tasks/tools/)",
  );
  ensureBuilt();
});

describe("check --format json with rendered Kustomize directories", () => {
  it("follows docs/schema/check.schema.json, summary.rendered included", () => {
    const j = JSON.parse(mlgate(["check", "test/fixtures/kustomize", "--format", "json", "--fail-on", "never"]).stdout);
    expect(j.summary.rendered?.[0]?.renderer).toBe("kubectl kustomize");
    expectValid("check.schema.json", j);
  });
});
