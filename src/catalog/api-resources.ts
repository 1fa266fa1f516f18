/**
 * Built-in Kubernetes kinds as the API server serves them: the resource name (the plural that
 * admission rules, RBAC and VAP `resourceRules` name) and whether objects are namespaced. Data as
 * `kubectl api-resources` lists them for Kubernetes 1.35 (the API reference,
 * https://kubernetes.io/docs/reference/kubernetes-api/, gives the same names and scopes), read on
 * 2026-12-04. A custom resource's names come from its CustomResourceDefinition when the checked set
 * has it (`spec.names.plural`, `spec.scope`); otherwise `guessPlural` applies the rule the
 * API machinery applies to kinds (k8s.io/apimachinery/pkg/api/meta.UnsafeGuessKindToResource).
 */
export interface ApiResource {
  /** `group/Kind`, the group "" for the core API. */
  readonly plural: string;
  readonly namespaced: boolean;
}

const NS = true;
const CLUSTER = false;

/** By `group/Kind` (core group: `/Kind`). */
export const BUILTIN_RESOURCES: Readonly<Record<string, ApiResource>> = {
  "/Binding": { plural: "bindings", namespaced: NS },
  "/ComponentStatus": { plural: "componentstatuses", namespaced: CLUSTER },
  "/ConfigMap": { plural: "configmaps", namespaced: NS },
  "/Endpoints": { plural: "endpoints", namespaced: NS },
  "/Event": { plural: "events", namespaced: NS },
  "/LimitRange": { plural: "limitranges", namespaced: NS },
  "/Namespace": { plural: "namespaces", namespaced: CLUSTER },
  "/Node": { plural: "nodes", namespaced: CLUSTER },
  "/PersistentVolumeClaim": { plural: "persistentvolumeclaims", namespaced: NS },
  "/PersistentVolume": { plural: "persistentvolumes", namespaced: CLUSTER },
  "/Pod": { plural: "pods", namespaced: NS },
  "/PodTemplate": { plural: "podtemplates", namespaced: NS },
  "/ReplicationController": { plural: "replicationcontrollers", namespaced: NS },
  "/ResourceQuota": { plural: "resourcequotas", namespaced: NS },
  "/Secret": { plural: "secrets", namespaced: NS },
  "/ServiceAccount": { plural: "serviceaccounts", namespaced: NS },
  "/Service": { plural: "services", namespaced: NS },
  "admissionregistration.k8s.io/MutatingWebhookConfiguration": {
    plural: "mutatingwebhookconfigurations",
    namespaced: CLUSTER,
  },
  "admissionregistration.k8s.io/ValidatingAdmissionPolicy": {
    plural: "validatingadmissionpolicies",
    namespaced: CLUSTER,
  },
  "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding": {
    plural: "validatingadmissionpolicybindings",
    namespaced: CLUSTER,
  },
  "admissionregistration.k8s.io/ValidatingWebhookConfiguration": {
    plural: "validatingwebhookconfigurations",
    namespaced: CLUSTER,
  },
  "apiextensions.k8s.io/CustomResourceDefinition": { plural: "customresourcedefinitions", namespaced: CLUSTER },
  "apiregistration.k8s.io/APIService": { plural: "apiservices", namespaced: CLUSTER },
  "apps/ControllerRevision": { plural: "controllerrevisions", namespaced: NS },
  "apps/DaemonSet": { plural: "daemonsets", namespaced: NS },
  "apps/Deployment": { plural: "deployments", namespaced: NS },
  "apps/ReplicaSet": { plural: "replicasets", namespaced: NS },
  "apps/StatefulSet": { plural: "statefulsets", namespaced: NS },
  "autoscaling/HorizontalPodAutoscaler": { plural: "horizontalpodautoscalers", namespaced: NS },
  "batch/CronJob": { plural: "cronjobs", namespaced: NS },
  "batch/Job": { plural: "jobs", namespaced: NS },
  "certificates.k8s.io/CertificateSigningRequest": { plural: "certificatesigningrequests", namespaced: CLUSTER },
  "coordination.k8s.io/Lease": { plural: "leases", namespaced: NS },
  "discovery.k8s.io/EndpointSlice": { plural: "endpointslices", namespaced: NS },
  "events.k8s.io/Event": { plural: "events", namespaced: NS },
  "flowcontrol.apiserver.k8s.io/FlowSchema": { plural: "flowschemas", namespaced: CLUSTER },
  "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration": {
    plural: "prioritylevelconfigurations",
    namespaced: CLUSTER,
  },
  "networking.k8s.io/IngressClass": { plural: "ingressclasses", namespaced: CLUSTER },
  "networking.k8s.io/Ingress": { plural: "ingresses", namespaced: NS },
  "networking.k8s.io/NetworkPolicy": { plural: "networkpolicies", namespaced: NS },
  "node.k8s.io/RuntimeClass": { plural: "runtimeclasses", namespaced: CLUSTER },
  "policy/PodDisruptionBudget": { plural: "poddisruptionbudgets", namespaced: NS },
  "rbac.authorization.k8s.io/ClusterRoleBinding": { plural: "clusterrolebindings", namespaced: CLUSTER },
  "rbac.authorization.k8s.io/ClusterRole": { plural: "clusterroles", namespaced: CLUSTER },
  "rbac.authorization.k8s.io/RoleBinding": { plural: "rolebindings", namespaced: NS },
  "rbac.authorization.k8s.io/Role": { plural: "roles", namespaced: NS },
  "resource.k8s.io/DeviceClass": { plural: "deviceclasses", namespaced: CLUSTER },
  "resource.k8s.io/ResourceClaim": { plural: "resourceclaims", namespaced: NS },
  "resource.k8s.io/ResourceClaimTemplate": { plural: "resourceclaimtemplates", namespaced: NS },
  "resource.k8s.io/ResourceSlice": { plural: "resourceslices", namespaced: CLUSTER },
  "scheduling.k8s.io/PriorityClass": { plural: "priorityclasses", namespaced: CLUSTER },
  "storage.k8s.io/CSIDriver": { plural: "csidrivers", namespaced: CLUSTER },
  "storage.k8s.io/CSINode": { plural: "csinodes", namespaced: CLUSTER },
  "storage.k8s.io/StorageClass": { plural: "storageclasses", namespaced: CLUSTER },
  "storage.k8s.io/VolumeAttachment": { plural: "volumeattachments", namespaced: CLUSTER },
  // Cluster-scoped kinds of the ML ecosystems mlgate models (their CRDs' spec.scope).
  "kueue.x-k8s.io/ClusterQueue": { plural: "clusterqueues", namespaced: CLUSTER },
  "kueue.x-k8s.io/ResourceFlavor": { plural: "resourceflavors", namespaced: CLUSTER },
  "kueue.x-k8s.io/WorkloadPriorityClass": { plural: "workloadpriorityclasses", namespaced: CLUSTER },
  "kueue.x-k8s.io/Cohort": { plural: "cohorts", namespaced: CLUSTER },
  "trainer.kubeflow.org/ClusterTrainingRuntime": { plural: "clustertrainingruntimes", namespaced: CLUSTER },
  "scheduling.volcano.sh/Queue": { plural: "queues", namespaced: CLUSTER },
};

/** The API machinery's guess of a kind's resource name: lower case, then the English plural. */
export function guessPlural(kind: string): string {
  const k = kind.toLowerCase();
  if (k === "") return k;
  if (k.endsWith("s")) return `${k}es`;
  if (k.endsWith("y") && !/[aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`;
  return `${k}s`;
}
