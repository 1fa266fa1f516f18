/**
 * MLflow Model Registry stages, which a `models:/<name>/<stage>` URI follows (read 2026-12-04 from
 * the MLflow Model Registry documentation, https://mlflow.org/docs/latest/model-registry.html:
 * "None", "Staging", "Production", "Archived"; stages are deprecated since MLflow 2.9 in favour of
 * aliases and tags). Lower-cased: a URI's stage is compared here without regard to case.
 */
export const MLFLOW_STAGES: readonly string[] = ["none", "staging", "production", "archived"];
