// A per-object hook runs, in a parallel check, in a worker that holds its own files' workloads and
// only the other files' lookups (src/parallel): a hook that reads `ctx.set.workloads` to find other
// workloads sees part of them there and answers differently from one thread. What a rule needs of
// other workloads goes through a `set` hook's `facts` instead (docs/ARCHITECTURE.md, parallel).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** Modules that read `set.workloads` for the object being judged itself, which every worker holds. */
const OWN_WORKLOAD_ONLY = new Set(["schema/wrong-type.ts"]);

const rulesDir = new URL(".", import.meta.url).pathname;

describe("rules and the workloads of the set", () => {
  it("no rule module reads set.workloads (set hooks get facts; per-object hooks their own object)", () => {
    const readers: string[] = [];
    for (const category of readdirSync(rulesDir, { withFileTypes: true }).filter((d) => d.isDirectory()))
      for (const file of readdirSync(join(rulesDir, category.name)).filter(
        (f) => f.endsWith(".ts") && !f.endsWith(".test.ts"),
      )) {
        const rel = `${category.name}/${file}`;
        if (/\bset\.workloads\b/.test(readFileSync(join(rulesDir, category.name, file), "utf8"))) readers.push(rel);
      }
    expect(readers.filter((r) => !OWN_WORKLOAD_ONLY.has(r))).toEqual([]);
    expect(readers.filter((r) => OWN_WORKLOAD_ONLY.has(r))).toEqual([...OWN_WORKLOAD_ONLY]);
  });
});
