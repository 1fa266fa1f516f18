import { isShaRef, parseUses, type Step } from "../../model/workflow.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { WORKFLOW_LINKS, wf, wfInvalid } from "./_util.js";

const SHA = "11bd71901bbe5b1630ceea73d27597364c9af683";
const BASE = dedent`
  name: ci
  on: [push]
  permissions: {contents: read}
  jobs:
    build:
      runs-on: ubuntu-latest
      steps:
        - uses: actions/checkout@${SHA} # v4.2.2
        - uses: actions/setup-python@v5
          with: {python-version: "3.12"}
        - run: make test
`;

function major(ref: string | undefined): number | undefined {
  const m = ref ? /^v?(\d+)(?:\.|$)/.exec(ref) : null;
  return m ? Number(m[1]) : undefined;
}

/** Why the head's `uses:` is a downgrade of the base's, if it is one. */
export function downgrade(base: string, head: string): string | undefined {
  const b = parseUses(base);
  const h = parseUses(head);
  if (b?.kind !== "repo" || h?.kind !== "repo" || b.repo?.toLowerCase() !== h.repo?.toLowerCase()) return undefined;
  if (isShaRef(b.ref) && !isShaRef(h.ref))
    return `"${head}" was pinned to commit ${b.ref?.slice(0, 12)}… in the base; a tag or branch can be moved to other code after review`;
  const bm = major(b.ref);
  const hm = major(h.ref);
  if (bm !== undefined && hm !== undefined && hm < bm)
    return `"${head}" goes back from major version ${bm} to ${hm}; older majors run on retired Node runtimes and miss fixes`;
  return undefined;
}

export default defineRule({
  id: "ci/action-downgraded",
  category: "ci",
  severity: "warning",
  summary: "A change moves an action from a commit SHA to a tag or branch, or back to an older major version",
  rationale:
    'GitHub\'s hardening guide calls pinning an action to a full-length commit SHA "currently the only way to use an action as an immutable release": a tag can be moved to other code after the change was reviewed. A change that replaces a SHA with a tag undoes that, and one that goes back a major version (actions/checkout@v4 → @v2) brings back an action whose Node runtime GitHub has retired. Both are what rewritten workflows do: on the published data of the "Can LLMs Write CI?" study, GPT-4o dropped the SHA pin in 41 of the 49 workflows whose reference pinned one, and used a lower major version than the reference in 170 of 509 (../shared/research/change-review.md §1.2).',
  remediation:
    "Keep the commit SHA (with the version as a comment: `uses: actions/checkout@<sha> # v4.2.2`), and the major version the base used or a newer one. Dependabot updates SHA-pinned actions.",
  links: [
    WORKFLOW_LINKS.secureUse,
    { title: "Can LLMs Write CI? (arXiv 2507.17165)", url: "https://arxiv.org/abs/2507.17165" },
    WORKFLOW_LINKS.actionlint,
  ],
  examples: {
    valid: [
      wf("the pinned action moves to a newer commit", BASE.replace(SHA, "08c6903cd8c0fde910a37f88322edcfb5dd907a8"), {
        base: BASE,
      }),
      wf("a tag moves to a newer major version", BASE.replace("setup-python@v5", "setup-python@v6"), { base: BASE }),
    ],
    invalid: [
      wfInvalid(
        "the SHA pin becomes a tag",
        BASE.replace(`${SHA} # v4.2.2`, "v4"),
        [{ line: 8, column: 15, message: /"actions\/checkout@v4" was pinned to commit 11bd71901bbe… in the base/ }],
        { base: BASE },
      ),
      wfInvalid(
        "an older major version",
        BASE.replace("setup-python@v5", "setup-python@v2"),
        [{ line: 9, column: 15, message: /goes back from major version 5 to 2/ }],
        { base: BASE },
      ),
    ],
  },
  change(c, ctx) {
    for (const w of c.workflows) {
      if (!w.head) continue;
      // The base's SHA-pinned actions, for steps the change moved to another (or a renamed) job.
      const pinned = (w.base?.jobs ?? []).flatMap((j) => j.steps).filter((x) => isShaRef(parseUses(x.uses ?? "")?.ref));
      for (const s of w.steps) {
        const h: Step | undefined = s.head;
        const repo = h?.uses ? parseUses(h.uses)?.repo?.toLowerCase() : undefined;
        const b: Step | undefined =
          s.base ?? (repo ? pinned.find((x) => parseUses(x.uses ?? "")?.repo?.toLowerCase() === repo) : undefined);
        if (!b?.uses || !h?.uses) continue;
        const why = downgrade(b.uses, h.uses);
        if (why) ctx.report({ resource: w.head.resource, path: [...h.path, "uses"], message: why });
      }
      // Reusable workflows called by a job.
      for (const hj of w.head.jobs) {
        const bj = w.base?.jobs.find((j) => j.id === hj.id);
        if (!bj?.uses || !hj.uses) continue;
        const why = downgrade(bj.uses, hj.uses);
        if (why) ctx.report({ resource: w.head.resource, path: [...hj.path, "uses"], message: why });
      }
    }
  },
});
