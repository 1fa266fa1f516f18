/**
 * Gang schedulers and the labels, annotations and scheduler names that tie pods to a gang.
 *
 * Sources (read 2026-11-29):
 * - scheduler-plugins Coscheduling: kubernetes-sigs/scheduler-plugins@903da7df82cb
 *   apis/scheduling/v1alpha1/types.go (label `scheduling.x-k8s.io/pod-group`), doc/install.md
 *   (second-scheduler name `scheduler-plugins-scheduler`).
 * - Volcano: volcano-sh/volcano@ed72c7c815a9 staging/src/volcano.sh/apis/pkg/apis/scheduling/v1beta1/labels.go
 *   (`scheduling.k8s.io/group-name`, `scheduling.volcano.sh/queue-name`).
 * - Kueue: kubernetes-sigs/kueue@ff69552e79ad pkg/controller/constants/constants.go.
 * - KubeRay: ray-project/kuberay@feeaf72facab ray-operator/controllers/ray/utils/constant.go and batchscheduler/**.
 * - KAI: kubeflow/trainer@8c0f5059bd51 docs/operator-guides/job-scheduling/kai.md; NVIDIA/KAI-Scheduler@72de64fc8eca
 *   (read 2026-12-04) pkg/common/constants/constants.go (`kai.scheduler/queue`, `kai-scheduler`),
 *   docs/quickstart/README.md (pods opt in with `schedulerName: kai-scheduler`; the queue label picks
 *   the queue), pkg/podgrouper/podgrouper/plugins/job/job_grouper.go (a batch/v1 Job gets one
 *   PodGroup per pod, named after the pod, minAvailable 1: no gang across its pods).
 * - Native Workload API: kubernetes/enhancements keps/sig-scheduling/4671-gang-scheduling (v1.35 alpha
 *   `spec.workloadRef`, v1.36 `spec.schedulingGroup.podGroupName`).
 */

/** The name kube-scheduler answers to; pods without schedulerName get it. */
export const DEFAULT_SCHEDULER = "default-scheduler";

/** Scheduler names that implement all-or-nothing placement of a pod group. */
export const GANG_SCHEDULERS: Readonly<Record<string, string>> = {
  volcano: "Volcano",
  "scheduler-plugins-scheduler": "scheduler-plugins (Coscheduling)",
  "kai-scheduler": "KAI Scheduler",
  yunikorn: "Apache YuniKorn",
  "koord-scheduler": "Koordinator",
};

/** Pod label naming a scheduler-plugins PodGroup (`scheduling.x-k8s.io/v1alpha1`). */
export const COSCHEDULING_POD_GROUP_LABEL = "scheduling.x-k8s.io/pod-group";
/** Pod annotation naming a Volcano PodGroup (`scheduling.volcano.sh/v1beta1`). */
export const VOLCANO_GROUP_ANNOTATION = "scheduling.k8s.io/group-name";
export const VOLCANO_QUEUE_ANNOTATION = "scheduling.volcano.sh/queue-name";

export const KUEUE_QUEUE_LABEL = "kueue.x-k8s.io/queue-name";
export const KUEUE_POD_GROUP_LABEL = "kueue.x-k8s.io/pod-group-name";
/** LocalQueue Kueue uses for jobs without a queue label (LocalQueueDefaulting, on by default since v0.17). */
export const KUEUE_DEFAULT_LOCAL_QUEUE = "default";

/**
 * Label routing a workload to a KAI Scheduler queue. It only takes effect on pods KAI schedules,
 * those with `schedulerName: kai-scheduler`; KAI's pod grouper then gangs the workload's pods.
 */
export const KAI_QUEUE_LABEL = "kai.scheduler/queue";
export const KAI_SCHEDULER_NAME = "kai-scheduler";
/** Owner kinds (`group/Kind`) whose pods KAI's pod grouper puts in one PodGroup each: no gang. */
export const KAI_PER_POD_GROUP_KINDS: ReadonlySet<string> = new Set(["batch/Job"]);

/**
 * KAI Scheduler's own PodGroup (`scheduling.run.ai/v2alpha2`, the only version its CRD serves:
 * NVIDIA/KAI-Scheduler@72de64fc8eca (v0.13.0-rc1) deployments/kai-scheduler/crds/scheduling.run.ai_podgroups.yaml,
 * read 2026-12-04): `spec.minMember`, `spec.queue`, `spec.topologyConstraint`, `spec.subGroups[]`.
 * A pod joins one by the annotation `pod-group-name` (pkg/common/constants/constants.go
 * PodGroupAnnotationForPod). The pod grouper rewrites that annotation on every pod that has an owner
 * (pkg/podgrouper/pod_controller.go assignPodToGroupAndSubGroup) and leaves it alone only on an
 * ownerless Pod (isOrphanPodWithPodGroup): only a bare Pod joins a PodGroup written by hand.
 */
export const KAI_POD_GROUP = { group: "scheduling.run.ai", kind: "PodGroup" } as const;
export const KAI_POD_GROUP_ANNOTATION = "pod-group-name";

/**
 * KAI topology-aware scheduling (same commit, docs/topology/README.md,
 * pkg/podgrouper/podgrouper/plugins/constants/constants.go, pkg/scheduler/plugins/topology/job_filtering.go):
 * a workload names a cluster-scoped `kai.scheduler/v1alpha1` Topology (`spec.levels[].nodeLabel`,
 * broadest first) and a required and/or preferred level, each a level's node label. The scheduler
 * leaves a workload whose Topology does not exist unschedulable ("Requested topology … does not
 * exist"), and fails one whose level is not a level of the Topology, or whose preferred level is
 * broader than its required one ("topology constraint error: … does not contain a level with this
 * name"); without the topology annotation the placement annotations are ignored (getJobTopology).
 */
/**
 * KAI Scheduler's Queue (`scheduling.run.ai/v2`, cluster-scoped; same commit,
 * deployments/kai-scheduler/crds/scheduling.run.ai_queues.yaml, docs/queues/README.md): queues form a
 * tree by `spec.parentQueue`, and "only leaf queues (queues with no children) can be used for
 * scheduling jobs". A workload names its queue with the label `kai.scheduler/queue`, a KAI PodGroup
 * with `spec.queue`.
 */
export const KAI_QUEUE = { group: "scheduling.run.ai", kind: "Queue" } as const;
/**
 * Queues KAI's Helm chart creates by default (deployments/kai-scheduler/values.yaml `defaultQueue`,
 * createDefaultQueue true): the parent `default-parent-queue` and its leaf `default-queue`, the queue
 * of pods with no queue label (pkg/podgrouper/podgrouper/plugins/constants/constants.go DefaultQueueName).
 */
export const KAI_INSTALLED_QUEUES: Readonly<Record<string, "leaf" | "parent">> = {
  "default-queue": "leaf",
  "default-parent-queue": "parent",
};

export const KAI_TOPOLOGY = { group: "kai.scheduler", kind: "Topology" } as const;
export const KAI_TOPOLOGY_ANNOTATION = "kai.scheduler/topology";
export const KAI_TOPOLOGY_REQUIRED_ANNOTATION = "kai.scheduler/topology-required-placement";
export const KAI_TOPOLOGY_PREFERRED_ANNOTATION = "kai.scheduler/topology-preferred-placement";

/** Labels on a RayCluster/RayJob that opt it into a batch scheduler's gang (KubeRay batchscheduler). */
export const KUBERAY_GANG_LABELS: readonly string[] = [
  "ray.io/gang-scheduling-enabled",
  "ray.io/scheduler-name", // legacy, v1.1–v1.5
  "volcano.sh/queue-name",
  "kai.scheduler/queue",
  "yunikorn.apache.org/app-id",
  "yunikorn.apache.org/queue",
];

/** Launchers of synchronous multi-process training: every rank waits for all the others at start. */
export const DISTRIBUTED_LAUNCHERS: readonly RegExp[] = [
  /\btorchrun\b/,
  /\btorch\.distributed\.(?:run|launch)\b/,
  /\bdeepspeed\b/,
  /\baccelerate\s+launch\b/,
  /\bmpirun\b/,
  /\bhorovodrun\b/,
];

/** Built-in PriorityClasses every cluster has. */
export const BUILTIN_PRIORITY_CLASSES: ReadonlySet<string> = new Set([
  "system-cluster-critical",
  "system-node-critical",
]);

/**
 * Node label keys that Kubernetes or the major clouds set on every node, usable as topology keys
 * (JobSet/LWS exclusive placement, Kueue Topology levels). Sources: kubernetes.io well-known labels
 * (https://kubernetes.io/docs/reference/labels-annotations-taints/), GKE docs on node pools, compact
 * placement and TPU slices, EKS and AKS node labels; read 2026-11-29.
 */
export const WELL_KNOWN_TOPOLOGY_KEYS: ReadonlySet<string> = new Set([
  "kubernetes.io/hostname",
  "topology.kubernetes.io/zone",
  "topology.kubernetes.io/region",
  "failure-domain.beta.kubernetes.io/zone",
  "failure-domain.beta.kubernetes.io/region",
  "cloud.google.com/gke-nodepool",
  "cloud.google.com/gke-placement-group",
  "cloud.google.com/gce-topology-block",
  "cloud.google.com/gce-topology-subblock",
  "cloud.google.com/gce-topology-host",
  "cloud.google.com/gke-tpu-slice-4x4-id",
  "eks.amazonaws.com/nodegroup",
  "topology.k8s.aws/network-node-layer-1",
  "topology.k8s.aws/network-node-layer-2",
  "topology.k8s.aws/network-node-layer-3",
  "kubernetes.azure.com/agentpool",
  "agentpool",
  "nvidia.com/gpu.clique",
]);

/** Annotations asking JobSet / LeaderWorkerSet for one group per topology domain. */
export const EXCLUSIVE_TOPOLOGY_ANNOTATIONS: readonly string[] = [
  "alpha.jobset.sigs.k8s.io/exclusive-topology",
  "leaderworkerset.sigs.k8s.io/exclusive-topology",
  "leaderworkerset.sigs.k8s.io/subgroup-exclusive-topology",
];
