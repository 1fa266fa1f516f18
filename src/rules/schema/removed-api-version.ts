import { OPERATOR_SERVED_VERSIONS } from "../../catalog/operator-api-versions.js";
import { dedent } from "../../util/dedent.js";
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
  summary:
    "The apiVersion was removed from Kubernetes at or before the target version (--kube-version), or an ML operator no longer serves it",
  rationale:
    'The API server of the target release no longer serves the version: `kubectl apply` fails with "no matches for kind". Generated manifests often copy apiVersions from old tutorials. The same holds for ML operators\' kinds: the Kubeflow Training Operator serves its jobs at kubeflow.org/v1 only and the MPI Operator MPIJob at v2beta1 only, so a `kubeflow.org/v1alpha2` MPIJob or a `v1beta1` TFJob from an old blog post is rejected by every cluster running a current operator (src/catalog/operator-api-versions.ts).',
  remediation:
    "Move to the replacement API version named in the finding (fields may have changed; see the migration guide).",
  links: [
    {
      title: "Deprecated API Migration Guide",
      url: "https://kubernetes.io/docs/reference/using-api/deprecation-guide/",
    },
  ],
  examples: {
    valid: [
      {
        title: "batch/v1 CronJob",
        yaml: dedent`
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: c
      `,
      },
      {
        title: "an MPIJob at v2beta1 (MPI Operator) and a PyTorchJob at v1 (Training Operator)",
        yaml: dedent`
          apiVersion: kubeflow.org/v2beta1
          kind: MPIJob
          metadata:
            name: m
          ---
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: p
        `,
      },
    ],
    invalid: [
      {
        title: "an MPIJob at kubeflow.org/v1alpha2, which the MPI Operator stopped serving in v0.4.0",
        yaml: dedent`
          apiVersion: kubeflow.org/v1alpha2
          kind: MPIJob
          metadata:
            name: horovod
          spec:
            slotsPerWorker: 8
        `,
        findings: [{ line: 1, column: 13, message: /served by no current operator.*kubeflow.org\/v2beta1/ }],
      },
      {
        title: "batch/v1beta1 CronJob, removed in 1.25",
        yaml: dedent`
          apiVersion: batch/v1beta1
          kind: CronJob
          metadata:
            name: c
        `,
        findings: [{ line: 1, column: 13, message: /removed in Kubernetes 1\.25.*batch\/v1/ }],
      },
    ],
  },
  resource(r, ctx) {
    const served = OPERATOR_SERVED_VERSIONS[`${r.group}/${r.kind}`];
    if (served && r.version && !served.versions.includes(r.version)) {
      ctx.report({
        resource: r,
        path: ["apiVersion"],
        message: `${r.apiVersion} ${r.kind} is served by no current operator (they serve ${r.kind} at ${served.versions.map((v) => `${r.group}/${v}`).join(" and ")} only), so the API server answers "no matches for kind"; use ${served.use}`,
      });
      return;
    }
    const hit = REMOVED_APIS[`${r.apiVersion}/${r.kind}`] ?? REMOVED_APIS[r.apiVersion];
    if (!hit || minor(hit.removedIn) > minor(ctx.options.kubeVersion)) return;
    ctx.report({
      resource: r,
      path: ["apiVersion"],
      message: `${r.apiVersion} ${r.kind} was removed in Kubernetes ${hit.removedIn} (target ${ctx.options.kubeVersion}); use ${hit.use}`,
    });
  },
});
