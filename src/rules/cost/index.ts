// The cost rules. Add a new module here; src/rules/rules.test.ts fails if one is missing.
import type { Rule } from "../types.js";
import ciGpuConcurrency from "./ci-gpu-concurrency.js";
import ciGpuTimeout from "./ci-gpu-timeout.js";
import gpuDailyCost from "./gpu-daily-cost.js";
import gpuJobDeadline from "./gpu-job-deadline.js";
import gpuPoolBudget from "./gpu-pool-budget.js";
import gpuPoolCost from "./gpu-pool-cost.js";
import gpuPoolIdleMinimum from "./gpu-pool-idle-minimum.js";
import rayjobClusterKept from "./rayjob-cluster-kept.js";

export const costRules: readonly Rule[] = [
  gpuJobDeadline,
  ciGpuConcurrency,
  ciGpuTimeout,
  gpuDailyCost,
  gpuPoolIdleMinimum,
  gpuPoolCost,
  gpuPoolBudget,
  rayjobClusterKept,
];
