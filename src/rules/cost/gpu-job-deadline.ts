import { DEADLINE_MECHANISMS } from "../../catalog/deadlines.js";
import {
  appContainers,
  containerAccelerators,
  deviceWord,
  groupUsesAccelerators,
  podGpuCount,
} from "../../model/gpu.js";
import { kindTraits } from "../../model/kind-traits.js";
import type { Path } from "../../model/path.js";
import { asArray, getIn } from "../../model/resource.js";
import type { PodGroup, Workload } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

interface Limits {
  /** Where a deadline would go, for the message and the report position. */
  deadlineField: string;
  hasBackoff: boolean;
  at: Path;
}

/** Where a run-to-completion kind's deadline and retry limit live (its `completion` trait). */
function limitsOf(w: Workload): Limits | undefined {
  const completion = kindTraits(w.resource).completion;
  if (!completion) return undefined;
  const v = w.resource.value;
  return {
    deadlineField: completion.deadlineField,
    hasBackoff: completion.retryLimit.some((p) => getIn(v, p) !== undefined),
    at: completion.at,
  };
}

/** Whether any deadline mechanism the project offers (catalog/deadlines.ts) bounds the job's run. */
function hasDeadline(w: Workload, gpuGroups: readonly PodGroup[]): boolean {
  const r = w.resource;
  const kind = `${r.group}/${r.kind}`;
  return DEADLINE_MECHANISMS.some((m) => {
    if (m.kinds && !m.kinds.includes(kind)) return false;
    switch (m.where) {
      case "field":
        return m.path !== undefined && getIn(r.value, m.path) !== undefined;
      case "label":
        return m.key !== undefined && r.labels[m.key] !== undefined;
      case "annotation":
        return m.key !== undefined && r.annotations[m.key] !== undefined;
      case "replicatedJobs":
        return asArray(getIn(r.value, ["spec", "replicatedJobs"])).some(
          (j) => m.path !== undefined && getIn(j, m.path) !== undefined,
        );
      case "podTemplates":
        return gpuGroups.every((g) => m.path !== undefined && getIn(g.podSpec, m.path) !== undefined);
    }
    return false;
  });
}

export default defineRule({
  id: "cost/gpu-job-deadline",
  category: "cost",
  severity: "warning",
  summary:
    "A GPU batch or training job has no deadline (activeDeadlineSeconds or equivalent), so a hang burns GPUs forever",
  rationale:
    "Distributed jobs hang rather than fail: a rank that never reaches the rendezvous, an NCCL collective waiting on a dead peer, a data loader stuck on a mount. The pods stay Running and keep their GPUs until someone notices. activeDeadlineSeconds bounds the bill: the controller stops the job once it runs longer. A retry limit alone does not help against a hang, and without one a crash-looping job retries with the default policy. Every deadline mechanism the projects offer counts: the kind's own activeDeadlineSeconds (Job, Kubeflow runPolicy, TrainJob, RayJob, each JobSet Job), a pod-level activeDeadlineSeconds on every accelerator pod, Kueue's `kueue.x-k8s.io/max-exec-time-seconds` label, and a `provreq.kueue.x-k8s.io/maxRunDurationSeconds` annotation that Kueue passes to a ProvisioningRequest (GKE flex-start removes the nodes after it). A job of one pod with one accelerator is reported as info: it has no peer to hang on.",
  remediation:
    "Set activeDeadlineSeconds (spec.runPolicy.activeDeadlineSeconds for Kubeflow v1 jobs, spec.activeDeadlineSeconds for Job, TrainJob and RayJob, on the Job template for JobSet) a margin above the expected run time, and an explicit backoffLimit.",
  links: [
    {
      title: "Job termination and cleanup (activeDeadlineSeconds)",
      url: "https://kubernetes.io/docs/concepts/workloads/controllers/job/#job-termination-and-cleanup",
    },
    {
      title: "Kueue: maximum execution time (kueue.x-k8s.io/max-exec-time-seconds)",
      url: "https://kueue.sigs.k8s.io/docs/concepts/workload/",
    },
    {
      title: "Kueue: ProvisioningRequest parameters from provreq.kueue.x-k8s.io/ annotations",
      url: "https://kueue.sigs.k8s.io/docs/concepts/admission_check/provisioning_request/",
    },
    {
      title: "GKE flex-start: maxRunDurationSeconds",
      url: "https://cloud.google.com/kubernetes-engine/docs/concepts/dws",
    },
    {
      title: "Kubeflow runPolicy (activeDeadlineSeconds, backoffLimit)",
      url: "https://www.kubeflow.org/docs/components/trainer/legacy-v1/",
    },
  ],
  examples: {
    valid: [
      {
        title: "GPU Jobs bounded by Kueue: a ProvisioningRequest maxRunDurationSeconds, and max-exec-time-seconds",
        yaml: dedent`
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: a
            labels: {kueue.x-k8s.io/queue-name: q}
            annotations:
              provreq.kueue.x-k8s.io/maxRunDurationSeconds: "600"
          spec:
            parallelism: 3
            completions: 3
            template:
              spec:
                restartPolicy: Never
                containers: [{name: t, image: i, resources: {limits: {nvidia.com/gpu: 1}}}]
          ---
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: b
            labels: {kueue.x-k8s.io/queue-name: q, kueue.x-k8s.io/max-exec-time-seconds: "86400"}
          spec:
            pytorchReplicaSpecs:
              Worker:
                replicas: 2
                template:
                  spec:
                    containers: [{name: pytorch, image: i, resources: {limits: {nvidia.com/gpu: 8}}}]
        `,
      },
      {
        title: "a pod-level activeDeadlineSeconds on every GPU pod",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: c
          spec:
            pytorchReplicaSpecs:
              Worker:
                replicas: 2
                template:
                  spec:
                    activeDeadlineSeconds: 86400
                    containers: [{name: pytorch, image: i, resources: {limits: {nvidia.com/gpu: 8}}}]
        `,
      },
      {
        title: "a GPU Job with a deadline, and a CPU Job without",
        yaml: dedent`
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: train
          spec:
            activeDeadlineSeconds: 86400
            backoffLimit: 2
            template:
              spec:
                restartPolicy: Never
                containers:
                  - {name: t, image: i, resources: {limits: {nvidia.com/gpu: 8}}}
          ---
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: etl
          spec:
            template:
              spec:
                restartPolicy: Never
                containers: [{name: t, image: i}]
        `,
      },
    ],
    invalid: [
      {
        title: "a JobSet of TPU hosts: the message speaks of accelerators, not GPUs",
        yaml: dedent`
          apiVersion: jobset.x-k8s.io/v1alpha2
          kind: JobSet
          metadata:
            name: jax
          spec:
            replicatedJobs:
              - name: slice
                replicas: 1
                template:
                  spec:
                    parallelism: 4
                    completions: 4
                    template:
                      spec:
                        nodeSelector:
                          cloud.google.com/gke-tpu-accelerator: tpu-v6e-slice
                          cloud.google.com/gke-tpu-topology: 4x4
                        containers:
                          - name: jax
                            image: us-docker.pkg.dev/acme/jax:0.4.38
                            resources: {limits: {google.com/tpu: 4}}
        `,
        findings: [{ line: 5, column: 1, message: /holds 4 pods × 4 TPUs.*keep their TPUs until/ }],
      },
      {
        title: "no deadline and no retry limit, and a deadline-less job with a retry limit",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: llm
          spec:
            pytorchReplicaSpecs:
              Worker:
                replicas: 4
                template:
                  spec:
                    containers:
                      - {name: pytorch, image: i, resources: {limits: {nvidia.com/gpu: 8}}}
          ---
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: eval
          spec:
            backoffLimit: 1
            template:
              spec:
                restartPolicy: Never
                containers:
                  - {name: t, image: i, resources: {limits: {nvidia.com/gpu: 1}}}
        `,
        findings: [
          {
            line: 5,
            column: 1,
            message: /PyTorchJob.*4 pods × 8 GPUs.*no spec.runPolicy.activeDeadlineSeconds and no backoffLimit/,
            severity: "warning",
          },
          { line: 18, column: 1, message: /no spec.activeDeadlineSeconds/, severity: "info" },
        ],
      },
      {
        title: "one pod on one GPU, no deadline and no retry limit: info, as it has no peer to hang on",
        yaml: dedent`
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: smoke
          spec:
            template:
              spec:
                restartPolicy: Never
                containers: [{name: t, image: cuda-sample:vectoradd, resources: {limits: {nvidia.com/gpu: 1}}}]
        `,
        findings: [{ line: 5, column: 1, message: /1 pod × 1 GPU.*no peer to hang on/, severity: "info" }],
      },
    ],
  },
  workload(w, ctx) {
    const limits = limitsOf(w);
    if (!limits) return;
    const gpuGroups = w.podGroups.filter(groupUsesAccelerators);
    if (gpuGroups.length === 0 || hasDeadline(w, gpuGroups)) return;
    const vendor = gpuGroups.flatMap((g) => appContainers(g).flatMap((c) => containerAccelerators(c))).at(0)?.vendor;
    let gpus = 0;
    const known = gpuGroups.every((g) => g.replicas !== undefined);
    const sizes = gpuGroups
      .map((g) => {
        const per = podGpuCount(g);
        gpus += per * (g.replicas ?? 0);
        return `${g.replicas ?? "?"} pod${g.replicas === 1 ? "" : "s"} × ${per} ${deviceWord(vendor, per)}`;
      })
      .join(" + ");
    const total = known && gpuGroups.length > 1 ? ` (${gpus} ${deviceWord(vendor, gpus)})` : "";
    // One pod with one accelerator has no peer to wait for: no rendezvous or collective can hang it.
    const lone = known && gpus === 1;
    const severity = limits.hasBackoff || lone ? "info" : undefined;
    ctx.report({
      resource: w.resource,
      path: limits.at,
      at: "key",
      ...(severity ? { severity } : {}),
      message: lone
        ? `this ${w.resource.kind} holds ${sizes} and has no ${limits.deadlineField}${limits.hasBackoff ? "" : " and no backoffLimit"}: one pod on one device has no peer to hang on, but a stuck run still keeps its device until someone deletes the job`
        : `this ${w.resource.kind} holds ${sizes}${total} and has no ${limits.deadlineField}${limits.hasBackoff ? "" : " and no backoffLimit"}: if a rank hangs, the pods keep their ${deviceWord(vendor, 2)} until someone deletes the job`,
    });
  },
});
