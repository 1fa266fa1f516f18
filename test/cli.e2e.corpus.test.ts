// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ }} is GitHub Actions expression syntax, not a JS template
// `--format json` output checked by the project-independent contract checker in
// ../shared/tools/check-json-contract.mjs (`npm run test:corpus`); docs/schema/ is checked in `npm test`.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { sharedPath } from "./corpus.js";
import { ensureBuilt, mlgate } from "./e2e.js";

beforeAll(ensureBuilt);

const contract = sharedPath("tools", "check-json-contract.mjs");

function checkContract(json: string): void {
  const c = spawnSync(process.execPath, [contract], { input: json, encoding: "utf8" });
  expect(c.stdout + c.stderr).toMatch(/contract ok/);
  expect(c.status).toBe(0);
}

describe("--format json follows ../shared/tools/check-json-contract.mjs", () => {
  it("on the bundled examples", () => {
    const r = mlgate(["check", "examples/", "--format", "json"]);
    expect(r.code).toBe(1);
    checkContract(r.stdout);
  });

  it("on a GitHub Actions workflow", () => {
    const dir = mkdtempSync(join(tmpdir(), "mlgate-contract-"));
    mkdirSync(join(dir, ".github", "workflows"), { recursive: true });
    writeFileSync(
      join(dir, ".github", "workflows", "t.yml"),
      'on: pull_request_target\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: echo "${{ github.event.pull_request.title }}"\n',
    );
    const r = mlgate(["check", ".github/workflows/t.yml", "--format", "json"], { cwd: dir });
    expect(JSON.parse(r.stdout).findings.length).toBeGreaterThan(1);
    checkContract(r.stdout);
  });
});
