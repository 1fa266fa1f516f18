import { joinPath } from "../../load/tree.js";
import { findInResource } from "../../model/resource.js";
import { shellSplit } from "../../model/shell.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { dvcInvalid, dvc as dvcValid, isWithin, stagesOf } from "./_dvc.js";

/** Source files a command runs: by interpreter or as an executable; their extensions. */
const SCRIPT = /\.(py|ipynb|R|r|sh|bash|jl|pl|rb|js|mjs|ts|scala|sql|m|lua|java)$/;

export default defineRule({
  id: "reproducibility/dvc-undeclared-script",
  category: "reproducibility",
  severity: "warning",
  summary: "A DVC stage runs a script of the repository that is not among its dependencies",
  rationale:
    "DVC decides whether to rerun a stage from the hashes of its dependencies, never from its command's text beyond the command itself: a script the command runs but `deps` does not list can change without `dvc repro` noticing, and `dvc status` reports the stage up to date while its outputs come from the old code. DVC's own guide lists the scripts a stage runs among its dependencies. Reported for a word of the command that names a source file (by extension) existing in the checked tree and covered by no dependency (a dependency on its directory covers it); files of the command that are outputs are not inputs, and commands mlgate could not resolve are not judged.",
  remediation: "Add the script (or the directory of the code it imports) to the stage's `deps`.",
  links: [
    {
      title: "DVC: dvc stage add (scripts are typically dependencies)",
      url: "https://dvc.org/doc/command-reference/stage/add#description",
    },
    { title: "DVC: dvc status (what changes are seen)", url: "https://dvc.org/doc/command-reference/status" },
  ],
  examples: {
    valid: [
      dvcValid(
        "the script, or its directory, among the dependencies",
        dedent`
          stages:
            prepare:
              cmd: python src/prepare.py data/raw.csv
              deps:
                - src/prepare.py
                - data/raw.csv
              outs:
                - data/prepared.csv
            train:
              cmd: python -u src/train.py && bash scripts/notify.sh
              deps:
                - src
                - scripts/notify.sh
                - data/prepared.csv
              outs:
                - model.pkl
        `,
        { "src/prepare.py": "", "src/train.py": "", "scripts/notify.sh": "", "data/raw.csv": "" },
      ),
      dvcValid(
        "a script that is not in the tree (installed, or on the PATH) is not judged",
        dedent`
          stages:
            fetch:
              cmd: fetch_data.sh raw.csv
              outs:
                - raw.csv
        `,
      ),
    ],
    invalid: [
      dvcInvalid(
        "train.py runs but only the data is a dependency",
        dedent`
          stages:
            train:
              cmd: python train.py --data data/prepared.csv
              deps:
                - data/prepared.csv
              outs:
                - model.pkl
        `,
        { "train.py": "", "data/prepared.csv": "" },
        [{ line: 3, column: 17, message: /train\.py.*not among the dependencies of stage train/ }],
      ),
      dvcInvalid(
        "the second command of a list",
        dedent`
          stages:
            evaluate:
              cmd:
                - python src/evaluate.py
                - ./scripts/plot.sh eval
              deps:
                - src/evaluate.py
              outs:
                - eval
        `,
        { "src/evaluate.py": "", "scripts/plot.sh": "" },
        [{ line: 5, column: 9, message: /\.\/scripts\/plot\.sh/ }],
      ),
    ],
  },
  set(set, ctx) {
    const d = set.dvc;
    if (!d?.tree) return;
    for (const stage of stagesOf(d)) {
      if (!stage.cmd) continue;
      const declared = [...stage.deps, ...stage.outs].flatMap((r) => (r.path === undefined ? [] : [r.path]));
      const reported = new Set<string>();
      stage.cmd.forEach((cmd, i) => {
        for (const words of shellSplit(cmd))
          for (const w of words) {
            if (!SCRIPT.test(w) || w.includes("://") || w.startsWith("-")) continue;
            const path = joinPath(stage.wdir, w.replace(/^[A-Za-z_][A-Za-z0-9_]*=/, ""));
            if (reported.has(path) || d.exists(path) !== true) continue;
            if (declared.some((p) => isWithin(path, p))) continue;
            reported.add(path);
            const at = typeof stage.resource.value.cmd === "string" ? ["cmd"] : ["cmd", i];
            const span = findInResource(stage.resource, at, w);
            ctx.report({
              resource: stage.resource,
              path: at,
              ...(span ? { span } : {}),
              message: `the command runs ${w}, which is not among the dependencies of stage ${stage.name}: when it changes, \`dvc repro\` does not rerun the stage and \`dvc status\` calls it up to date`,
            });
          }
      });
    }
  },
});
