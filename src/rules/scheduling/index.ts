// The scheduling rules. Add a new module here; src/rules/rules.test.ts fails if one is missing.
import type { Rule } from "../types.js";
import schedulingClusterNoFittingNode from "./cluster-no-fitting-node.js";
import schedulingClusterNoFreeCapacity from "./cluster-no-free-capacity.js";
import schedulingClusterWorkloadExceedsCapacity from "./cluster-workload-exceeds-capacity.js";
import schedulingExclusiveTopologyKey from "./exclusive-topology-key.js";
import schedulingGangMinBelowPods from "./gang-min-below-pods.js";
import schedulingGangMinExceedsPods from "./gang-min-exceeds-pods.js";
import schedulingGangMixedPriority from "./gang-mixed-priority.js";
import schedulingGangPartial from "./gang-partial.js";
import gangRemoved from "./gang-removed.js";
import schedulingGangSchedulerName from "./gang-scheduler-name.js";
import schedulingIndexedParallelism from "./indexed-parallelism.js";
import schedulingKaiQueue from "./kai-queue.js";
import schedulingKaiTopology from "./kai-topology.js";
import schedulingKueueFlavorNodeLabels from "./kueue-flavor-node-labels.js";
import schedulingKueueLabelMisplaced from "./kueue-label-misplaced.js";
import schedulingKueueNoQueueName from "./kueue-no-queue-name.js";
import schedulingKueueQuotaExceeded from "./kueue-quota-exceeded.js";
import schedulingKueueUnknownRef from "./kueue-unknown-ref.js";
import schedulingMpiWaitForWorkersGang from "./mpi-wait-for-workers-gang.js";
import schedulingNoGang from "./no-gang.js";
import schedulingNodeSelectorTermsOr from "./node-selector-terms-or.js";
import schedulingRayAutoscalingGangMin from "./ray-autoscaling-gang-min.js";
import schedulingRayBatchScheduler from "./ray-batch-scheduler.js";
import schedulingRayWorkerReplicas from "./ray-worker-replicas.js";
import schedulingTrainerMpiLauncherAsNode from "./trainer-mpi-launcher-as-node.js";
import schedulingTrainerUnknownRuntime from "./trainer-unknown-runtime.js";
import schedulingUnknownPodGroup from "./unknown-pod-group.js";
import schedulingUnknownPriorityClass from "./unknown-priority-class.js";
import schedulingVolcanoQueue from "./volcano-queue.js";

export const schedulingRules: readonly Rule[] = [
  schedulingKueueLabelMisplaced,
  schedulingExclusiveTopologyKey,
  schedulingClusterNoFittingNode,
  schedulingClusterNoFreeCapacity,
  schedulingClusterWorkloadExceedsCapacity,
  schedulingGangMinBelowPods,
  schedulingGangMinExceedsPods,
  schedulingGangMixedPriority,
  schedulingGangPartial,
  schedulingGangSchedulerName,
  schedulingIndexedParallelism,
  schedulingKaiQueue,
  schedulingKaiTopology,
  schedulingKueueFlavorNodeLabels,
  schedulingKueueNoQueueName,
  schedulingKueueQuotaExceeded,
  schedulingKueueUnknownRef,
  schedulingMpiWaitForWorkersGang,
  schedulingNoGang,
  schedulingNodeSelectorTermsOr,
  schedulingRayAutoscalingGangMin,
  schedulingRayBatchScheduler,
  schedulingRayWorkerReplicas,
  schedulingTrainerMpiLauncherAsNode,
  schedulingTrainerUnknownRuntime,
  schedulingUnknownPodGroup,
  schedulingUnknownPriorityClass,
  schedulingVolcanoQueue,
  gangRemoved,
];
