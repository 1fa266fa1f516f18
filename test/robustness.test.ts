// Every rule must survive fields of the wrong shape: take real documents (the rules' own
// examples and the bundled examples), replace one value at a time with a value of another type,
// and check that no rule throws (a throw would surface as an "internal error" finding).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { checkTexts } from "../src/check.js";
import { ALL_RULES } from "../src/rules/index.js";
import { repoRoot } from "./corpus.js";

type Json = unknown;

/** Every path to a value inside a document, depth-first, capped. */
function paths(v: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (out.length > 400) return out;
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      out.push([...prefix, i]);
      paths(x, [...prefix, i], out);
    });
  } else if (v !== null && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) {
      out.push([...prefix, k]);
      paths(x, [...prefix, k], out);
    }
  }
  return out;
}

function replaced(doc: Json, path: (string | number)[], value: Json): Json {
  const copy = structuredClone(doc) as Record<string | number, Json>;
  let node: Record<string | number, Json> = copy;
  for (const seg of path.slice(0, -1)) node = node[seg] as Record<string | number, Json>;
  node[path[path.length - 1] as string | number] = value;
  return copy;
}

const ODD_VALUES: Json[] = [null, 7, "x", [], {}, [1, "a"], { a: 1 }, true];

function documents(): Array<{ name: string; doc: Json }> {
  const out: Array<{ name: string; doc: Json }> = [];
  for (const rule of ALL_RULES) {
    for (const ex of [...rule.examples.valid, ...rule.examples.invalid]) {
      try {
        yaml.loadAll(ex.yaml, (d) => {
          if (d && typeof d === "object") out.push({ name: `${rule.id}: ${ex.title}`, doc: d });
        });
      } catch {
        // examples of broken YAML have nothing to mutate
      }
    }
  }
  for (const f of readdirSync(join(repoRoot, "examples"))) {
    yaml.loadAll(readFileSync(join(repoRoot, "examples", f), "utf8"), (d) => out.push({ name: f, doc: d }));
  }
  return out;
}

describe("rules on documents of the wrong shape", () => {
  it("never throw", () => {
    const crashes = new Set<string>();
    let variants = 0;
    for (const { name, doc } of documents()) {
      const ps = paths(doc);
      // A deterministic spread of paths and odd values per document.
      for (let i = 0; i < ps.length; i += Math.max(1, Math.floor(ps.length / 12))) {
        const p = ps[i] as (string | number)[];
        const odd = ODD_VALUES[(i + p.length) % ODD_VALUES.length];
        const text = JSON.stringify(replaced(doc, p, odd));
        variants++;
        const r = checkTexts([{ path: "odd.json", text }]);
        for (const f of r.findings) {
          if (f.message.startsWith("internal error"))
            crashes.add(`${f.ruleId} on ${name} with ${p.join(".")}=${JSON.stringify(odd)}: ${f.message}`);
        }
      }
    }
    expect(variants).toBeGreaterThan(1000);
    expect([...crashes].slice(0, 20)).toEqual([]);
  });
});
