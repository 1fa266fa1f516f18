// The registry of rules, one list per category (src/rules/<category>/index.ts). To add a rule,
// create src/rules/<category>/<name>.ts exporting defineRule({...}) as default and list it in
// that category's index.ts; src/rules/rules.test.ts fails if a module is missing or its id does
// not match its path.

import type { JsonSchema } from "../util/json-schema.js";
import { ciRules } from "./ci/index.js";
import { costRules } from "./cost/index.js";
import { gpuRules } from "./gpu/index.js";
import { networkRules } from "./network/index.js";
import { reliabilityRules } from "./reliability/index.js";
import { reproducibilityRules } from "./reproducibility/index.js";
import { schedulingRules } from "./scheduling/index.js";
import { schemaRules } from "./schema/index.js";
import { securityRules } from "./security/index.js";
import { terraformRules } from "./terraform/index.js";
import type { Rule } from "./types.js";

export const ALL_RULES: readonly Rule[] = [
  ...schemaRules,
  ...gpuRules,
  ...schedulingRules,
  ...networkRules,
  ...securityRules,
  ...reliabilityRules,
  ...costRules,
  ...reproducibilityRules,
  ...ciRules,
  ...terraformRules,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(ALL_RULES.map((r) => [r.id, r]));

/** The `options` schema of each rule that declares one: `.mlgate.yaml`'s `rules.<id>.options` is checked against it. */
export const RULE_OPTION_SCHEMAS: ReadonlyMap<string, JsonSchema> = new Map(
  ALL_RULES.flatMap((r) => (r.options ? [[r.id, r.options] as const] : [])),
);
