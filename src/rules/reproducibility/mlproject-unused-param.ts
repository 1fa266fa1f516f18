import { formatFields } from "../../model/mlproject.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { mlproject, mlprojectInvalid } from "./_dvc.js";

export default defineRule({
  id: "reproducibility/mlproject-unused-param",
  category: "reproducibility",
  severity: "warning",
  summary: "An MLproject parameter that the entry point's command never uses",
  rationale:
    "MLflow substitutes a declared parameter only where the command names it (`{name}`); it still logs the value given with `-P name=value` as a parameter of the run. A declared parameter the command never names is therefore recorded in the run while the script runs with its own value: the run's lineage says one thing and the model was trained with another. (Parameters that are not declared at all are appended as `--name value`; declared ones never are.)",
  remediation: "Pass the parameter in the command (`--name {name}`), or remove its declaration.",
  links: [
    { title: "MLflow: specifying parameters", url: "https://mlflow.org/docs/latest/ml/projects#specifying-parameters" },
    {
      title: "MLflow source: EntryPoint.compute_command (mlflow/projects/_project_spec.py)",
      url: "https://github.com/mlflow/mlflow/blob/master/mlflow/projects/_project_spec.py",
    },
  ],
  examples: {
    valid: [
      mlproject(
        "every declared parameter reaches the command",
        dedent`
          name: churn
          entry_points:
            train:
              parameters:
                n_estimators: {type: int, default: 100}
                learning_rate: {type: float, default: 0.1}
              command: "python train.py --n-estimators {n_estimators} --lr {learning_rate}"
        `,
      ),
    ],
    invalid: [
      mlprojectInvalid(
        "parameters declared, the command passes none of them",
        dedent`
          name: churn
          entry_points:
            train:
              parameters:
                n_estimators: {type: int, default: 100}
                learning_rate: {type: float, default: 0.1}
              command: "python train.py --n-estimators {n_estimators}"
        `,
        {},
        [{ line: 6, column: 7, message: /parameter learning_rate of entry point train is never used in its command/ }],
      ),
    ],
  },
  set(set, ctx) {
    for (const p of set.mlprojects ?? [])
      for (const ep of p.entryPoints) {
        if (ep.command === undefined) continue;
        const used = new Set(formatFields(ep.command).map((f) => f.name));
        for (const prm of ep.parameters)
          if (!used.has(prm.name))
            ctx.report({
              resource: p.resource,
              path: prm.path,
              at: "key",
              message: `parameter ${prm.name} of entry point ${ep.name} is never used in its command: MLflow logs the value given with -P, but the script never receives it`,
            });
      }
  },
});
