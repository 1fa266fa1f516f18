// What each workload kind IS, as data: one row per kind mlgate models, read by the model and the
// rules instead of each keeping its own list of kinds. Adding a kind: give it a row here (the
// apiVersions it is modelled at, and every trait that holds for it), then teach
// src/model/workload.ts how its pod groups are laid out. A rule that needs a new fact about kinds
// adds a trait here (documented with what reads it), never a list of kinds in the rule.
import type { Path } from "./path.js";

export interface KindTraits {
  /** `group/Kind` (`/Pod` for the core group). */
  key: string;
  /** The apiVersions mlgate models it at (src/model/workload.ts; the shapes test reads them). */
  versions: readonly string[];
  /**
   * Its pods run training or distributed ML work and do heavy host-memory work (data loaders,
   * checkpoints, pinned buffers): reliability/memory-limit checks them whatever they request.
   */
  mlWork?: true;
  /**
   * Its pods serve requests for a long time (behind a Service, or as a model server):
   * network/nccl-debug-in-production.
   */
  serving?: true;
  /**
   * The pod group that sits behind a Service and is replaced by rolling updates, which a
   * readiness probe gates (reliability/serving-readiness-probe); LeaderWorkerSet: the leader.
   */
  servedRole?: string;
  /**
   * Its pods compute and talk to each other, never to the API server, so a mounted service
   * account token is only something to steal (security/automount-token); `exceptRoles`: the
   * roles that do call the API server (the MPI v1 launcher runs kubectl exec).
   */
  apiFree?: { exceptRoles?: RegExp };
  /** Kueue manages its jobs through the `kueue.x-k8s.io/queue-name` label (a batch integration, on by default). */
  kueue?: true;
  /** Kubeflow v1 training job: its roles are `spec.<replicaSpecs>.<Role>`, replicas default 1. */
  replicaSpecs?: string;
  /**
   * A template another object completes (Trainer runtimes: the TrainJob sizes the trainer), so
   * what its pods lack may be supplied there.
   */
  template?: true;
  /**
   * An operator gives every container a memory limit at admission (KServe's defaulting webhook,
   * from the inferenceservice-config ConfigMap): reliability/memory-limit.
   */
  memoryLimitInjected?: true;
  /**
   * It runs to completion: where its retry limit lives (the deadline mechanisms are in
   * src/catalog/deadlines.ts) and where a finding about both points (cost/gpu-job-deadline).
   */
  completion?: { deadlineField: string; retryLimit: readonly Path[]; at: Path };
  /**
   * The restartPolicy values the API server accepts in its pod template, and whether the field must
   * be set (the pod default, Always, is refused): pkg/apis/apps and pkg/apis/batch validation
   * (schema/restart-policy).
   */
  podRestartPolicy?: { values: readonly string[]; required: boolean };
  /**
   * Its spec.selector must select its own pod template's labels: `required` (apps/v1 controllers:
   * a selector is required and may not be empty), `manual` (a Job, only with manualSelector: true)
   * (schema/selector-mismatch).
   */
  selector?: "required" | "manual";
  /**
   * Claim templates its controller adds to every pod as volumes named after the template, as
   * paths with `*` for every list item (schema/missing-volume).
   */
  claimTemplates?: readonly (readonly string[])[];
  /**
   * Its pods carry the labels its template writes, and only controller bookkeeping labels beside
   * them (no operator adds labels a Service would select by): reliability/service-selector.
   */
  podLabelsAsWritten?: true;
}

const ALWAYS = { values: ["Always"], required: false } as const;
const RUNS_TO_END = { values: ["OnFailure", "Never"], required: true } as const;
const JOBSET_CLAIMS = ["volumeClaimPolicies", "*", "templates", "*"] as const;

const KUBEFLOW_V1: ReadonlyArray<[kind: string, replicaSpecs: string, versions: readonly string[]]> = [
  ["PyTorchJob", "pytorchReplicaSpecs", ["v1"]],
  ["TFJob", "tfReplicaSpecs", ["v1"]],
  ["MPIJob", "mpiReplicaSpecs", ["v1", "v2beta1"]],
  ["XGBoostJob", "xgbReplicaSpecs", ["v1"]],
  ["PaddleJob", "paddleReplicaSpecs", ["v1"]],
  ["JAXJob", "jaxReplicaSpecs", ["v1"]],
];

const RUN_POLICY = {
  deadlineField: "spec.runPolicy.activeDeadlineSeconds",
  retryLimit: [["spec", "runPolicy", "backoffLimit"]],
  at: ["spec"],
} as const;

/** Every kind mlgate models, in the order the docs list them. */
export const KIND_TRAITS: readonly KindTraits[] = [
  { key: "/Pod", versions: ["v1"], podLabelsAsWritten: true },
  {
    key: "apps/Deployment",
    podLabelsAsWritten: true,
    versions: ["v1"],
    serving: true,
    servedRole: "pod",
    podRestartPolicy: ALWAYS,
    selector: "required",
  },
  {
    key: "apps/StatefulSet",
    podLabelsAsWritten: true,
    versions: ["v1"],
    serving: true,
    servedRole: "pod",
    podRestartPolicy: ALWAYS,
    selector: "required",
    claimTemplates: [["spec", "volumeClaimTemplates", "*"]],
  },
  { key: "apps/DaemonSet", versions: ["v1"], podRestartPolicy: ALWAYS, selector: "required", podLabelsAsWritten: true },
  {
    key: "apps/ReplicaSet",
    versions: ["v1"],
    podRestartPolicy: ALWAYS,
    selector: "required",
    podLabelsAsWritten: true,
  },
  {
    key: "batch/Job",
    podLabelsAsWritten: true,
    versions: ["v1"],
    kueue: true,
    podRestartPolicy: RUNS_TO_END,
    selector: "manual",
    completion: {
      deadlineField: "spec.activeDeadlineSeconds",
      retryLimit: [
        ["spec", "backoffLimit"],
        ["spec", "backoffLimitPerIndex"],
      ],
      at: ["spec"],
    },
  },
  {
    key: "batch/CronJob",
    podLabelsAsWritten: true,
    versions: ["v1"],
    podRestartPolicy: RUNS_TO_END,
    completion: {
      deadlineField: "spec.jobTemplate.spec.activeDeadlineSeconds",
      retryLimit: [["spec", "jobTemplate", "spec", "backoffLimit"]],
      at: ["spec", "jobTemplate", "spec"],
    },
  },
  ...KUBEFLOW_V1.map(
    ([kind, replicaSpecs, versions]): KindTraits => ({
      key: `kubeflow.org/${kind}`,
      versions,
      replicaSpecs,
      mlWork: true,
      kueue: true,
      apiFree: kind === "MPIJob" ? { exceptRoles: /launcher/i } : {},
      completion: RUN_POLICY,
    }),
  ),
  {
    key: "trainer.kubeflow.org/TrainJob",
    versions: ["v1alpha1"],
    mlWork: true,
    kueue: true,
    completion: { deadlineField: "spec.activeDeadlineSeconds", retryLimit: [], at: ["spec"] },
  },
  {
    key: "trainer.kubeflow.org/TrainingRuntime",
    versions: ["v1alpha1"],
    template: true,
    apiFree: {},
    claimTemplates: [["spec", "template", "spec", ...JOBSET_CLAIMS]],
  },
  {
    key: "trainer.kubeflow.org/ClusterTrainingRuntime",
    versions: ["v1alpha1"],
    template: true,
    apiFree: {},
    claimTemplates: [["spec", "template", "spec", ...JOBSET_CLAIMS]],
  },
  // Ray heads run the autoscaler, which calls the API server: not apiFree.
  { key: "ray.io/RayCluster", versions: ["v1"], mlWork: true, kueue: true },
  {
    key: "ray.io/RayJob",
    versions: ["v1"],
    mlWork: true,
    kueue: true,
    completion: { deadlineField: "spec.activeDeadlineSeconds", retryLimit: [["spec", "backoffLimit"]], at: ["spec"] },
  },
  { key: "ray.io/RayService", versions: ["v1"], mlWork: true, serving: true },
  { key: "batch.volcano.sh/Job", versions: ["v1alpha1"], apiFree: {} },
  {
    key: "jobset.x-k8s.io/JobSet",
    versions: ["v1alpha2"],
    kueue: true,
    apiFree: {},
    claimTemplates: [["spec", ...JOBSET_CLAIMS]],
    completion: {
      deadlineField: "spec.replicatedJobs[].template.spec.activeDeadlineSeconds",
      retryLimit: [["spec", "failurePolicy", "maxRestarts"]],
      at: ["spec"],
    },
  },
  {
    key: "leaderworkerset.x-k8s.io/LeaderWorkerSet",
    versions: ["v1"],
    kueue: true,
    serving: true,
    servedRole: "leader",
    claimTemplates: [["spec", "leaderWorkerTemplate", "volumeClaimTemplates", "*"]],
  },
  { key: "serving.kserve.io/InferenceService", versions: ["v1beta1"], serving: true, memoryLimitInjected: true },
  // NVIDIA NIM operator (workload.ts nimService): a model server behind the Service the operator creates.
  { key: "apps.nvidia.com/NIMService", versions: ["v1alpha1"], serving: true, servedRole: "nim" },
  // KAITO (workload.ts kaitoWorkspace): a model server (or a tuning Job) KAITO builds from a preset or a template.
  { key: "kaito.sh/Workspace", versions: ["v1alpha1", "v1beta1"], serving: true, podLabelsAsWritten: true },
  // Modelled by the ML coverage work (workload.ts); their traits are still to be decided with the
  // rules that read them (a serving LLMInferenceService is `serving` for nccl-debug-in-production).
  { key: "serving.kserve.io/LLMInferenceService", versions: ["v1alpha1", "v1alpha2"] },
  { key: "serving.kserve.io/LLMInferenceServiceConfig", versions: ["v1alpha1", "v1alpha2"] },
  { key: "ray.io/RayCronJob", versions: ["v1"] },
  { key: "batch.volcano.sh/CronJob", versions: ["v1alpha1"] },
];

const BY_KEY: ReadonlyMap<string, KindTraits> = new Map(KIND_TRAITS.map((t) => [t.key, t]));
const NONE: KindTraits = { key: "", versions: [] };

/** What a kind is; a kind mlgate does not model has no traits (every field absent). */
export function kindTraits(r: { group: string; kind: string }): KindTraits {
  return BY_KEY.get(`${r.group}/${r.kind}`) ?? NONE;
}

/** `group/Kind` of the kinds with a trait, for messages and docs. */
export function kindsWith(trait: keyof KindTraits): string[] {
  return KIND_TRAITS.filter((t) => t[trait] !== undefined).map((t) => t.key);
}
