// The committed shape catalog is what scripts/gen-shapes.ts makes of ../shared/corpus/crds
// (`npm run test:corpus`).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, sharedPath } from "../../test/corpus.js";

describe("shape catalog", () => {
  sharedPath("corpus", "crds");

  it("is what scripts/gen-shapes.ts makes of ../shared/corpus/crds (run `npm run gen-shapes`)", () => {
    const dir = mkdtempSync(join(tmpdir(), "mlgate-shapes-"));
    try {
      const out = join(dir, "generated.ts");
      execFileSync(process.execPath, ["--import", "tsx", "scripts/gen-shapes.ts"], {
        cwd: repoRoot,
        env: { ...process.env, GEN_SHAPES_OUT: out },
        stdio: "pipe",
      });
      const committed = readFileSync(join(repoRoot, "src", "catalog", "shapes", "generated.ts"), "utf8");
      expect(readFileSync(out, "utf8") === committed).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
