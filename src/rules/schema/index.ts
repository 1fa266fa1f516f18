// The schema rules. Add a new module here; src/rules/rules.test.ts fails if one is missing.

import type { Rule } from "../types.js";
import schemaContainerPort from "./container-port.js";
import schemaCrdValidation from "./crd-validation.js";
import schemaCronSchedule from "./cron-schedule.js";
import schemaDuplicateName from "./duplicate-name.js";
import schemaImmutableFieldChanged from "./immutable-field-changed.js";
import schemaInvalidFormat from "./invalid-format.js";
import schemaInvalidIgnore from "./invalid-ignore.js";
import schemaInvalidName from "./invalid-name.js";
import schemaInvalidQuantity from "./invalid-quantity.js";
import schemaKaitoWorkspace from "./kaito-workspace.js";
import schemaMissingVolume from "./missing-volume.js";
import schemaNonStringValue from "./non-string-value.js";
import schemaProbePort from "./probe-port.js";
import schemaPytorchjobReplicas from "./pytorchjob-replicas.js";
import schemaRemovedApiVersion from "./removed-api-version.js";
import schemaRequiredFields from "./required-fields.js";
import schemaRestartPolicy from "./restart-policy.js";
import schemaSelectorMismatch from "./selector-mismatch.js";
import schemaServicePort from "./service-port.js";
import schemaTrainerReservedEnv from "./trainer-reserved-env.js";
import schemaUnknownField from "./unknown-field.js";
import schemaUnknownKind from "./unknown-kind.js";
import schemaUnreadableFile from "./unreadable-file.js";
import schemaUnrenderedTemplate from "./unrendered-template.js";
import schemaUnsupportedValue from "./unsupported-value.js";
import schemaVolcanoMinAvailable from "./volcano-min-available.js";
import schemaWrongType from "./wrong-type.js";
import schemaYamlSyntax from "./yaml-syntax.js";

export const schemaRules: readonly Rule[] = [
  schemaDuplicateName,
  schemaInvalidFormat,
  schemaInvalidIgnore,
  schemaInvalidQuantity,
  schemaKaitoWorkspace,
  schemaNonStringValue,
  schemaPytorchjobReplicas,
  schemaRemovedApiVersion,
  schemaRequiredFields,
  schemaTrainerReservedEnv,
  schemaUnknownField,
  schemaUnknownKind,
  schemaUnreadableFile,
  schemaUnrenderedTemplate,
  schemaUnsupportedValue,
  schemaVolcanoMinAvailable,
  schemaWrongType,
  schemaYamlSyntax,
  schemaImmutableFieldChanged,
  schemaContainerPort,
  schemaCrdValidation,
  schemaCronSchedule,
  schemaInvalidName,
  schemaMissingVolume,
  schemaProbePort,
  schemaRestartPolicy,
  schemaSelectorMismatch,
  schemaServicePort,
];
