// The reproducibility rules. Add a new module here; src/rules/rules.test.ts fails if one is missing.
import type { Rule } from "../types.js";
import digestReplaced from "./digest-replaced.js";
import dvcCycle from "./dvc-cycle.js";
import dvcInvalidPipeline from "./dvc-invalid-pipeline.js";
import dvcLockStale from "./dvc-lock-stale.js";
import dvcMissingDependency from "./dvc-missing-dependency.js";
import dvcMissingParam from "./dvc-missing-param.js";
import dvcOverlappingOutputs from "./dvc-overlapping-outputs.js";
import dvcUndeclaredScript from "./dvc-undeclared-script.js";
import floatingModelRef from "./floating-model-ref.js";
import reproducibilityImageDigest from "./image-digest.js";
import reproducibilityImageTag from "./image-tag.js";
import mlprojectInvalid from "./mlproject-invalid.js";
import mlprojectMissingEnv from "./mlproject-missing-env.js";
import mlprojectParameterType from "./mlproject-parameter-type.js";
import mlprojectUndeclaredParam from "./mlproject-undeclared-param.js";
import mlprojectUnknownKey from "./mlproject-unknown-key.js";
import mlprojectUnusedParam from "./mlproject-unused-param.js";
import rayRuntimeEnv from "./ray-runtime-env.js";

export const reproducibilityRules: readonly Rule[] = [
  reproducibilityImageDigest,
  reproducibilityImageTag,
  digestReplaced,
  rayRuntimeEnv,
  floatingModelRef,
  dvcInvalidPipeline,
  dvcMissingDependency,
  dvcCycle,
  dvcOverlappingOutputs,
  dvcMissingParam,
  dvcUndeclaredScript,
  dvcLockStale,
  mlprojectInvalid,
  mlprojectUndeclaredParam,
  mlprojectMissingEnv,
  mlprojectParameterType,
  mlprojectUnknownKey,
  mlprojectUnusedParam,
];
