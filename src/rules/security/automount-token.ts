import { kindTraits } from "../../model/kind-traits.js";
import { asString } from "../../model/resource.js";
import type { PodGroup, Workload } from "../../model/workload.js";
import { isPartial } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

/**
 * A group of a training kind whose pods compute and talk to each other, never to the API server
 * (the kind's `apiFree` trait: the MPI v1 launcher, which runs kubectl exec, and Ray heads, whose
 * autoscaler calls the API server, are left out).
 */
function isTrainingGroup(w: Workload, g: PodGroup): boolean {
  const apiFree = kindTraits(w.resource).apiFree;
  return apiFree !== undefined && !apiFree.exceptRoles?.test(g.role);
}

export default defineRule({
  id: "security/automount-token",
  category: "security",
  severity: "info",
  summary: "A training pod mounts a service account token it does not need (automountServiceAccountToken not false)",
  rationale:
    "Every pod gets its service account's API token mounted at /var/run/secrets/kubernetes.io/serviceaccount unless automountServiceAccountToken is false. Training workers (PyTorchJob, TFJob, JAXJob, MPIJob workers, JobSet, Volcano Job, Trainer runtimes) compute and talk to each other, not to the API server; they also run third-party code (data loaders, pip installs, pickled checkpoints), so a mounted token is only something to steal. Pods that name a service account of their own are left alone: they were given an identity on purpose.",
  remediation:
    "Set automountServiceAccountToken: false in the pod template (or on the default service account of the namespace).",
  links: [
    {
      title: "Kubernetes: opt out of API credential automounting",
      url: "https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting",
    },
  ],
  examples: {
    valid: [
      {
        title: "token not mounted",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: bert
          spec:
            pytorchReplicaSpecs:
              Worker:
                replicas: 2
                template:
                  spec:
                    automountServiceAccountToken: false
                    containers:
                      - name: pytorch
                        image: pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime
        `,
      },
    ],
    invalid: [
      {
        title: "a PyTorchJob worker with the default service account's token",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: bert
          spec:
            pytorchReplicaSpecs:
              Worker:
                replicas: 2
                template:
                  spec:
                    containers:
                      - name: pytorch
                        image: pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime
        `,
        findings: [
          {
            line: 11,
            column: 11,
            severity: "info",
            message: /Worker pods mount the default service account's API token/,
          },
        ],
      },
    ],
  },
  workload(w, ctx) {
    for (const g of w.podGroups) {
      if (!g.podSpec || !g.podSpecPath || !isTrainingGroup(w, g)) continue;
      if (g.podSpec.automountServiceAccountToken === false || isPartial(g)) continue;
      const sa = asString(g.podSpec.serviceAccountName) ?? asString(g.podSpec.serviceAccount);
      if (sa && sa !== "default") continue;
      const explicit = g.podSpec.automountServiceAccountToken === true;
      ctx.report({
        resource: w.resource,
        path: explicit ? [...g.podSpecPath, "automountServiceAccountToken"] : [...g.podSpecPath, "containers"],
        at: explicit ? "value" : "key",
        message: `${g.role} pods mount the default service account's API token, which training code does not need; set automountServiceAccountToken: false`,
      });
    }
  },
});
