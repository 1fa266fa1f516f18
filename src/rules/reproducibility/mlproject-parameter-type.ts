import { MLPROJECT_PARAMETER_TYPES } from "../../catalog/lineage.js";
import { dedent } from "../../util/dedent.js";
import { didYouMean } from "../../util/suggest.js";
import { defineRule } from "../types.js";
import { mlproject, mlprojectInvalid } from "./_dvc.js";

/** Python's float() of the text MLflow substitutes: decimal and exponent forms, inf and nan. */
const PY_FLOAT = /^[+-]?((\d[\d_]*)?\.?\d[\d_]*([eE][+-]?\d+)?|\d+\.|inf(inity)?|nan)$/i;

export default defineRule({
  id: "reproducibility/mlproject-parameter-type",
  category: "reproducibility",
  severity: "warning",
  summary: "An MLproject parameter has a type MLflow does not know, or a default that is not of its type",
  rationale:
    'MLflow acts on two parameter types: a `path` value is resolved to a local file (a remote one downloaded) and must exist, a `uri` value must be a URI; every other type (`string`, `float`, and `int`, which MLflow\'s own examples use) is passed to the command as text without a check. A misspelt type (`pth`, `Float`) is therefore silently a string: a path is no longer resolved or downloaded. A `float` default that is not a number reaches the script, which fails to parse it on every run that leaves the parameter out; a relative `path` default that is not in the project fails those runs ("no such file or directory was found").',
  remediation: "Use one of string, float, path, uri (int also works, as text); give a default of that type.",
  links: [
    {
      title: "MLflow: specifying parameters (types)",
      url: "https://mlflow.org/docs/latest/ml/projects#specifying-parameters",
    },
    {
      title: "MLflow source: Parameter.compute_value (mlflow/projects/_project_spec.py)",
      url: "https://github.com/mlflow/mlflow/blob/master/mlflow/projects/_project_spec.py",
    },
  ],
  examples: {
    valid: [
      mlproject(
        "MLflow's hyperparameter example: int, float (1e-1 and .0 as written), string",
        dedent`
          name: HyperparameterSearch
          conda_env: conda.yaml
          entry_points:
            train:
              parameters:
                training_data: {type: string, default: "../wine-quality.csv"}
                epochs: {type: int, default: 32}
                learning_rate: {type: float, default: 1e-1}
                momentum: {type: float, default: .0}
                config: {type: path, default: configs/train.yaml}
              command: "python train.py {training_data} --epochs {epochs} --lr {learning_rate} --momentum {momentum} --config {config}"
        `,
        { "conda.yaml": "dependencies: []\n", "configs/train.yaml": "a: 1\n" },
      ),
    ],
    invalid: [
      mlprojectInvalid(
        "a misspelt type, a float default that is not a number, a path default not in the project",
        dedent`
          name: wine
          entry_points:
            main:
              parameters:
                data: {type: pth, default: data/wine.csv}
                alpha: {type: float, default: auto}
                config: {type: path, default: configs/missing.yaml}
              command: "python train.py {data} {alpha} {config}"
        `,
        { "data/wine.csv": "" },
        [
          { line: 5, column: 20, message: /type pth .*did you mean path\?/ },
          { line: 6, column: 37, message: /default auto of float parameter alpha is not a number/ },
          {
            line: 7,
            column: 37,
            message: /default configs\/missing\.yaml of path parameter config is not in the project/,
          },
        ],
      ),
    ],
  },
  set(set, ctx) {
    for (const p of set.mlprojects ?? [])
      for (const ep of p.entryPoints)
        for (const prm of ep.parameters) {
          const t = prm.type;
          if (t === undefined) continue;
          const typePath = prm.form === "name" ? prm.path : [...prm.path, "type"];
          if (!MLPROJECT_PARAMETER_TYPES.includes(t)) {
            const dym = didYouMean(t, MLPROJECT_PARAMETER_TYPES);
            ctx.report({
              resource: p.resource,
              path: typePath,
              message: `type ${t} of parameter ${prm.name} is not one MLflow knows (string, float, path, uri)${dym ? `; did you mean ${dym}?` : ""}: MLflow passes the value as plain text, unchecked and unresolved`,
            });
            continue;
          }
          if (!prm.hasDefault) continue;
          const text = String(prm.default);
          if (t === "float" && !(typeof prm.default === "number" || PY_FLOAT.test(text.trim())))
            ctx.report({
              resource: p.resource,
              path: [...prm.path, "default"],
              message: `default ${text} of float parameter ${prm.name} is not a number: the command receives it as it is on every run that leaves the parameter out`,
            });
          if (
            t === "path" &&
            typeof prm.default === "string" &&
            !/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text) &&
            !text.startsWith("/") &&
            p.exists(text) === false
          )
            ctx.report({
              resource: p.resource,
              path: [...prm.path, "default"],
              message: `default ${text} of path parameter ${prm.name} is not in the project: a run that leaves it out fails ("no such file or directory was found") unless it is made first`,
            });
        }
  },
});
