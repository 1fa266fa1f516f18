import { defineRule } from "../types.js";

/**
 * API versions removed from Kubernetes, keyed `group/version` (all kinds) or `group/version/Kind`,
 * with the minor release that removed them and the replacement. Source: the Kubernetes
 * Deprecated API Migration Guide, read 2026-11-29,
 * https://kubernetes.io/docs/reference/using-api/deprecation-guide/ ; resource.k8s.io/v1alpha2 from
 * the v1.31 release notes (DRA moved to v1alpha3).
 */
export const REMOVED_APIS: Record<string, { removedIn: string; use: string }> = {
  "extensions/v1beta1/Ingress": { removedIn: "1.22", use: "networking.k8s.io/v1" },
  "extensions/v1beta1": { removedIn: "1.16", use: "apps/v1 (workloads) or networking.k8s.io/v1" },
  "apps/v1beta1": { removedIn: "1.16", use: "apps/v1" },
  "apps/v1beta2": { removedIn: "1.16", use: "apps/v1" },
  "networking.k8s.io/v1beta1": { removedIn: "1.22", use: "networking.k8s.io/v1" },
  "rbac.authorization.k8s.io/v1beta1": { removedIn: "1.22", use: "rbac.authorization.k8s.io/v1" },
  "apiextensions.k8s.io/v1beta1": { removedIn: "1.22", use: "apiextensions.k8s.io/v1" },
  "admissionregistration.k8s.io/v1beta1": { removedIn: "1.22", use: "admissionregistration.k8s.io/v1" },
  "scheduling.k8s.io/v1beta1": { removedIn: "1.22", use: "scheduling.k8s.io/v1" },
  "scheduling.k8s.io/v1alpha1": { removedIn: "1.22", use: "scheduling.k8s.io/v1" },
  "certificates.k8s.io/v1beta1": { removedIn: "1.22", use: "certificates.k8s.io/v1" },
  "coordination.k8s.io/v1beta1": { removedIn: "1.22", use: "coordination.k8s.io/v1" },
  "storage.k8s.io/v1beta1/CSIStorageCapacity": { removedIn: "1.27", use: "storage.k8s.io/v1" },
  "storage.k8s.io/v1beta1": { removedIn: "1.22", use: "storage.k8s.io/v1" },
  "batch/v1beta1": { removedIn: "1.25", use: "batch/v1" },
  "batch/v2alpha1": { removedIn: "1.21", use: "batch/v1" },
  "policy/v1beta1": {
    removedIn: "1.25",
    use: "policy/v1 (PodSecurityPolicy has no replacement: use Pod Security Admission)",
  },
  "discovery.k8s.io/v1beta1": { removedIn: "1.25", use: "discovery.k8s.io/v1" },
  "events.k8s.io/v1beta1": { removedIn: "1.25", use: "events.k8s.io/v1" },
  "node.k8s.io/v1beta1": { removedIn: "1.25", use: "node.k8s.io/v1" },
  "autoscaling/v2beta1": { removedIn: "1.25", use: "autoscaling/v2" },
  "autoscaling/v2beta2": { removedIn: "1.26", use: "autoscaling/v2" },
  "flowcontrol.apiserver.k8s.io/v1beta1": { removedIn: "1.26", use: "flowcontrol.apiserver.k8s.io/v1" },
  "flowcontrol.apiserver.k8s.io/v1beta2": { removedIn: "1.29", use: "flowcontrol.apiserver.k8s.io/v1" },
  "flowcontrol.apiserver.k8s.io/v1beta3": { removedIn: "1.32", use: "flowcontrol.apiserver.k8s.io/v1" },
  "resource.k8s.io/v1alpha2": { removedIn: "1.31", use: "resource.k8s.io/v1 (DRA's structured parameters)" },
};

function minor(v: string): number {
  return Number.parseInt(v.split(".")[1] ?? "0", 10);
}

export default defineRule({
  id: "schema/removed-api-version",
  category: "schema",
  severity: "error",
  summary: "The apiVersion was removed from Kubernetes at or before the target version (--kube-version)",
  rationale:
    'The API server of the target release no longer serves the version: `kubectl apply` fails with "no matches for kind". Generated manifests often copy apiVersions from old tutorials.',
  remediation:
    "Move to the replacement API version named in the finding (fields may have changed; see the migration guide).",
  links: [
    {
      title: "Deprecated API Migration Guide",
      url: "https://kubernetes.io/docs/reference/using-api/deprecation-guide/",
    },
  ],
  examples: {
    valid: [{ title: "batch/v1 CronJob", yaml: "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\n" }],
    invalid: [
      {
        title: "batch/v1beta1 CronJob, removed in 1.25",
        yaml: "apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: c\n",
        findings: [{ line: 1, column: 13, message: /removed in Kubernetes 1\.25.*batch\/v1/ }],
      },
    ],
  },
  resource(r, ctx) {
    const hit = REMOVED_APIS[`${r.apiVersion}/${r.kind}`] ?? REMOVED_APIS[r.apiVersion];
    if (!hit || minor(hit.removedIn) > minor(ctx.options.kubeVersion)) return;
    ctx.report({
      resource: r,
      path: ["apiVersion"],
      message: `${r.apiVersion} ${r.kind} was removed in Kubernetes ${hit.removedIn} (target ${ctx.options.kubeVersion}); use ${hit.use}`,
    });
  },
});
