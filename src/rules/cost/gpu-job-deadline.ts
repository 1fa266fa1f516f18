import {
  appContainers,
  containerAccelerators,
  deviceWord,
  groupUsesAccelerators,
  podGpuCount,
} from "../../model/gpu.js";
import type { Path } from "../../model/path.js";
import { asArray, getIn } from "../../model/resource.js";
import type { Workload } from "../../model/workload.js";
import { defineRule } from "../types.js";

interface Limits {
  /** Where a deadline would go, for the message and the report position. */
  deadlineField: string;
  hasDeadline: boolean;
  hasBackoff: boolean;
  at: Path;
}

/** The run-to-completion kinds and where their deadline and retry limit live. */
function limitsOf(w: Workload): Limits | undefined {
  const v = w.resource.value;
  const has = (p: Path) => getIn(v, p) !== undefined;
  switch (`${w.resource.group}/${w.resource.kind}`) {
    case "batch/Job":
      return {
        deadlineField: "spec.activeDeadlineSeconds",
        hasDeadline: has(["spec", "activeDeadlineSeconds"]),
        hasBackoff: has(["spec", "backoffLimit"]) || has(["spec", "backoffLimitPerIndex"]),
        at: ["spec"],
      };
    case "batch/CronJob":
      return {
        deadlineField: "spec.jobTemplate.spec.activeDeadlineSeconds",
        hasDeadline: has(["spec", "jobTemplate", "spec", "activeDeadlineSeconds"]),
        hasBackoff: has(["spec", "jobTemplate", "spec", "backoffLimit"]),
        at: ["spec", "jobTemplate", "spec"],
      };
    case "kubeflow.org/PyTorchJob":
    case "kubeflow.org/TFJob":
    case "kubeflow.org/MPIJob":
    case "kubeflow.org/XGBoostJob":
    case "kubeflow.org/PaddleJob":
    case "kubeflow.org/JAXJob":
      return {
        deadlineField: "spec.runPolicy.activeDeadlineSeconds",
        hasDeadline: has(["spec", "runPolicy", "activeDeadlineSeconds"]),
        hasBackoff: has(["spec", "runPolicy", "backoffLimit"]),
        at: ["spec"],
      };
    case "trainer.kubeflow.org/TrainJob":
      return {
        deadlineField: "spec.activeDeadlineSeconds",
        hasDeadline: has(["spec", "activeDeadlineSeconds"]),
        hasBackoff: false,
        at: ["spec"],
      };
    case "ray.io/RayJob":
      return {
        deadlineField: "spec.activeDeadlineSeconds",
        hasDeadline: has(["spec", "activeDeadlineSeconds"]),
        hasBackoff: has(["spec", "backoffLimit"]),
        at: ["spec"],
      };
    case "jobset.x-k8s.io/JobSet": {
      const jobs = asArray(getIn(v, ["spec", "replicatedJobs"]));
      return {
        deadlineField: "spec.replicatedJobs[].template.spec.activeDeadlineSeconds",
        hasDeadline: jobs.some((j) => getIn(j, ["template", "spec", "activeDeadlineSeconds"]) !== undefined),
        hasBackoff: has(["spec", "failurePolicy", "maxRestarts"]),
        at: ["spec"],
      };
    }
    default:
      return undefined;
  }
}

export default defineRule({
  id: "cost/gpu-job-deadline",
  category: "cost",
  severity: "warning",
  summary:
    "A GPU batch or training job has no deadline (activeDeadlineSeconds or equivalent), so a hang burns GPUs forever",
  rationale:
    "Distributed jobs hang rather than fail: a rank that never reaches the rendezvous, an NCCL collective waiting on a dead peer, a data loader stuck on a mount. The pods stay Running and keep their GPUs until someone notices. activeDeadlineSeconds bounds the bill: the controller stops the job once it runs longer. A retry limit alone does not help against a hang, and without one a crash-looping job retries with the default policy.",
  remediation:
    "Set activeDeadlineSeconds (spec.runPolicy.activeDeadlineSeconds for Kubeflow v1 jobs, spec.activeDeadlineSeconds for Job, TrainJob and RayJob, on the Job template for JobSet) a margin above the expected run time, and an explicit backoffLimit.",
  links: [
    {
      title: "Job termination and cleanup (activeDeadlineSeconds)",
      url: "https://kubernetes.io/docs/concepts/workloads/controllers/job/#job-termination-and-cleanup",
    },
    {
      title: "Kubeflow runPolicy (activeDeadlineSeconds, backoffLimit)",
      url: "https://www.kubeflow.org/docs/components/trainer/legacy-v1/",
    },
  ],
  examples: {
    valid: [
      {
        title: "a GPU Job with a deadline, and a CPU Job without",
        yaml: `apiVersion: batch/v1
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
        title: "no deadline and no retry limit, and a deadline-less job with a retry limit",
        yaml: `apiVersion: kubeflow.org/v1
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
          },
          { line: 18, column: 1, message: /no spec.activeDeadlineSeconds/, severity: "info" },
        ],
      },
    ],
  },
  workload(w, ctx) {
    const limits = limitsOf(w);
    if (!limits || limits.hasDeadline) return;
    const gpuGroups = w.podGroups.filter(groupUsesAccelerators);
    if (gpuGroups.length === 0) return;
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
    const severity = limits.hasBackoff ? "info" : undefined;
    ctx.report({
      resource: w.resource,
      path: limits.at,
      at: "key",
      ...(severity ? { severity } : {}),
      message: `this ${w.resource.kind} holds ${sizes}${total} and has no ${limits.deadlineField}${limits.hasBackoff ? "" : " and no backoffLimit"}: if a rank hangs, the pods keep their GPUs until someone deletes the job`,
    });
  },
});
