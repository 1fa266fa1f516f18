import { asString } from "../../model/resource.js";
import type { PodGroup, Workload } from "../../model/workload.js";
import { isPartial } from "../../model/workload.js";
import { defineRule } from "../types.js";

/**
 * Training kinds whose pods compute and talk to each other, never to the API server. The MPI
 * launcher is left out: v1 launchers run kubectl exec. Ray heads run the autoscaler, which
 * calls the API server, so RayCluster is left out too.
 */
const TRAINING_KINDS = new Set([
  "kubeflow.org/PyTorchJob",
  "kubeflow.org/TFJob",
  "kubeflow.org/JAXJob",
  "kubeflow.org/XGBoostJob",
  "kubeflow.org/PaddleJob",
  "kubeflow.org/MPIJob",
  "trainer.kubeflow.org/TrainingRuntime",
  "trainer.kubeflow.org/ClusterTrainingRuntime",
  "jobset.x-k8s.io/JobSet",
  "batch.volcano.sh/Job",
]);

function isTrainingGroup(w: Workload, g: PodGroup): boolean {
  const key = `${w.resource.group}/${w.resource.kind}`;
  if (!TRAINING_KINDS.has(key)) return false;
  if (w.resource.kind === "MPIJob" && /launcher/i.test(g.role)) return false;
  return true;
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
        yaml: "apiVersion: kubeflow.org/v1\nkind: PyTorchJob\nmetadata:\n  name: bert\nspec:\n  pytorchReplicaSpecs:\n    Worker:\n      replicas: 2\n      template:\n        spec:\n          automountServiceAccountToken: false\n          containers:\n            - name: pytorch\n              image: pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime\n",
      },
    ],
    invalid: [
      {
        title: "a PyTorchJob worker with the default service account's token",
        yaml: "apiVersion: kubeflow.org/v1\nkind: PyTorchJob\nmetadata:\n  name: bert\nspec:\n  pytorchReplicaSpecs:\n    Worker:\n      replicas: 2\n      template:\n        spec:\n          containers:\n            - name: pytorch\n              image: pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime\n",
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
