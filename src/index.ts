// The library entry: the same pipeline the CLI runs, as pure functions over in-memory files.

export {
  type CelCompiled,
  type CelOutcome,
  type CelProgram,
  compileCel,
  evaluateCel,
  supportedFunctions,
  UNSUPPORTED_FEATURES,
} from "./cel/index.js";
export { buildSet, check, checkTexts, DEFAULT_KUBE_VERSION } from "./check.js";
export { parseInventory, withRunningPods } from "./cluster/inventory.js";
export { analyzeGroup, fitWorkload, isGangScheduled, type PodPlacement } from "./cluster/placement.js";
export { readInventory } from "./cluster/read.js";
export {
  type Deadlock,
  type RunOutcome,
  type SimulatedWorkload,
  type SimulationResult,
  type SkippedWorkload,
  type Strategy,
  simulate,
} from "./cluster/simulate.js";
export { type ClusterInventory, type ClusterNode, InventoryError, type Taint } from "./cluster/types.js";
export { type Config, parseConfig } from "./config/config.js";
export type { CheckResult, Finding, Summary } from "./findings/finding.js";
export { SourceFile } from "./load/types.js";
export type { Path } from "./model/path.js";
export type { Resource, ResourceRef } from "./model/resource.js";
export type { ContainerView, PodGroup, SchedulingInfo, Workload } from "./model/workload.js";
export { checkParallel, defaultJobs, type ParallelRun } from "./parallel/index.js";
export { type ExampleResult, testRuleExamples } from "./plugins/examples.js";
export { RULE_API_VERSION } from "./plugins/validate.js";
export { formatJson } from "./report/json.js";
export { formatSarif } from "./report/sarif.js";
export { ALL_RULES, RULES_BY_ID } from "./rules/index.js";
export {
  type CheckedSet,
  defineRule,
  type Fact,
  type FactContext,
  factsAs,
  type InvalidExample,
  type Report,
  type Rule,
  type RuleContext,
  type RuleExample,
} from "./rules/types.js";
export { VERSION } from "./version.js";
