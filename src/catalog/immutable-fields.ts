/**
 * Fields the API server refuses to change on an existing object: `kubectl apply` of a change to
 * one fails with "field is immutable" (or "Forbidden: updates to … are forbidden"), and the
 * object must be recreated instead. Data only, for `schema/immutable-field-changed`. Read
 * 2026-12-04 from the sources given per row (the API server's validation, as quoted by the
 * issues that hit it; ../shared/research/change-review.md §6).
 */
export interface ImmutableField {
  group: string;
  kind: string;
  /** Path under the object; a change anywhere inside it counts. */
  path: readonly string[];
  /** What the user must do instead of applying the change. */
  instead: string;
  source: string;
}

const SELECTOR_SOURCE =
  "kubernetes/client-go#508 (liggitt: the selector of Deployment, ReplicaSet and DaemonSet is immutable as of apps/v1beta2, kubernetes/kubernetes#50808)";
const RECREATE_CONTROLLER = (kind: string) =>
  `delete the ${kind} and apply it again (\`kubectl delete ${kind.toLowerCase()} NAME --cascade=orphan\` keeps its pods running until the new one replaces them), or apply it under a new name and delete the old one`;
const STS_SOURCE =
  "API server validation (ValidateStatefulSetUpdate): updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden (error text quoted in argoproj/argo-helm#2494)";
const STS_INSTEAD =
  "`kubectl delete statefulset NAME --cascade=orphan`, then apply: its pods and their PersistentVolumeClaims stay and the new StatefulSet adopts them; existing claims never change with volumeClaimTemplates — resize or migrate them on their own";

export const IMMUTABLE_FIELDS: readonly ImmutableField[] = [
  {
    group: "apps",
    kind: "Deployment",
    path: ["spec", "selector"],
    instead: RECREATE_CONTROLLER("Deployment"),
    source: SELECTOR_SOURCE,
  },
  {
    group: "apps",
    kind: "ReplicaSet",
    path: ["spec", "selector"],
    instead: RECREATE_CONTROLLER("ReplicaSet"),
    source: SELECTOR_SOURCE,
  },
  {
    group: "apps",
    kind: "DaemonSet",
    path: ["spec", "selector"],
    instead: RECREATE_CONTROLLER("DaemonSet"),
    source: SELECTOR_SOURCE,
  },
  { group: "apps", kind: "StatefulSet", path: ["spec", "selector"], instead: STS_INSTEAD, source: STS_SOURCE },
  { group: "apps", kind: "StatefulSet", path: ["spec", "serviceName"], instead: STS_INSTEAD, source: STS_SOURCE },
  {
    group: "apps",
    kind: "StatefulSet",
    path: ["spec", "volumeClaimTemplates"],
    instead: STS_INSTEAD,
    source: STS_SOURCE,
  },
  {
    group: "apps",
    kind: "StatefulSet",
    path: ["spec", "podManagementPolicy"],
    instead: STS_INSTEAD,
    source: STS_SOURCE,
  },
  {
    group: "batch",
    kind: "Job",
    path: ["spec", "template"],
    instead:
      "a Job's pod template cannot change: delete the Job and create it again (or give the changed Job a new name; ttlSecondsAfterFinished removes finished ones)",
    source:
      "kubernetes/kubernetes#89657 and #48388: `spec.template: Invalid value: … field is immutable` on a Job update",
  },
  {
    group: "batch",
    kind: "Job",
    path: ["spec", "selector"],
    instead: "delete the Job and create it again, or give the changed Job a new name",
    source: "kubernetes/kubernetes#48388: a Job's selector is immutable",
  },
  ...["storageClassName", "accessModes", "volumeName", "volumeMode", "selector", "dataSource"].map((f) => ({
    group: "",
    kind: "PersistentVolumeClaim",
    path: ["spec", f],
    instead:
      "create a new PersistentVolumeClaim with the new setting and copy the data across (or restore a VolumeSnapshot into it); only resources.requests.storage can grow in place, where the StorageClass allows volume expansion",
    source:
      "kubernetes/kubernetes#28690: a PersistentVolumeClaim's spec is immutable after creation except resources.requests for bound claims",
  })),
];
