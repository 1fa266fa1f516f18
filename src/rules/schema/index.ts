// The schema rules. Add a new module here; src/rules/rules.test.ts fails if one is missing.

import type { Rule } from "../types.js";
import schemaDuplicateName from "./duplicate-name.js";
import schemaImmutableFieldChanged from "./immutable-field-changed.js";
import schemaInvalidIgnore from "./invalid-ignore.js";
import schemaInvalidQuantity from "./invalid-quantity.js";
import schemaNonStringValue from "./non-string-value.js";
import schemaPytorchjobReplicas from "./pytorchjob-replicas.js";
import schemaRemovedApiVersion from "./removed-api-version.js";
import schemaRequiredFields from "./required-fields.js";
import schemaTrainerReservedEnv from "./trainer-reserved-env.js";
import schemaUnknownField from "./unknown-field.js";
import schemaUnknownKind from "./unknown-kind.js";
import schemaUnreadableFile from "./unreadable-file.js";
import schemaUnrenderedTemplate from "./unrendered-template.js";
import schemaVolcanoMinAvailable from "./volcano-min-available.js";
import schemaWrongType from "./wrong-type.js";
import schemaYamlSyntax from "./yaml-syntax.js";

export const schemaRules: readonly Rule[] = [
  schemaDuplicateName,
  schemaInvalidIgnore,
  schemaInvalidQuantity,
  schemaNonStringValue,
  schemaPytorchjobReplicas,
  schemaRemovedApiVersion,
  schemaRequiredFields,
  schemaTrainerReservedEnv,
  schemaUnknownField,
  schemaUnknownKind,
  schemaUnreadableFile,
  schemaUnrenderedTemplate,
  schemaVolcanoMinAvailable,
  schemaWrongType,
  schemaYamlSyntax,
  schemaImmutableFieldChanged,
];
