import { paramValue } from "../../model/dvc.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { dvcInvalid, dvc as dvcValid, producersOf, stagesOf } from "./_dvc.js";

export default defineRule({
  id: "reproducibility/dvc-missing-param",
  category: "reproducibility",
  severity: "error",
  summary: "A DVC stage tracks a parameter its params file does not have, or a params file that is not there",
  rationale:
    "A stage's `params` are dependencies on values: a plain key is read from `params.yaml` in the stage's working directory, `{file: [keys]}` from another file, and `{file: }` (no keys) tracks the whole file. When `dvc repro` saves the stage it reads them, and a key the file lacks stops it (`MissingParamsError: Parameters '…' are missing from 'params.yaml'`), as does a whole params file that is not there. A renamed or mistyped key also means the stage no longer reruns when the value it really reads changes. Keys are read with DVC's dotted paths (`train.lr`, `layers.0`); TOML and Python params files are not read, so their keys are not judged.",
  remediation:
    "Add the key to the params file, or correct its name or file in `params:` (keys are dotted paths into the file).",
  links: [
    {
      title: "DVC: parameter dependencies",
      url: "https://dvc.org/doc/user-guide/project-structure/dvcyaml-files#parameters",
    },
    { title: "DVC: dvc params diff", url: "https://dvc.org/doc/command-reference/params/diff" },
  ],
  examples: {
    valid: [
      dvcValid(
        "default file, another file's keys, and a whole file",
        dedent`
          stages:
            train:
              cmd: python train.py
              deps: [train.py]
              params:
                - train.lr
                - train.layers.0
                - configs/model.yaml:
                    - arch
                - configs/data.json:
              outs: [model.pkl]
        `,
        {
          "params.yaml": "train:\n  lr: 0.01\n  layers: [64, 32]\n",
          "configs/model.yaml": "arch: resnet50\n",
          "configs/data.json": '{"split": 0.2}\n',
          "train.py": "",
        },
      ),
      dvcValid(
        "a TOML params file is not read: its keys are not judged",
        dedent`
          stages:
            train:
              cmd: python train.py
              deps: [train.py]
              params:
                - config.toml:
                    - optimizer.lr
        `,
        { "config.toml": "[optimizer]\nlr = 0.1\n", "train.py": "" },
      ),
    ],
    invalid: [
      dvcInvalid(
        "a key renamed in params.yaml but not in dvc.yaml",
        dedent`
          stages:
            train:
              cmd: python train.py
              deps: [train.py]
              params:
                - train.learning_rate
                - train.epochs
        `,
        { "params.yaml": "train:\n  lr: 0.01\n  epochs: 10\n", "train.py": "" },
        [{ line: 6, column: 9, message: /train\.learning_rate is not in params\.yaml/ }],
      ),
      dvcInvalid(
        "a key of another file, and a whole params file that does not exist",
        dedent`
          stages:
            train:
              cmd: python train.py
              deps: [train.py]
              params:
                - configs/model.yaml:
                    - arch
                    - dropout
                - configs/extra.yaml:
        `,
        { "configs/model.yaml": "arch: resnet50\n", "train.py": "" },
        [
          { line: 8, column: 13, message: /dropout is not in configs\/model\.yaml/ },
          { line: 9, column: 9, message: /params file configs\/extra\.yaml does not exist/ },
        ],
      ),
    ],
  },
  set(set, ctx) {
    const d = set.dvc;
    if (!d) return;
    for (const stage of stagesOf(d)) {
      for (const p of stage.params) {
        const exists = d.exists(p.file);
        // A params file an earlier stage writes is read when this one runs: not judged here.
        if (producersOf(d, p.file).length > 0) continue;
        if (exists === false) {
          const what =
            p.key === undefined
              ? `params file ${p.fileRaw} does not exist`
              : `${p.key} is read from ${p.fileRaw}, which does not exist`;
          ctx.report({
            resource: stage.resource,
            path: p.at,
            ...(p.key === undefined ? { at: "key" as const } : {}),
            message: `${what}: \`dvc repro\` stops at stage ${stage.name}`,
          });
          continue;
        }
        if (p.key === undefined) continue;
        const file = d.params(p.file);
        if (!file.known) continue;
        if (!paramValue(file.value, p.key))
          ctx.report({
            resource: stage.resource,
            path: p.at,
            message: `parameter ${p.key} is not in ${p.fileRaw}: \`dvc repro\` stops at stage ${stage.name} with "Parameters '${p.key}' are missing"`,
          });
      }
    }
  },
});
