import { MLPROJECT_ENTRY_POINT_KEYS, MLPROJECT_KEYS, MLPROJECT_PARAMETER_KEYS } from "../../catalog/lineage.js";
import type { MlProject } from "../../model/mlproject.js";
import type { Path } from "../../model/path.js";
import { isObject } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { didYouMean } from "../../util/suggest.js";
import { defineRule, type RuleContext } from "../types.js";
import { mlproject, mlprojectInvalid } from "./_dvc.js";

function unknownKeys(
  ctx: RuleContext,
  p: MlProject,
  v: Record<string, unknown>,
  known: readonly string[],
  at: Path,
  where: string,
): void {
  for (const k of Object.keys(v)) {
    if (known.includes(k)) continue;
    // A longer or shorter spelling of a key (conda_environment, conda) is also a likely slip.
    const dym =
      didYouMean(k, known) ??
      known.find((c) => c.startsWith(k) || (c.includes("_") && k.startsWith(`${c.split("_")[0]}_`)));
    ctx.report({
      resource: p.resource,
      path: [...at, k],
      at: "key",
      message: `unknown key "${k}" ${where}${dym ? ` (did you mean ${dym}?)` : ""}: MLflow ignores it without a word`,
    });
  }
}

export default defineRule({
  id: "reproducibility/mlproject-unknown-key",
  category: "reproducibility",
  severity: "warning",
  summary: "An MLproject key MLflow does not read: it is ignored",
  rationale:
    "MLflow reads only the keys it knows (`name`, `entry_points`, `conda_env`, `python_env`, `docker_env`, `databricks_spark_job`; an entry point's `parameters` and `command`; a parameter's `type` and `default`) and ignores every other without a warning. A misspelt `conda_env` (`conda_environment`, `conda`) means the project runs in whatever environment MLflow falls back to; a misspelt `default` makes an optional parameter required.",
  remediation: "Correct the key's spelling, or remove it.",
  links: [
    { title: "MLflow: specifying projects", url: "https://mlflow.org/docs/latest/ml/projects#specifying-projects" },
    {
      title: "MLflow source: load_project (mlflow/projects/_project_spec.py)",
      url: "https://github.com/mlflow/mlflow/blob/master/mlflow/projects/_project_spec.py",
    },
  ],
  examples: {
    valid: [
      mlproject(
        "only keys MLflow reads",
        dedent`
          name: tutorial
          python_env: python_env.yaml
          entry_points:
            main:
              parameters:
                alpha: {type: float, default: 0.5}
              command: "python train.py {alpha}"
        `,
        { "python_env.yaml": "python: '3.11'\n" },
      ),
    ],
    invalid: [
      mlprojectInvalid(
        "a misspelt environment key and a misspelt default",
        dedent`
          name: tutorial
          conda_environment: conda.yaml
          entry_points:
            main:
              parameters:
                alpha: {type: float, defualt: 0.5}
              command: "python train.py {alpha}"
        `,
        { "conda.yaml": "dependencies: []\n" },
        [
          { line: 2, column: 1, message: /unknown key "conda_environment" at the top \(did you mean conda_env\?\)/ },
          { line: 6, column: 28, message: /unknown key "defualt" in parameter alpha \(did you mean default\?\)/ },
        ],
      ),
    ],
  },
  set(set, ctx) {
    for (const p of set.mlprojects ?? []) {
      const v = p.value;
      if (!v) continue;
      unknownKeys(ctx, p, v, MLPROJECT_KEYS, [], "at the top");
      if (!isObject(v.entry_points)) continue;
      for (const [name, ep] of Object.entries(v.entry_points)) {
        if (!isObject(ep)) continue;
        unknownKeys(ctx, p, ep, MLPROJECT_ENTRY_POINT_KEYS, ["entry_points", name], `in entry point ${name}`);
        if (!isObject(ep.parameters)) continue;
        for (const [pn, pv] of Object.entries(ep.parameters))
          if (isObject(pv))
            unknownKeys(
              ctx,
              p,
              pv,
              MLPROJECT_PARAMETER_KEYS,
              ["entry_points", name, "parameters", pn],
              `in parameter ${pn}`,
            );
      }
    }
  },
});
