/**
 * MLflow Model Registry stages, which a `models:/<name>/<stage>` URI follows (read 2026-12-04 from
 * the MLflow Model Registry documentation, https://mlflow.org/docs/latest/model-registry.html:
 * "None", "Staging", "Production", "Archived"; stages are deprecated since MLflow 2.9 in favour of
 * aliases and tags). Lower-cased: a URI's stage is compared here without regard to case.
 */
export const MLFLOW_STAGES: readonly string[] = ["none", "staging", "production", "archived"];

/**
 * What an MLflow `MLproject` file may hold, as mlflow/projects/_project_spec.py reads it (read
 * 2026-12-05 at mlflow/mlflow commit 699a465e, `load_project`, `EntryPoint`, `Parameter`) and the
 * MLflow Projects documentation (https://mlflow.org/docs/latest/ml/projects, "Specifying Projects").
 * MLflow validates none of these names: a key outside them is ignored.
 */
export const MLPROJECT_KEYS: readonly string[] = [
  "name",
  "entry_points",
  "conda_env",
  "python_env",
  "docker_env",
  "databricks_spark_job",
];
/** The environment keys; MLflow refuses a project with more than one ("cannot contain multiple environment fields"). */
export const MLPROJECT_ENV_KEYS: readonly string[] = ["conda_env", "python_env", "docker_env"];
export const MLPROJECT_ENTRY_POINT_KEYS: readonly string[] = ["parameters", "command"];
export const MLPROJECT_PARAMETER_KEYS: readonly string[] = ["type", "default"];
/**
 * Parameter types. The documentation lists string, float, path and uri; `path` values are resolved
 * (and downloaded) and `uri` values must be URIs, every other type is passed through as text. `int`
 * is not documented but MLflow's own examples (examples/hyperparam) use it, and it behaves as text.
 */
export const MLPROJECT_PARAMETER_TYPES: readonly string[] = ["string", "float", "path", "uri", "int"];
