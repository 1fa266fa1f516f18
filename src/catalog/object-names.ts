/**
 * What the API server accepts as metadata.name, per kind (`group/Kind`; the core group is "").
 * Every kind not listed is a DNS-1123 subdomain (≤ 253 characters), the default of the
 * Kubernetes API and of every custom resource (apiextensions-apiserver validates custom
 * resources' names with NameIsDNSSubdomain). Read 2026-12-04 from:
 * - pkg/apis/core/validation/validation.go: ValidateServiceName = NameIsDNS1035Label,
 *   ValidateNamespaceName = DNS-1123 label, ValidatePodName and the rest = NameIsDNSSubdomain;
 * - pkg/apis/rbac/validation/validation.go: ValidateRBACName = path.IsValidPathSegmentName
 *   (so `system:controller:foo` is a valid ClusterRole name);
 * - pkg/apis/batch/validation/validation.go: a CronJob name is at most 52 characters (the
 *   controller appends an 11-character suffix to name its Jobs); a Job's name becomes the value
 *   of its pods' `batch.kubernetes.io/job-name` and `job-name` labels, validated as label values
 *   (≤ 63 characters) when the selector is generated.
 * https://github.com/kubernetes/kubernetes/tree/master/pkg/apis
 */
export type NameSyntax = "dns1123-subdomain" | "dns1123-label" | "dns1035-label" | "path-segment";

export interface NameRule {
  syntax: NameSyntax;
  /** A tighter length limit than the syntax's own, with the reason. */
  max?: { length: number; why: string };
}

export const DEFAULT_NAME_RULE: NameRule = { syntax: "dns1123-subdomain" };

export const OBJECT_NAME_RULES: Readonly<Record<string, NameRule>> = {
  "/Service": { syntax: "dns1035-label" },
  "/Namespace": { syntax: "dns1123-label" },
  "rbac.authorization.k8s.io/Role": { syntax: "path-segment" },
  "rbac.authorization.k8s.io/ClusterRole": { syntax: "path-segment" },
  "rbac.authorization.k8s.io/RoleBinding": { syntax: "path-segment" },
  "rbac.authorization.k8s.io/ClusterRoleBinding": { syntax: "path-segment" },
  "batch/CronJob": {
    syntax: "dns1123-subdomain",
    max: { length: 52, why: "the CronJob controller appends an 11-character suffix to name each Job" },
  },
  "batch/Job": {
    syntax: "dns1123-subdomain",
    max: {
      length: 63,
      why: "the name becomes the value of its pods' job-name label, which is limited to 63 characters",
    },
  },
};

/** The API server's limit on all of an object's annotations together (TotalAnnotationSizeLimitB). */
export const ANNOTATIONS_TOTAL_MAX_BYTES = 256 * 1024;
