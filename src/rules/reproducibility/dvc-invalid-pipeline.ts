// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} is DVC's templating syntax, not a JS template
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { dvcInvalid, dvc as dvcValid } from "./_dvc.js";

export default defineRule({
  id: "reproducibility/dvc-invalid-pipeline",
  category: "reproducibility",
  severity: "error",
  summary: "A dvc.yaml that DVC refuses: not its schema, or a ${…} that names nothing",
  rationale:
    "DVC validates dvc.yaml against its schema (dvc/schema.py) and resolves its `${…}` templates before it runs anything: a stage without `cmd`, an unknown key (a misspelt `dep:` or `out:`), a path list that is not a list, a `foreach` without `do`, or a `${name}` that neither `vars`, the default params.yaml nor the foreach item defines (`Could not find 'name'`) makes every `dvc repro` and `dvc status` of the file fail. Templates are resolved the way DVC resolves them (params.yaml of the dvc.yaml's directory, then `vars` files and mappings, then a stage's own vars and the foreach or matrix item); a name is reported missing only when every source was read.",
  remediation: "Fix the key or the value the message names; define the variable under `vars:` or in params.yaml.",
  links: [
    {
      title: "DVC: dvc.yaml (stage entries, templating, foreach, matrix)",
      url: "https://dvc.org/doc/user-guide/project-structure/dvcyaml-files",
    },
    {
      title: "DVC source: the dvc.yaml schema (dvc/schema.py)",
      url: "https://github.com/treeverse/dvc/blob/main/dvc/schema.py",
    },
  ],
  examples: {
    valid: [
      dvcValid(
        "vars, a matrix and a foreach over a params mapping",
        dedent`
          vars:
            - data_dir: data
          stages:
            fit:
              matrix:
                model: [linear, forest]
                seed: [1, 2]
              cmd: python fit.py --model \${item.model} --seed \${item.seed}
              deps:
                - fit.py
                - \${data_dir}/train.csv
              outs:
                - models/\${item.model}-\${item.seed}.pkl
            report:
              foreach: \${reports}
              do:
                cmd: python report.py \${key} \${item.title}
                deps: [report.py]
                outs:
                  - reports/\${key}.html
        `,
        {
          "params.yaml": "reports:\n  weekly: {title: Weekly}\n  monthly: {title: Monthly}\n",
          "fit.py": "",
          "report.py": "",
          "data/train.csv": "",
        },
      ),
    ],
    invalid: [
      dvcInvalid(
        "a misspelt key and a stage without cmd",
        dedent`
          stages:
            prepare:
              command: python prepare.py
              deps: [prepare.py]
              outs: [data/prepared]
        `,
        { "prepare.py": "" },
        [
          { line: 2, column: 3, message: /stage prepare has no `cmd`/ },
          { line: 3, column: 5, message: /unknown stage key "command"/ },
        ],
      ),
      dvcInvalid(
        "a template variable defined nowhere",
        dedent`
          vars:
            - data_dir: data
          stages:
            train:
              cmd: python train.py --epochs \${train.epochs}
              deps:
                - train.py
                - \${data_dir}/train.csv
        `,
        { "params.yaml": "train:\n  lr: 0.1\n", "train.py": "", "data/train.csv": "" },
        [{ line: 5, column: 10, message: /\$\{train\.epochs\} is not defined/ }],
      ),
    ],
  },
  set(set, ctx) {
    for (const p of set.dvc?.pipelines ?? [])
      for (const problem of p.problems)
        ctx.report({
          resource: problem.resource,
          path: problem.path,
          message: problem.message,
          ...(problem.at ? { at: problem.at } : {}),
        });
  },
});
