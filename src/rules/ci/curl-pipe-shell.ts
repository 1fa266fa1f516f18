import { allSteps } from "../../model/workflow.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { quote, report, WORKFLOW_LINKS, wf, wfInvalid } from "./_util.js";

const PIPE_TO_SHELL =
  /\b(?:curl|wget)\b[^\n|;&]*\|\s*(?:sudo\s+(?:-\S+\s+)*)?(?:ba|z|da|k|fi)?sh\b|\b(?:ba|z)?sh\s+(?:-s\s+)?<\(\s*(?:curl|wget)\b|\b(?:ba|z)?sh\s+-c\s+["']?\$\(\s*(?:curl|wget)\b/;

export default defineRule({
  id: "ci/curl-pipe-shell",
  category: "ci",
  severity: "warning",
  summary: "A `run:` step pipes a downloaded script straight into a shell (`curl … | sh`)",
  rationale:
    "Whatever the server returns at run time is executed with the job's token and secrets, unverified: a compromised or hijacked download URL (or a truncated download) runs arbitrary code in CI and, on a self-hosted GPU runner, on your machine. The result is also not reproducible.",
  remediation:
    "Download to a file, verify its checksum or signature, then run it; or install a pinned release through a package manager or a SHA-pinned setup action.",
  links: [WORKFLOW_LINKS.secureUse, { title: "zizmor: unpinned-tools", url: "https://docs.zizmor.sh/audits/" }],
  examples: {
    valid: [
      wf(
        "download, verify, run",
        dedent`
          on: push
          permissions: {}
          jobs:
            a:
              runs-on: ubuntu-latest
              steps:
                - run: |
                    curl -fsSLo install.sh https://example.com/install.sh
                    echo "$SHA256  install.sh" | sha256sum -c -
                    sh install.sh
        `,
      ),
    ],
    invalid: [
      wfInvalid(
        "curl | sudo bash",
        dedent`
          on: push
          jobs:
            a:
              runs-on: ubuntu-latest
              steps:
                - run: curl -fsSL https://get.example.com | sudo bash
        `,
        [{ line: 6, column: 14, message: /pipes a download into a shell/ }],
      ),
    ],
  },
  workflow(w, ctx) {
    for (const { step } of allSteps(w)) {
      const run = step.run;
      if (!run) continue;
      const m = PIPE_TO_SHELL.exec(run);
      if (m)
        report(
          ctx,
          w,
          [...step.path, "run"],
          `this step pipes a download into a shell (${quote(m[0], 50)}): the server decides what runs`,
        );
    }
  },
});
