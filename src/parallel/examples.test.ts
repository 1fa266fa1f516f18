// Every rule's examples, each document in a file of its own and each file in a worker of its own:
// the split check must give what one thread gives. A per-object hook that reads other workloads
// (which a worker holds only for its own files) or a `set` hook that reads more than lookups and
// facts shows here as a difference.
import { describe, expect, it } from "vitest";
import { type CheckRequest, check } from "../check.js";
import { SourceFile } from "../load/types.js";
import { ALL_RULES } from "../rules/index.js";
import { exampleOptions, type RuleExample } from "../rules/types.js";
import { checkSharded, inThreadShards, notSplittable } from "./check.js";

/** The example's documents as files of one directory, or undefined when it does not split. */
function splitExample(ex: RuleExample): CheckRequest["files"] | undefined {
  if (ex.files || ex.base || (ex.path && !/\.ya?ml$/.test(ex.path)) || ex.path?.startsWith(".github")) return undefined;
  const docs = ex.yaml.split(/^---[ \t]*$/m).filter((d) => d.trim() !== "");
  if (docs.length < 2) return undefined;
  return docs.map((d, i) => new SourceFile(`example/doc-${i}.yaml`, d.startsWith("\n") ? d.slice(1) : d));
}

describe("rule examples split into one file per document and one worker per file", () => {
  const cases = ALL_RULES.flatMap((rule) =>
    [...rule.examples.valid, ...rule.examples.invalid].map((ex) => ({ rule, ex, files: splitExample(ex) })),
  ).filter((c) => c.files !== undefined);

  it("cover many multi-document examples", () => {
    expect(cases.length).toBeGreaterThan(100);
  });

  it.each(cases.map((c) => [`${c.rule.id}: ${c.ex.title}`, c] as const))("%s", (_, { rule, ex, files }) => {
    const { maxFileSize: _max, ...options } = exampleOptions(rule, ex);
    const req: CheckRequest = { files: files as SourceFile[], options };
    if (notSplittable(req)) return;
    const one = check(req);
    const many = checkSharded(
      req,
      inThreadShards(req.files.length),
      req.files.map((_f, i) => [i]),
    );
    expect(JSON.stringify(many)).toBe(JSON.stringify(one));
  });
});
