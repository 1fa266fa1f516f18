// The reliability rules. Add a new module here; src/rules/rules.test.ts fails if one is missing.
import type { Rule } from "../types.js";
import ingressRegexPath from "./ingress-regex-path.js";
import reliabilityJobsetCompletionIndex from "./jobset-completion-index.js";
import karpenterConsolidation from "./karpenter-consolidation.js";
import memoryLimit from "./memory-limit.js";
import nimCacheSize from "./nim-cache-size.js";
import reliabilityRayVersion from "./ray-version.js";
import safeguardRemoved from "./safeguard-removed.js";
import reliabilityServiceSelector from "./service-selector.js";
import servingDisruptionBudget from "./serving-disruption-budget.js";
import servingReadinessProbe from "./serving-readiness-probe.js";
import servingStartupProbe from "./serving-startup-probe.js";

export const reliabilityRules: readonly Rule[] = [
  reliabilityServiceSelector,
  reliabilityJobsetCompletionIndex,
  reliabilityRayVersion,
  memoryLimit,
  nimCacheSize,
  servingReadinessProbe,
  servingStartupProbe,
  servingDisruptionBudget,
  safeguardRemoved,
  ingressRegexPath,
  karpenterConsolidation,
];
