// The reproducibility rules. Add a new module here; src/rules/rules.test.ts fails if one is missing.
import type { Rule } from "../types.js";
import digestReplaced from "./digest-replaced.js";
import floatingModelRef from "./floating-model-ref.js";
import reproducibilityImageDigest from "./image-digest.js";
import reproducibilityImageTag from "./image-tag.js";
import rayRuntimeEnv from "./ray-runtime-env.js";

export const reproducibilityRules: readonly Rule[] = [
  reproducibilityImageDigest,
  reproducibilityImageTag,
  digestReplaced,
  rayRuntimeEnv,
  floatingModelRef,
];
