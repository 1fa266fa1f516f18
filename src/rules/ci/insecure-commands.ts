import type { Path } from "../../model/path.js";
import { allSteps } from "../../model/workflow.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { report, WORKFLOW_LINKS, wf, wfInvalid } from "./_util.js";

export default defineRule({
  id: "ci/insecure-commands",
  category: "ci",
  severity: "error",
  summary: "`ACTIONS_ALLOW_UNSECURE_COMMANDS` is enabled, or a step uses the disabled `set-env`/`add-path` commands",
  rationale:
    "The `::set-env::` and `::add-path::` workflow commands were disabled because any text a step prints — a log line, a file name, an issue title — could set environment variables such as `LD_PRELOAD` or `NODE_OPTIONS` and take over later steps. `ACTIONS_ALLOW_UNSECURE_COMMANDS: true` turns that hole back on.",
  remediation:
    'Remove the variable; write to `$GITHUB_ENV` and `$GITHUB_PATH` instead (`echo "NAME=value" >> "$GITHUB_ENV"`).',
  links: [
    {
      title: "GitHub changelog: deprecating set-env and add-path",
      url: "https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/",
    },
    WORKFLOW_LINKS.zizmor,
  ],
  examples: {
    valid: [
      wf(
        "GITHUB_ENV",
        dedent`
          on: push
          permissions: {}
          jobs:
            a:
              runs-on: ubuntu-latest
              steps:
                - run: echo "CUDA_HOME=/usr/local/cuda" >> "$GITHUB_ENV"
        `,
      ),
    ],
    invalid: [
      wfInvalid(
        "unsecure commands allowed",
        dedent`
          on: push
          env:
            ACTIONS_ALLOW_UNSECURE_COMMANDS: true
          jobs:
            a:
              runs-on: ubuntu-latest
              steps:
                - run: echo "::add-path::/opt/cuda/bin"
        `,
        [
          { line: 3, column: 36, message: /ACTIONS_ALLOW_UNSECURE_COMMANDS/ },
          { line: 8, column: 14, message: /::add-path::/ },
        ],
      ),
    ],
  },
  workflow(w, ctx) {
    const envs: Array<{ env: unknown; path: Path }> = [{ env: w.value.env, path: ["env"] }];
    for (const job of w.jobs) envs.push({ env: job.value.env, path: [...job.path, "env"] });
    for (const { step } of allSteps(w)) envs.push({ env: step.value.env, path: [...step.path, "env"] });
    for (const { env, path } of envs) {
      if (env === null || typeof env !== "object") continue;
      const v = (env as Record<string, unknown>).ACTIONS_ALLOW_UNSECURE_COMMANDS;
      if (v === undefined || v === false || String(v).toLowerCase() === "false") continue;
      report(
        ctx,
        w,
        [...path, "ACTIONS_ALLOW_UNSECURE_COMMANDS"],
        "ACTIONS_ALLOW_UNSECURE_COMMANDS re-enables ::set-env:: and ::add-path::, letting any printed text inject environment variables",
      );
    }
    for (const { step } of allSteps(w)) {
      const m = step.run ? /::(set-env|add-path)\b/.exec(step.run) : null;
      if (m)
        report(
          ctx,
          w,
          [...step.path, "run"],
          `::${m[1]}:: is disabled (and unsafe); write to $GITHUB_${m[1] === "set-env" ? "ENV" : "PATH"} instead`,
        );
    }
  },
});
