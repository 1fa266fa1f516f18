// The gpu rules. Add a new module here; src/rules/rules.test.ts fails if one is missing.
import type { Rule } from "../types.js";
import clusterCudaDriverTooOld from "./cluster-cuda-driver-too-old.js";
import clusterGpuProductMismatch from "./cluster-gpu-product-mismatch.js";
import clusterMissingGpuToleration from "./cluster-missing-gpu-toleration.js";
import cpuMemoryRequests from "./cpu-memory-requests.js";
import initContainerGpu from "./init-container-gpu.js";
import kaitoPresetFit from "./kaito-preset-fit.js";
import launcherGpuCount from "./launcher-gpu-count.js";
import limitsEqualRequests from "./limits-equal-requests.js";
import gpuLwsWorkerPlacement from "./lws-worker-placement.js";
import gpuMigProduct from "./mig-product.js";
import mixedAccelerators from "./mixed-accelerators.js";
import gpuMpirunSlots from "./mpirun-slots.js";
import nimCacheGpus from "./nim-cache-gpus.js";
import productSelector from "./product-selector.js";
import rayNumGpus from "./ray-num-gpus.js";
import resourceName from "./resource-name.js";
import rollingUpdateSurge from "./rolling-update-surge.js";
import servingKvCapacity from "./serving-kv-capacity.js";
import servingMaxModelLen from "./serving-max-model-len.js";
import servingMemoryUtilization from "./serving-memory-utilization.js";
import servingModelFit from "./serving-model-fit.js";
import servingTensorParallel from "./serving-tensor-parallel.js";
import servingUnknownModel from "./serving-unknown-model.js";
import shmSize from "./shm-size.js";
import visibleDevices from "./visible-devices.js";

export const gpuRules: readonly Rule[] = [
  gpuMpirunSlots,
  gpuMigProduct,
  clusterCudaDriverTooOld,
  clusterGpuProductMismatch,
  clusterMissingGpuToleration,
  limitsEqualRequests,
  gpuLwsWorkerPlacement,
  resourceName,
  mixedAccelerators,
  nimCacheGpus,
  initContainerGpu,
  kaitoPresetFit,
  shmSize,
  launcherGpuCount,
  rayNumGpus,
  visibleDevices,
  cpuMemoryRequests,
  productSelector,
  rollingUpdateSurge,
  servingModelFit,
  servingMaxModelLen,
  servingKvCapacity,
  servingMemoryUtilization,
  servingTensorParallel,
  servingUnknownModel,
];
