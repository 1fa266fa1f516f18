// The ci rules. Add a new module here; src/rules/rules.test.ts fails if one is missing.
import type { Rule } from "../types.js";
import actionDowngraded from "./action-downgraded.js";
import artifactCredentials from "./artifact-credentials.js";
import contextAvailability from "./context-availability.js";
import curlPipeShell from "./curl-pipe-shell.js";
import dangerousTrigger from "./dangerous-trigger.js";
import duplicateStepId from "./duplicate-step-id.js";
import expressionSyntax from "./expression-syntax.js";
import insecureCommands from "./insecure-commands.js";
import invalidCron from "./invalid-cron.js";
import invalidUses from "./invalid-uses.js";
import jobNeeds from "./job-needs.js";
import matrixTooLarge from "./matrix-too-large.js";
import missingKey from "./missing-key.js";
import outdatedAction from "./outdated-action.js";
import permissions from "./permissions.js";
import permissionsWidened from "./permissions-widened.js";
import privilegedTriggerAdded from "./privileged-trigger-added.js";
import scriptInjection from "./script-injection.js";
import secretInRun from "./secret-in-run.js";
import selfHostedPullRequest from "./self-hosted-pull-request.js";
import stepRemoved from "./step-removed.js";
import undefinedReference from "./undefined-reference.js";
import unknownEvent from "./unknown-event.js";
import unknownKey from "./unknown-key.js";
import unknownRunnerLabel from "./unknown-runner-label.js";
import unpinnedAction from "./unpinned-action.js";

export const ciRules: readonly Rule[] = [
  unknownKey,
  missingKey,
  jobNeeds,
  duplicateStepId,
  undefinedReference,
  matrixTooLarge,
  invalidUses,
  invalidCron,
  unknownEvent,
  expressionSyntax,
  contextAvailability,
  unknownRunnerLabel,
  unpinnedAction,
  outdatedAction,
  permissions,
  dangerousTrigger,
  scriptInjection,
  secretInRun,
  curlPipeShell,
  insecureCommands,
  artifactCredentials,
  selfHostedPullRequest,
  // Change-risk rules (`change` hook, run by `mlgate review` only).
  stepRemoved,
  actionDowngraded,
  permissionsWidened,
  privilegedTriggerAdded,
];
