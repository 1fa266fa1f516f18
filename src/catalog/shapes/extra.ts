// Hand-written shapes of ML kinds whose CRD is not in ../shared/corpus/crds (see
// src/model/shape.ts for the encoding). Where a kind's own field list could not be checked
// against its CRD, the object is `open` (keys it does not list are accepted, the ones it lists are
// still checked), so a field added upstream is never reported as unknown.

import { KSERVE_MODEL_FIELDS } from "../kserve.js";
import type { Shape } from "./types.js";

const strMap = { m: "s" } as const;

function object(spec: Shape): Shape {
  return { p: { apiVersion: "s", kind: "s", metadata: "@ObjectMeta", status: "*", spec } };
}

/**
 * Kubeflow Training Operator v1 jobs other than PyTorchJob share its ReplicaSpec and RunPolicy
 * (kubeflow/training-operator pkg/apis/kubeflow.org/v1: common_types.go, tensorflow_types.go,
 * xgboost_types.go, paddlepaddle_types.go, jax_types.go, mpi_types.go); those two definitions
 * come from the PyTorchJob CRD. The job specs stay open.
 */
function kubeflowJob(replicaSpecs: string, extra: Record<string, Shape> = {}): Shape {
  return object({
    open: 1,
    p: { runPolicy: "@KubeflowRunPolicy", [replicaSpecs]: { m: "@KubeflowReplicaSpec" }, ...extra },
  });
}

/**
 * KServe InferenceService v1beta1 (kserve/kserve pkg/apis/serving/v1beta1: component.go,
 * predictor.go, predictor_model.go, explainer.go, transformer.go; API reference
 * https://kserve.github.io/website/docs/reference/crd-api). A component is a PodSpec inline plus
 * the ComponentExtensionSpec; a predictor adds one framework block, each a Container inline plus
 * the PredictorExtensionSpec. The union of the fields of recent releases is listed; logger,
 * batcher, autoScaling and deploymentStrategy stay open.
 */
const KSERVE_DEFS: Record<string, Shape> = {
  KServeComponentExtension: {
    p: {
      minReplicas: "i",
      maxReplicas: "i",
      scaleTarget: "i",
      scaleMetric: "s",
      scaleMetricType: "s",
      containerConcurrency: "i",
      timeout: "i",
      canaryTrafficPercent: "i",
      logger: { open: 1, p: { url: "s", mode: "s" } },
      batcher: { open: 1, p: { maxBatchSize: "i", maxLatency: "i", timeout: "i" } },
      labels: strMap,
      annotations: strMap,
      deploymentStrategy: { open: 1 },
      autoScaling: { open: 1 },
    },
  },
  KServePredictorExtension: {
    e: ["Container"],
    p: {
      storageUri: "s",
      runtimeVersion: "s",
      protocolVersion: "s",
      storage: { open: 1, p: { path: "s", schemaPath: "s", parameters: strMap, key: "s" } },
    },
  },
  KServeModelSpec: {
    e: ["KServePredictorExtension"],
    p: { modelFormat: { p: { name: "s", version: "s" } }, runtime: "s" },
  },
};

const kservePredictor: Shape = {
  e: ["PodSpec", "KServeComponentExtension"],
  p: {
    ...Object.fromEntries(
      KSERVE_MODEL_FIELDS.filter((f) => f !== "model").map((f) => [f, "@KServePredictorExtension"]),
    ),
    model: "@KServeModelSpec",
    storageUris: { a: { p: { uri: "s", mountPath: "s" } } },
    workerSpec: { e: ["PodSpec"], p: { pipelineParallelSize: "i", tensorParallelSize: "i" } },
  },
};

const explainerExtension: Shape = {
  e: ["Container"],
  p: { type: "s", storageUri: "s", runtimeVersion: "s", config: strMap },
};

export const EXTRA_DEFS: Record<string, Shape> = KSERVE_DEFS;

/**
 * KServe LLMInferenceService and LLMInferenceServiceConfig (one spec type), v1alpha1 and v1alpha2,
 * from kserve/kserve@aaac4e29 (v0.20.0-rc0+104, read 2026-12-04)
 * config/crd/full/llmisvc/serving.kserve.io_llminferenceservice{s,configs}.yaml: the spec's own
 * keys are checked, and its six PodSpecs (template, worker, prefill.template, prefill.worker,
 * router.scheduler.template, router.scheduler.tokenizer.template) are core PodSpecs; the other
 * blocks stay open. v1alpha2 adds kvCacheOffloading (spec and prefill) and model.confidential.
 */
function llmInferenceService(version: "v1alpha1" | "v1alpha2"): Shape {
  const kv: Record<string, Shape> = version === "v1alpha2" ? { kvCacheOffloading: { open: 1 } } : {};
  const parallelism: Shape = {
    p: { data: "i", dataLocal: "i", dataRPCPort: "i", expert: "b", pipeline: "i", tensor: "i" },
  };
  const workload = {
    annotations: strMap,
    labels: strMap,
    parallelism,
    replicas: "i",
    rolloutStrategy: { open: 1 },
    scaling: { open: 1 },
    template: "@PodSpec",
    worker: "@PodSpec",
    ...kv,
  } satisfies Record<string, Shape>;
  return object({
    p: {
      ...workload,
      baseRefs: { a: { p: { name: "s" } } },
      model: { open: 1 },
      storageInitializer: { open: 1 },
      tracing: { open: 1 },
      prefill: { p: workload },
      router: {
        open: 1,
        p: {
          scheduler: {
            open: 1,
            p: {
              annotations: strMap,
              labels: strMap,
              replicas: "i",
              template: "@PodSpec",
              tokenizer: { open: 1, p: { template: "@PodSpec" } },
            },
          },
        },
      },
    },
  });
}

/** A wrapper whose own fields stay open around the spec of the kind it creates. */
function cronOf(jobTemplate: Shape): Shape {
  return object({ open: 1, p: { jobTemplate } });
}

export const EXTRA_KINDS: Record<string, Shape> = {
  "kubeflow.org/v1/TFJob": kubeflowJob("tfReplicaSpecs", { successPolicy: "s", enableDynamicWorker: "b" }),
  "kubeflow.org/v1/XGBoostJob": kubeflowJob("xgbReplicaSpecs"),
  "kubeflow.org/v1/PaddleJob": kubeflowJob("paddleReplicaSpecs", { elasticPolicy: { open: 1 } }),
  "kubeflow.org/v1/JAXJob": kubeflowJob("jaxReplicaSpecs"),
  "kubeflow.org/v1/MPIJob": kubeflowJob("mpiReplicaSpecs", {
    slotsPerWorker: "i",
    mainContainer: "s",
    cleanPodPolicy: "s",
  }),
  /**
   * KubeRay RayService (ray-project/kuberay ray-operator/apis/ray/v1/rayservice_types.go): its
   * rayClusterConfig is a RayCluster spec, taken from the RayCluster CRD; the rest stays open.
   */
  "ray.io/v1/RayService": object({
    open: 1,
    p: {
      rayClusterConfig: "@RayClusterSpec",
      serveConfigV2: "s",
      serveService: "*",
      serviceUnhealthySecondThreshold: "i",
      deploymentUnhealthySecondThreshold: "i",
      excludeHeadPodFromServeSvc: "b",
    },
  }),
  /**
   * NVIDIA NIM operator NIMService (NVIDIA/k8s-nim-operator@f63f74d7ad22
   * api/apps/v1alpha1/nimservice_types.go, NIMServiceSpec, read 2026-12-04): every field of the
   * spec; the nested operator types stay open.
   */
  "apps.nvidia.com/v1alpha1/NIMService": object({
    p: {
      image: { p: { repository: "s", tag: "s", pullPolicy: "s", pullSecrets: { a: "s" } } },
      command: { a: "s" },
      args: { a: "s" },
      env: "*",
      authSecret: "s",
      storage: { open: 1 },
      labels: { m: "s" },
      annotations: { m: "s" },
      nodeSelector: { m: "s" },
      tolerations: "*",
      affinity: "*",
      podAffinity: "*",
      resources: { p: { limits: { m: "x" }, requests: { m: "x" }, claims: "*" } },
      draResources: "*",
      expose: { open: 1 },
      livenessProbe: "*",
      readinessProbe: "*",
      startupProbe: "*",
      scale: { open: 1 },
      schedulerName: "s",
      metrics: { open: 1 },
      replicas: "i",
      userID: "i",
      groupID: "i",
      runtimeClassName: "s",
      priorityClassName: "s",
      proxy: "*",
      multiNode: { open: 1 },
      inferencePlatform: "s",
      initContainers: "*",
      sidecarContainers: "*",
    },
  }),
  "serving.kserve.io/v1alpha1/LLMInferenceService": llmInferenceService("v1alpha1"),
  "serving.kserve.io/v1alpha2/LLMInferenceService": llmInferenceService("v1alpha2"),
  "serving.kserve.io/v1alpha1/LLMInferenceServiceConfig": llmInferenceService("v1alpha1"),
  "serving.kserve.io/v1alpha2/LLMInferenceServiceConfig": llmInferenceService("v1alpha2"),
  /**
   * KubeRay RayCronJob (ray-project/kuberay ray-operator/apis/ray/v1/raycronjob_types.go, KubeRay
   * v1.6+): jobTemplate is a RayJob spec, whose cluster spec is the RayCluster CRD's.
   */
  "ray.io/v1/RayCronJob": cronOf({ open: 1, p: { rayClusterSpec: "@RayClusterSpec" } }),
  /**
   * Volcano CronJob (volcano-sh/volcano pkg/apis batch/v1alpha1 cronjob types): jobTemplate.spec is
   * a Volcano Job spec; its tasks' pod templates are core PodTemplateSpecs.
   */
  "batch.volcano.sh/v1alpha1/CronJob": cronOf({
    open: 1,
    p: { spec: { open: 1, p: { tasks: { a: { open: 1, p: { template: "@PodTemplateSpec" } } } } } },
  }),
  "serving.kserve.io/v1beta1/InferenceService": object({
    p: {
      predictor: kservePredictor,
      transformer: { e: ["PodSpec", "KServeComponentExtension"] },
      explainer: {
        e: ["PodSpec", "KServeComponentExtension"],
        p: { art: explainerExtension, alibi: explainerExtension },
      },
    },
  }),
};

/** Kinds whose shape is another kind's: a namespaced TrainingRuntime is a ClusterTrainingRuntime. */
export const KIND_ALIASES: Record<string, string> = {
  "trainer.kubeflow.org/v1alpha1/TrainingRuntime": "trainer.kubeflow.org/v1alpha1/ClusterTrainingRuntime",
};
