// Hand-written shapes of the built-in kinds mlgate models (see src/model/shape.ts for the
// encoding). The field lists follow the Kubernetes API reference,
// https://kubernetes.io/docs/reference/kubernetes-api/ (workload-resources/deployment-v1,
// stateful-set-v1, daemon-set-v1, replica-set-v1, job-v1, cron-job-v1, pod-v1;
// service-resources/service-v1; config-and-storage-resources/config-map-v1, secret-v1;
// common-definitions/object-meta). The large shared subtrees — PodSpec, Container, JobSpec,
// PodTemplateSpec, LabelSelector, PersistentVolumeClaimSpec — are not repeated here: they are
// the definitions scripts/gen-shapes.ts derives from CRDs that embed them (JobSet embeds the
// full batch/v1 JobSpec, for one), referenced as "@Name".
import type { Shape } from "./types.js";

const str = { a: "s" } as const;
const strMap = { m: "s" } as const;

export const CORE_DEFS: Record<string, Shape> = {
  /** https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/object-meta/ */
  ObjectMeta: {
    p: {
      name: "s",
      generateName: "s",
      namespace: "s",
      labels: strMap,
      annotations: strMap,
      finalizers: str,
      ownerReferences: {
        a: { p: { apiVersion: "s", kind: "s", name: "s", uid: "s", controller: "b", blockOwnerDeletion: "b" } },
      },
      uid: "s",
      resourceVersion: "s",
      generation: "i",
      creationTimestamp: "*",
      deletionTimestamp: "*",
      deletionGracePeriodSeconds: "i",
      managedFields: "*",
      selfLink: "s",
    },
  },
  /**
   * The pod template of the built-in controllers: a full ObjectMeta (a CRD's embedded template
   * metadata keeps only name, namespace, labels, annotations and finalizers).
   */
  CorePodTemplateSpec: { p: { metadata: "@ObjectMeta", spec: "@PodSpec" } },
};

/** Fields every object has at its top level; `status` is written by controllers, not checked. */
function object(spec: Record<string, Shape>): Shape {
  return { p: { apiVersion: "s", kind: "s", metadata: "@ObjectMeta", status: "*", ...spec } };
}

const rollingUpdate = { p: { maxUnavailable: "x", maxSurge: "x" } };

export const CORE_KINDS: Record<string, Shape> = {
  "v1/Pod": object({ spec: "@PodSpec" }),
  "apps/v1/Deployment": object({
    spec: {
      p: {
        replicas: "i",
        selector: "@LabelSelector",
        template: "@CorePodTemplateSpec",
        strategy: { p: { type: "s", rollingUpdate } },
        minReadySeconds: "i",
        revisionHistoryLimit: "i",
        paused: "b",
        progressDeadlineSeconds: "i",
      },
    },
  }),
  "apps/v1/StatefulSet": object({
    spec: {
      p: {
        replicas: "i",
        selector: "@LabelSelector",
        template: "@CorePodTemplateSpec",
        serviceName: "s",
        podManagementPolicy: "s",
        updateStrategy: { p: { type: "s", rollingUpdate: { p: { partition: "i", maxUnavailable: "x" } } } },
        volumeClaimTemplates: {
          a: {
            p: { apiVersion: "s", kind: "s", metadata: "@ObjectMeta", spec: "@PersistentVolumeClaimSpec", status: "*" },
          },
        },
        revisionHistoryLimit: "i",
        minReadySeconds: "i",
        persistentVolumeClaimRetentionPolicy: { p: { whenDeleted: "s", whenScaled: "s" } },
        ordinals: { p: { start: "i" } },
      },
    },
  }),
  "apps/v1/DaemonSet": object({
    spec: {
      p: {
        selector: "@LabelSelector",
        template: "@CorePodTemplateSpec",
        updateStrategy: { p: { type: "s", rollingUpdate } },
        minReadySeconds: "i",
        revisionHistoryLimit: "i",
      },
    },
  }),
  "apps/v1/ReplicaSet": object({
    spec: { p: { replicas: "i", minReadySeconds: "i", selector: "@LabelSelector", template: "@CorePodTemplateSpec" } },
  }),
  "batch/v1/Job": object({ spec: "@JobSpec" }),
  "batch/v1/CronJob": object({
    spec: {
      p: {
        schedule: "s",
        timeZone: "s",
        jobTemplate: "@JobTemplateSpec",
        concurrencyPolicy: "s",
        startingDeadlineSeconds: "i",
        suspend: "b",
        successfulJobsHistoryLimit: "i",
        failedJobsHistoryLimit: "i",
      },
    },
  }),
  "v1/Service": object({
    spec: {
      p: {
        selector: strMap,
        ports: {
          a: { p: { name: "s", protocol: "s", appProtocol: "s", port: "i", targetPort: "x", nodePort: "i" } },
        },
        type: "s",
        clusterIP: "s",
        clusterIPs: str,
        externalIPs: str,
        externalName: "s",
        externalTrafficPolicy: "s",
        internalTrafficPolicy: "s",
        healthCheckNodePort: "i",
        ipFamilies: str,
        ipFamilyPolicy: "s",
        loadBalancerIP: "s",
        loadBalancerClass: "s",
        loadBalancerSourceRanges: str,
        allocateLoadBalancerNodePorts: "b",
        publishNotReadyAddresses: "b",
        sessionAffinity: "s",
        sessionAffinityConfig: { p: { clientIP: { p: { timeoutSeconds: "i" } } } },
        trafficDistribution: "s",
      },
    },
  }),
  "v1/ConfigMap": object({ data: strMap, binaryData: strMap, immutable: "b" }),
  "v1/Secret": object({ data: strMap, stringData: strMap, type: "s", immutable: "b" }),
};
