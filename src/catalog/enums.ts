/**
 * The values the API server accepts for enumerated string fields of the built-in kinds. The
 * OpenAPI documents Kubernetes publishes carry no `enum` for them, so these come from the
 * validation code that rejects anything else with `Unsupported value: "Sometimes": supported
 * values: "Always", "IfNotPresent", "Never"`. An empty string is the field's default everywhere
 * here, so it is never reported. Keys are `<definition>.<field>` with the definition
 * named as in src/catalog/shapes/kubernetes-*.ts; a list field's values apply to its items. Read
 * 2026-12-04 from kubernetes/kubernetes master:
 * - pkg/apis/core/validation/validation.go (supportedPullPolicies, validateRestartPolicy,
 *   validateDNSPolicy, supportedPortProtocols, validateTolerations, supportedHTTPSchemes,
 *   validateMountPropagation, supportedHostPathTypes, supportedAccessModes, supportedVolumeModes,
 *   validateSeccompProfileField, validateAppArmorProfileField, supportedScheduleActions,
 *   validateNodeSelectorRequirement, supportedServiceType, supportedSessionAffinityType,
 *   supportedServiceIPFamilyPolicy, validateFSGroupChangePolicy, supportedPreemptionPolicy,
 *   terminationMessagePolicy, supportedResizeRestartPolicy);
 * - staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go
 *   (ValidateLabelSelectorRequirement);
 * - pkg/apis/apps/validation/validation.go (deployment strategy, StatefulSet podManagementPolicy
 *   and updateStrategy, DaemonSet updateStrategy, PVC retention policy);
 * - pkg/apis/batch/validation/validation.go (concurrencyPolicy, completionMode,
 *   podReplacementPolicy, podFailurePolicy actions);
 * - pkg/apis/networking/validation/validation.go (pathType, policyTypes);
 * - pkg/apis/policy/validation/validation.go (unhealthyPodEvictionPolicy).
 * https://github.com/kubernetes/kubernetes/tree/master/pkg/apis
 */
const PULL_POLICY = ["Always", "IfNotPresent", "Never"];
const PROTOCOL = ["TCP", "UDP", "SCTP"];
const CONTAINER = {
  imagePullPolicy: PULL_POLICY,
  terminationMessagePolicy: ["File", "FallbackToLogsOnError"],
};

export const FIELD_ENUMS: Readonly<Record<string, readonly string[]>> = {
  ...prefixed("core.v1.Container", CONTAINER),
  ...prefixed("core.v1.EphemeralContainer", CONTAINER),
  "core.v1.PodSpec.restartPolicy": ["Always", "OnFailure", "Never"],
  "core.v1.PodSpec.dnsPolicy": ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
  "core.v1.PodSpec.preemptionPolicy": ["PreemptLowerPriority", "Never"],
  "core.v1.ContainerPort.protocol": PROTOCOL,
  "core.v1.ServicePort.protocol": PROTOCOL,
  "core.v1.ServiceSpec.type": ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"],
  "core.v1.ServiceSpec.sessionAffinity": ["ClientIP", "None"],
  "core.v1.ServiceSpec.externalTrafficPolicy": ["Cluster", "Local"],
  "core.v1.ServiceSpec.internalTrafficPolicy": ["Cluster", "Local"],
  "core.v1.ServiceSpec.ipFamilyPolicy": ["SingleStack", "PreferDualStack", "RequireDualStack"],
  "core.v1.Toleration.operator": ["Exists", "Equal"],
  "core.v1.Toleration.effect": ["NoSchedule", "PreferNoSchedule", "NoExecute"],
  "core.v1.HTTPGetAction.scheme": ["HTTP", "HTTPS"],
  "core.v1.VolumeMount.mountPropagation": ["None", "HostToContainer", "Bidirectional"],
  "core.v1.VolumeMount.recursiveReadOnly": ["Disabled", "IfPossible", "Enabled"],
  "core.v1.HostPathVolumeSource.type": [
    "DirectoryOrCreate",
    "Directory",
    "FileOrCreate",
    "File",
    "Socket",
    "CharDevice",
    "BlockDevice",
  ],
  "core.v1.PersistentVolumeClaimSpec.accessModes": [
    "ReadWriteOnce",
    "ReadOnlyMany",
    "ReadWriteMany",
    "ReadWriteOncePod",
  ],
  "core.v1.PersistentVolumeClaimSpec.volumeMode": ["Block", "Filesystem"],
  "core.v1.SeccompProfile.type": ["RuntimeDefault", "Unconfined", "Localhost"],
  "core.v1.AppArmorProfile.type": ["RuntimeDefault", "Unconfined", "Localhost"],
  "core.v1.TopologySpreadConstraint.whenUnsatisfiable": ["DoNotSchedule", "ScheduleAnyway"],
  "core.v1.TopologySpreadConstraint.nodeAffinityPolicy": ["Honor", "Ignore"],
  "core.v1.TopologySpreadConstraint.nodeTaintsPolicy": ["Honor", "Ignore"],
  "core.v1.PodSecurityContext.fsGroupChangePolicy": ["OnRootMismatch", "Always"],
  "core.v1.NodeSelectorRequirement.operator": ["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"],
  "core.v1.ContainerResizePolicy.restartPolicy": ["NotRequired", "RestartContainer"],
  "meta.v1.LabelSelectorRequirement.operator": ["In", "NotIn", "Exists", "DoesNotExist"],
  "apps.v1.DeploymentStrategy.type": ["Recreate", "RollingUpdate"],
  "apps.v1.StatefulSetSpec.podManagementPolicy": ["OrderedReady", "Parallel"],
  "apps.v1.StatefulSetUpdateStrategy.type": ["RollingUpdate", "OnDelete"],
  "apps.v1.DaemonSetUpdateStrategy.type": ["RollingUpdate", "OnDelete"],
  "apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy.whenDeleted": ["Retain", "Delete"],
  "apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy.whenScaled": ["Retain", "Delete"],
  "batch.v1.CronJobSpec.concurrencyPolicy": ["Allow", "Forbid", "Replace"],
  "batch.v1.JobSpec.completionMode": ["NonIndexed", "Indexed"],
  "batch.v1.JobSpec.podReplacementPolicy": ["TerminatingOrFailed", "Failed"],
  "batch.v1.PodFailurePolicyRule.action": ["FailJob", "FailIndex", "Ignore", "Count"],
  "networking.v1.HTTPIngressPath.pathType": ["Exact", "Prefix", "ImplementationSpecific"],
  "networking.v1.NetworkPolicySpec.policyTypes": ["Ingress", "Egress"],
  "policy.v1.PodDisruptionBudgetSpec.unhealthyPodEvictionPolicy": ["IfHealthyBudget", "AlwaysAllow"],
};

/**
 * The definitions of the CRD shape catalog (src/catalog/shapes/generated.ts) that embed a
 * built-in definition whole: the ML operators' pods are validated as Pods, so the same values hold.
 */
export const EMBEDDED_DEFINITIONS: Readonly<Record<string, string>> = {
  Container: "core.v1.Container",
  EphemeralContainer: "core.v1.EphemeralContainer",
  PodSpec: "core.v1.PodSpec",
};

function prefixed(def: string, fields: Record<string, readonly string[]>): Record<string, readonly string[]> {
  return Object.fromEntries(Object.entries(fields).map(([f, v]) => [`${def}.${f}`, v]));
}
