import { asString } from "../../model/resource.js";
import { parseUses } from "../../model/workflow.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { report, wf, wfInvalid } from "./_util.js";

/** Upload paths that take in the whole checkout, .git included. */
const WORKSPACE_ROOT = /^(?:\.\/?|\*|\*\*(?:\/\*)?|\$\{\{\s*github\.workspace\s*\}\}\/?|\.git(?:\/.*)?)$/;

export default defineRule({
  id: "ci/artifact-credentials",
  category: "ci",
  severity: "warning",
  summary: "A job keeps the checkout's credentials in .git/config and uploads the workspace as an artifact",
  rationale:
    "`actions/checkout` writes the job's GITHUB_TOKEN into `.git/config` unless `persist-credentials: false`; a job that then uploads the whole workspace (hidden files included, as `actions/upload-artifact` before v4.4 did and `include-hidden-files: true` does) publishes that token to anyone who can download the run's artifacts — for public repositories, anyone.",
  remediation:
    "Set `persist-credentials: false` on the checkout, and upload only the build outputs (`path: dist/`), not the workspace root.",
  links: [
    { title: "zizmor: artipacked", url: "https://docs.zizmor.sh/audits/#artipacked" },
    { title: "actions/checkout: persist-credentials", url: "https://github.com/actions/checkout#usage" },
  ],
  examples: {
    valid: [
      wf(
        "credentials not persisted",
        dedent`
          on: push
          permissions: {}
          jobs:
            a:
              runs-on: ubuntu-latest
              steps:
                - uses: actions/checkout@v4
                  with:
                    persist-credentials: false
                - uses: actions/upload-artifact@v4
                  with:
                    path: .
                    include-hidden-files: true
        `,
      ),
    ],
    invalid: [
      wfInvalid(
        "checkout, then upload the workspace with hidden files",
        dedent`
          on: push
          jobs:
            a:
              runs-on: ubuntu-latest
              steps:
                - uses: actions/checkout@v4
                - uses: actions/upload-artifact@v4
                  with:
                    name: ws
                    path: .
                    include-hidden-files: true
        `,
        [{ line: 6, column: 15, message: /persists the GITHUB_TOKEN .* uploaded by step 2/ }],
      ),
    ],
  },
  workflow(w, ctx) {
    for (const job of w.jobs) {
      const checkout = job.steps.find(
        (s) =>
          /^actions\/checkout@/i.test(s.uses ?? "") && String(s.with["persist-credentials"]).toLowerCase() !== "false",
      );
      if (!checkout) continue;
      const upload = job.steps.find((s) => {
        if (s.index <= checkout.index || !/^actions\/upload-artifact@/i.test(s.uses ?? "")) return false;
        const paths = (asString(s.with.path) ?? "")
          .split("\n")
          .map((p) => p.trim())
          .filter((p) => p && !p.startsWith("!"));
        if (!paths.some((p) => WORKSPACE_ROOT.test(p))) return false;
        const ref = parseUses(s.uses ?? "")?.ref ?? "";
        const oldVersion = /^v[1-3](\.|$)/.test(ref) || /^v4\.[0-3](\.|$)/.test(ref);
        return oldVersion || String(s.with["include-hidden-files"]).toLowerCase() === "true";
      });
      if (!upload) continue;
      report(
        ctx,
        w,
        [...checkout.path, "uses"],
        `this checkout persists the GITHUB_TOKEN in .git/config, and the workspace (hidden files included) is uploaded by step ${upload.index + 1}; set persist-credentials: false`,
      );
    }
  },
});
