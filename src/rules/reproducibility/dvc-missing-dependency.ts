import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { dvc, dvcInvalid, mayBeProduced, producersOf, reportRef, stagesOf, trackedByDvcFile } from "./_dvc.js";

export default defineRule({
  id: "reproducibility/dvc-missing-dependency",
  category: "reproducibility",
  severity: "error",
  summary: "A DVC stage depends on a path that no stage produces, no .dvc file tracks and the tree does not hold",
  rationale:
    "Before it runs a stage, `dvc repro` saves the hash of every dependency; a dependency that is not there stops it (`DependencyDoesNotExistError`), and `dvc pull` cannot fetch what nothing tracks. A path that is neither in the repository, nor an output of a stage of any dvc.yaml, nor tracked by a `.dvc` file, exists only on the machine of whoever wrote the pipeline: on a fresh clone or in CI the pipeline cannot be reproduced. Dependencies on URLs (`s3://…`, `remote://…`) and paths outside the checked tree are not judged, nor are the dependencies of frozen stages, which `dvc repro` does not run.",
  remediation:
    "Track the data (`dvc add PATH`, commit the `.dvc` file and `dvc push`), add the stage that produces it, or fix the path (it is relative to the stage's `wdir`, which defaults to the dvc.yaml's directory).",
  links: [
    {
      title: "DVC: dvc.yaml, stage entries (deps relative to wdir)",
      url: "https://dvc.org/doc/user-guide/project-structure/dvcyaml-files#stage-entries",
    },
    { title: "DVC: dvc add (tracking data with .dvc files)", url: "https://dvc.org/doc/command-reference/add" },
  ],
  examples: {
    valid: [
      dvc(
        "raw data tracked by a .dvc file, a script in the repository, and a stage output",
        dedent`
          stages:
            prepare:
              cmd: python src/prepare.py data/data.xml
              deps:
                - data/data.xml
                - src/prepare.py
              outs:
                - data/prepared
            train:
              cmd: python src/train.py data/prepared/train.tsv
              deps:
                - data/prepared/train.tsv
                - src/train.py
              outs:
                - model.pkl
        `,
        {
          "data/data.xml.dvc": dedent`
            outs:
            - md5: 22a1a2931c8370d3aeedd7183606fd7f
              path: data.xml
          `,
          "src/prepare.py": "",
          "src/train.py": "",
        },
      ),
      dvc(
        "a foreach stage reads what another foreach stage writes, names from the params file",
        dedent`
          stages:
            split:
              foreach: \${regions}
              do:
                cmd: python split.py \${item}
                deps:
                  - split.py
                outs:
                  - data/\${item}.csv
            fit:
              foreach: \${regions}
              do:
                cmd: python fit.py \${item}
                deps:
                  - fit.py
                  - data/\${item}.csv
                outs:
                  - models/\${item}.pkl
        `,
        { "params.yaml": "regions: [eu, us]\n", "split.py": "", "fit.py": "" },
      ),
      dvc(
        "a dependency on a URL is not looked for in the tree",
        dedent`
          stages:
            download:
              cmd: python fetch.py
              deps:
                - s3://bucket/raw/2024.csv
                - fetch.py
              outs:
                - raw.csv
        `,
        { "fetch.py": "" },
      ),
    ],
    invalid: [
      dvcInvalid(
        "a dataset on the author's disk only",
        dedent`
          stages:
            train:
              cmd: python train.py data/train.csv
              deps:
                - train.py
                - data/train.csv
              outs:
                - model.pkl
        `,
        { "train.py": "" },
        [{ line: 6, column: 9, message: /data\/train\.csv.*no stage produces.*no \.dvc file tracks/ }],
      ),
      dvcInvalid(
        "a typo in the name of another stage's output",
        dedent`
          stages:
            featurize:
              cmd: python featurize.py
              deps:
                - featurize.py
              outs:
                - data/features
            train:
              cmd: python train.py
              deps:
                - train.py
                - data/feature
              outs:
                - model.pkl
        `,
        { "featurize.py": "", "train.py": "" },
        [{ line: 12, column: 9, message: /data\/feature\b/ }],
      ),
    ],
  },
  set(set, ctx) {
    const d = set.dvc;
    if (!d) return;
    for (const stage of stagesOf(d)) {
      if (stage.frozen) continue;
      for (const dep of stage.deps) {
        const p = dep.path;
        if (p === undefined || d.exists(p) !== false) continue;
        if (producersOf(d, p).length > 0 || trackedByDvcFile(d, p) || mayBeProduced(d, p)) continue;
        reportRef(
          ctx,
          stage,
          dep,
          `dependency ${dep.raw} of stage ${stage.name} is not in the tree, no stage produces it and no .dvc file tracks it: \`dvc repro\` stops at it, and \`dvc pull\` cannot fetch it`,
        );
      }
    }
  },
});
