// The reliability rules. Add a new module here; src/rules/rules.test.ts fails if one is missing.
import type { Rule } from "../types.js";

export const reliabilityRules: readonly Rule[] = [];
