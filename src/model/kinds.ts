/**
 * API groups whose kinds mlgate recognises. A document of any other group is reported as an
 * unrecognised kind (info): its rules cannot say anything about it, and the user should know.
 */
export const KNOWN_GROUPS: ReadonlySet<string> = new Set([
  // Kubernetes built-in groups
  "",
  "apps",
  "batch",
  "autoscaling",
  "policy",
  "networking.k8s.io",
  "rbac.authorization.k8s.io",
  "scheduling.k8s.io",
  "storage.k8s.io",
  "node.k8s.io",
  "discovery.k8s.io",
  "coordination.k8s.io",
  "apiextensions.k8s.io",
  "admissionregistration.k8s.io",
  "certificates.k8s.io",
  "resource.k8s.io",
  "flowcontrol.apiserver.k8s.io",
  "events.k8s.io",
  "extensions",
  // ML workload and scheduling ecosystems mlgate models or reads
  "kubeflow.org",
  "trainer.kubeflow.org",
  "ray.io",
  "batch.volcano.sh",
  "scheduling.volcano.sh",
  "bus.volcano.sh",
  "flow.volcano.sh",
  "jobset.x-k8s.io",
  "leaderworkerset.x-k8s.io",
  "kueue.x-k8s.io",
  "scheduling.x-k8s.io",
  "serving.kserve.io",
  "k8s.cni.cncf.io",
  "mellanox.com",
  "nvidia.com",
  "resource.nvidia.com",
  "sriovnetwork.openshift.io",
]);

/** Kinds that create pods; mlgate normalises each into pod groups (see workload.ts). */
export const WORKLOAD_KINDS: readonly string[] = [
  "v1/Pod",
  "apps/v1/Deployment",
  "apps/v1/StatefulSet",
  "apps/v1/DaemonSet",
  "apps/v1/ReplicaSet",
  "batch/v1/Job",
  "batch/v1/CronJob",
  "kubeflow.org/v1/PyTorchJob",
  "kubeflow.org/v1/TFJob",
  "kubeflow.org/v1/MPIJob",
  "kubeflow.org/v2beta1/MPIJob",
  "kubeflow.org/v1/XGBoostJob",
  "kubeflow.org/v1/PaddleJob",
  "kubeflow.org/v1/JAXJob",
  "trainer.kubeflow.org/v1alpha1/TrainJob",
  "trainer.kubeflow.org/v1alpha1/TrainingRuntime",
  "trainer.kubeflow.org/v1alpha1/ClusterTrainingRuntime",
  "ray.io/v1/RayCluster",
  "ray.io/v1/RayJob",
  "ray.io/v1/RayService",
  "batch.volcano.sh/v1alpha1/Job",
  "jobset.x-k8s.io/v1alpha2/JobSet",
  "leaderworkerset.x-k8s.io/v1/LeaderWorkerSet",
  "serving.kserve.io/v1beta1/InferenceService",
  "serving.kserve.io/v1alpha1/LLMInferenceService",
  "serving.kserve.io/v1alpha2/LLMInferenceService",
  "serving.kserve.io/v1alpha1/LLMInferenceServiceConfig",
  "serving.kserve.io/v1alpha2/LLMInferenceServiceConfig",
  "ray.io/v1/RayCronJob",
  "batch.volcano.sh/v1alpha1/CronJob",
];

/**
 * Kinds in a recognised group that create pods mlgate does not model yet, and why: the pod rules
 * say nothing about them, so schema/unknown-kind says so (info) instead of staying silent.
 */
export const UNMODELLED_POD_KINDS: Readonly<Record<string, string>> = {
  "kubeflow.org/Experiment":
    "Katib builds each trial from spec.trialTemplate.trialSpec, a manifest of any kind whose ${trialParameters} are filled in per trial",
};
