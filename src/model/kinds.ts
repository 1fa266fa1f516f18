// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${trialParameters} is Katib's placeholder syntax, not a JS template
import { KIND_TRAITS } from "./kind-traits.js";

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
  "karpenter.sh",
  "karpenter.k8s.aws",
  // Read by name or selector: KAI Scheduler's PodGroup and Topology, the Gateway API Inference
  // Extension's InferencePool. (KAITO's Workspace is modelled; its other kinds are not, so kaito.sh
  // stays out and they are reported.)
  "scheduling.run.ai",
  "kai.scheduler",
  // NVIDIA NIM operator: NIMService modelled, NIMCache read.
  "apps.nvidia.com",
  "inference.networking.k8s.io",
  "inference.networking.x-k8s.io",
]);

/** Kinds that create pods, as `group/version/Kind`; mlgate normalises each into pod groups (see workload.ts). */
export const WORKLOAD_KINDS: readonly string[] = KIND_TRAITS.flatMap((t) => {
  const [group, kind] = t.key.split("/") as [string, string];
  return t.versions.map((v) => (group ? `${group}/${v}/${kind}` : `${v}/${kind}`));
});

/**
 * Kinds in a recognised group that create pods mlgate does not model yet, and why: the pod rules
 * say nothing about them, so schema/unknown-kind says so (info) instead of staying silent.
 */
export const UNMODELLED_POD_KINDS: Readonly<Record<string, string>> = {
  "kubeflow.org/Experiment":
    "Katib builds each trial from spec.trialTemplate.trialSpec, a manifest of any kind whose ${trialParameters} are filled in per trial",
  // NVIDIA/k8s-nim-operator@f63f74d7ad22 api/apps/v1alpha1 (read 2026-12-04): the operator builds
  // these; mlgate models its NIMService and reads its NIMCache.
  "apps.nvidia.com/NIMPipeline": "the NIM operator creates a NIMService from each entry of spec.services",
  "apps.nvidia.com/NemoCustomizer": "the NIM operator deploys the NeMo Customizer microservice from it",
  "apps.nvidia.com/NemoDatastore": "the NIM operator deploys the NeMo Data Store microservice from it",
  "apps.nvidia.com/NemoEntitystore": "the NIM operator deploys the NeMo Entity Store microservice from it",
  "apps.nvidia.com/NemoEvaluator": "the NIM operator deploys the NeMo Evaluator microservice from it",
  "apps.nvidia.com/NemoGuardrail": "the NIM operator deploys the NeMo Guardrails microservice from it",
};
