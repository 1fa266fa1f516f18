/**
 * The mechanisms that bound how long a job may run (and hold its accelerators), per project.
 *
 * Sources (read 2026-12-04):
 * - Kubernetes Job `spec.activeDeadlineSeconds`, and a pod's own `spec.activeDeadlineSeconds`:
 *   https://kubernetes.io/docs/concepts/workloads/controllers/job/#job-termination-and-cleanup
 * - Kubeflow Training Operator / MPI Operator `spec.runPolicy.activeDeadlineSeconds`: the
 *   PyTorchJob and MPIJob CRDs (kubeflow/training-operator manifests/base/crds,
 *   kubeflow/mpi-operator manifests/base/kubeflow.org_mpijobs.yaml).
 * - Kubeflow Trainer TrainJob `spec.activeDeadlineSeconds`: manifests/base/crds/trainer.kubeflow.org_trainjobs.yaml.
 * - KubeRay RayJob `spec.activeDeadlineSeconds`: ray-operator/config/crd/bases/ray.io_rayjobs.yaml.
 * - JobSet: each replicated job's Job template, `replicatedJobs[].template.spec.activeDeadlineSeconds`
 *   (config/components/crd/bases/jobset.x-k8s.io_jobsets.yaml).
 * - Kueue label `kueue.x-k8s.io/max-exec-time-seconds` (the Workload's maximumExecutionTimeSeconds:
 *   deactivated once admitted longer): kubernetes-sigs/kueue@ff69552e79ad
 *   pkg/controller/constants/constants.go (MaxExecTimeSecondsLabel), site/content/en/docs/concepts/workload.md.
 * - Kueue passes every `provreq.kueue.x-k8s.io/*` annotation of a job to its ProvisioningRequest
 *   (kueue@ff69552e79ad pkg/controller/constants/constants.go ProvReqAnnotationPrefix,
 *   site/content/en/docs/concepts/admission_check/provisioning_request.md); the
 *   `maxRunDurationSeconds` parameter is how long GKE's flex-start (Dynamic Workload Scheduler)
 *   keeps the provisioned nodes, seven days when unset:
 *   https://cloud.google.com/kubernetes-engine/docs/concepts/dws
 */
import type { Path } from "../util/path.js";

export interface DeadlineMechanism {
  /** Where it is written. `podTemplates`: the pod spec of every pod group that holds accelerators. */
  where: "field" | "label" | "annotation" | "podTemplates" | "replicatedJobs";
  /** For `field`: the path in the object; for `replicatedJobs`: the path inside each replicated job. */
  path?: Path;
  /** For `label` and `annotation`: the key. */
  key?: string;
  /** `group/Kind` it applies to; every kind when absent. */
  kinds?: readonly string[];
  /** How to name it in a message. */
  name: string;
}

const KUBEFLOW_V1 = [
  "kubeflow.org/PyTorchJob",
  "kubeflow.org/TFJob",
  "kubeflow.org/MPIJob",
  "kubeflow.org/XGBoostJob",
  "kubeflow.org/PaddleJob",
  "kubeflow.org/JAXJob",
];

export const DEADLINE_MECHANISMS: readonly DeadlineMechanism[] = [
  { where: "field", kinds: ["batch/Job"], path: ["spec", "activeDeadlineSeconds"], name: "spec.activeDeadlineSeconds" },
  {
    where: "field",
    kinds: ["batch/CronJob"],
    path: ["spec", "jobTemplate", "spec", "activeDeadlineSeconds"],
    name: "spec.jobTemplate.spec.activeDeadlineSeconds",
  },
  {
    where: "field",
    kinds: KUBEFLOW_V1,
    path: ["spec", "runPolicy", "activeDeadlineSeconds"],
    name: "spec.runPolicy.activeDeadlineSeconds",
  },
  {
    where: "field",
    kinds: ["trainer.kubeflow.org/TrainJob"],
    path: ["spec", "activeDeadlineSeconds"],
    name: "spec.activeDeadlineSeconds",
  },
  {
    where: "field",
    kinds: ["ray.io/RayJob"],
    path: ["spec", "activeDeadlineSeconds"],
    name: "spec.activeDeadlineSeconds",
  },
  {
    where: "replicatedJobs",
    kinds: ["jobset.x-k8s.io/JobSet"],
    path: ["template", "spec", "activeDeadlineSeconds"],
    name: "spec.replicatedJobs[].template.spec.activeDeadlineSeconds",
  },
  {
    where: "label",
    key: "kueue.x-k8s.io/max-exec-time-seconds",
    name: "the Kueue label kueue.x-k8s.io/max-exec-time-seconds",
  },
  {
    where: "annotation",
    key: "provreq.kueue.x-k8s.io/maxRunDurationSeconds",
    name: "the Kueue ProvisioningRequest annotation provreq.kueue.x-k8s.io/maxRunDurationSeconds",
  },
  { where: "podTemplates", path: ["activeDeadlineSeconds"], name: "the pods' own spec.activeDeadlineSeconds" },
];
