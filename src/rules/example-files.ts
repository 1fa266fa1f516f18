// What a rule example checks: its file, and the files beside it (`RuleExample.files`). Shared by
// the built-in rules' tests (rules.test.ts) and the plugin example runner (src/plugins/examples.ts).
import { isReadByName } from "../load/sources.js";
import { FileTree } from "../load/tree.js";
import type { RuleExample } from "./types.js";

/** The texts an example checks (its file first, then those beside it the loader reads by name) and its tree. */
export function exampleInput(ex: RuleExample): { texts: Array<{ path: string; text: string }>; tree: FileTree } {
  const path = ex.path ?? "example.yaml";
  const others = Object.entries(ex.files ?? {});
  return {
    texts: [
      { path, text: ex.yaml },
      ...others.filter(([p]) => isReadByName(p)).map(([p, text]) => ({ path: p, text })),
    ],
    tree: FileTree.of([path, ...others.map(([p]) => p)]),
  };
}
