// The LLM-written workflows of ../shared/ci-llm-sample (from the "Can LLMs Write CI?" study,
// arXiv 2507.17165), each reviewed against its reference: the reference is the base, the
// model's output the head. The counts below are the ones docs/review.md reports.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { reviewTexts } from "../src/review/review.js";
import { sharedPath } from "./corpus.js";

const PATH = ".github/workflows/ci.yml";
const rows = readFileSync(sharedPath("ci-llm-sample", "index.tsv"), "utf8")
  .trim()
  .split("\n")
  .slice(1)
  .map((l) => l.split("\t"))
  .map(([id, , , flags]) => ({ id: String(id).padStart(4, "0"), flags: new Set((flags ?? "").split(",")) }));

/** What mlgate says about one model's output: the kinds of change-risk findings, and the verdict. */
function reviewRow(id: string, model: string) {
  const text = (name: string) => readFileSync(sharedPath("ci-llm-sample", `${id}.${name}.yml`), "utf8");
  const r = reviewTexts([{ path: PATH, text: text("reference") }], [{ path: PATH, text: text(model) }]);
  const kinds = new Set<string>();
  for (const f of r.findings) {
    if (f.ruleId === "ci/action-downgraded") kinds.add(/was pinned to commit/.test(f.message) ? "sha" : "major");
    if (f.ruleId === "ci/permissions-widened") kinds.add("permissions");
    if (f.ruleId === "ci/step-removed" && /is removed/.test(f.message))
      kinds.add(f.severity === "warning" ? "safeguard-removed" : "step-removed");
  }
  return { kinds, verdict: r.verdict };
}

function tally(model: string) {
  const count: Record<string, number> = {};
  const agree: Record<string, { both: number; studyOnly: number; mlgateOnly: number }> = {};
  const pairs = [
    ["sha_pin_dropped", "sha"],
    ["permissions_dropped", "permissions"],
    ["action_major_downgrade", "major"],
  ] as const;
  for (const row of rows) {
    const { kinds, verdict } = reviewRow(row.id, model);
    for (const k of [...kinds, `verdict:${verdict}`]) count[k] = (count[k] ?? 0) + 1;
    if (kinds.has("step-removed") || kinds.has("safeguard-removed"))
      count["any-step-removed"] = (count["any-step-removed"] ?? 0) + 1;
    for (const [flag, kind] of pairs) {
      const a = agree[flag] ?? { both: 0, studyOnly: 0, mlgateOnly: 0 };
      agree[flag] = a;
      if (row.flags.has(flag) && kinds.has(kind)) a.both++;
      else if (row.flags.has(flag)) a.studyOnly++;
      else if (kinds.has(kind)) a.mlgateOnly++;
    }
  }
  return { count, agree };
}

describe("reviewing the LLM-written workflows of ci-llm-sample against their references", () => {
  it("has the 64 rows the study sample describes", () => {
    expect(rows).toHaveLength(64);
  });

  it("gpt-4o: flags the dropped SHA pins, permissions blocks and major-version downgrades the study flags", () => {
    const { count, agree } = tally("gpt-4o");
    // The study's flags (index.tsv, gpt-4o against the reference) and mlgate's findings agree:
    // never a flag mlgate raises where the study saw no SHA pin or major version dropped.
    expect(agree.sha_pin_dropped).toEqual({ both: 15, studyOnly: 3, mlgateOnly: 0 });
    expect(agree.permissions_dropped).toEqual({ both: 14, studyOnly: 0, mlgateOnly: 1 });
    expect(agree.action_major_downgrade).toEqual({ both: 33, studyOnly: 2, mlgateOnly: 0 });
    expect(count).toMatchObject({
      sha: 15,
      permissions: 15,
      major: 33,
      "safeguard-removed": 7,
      "any-step-removed": 49,
      "verdict:block": 43,
      "verdict:review": 17,
      "verdict:allow": 4,
    });
  });

  it("gpt-4.1: the same kinds of change, fewer outdated versions", () => {
    const { count } = tally("gpt-4.1");
    expect(count).toMatchObject({
      sha: 16,
      permissions: 11,
      major: 1,
      "safeguard-removed": 7,
      "verdict:block": 3,
      "verdict:review": 28,
      "verdict:allow": 33,
    });
  });
});
