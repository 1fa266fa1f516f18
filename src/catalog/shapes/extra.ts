// Hand-written shapes of ML kinds whose CRD is not in ../shared/corpus/crds (see
// src/model/shape.ts for the encoding). Where a kind's own field list could not be checked
// against its CRD, the object is `open` (keys it does not list are accepted, the ones it lists are
// still checked), so a field added upstream is never reported as unknown.

import type { Shape } from "./types.js";

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

/** A KAITO Workspace at one of its served versions (the fields of its CRD, listed above). */
function kaitoWorkspace(version: "v1alpha1" | "v1beta1"): Shape {
  const beta = version === "v1beta1";
  const preset: Shape = {
    p: {
      name: "s",
      accessMode: "s",
      presetOptions: {
        p: { image: "s", imagePullSecrets: { a: "s" }, ...(beta ? { modelAccessSecret: "s" } : {}) },
      },
    },
    r: ["name"],
  };
  const source: Shape = {
    p: { name: "s", urls: { a: "s" }, image: "s", imagePullSecrets: { a: "s" }, volumeSource: "*" },
  };
  return {
    p: {
      apiVersion: "s",
      kind: "s",
      metadata: "@ObjectMeta",
      status: "*",
      resource: {
        p: {
          count: "i",
          instanceType: "s",
          labelSelector: "@LabelSelector",
          preferredNodes: { a: "s" },
          ...(beta ? { partition: { p: { mode: "s", profile: "s", count: "i" }, r: ["mode"] } } : {}),
        },
        r: ["labelSelector"],
      },
      inference: {
        p: {
          preset,
          template: "@PodTemplateSpec",
          config: "s",
          adapters: { a: { p: { source, strength: "s" } } },
        },
      },
      tuning: {
        p: {
          preset,
          method: "s",
          config: "s",
          input: source,
          output: { p: { image: "s", imagePushSecret: "s", volumeSource: "*" } },
        },
        r: ["input", "output"],
      },
    },
  };
}

/** Definitions the hand-written kinds share (none since InferenceService is generated from its CRD). */
export const EXTRA_DEFS: Record<string, Shape> = {};

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
  /**
   * KAITO Workspace (kaito-project/kaito@056b8280b1a8 v0.12.0, config/crd/bases/kaito.sh_workspaces.yaml,
   * read 2026-12-04): `resource`, `inference` and `tuning` beside metadata, no spec. The CRD keeps
   * `inference.template` as preserved unknown fields; KAITO decodes it as a PodTemplateSpec, so it is
   * checked as one. v1beta1 adds `resource.partition` and `presetOptions.modelAccessSecret`.
   */
  "kaito.sh/v1alpha1/Workspace": kaitoWorkspace("v1alpha1"),
  "kaito.sh/v1beta1/Workspace": kaitoWorkspace("v1beta1"),
};

/**
 * Kinds whose shape is another kind's. None today: RayService, RayCronJob, Volcano's CronJob,
 * InferenceService, LLMInferenceService(Config) and TrainingRuntime, once hand-written or aliased
 * here, are generated from their CRDs (vendored in crds/ with their sources; scripts/gen-shapes.ts).
 */
export const KIND_ALIASES: Record<string, string> = {};
