// The registry of rules. To add a rule, create src/rules/<category>/<name>.ts exporting a
// defineRule(...) as default, and add it here; src/rules/registry.test.ts fails if a module is
// missing from this list or its id does not match its path.
import schemaDuplicateName from "./schema/duplicate-name.js";
import schemaInvalidIgnore from "./schema/invalid-ignore.js";
import schemaInvalidQuantity from "./schema/invalid-quantity.js";
import schemaNonStringValue from "./schema/non-string-value.js";
import schemaPytorchjobReplicas from "./schema/pytorchjob-replicas.js";
import schemaRemovedApiVersion from "./schema/removed-api-version.js";
import schemaRequiredFields from "./schema/required-fields.js";
import schemaTrainerReservedEnv from "./schema/trainer-reserved-env.js";
import schemaUnknownKind from "./schema/unknown-kind.js";
import schemaUnreadableFile from "./schema/unreadable-file.js";
import schemaUnrenderedTemplate from "./schema/unrendered-template.js";
import schemaVolcanoMinAvailable from "./schema/volcano-min-available.js";
import schemaYamlSyntax from "./schema/yaml-syntax.js";
import type { Rule } from "./types.js";

export const ALL_RULES: readonly Rule[] = [
  schemaDuplicateName,
  schemaInvalidIgnore,
  schemaInvalidQuantity,
  schemaNonStringValue,
  schemaPytorchjobReplicas,
  schemaRemovedApiVersion,
  schemaRequiredFields,
  schemaTrainerReservedEnv,
  schemaUnknownKind,
  schemaUnreadableFile,
  schemaUnrenderedTemplate,
  schemaVolcanoMinAvailable,
  schemaYamlSyntax,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(ALL_RULES.map((r) => [r.id, r]));
