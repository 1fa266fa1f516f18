import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { mlproject, mlprojectInvalid } from "./_dvc.js";

export default defineRule({
  id: "reproducibility/mlproject-missing-env",
  category: "reproducibility",
  severity: "error",
  summary: "An MLproject names a conda_env or python_env file that is not in the project",
  rationale:
    "`conda_env` and `python_env` are paths relative to the project directory; when the file is not there, `mlflow run` stops before it builds the environment (`ExecutionException: Project specified conda environment file …, but no such file was found`). Without them MLflow falls back to a `python_env.yaml` or `conda.yaml` beside the MLproject, so a misspelt name would otherwise run the project in an environment nobody pinned. Judged from the listing of the project's directory, which mlgate makes whether the directory or the MLproject alone is named (not for standard input).",
  remediation: "Commit the environment file, or correct its path (relative to the MLproject's directory).",
  links: [
    { title: "MLflow: project environments", url: "https://mlflow.org/docs/latest/ml/projects#project-environments" },
    {
      title: "MLflow source: load_project (mlflow/projects/_project_spec.py)",
      url: "https://github.com/mlflow/mlflow/blob/master/mlflow/projects/_project_spec.py",
    },
  ],
  examples: {
    valid: [
      mlproject(
        "the conda environment file is in the project",
        dedent`
          name: tutorial
          conda_env: envs/conda.yaml
          entry_points:
            main:
              command: python train.py
        `,
        { "envs/conda.yaml": "dependencies: [python=3.11]\n" },
      ),
    ],
    invalid: [
      mlprojectInvalid(
        "python_env names a file that is not there",
        dedent`
          name: tutorial
          python_env: python-env.yaml
          entry_points:
            main:
              command: python train.py
        `,
        { "python_env.yaml": "python: '3.11'\n" },
        [{ line: 2, column: 13, message: /python_env file python-env\.yaml is not in the project/ }],
      ),
    ],
  },
  set(set, ctx) {
    for (const p of set.mlprojects ?? []) {
      for (const key of ["conda_env", "python_env"] as const) {
        const v = p.value?.[key];
        if (typeof v !== "string" || v === "") continue;
        if (p.exists(v) !== false) continue;
        ctx.report({
          resource: p.resource,
          path: [key],
          message: `${key} file ${v} is not in the project: \`mlflow run\` stops with "no such file was found"`,
        });
      }
    }
  },
});
