// The pipeline's layering, enforced: every import between src/ folders (type imports and
// re-exports included, which Biome and the bundler do not see) goes downward in LAYERS, and no
// files import each other in a cycle. Test files are exempt: a rule's test may run the CLI.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./corpus.js";

/**
 * The stages from the bottom up; a folder may import the folders of lower rows only (never its
 * own row's other folders). A top-level file (src/check.ts) counts as a folder of its own name.
 * A new folder goes in the row where its imports put it: beside rules when rules read it
 * (estimate, cluster), above check when it runs whole checks (review, serve).
 */
const LAYERS: readonly (readonly string[])[] = [
  ["util", "version", "cel"], // no knowledge of the domain
  ["catalog"], // data with cited sources
  ["load"], // files → documents with positions
  ["model"], // documents → resources, workloads, workflows, Terraform; kind traits; references
  ["estimate", "cluster"], // math and placement over the model
  ["config"], // .mlgate.yaml
  ["rules"], // one module a rule, and the engine
  ["policy"], // the user's admission policies, made into rules for a run
  ["findings"], // positions, configuration, suppressions, merging
  ["check"], // the pipeline wired (src/check.ts)
  ["parallel"], // the pipeline split across worker threads (--jobs)
  ["review"], // two checks compared
  ["report"], // formatters, of every stage's output (check, estimate, simulate, review)
  ["serve"], // the admission webhook
  ["plugins"], // rule plugins: loaded, validated, their examples run as checks
  ["cli"], // the commands
  ["action"], // the GitHub Action: runs the commands' review and check, publishes through the REST API
  ["index"], // the library's public API
];

const src = join(repoRoot, "src");
const rank = new Map(LAYERS.flatMap((row, i) => row.map((f) => [f, i] as const)));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return p.endsWith(".ts") && !p.endsWith(".test.ts") ? [p] : [];
  });
}

/** `src/model/workload.ts` → `model`; `src/check.ts` → `check`. */
function folderOf(file: string): string {
  const parts = relative(src, file).split("/");
  return parts.length === 1 ? (parts[0] as string).replace(/\.ts$/, "") : (parts[0] as string);
}

/** Relative imports of a file, resolved to .ts paths: `import`, `import type`, `export … from`, `import()`. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((f) => f.startsWith("."))
    .map((f) => resolve(dirname(file), f).replace(/\.js$/, ".ts"));
}

const files = sourceFiles(src);
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const rel = (f: string) => relative(repoRoot, f);

/** Strongly connected components of more than one file (Tarjan). */
function cycles(g: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of g.get(v) ?? []) {
      if (!g.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.map(rel).sort());
    }
  };
  for (const v of g.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe("layers", () => {
  it("every src/ folder has a row in LAYERS", () => {
    const unknown = [...new Set(files.map(folderOf))].filter((f) => !rank.has(f));
    expect(unknown, "add the folder to LAYERS in test/layers.test.ts, in the row its imports put it").toEqual([]);
  });

  it("no import goes upward or sideways (type imports included)", () => {
    const wrong: string[] = [];
    for (const [file, imports] of graph) {
      const from = folderOf(file);
      for (const target of imports) {
        const to = folderOf(target);
        if (to === from) continue;
        const a = rank.get(from);
        const b = rank.get(to);
        if (a === undefined || b === undefined || b >= a) wrong.push(`${rel(file)} → ${rel(target)} (${from} → ${to})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("no files import each other in a cycle", () => {
    expect(cycles(graph)).toEqual([]);
  });

  it("sees what it judges: type imports, re-exports and cycles", () => {
    const g = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a"]],
      ["d", ["a"]],
    ]);
    expect(cycles(g)).toEqual([["a", "b", "c"].map((f) => relative(repoRoot, f))]);
    const types = ts.preProcessFile('import type { X } from "./x.js";\nexport { Y } from "../y.js";', true, true);
    expect(types.importedFiles.map((f) => f.fileName)).toEqual(["./x.js", "../y.js"]);
    expect(folderOf(join(src, "check.ts"))).toBe("check");
    expect(folderOf(join(src, "rules", "gpu", "x.ts"))).toBe("rules");
  });
});
