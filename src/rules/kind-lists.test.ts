// Knowledge about kinds is data in the model (src/model/kind-traits.ts), never a list of kinds in a
// rule: a rule module that names two or more modelled kinds as `group/Kind` literals is keeping its
// own list, which the next kind added (LLMInferenceService, NIMService, …) silently misses. The two
// rules below still switch on kinds for kind-specific logic; their counts may shrink, never grow.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KIND_TRAITS } from "../model/kind-traits.js";

const STILL_SWITCHING: Readonly<Record<string, number>> = {
  "gpu/launcher-gpu-count.ts": 8,
  "scheduling/no-gang.ts": 6,
};

const rulesDir = new URL(".", import.meta.url).pathname;
const kinds = KIND_TRAITS.map((t) => t.key);

function kindsNamedIn(text: string): string[] {
  return kinds.filter((k) => text.includes(`"${k}"`));
}

describe("rules keep no lists of kinds", () => {
  it("no rule module names two or more modelled kinds (add a trait to KIND_TRAITS instead)", () => {
    const over: string[] = [];
    for (const category of readdirSync(rulesDir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      for (const file of readdirSync(join(rulesDir, category.name)).filter(
        (f) => f.endsWith(".ts") && !f.endsWith(".test.ts"),
      )) {
        const rel = `${category.name}/${file}`;
        const named = kindsNamedIn(readFileSync(join(rulesDir, category.name, file), "utf8"));
        if (named.length >= 2 && named.length > (STILL_SWITCHING[rel] ?? 0)) over.push(`${rel}: ${named.join(", ")}`);
      }
    }
    expect(over).toEqual([]);
  });

  it("sees a list when there is one", () => {
    expect(kindsNamedIn('const X = new Set(["apps/Deployment", "ray.io/RayService"]);')).toEqual([
      "apps/Deployment",
      "ray.io/RayService",
    ]);
  });
});
