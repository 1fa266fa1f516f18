import { gangSignals } from "../../model/gang.js";
import { totalPods } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
import { workloadPairs } from "../change.js";
import { defineRule } from "../types.js";

const JOB = dedent`
  apiVersion: kubeflow.org/v1
  kind: PyTorchJob
  metadata:
    name: llama-pretrain
    labels:
      kueue.x-k8s.io/queue-name: gpu-team
  spec:
    pytorchReplicaSpecs:
      Master:
        replicas: 1
        template:
          spec:
            containers:
              - name: pytorch
                image: ghcr.io/example/train:2.4
                resources: {limits: {nvidia.com/gpu: 8}}
      Worker:
        replicas: 3
        template:
          spec:
            containers:
              - name: pytorch
                image: ghcr.io/example/train:2.4
                resources: {limits: {nvidia.com/gpu: 8}}
`;

export default defineRule({
  id: "scheduling/gang-removed",
  category: "scheduling",
  severity: "warning",
  summary: "A change removes the gang scheduling (Kueue, Volcano, coscheduling, run policy) a multi-pod workload had",
  rationale:
    "A distributed training job needs all its pods at once: NCCL and torchrun wait for every rank. Without gang (all-or-nothing) admission the scheduler places the pods one by one, so a job whose pods do not all fit starts some of them, which hold their GPUs and wait for the rest; two such jobs can deadlock the cluster. Kueue admits a workload only when its whole quota is free, Volcano and the coscheduling plugin bind a PodGroup all at once. A change that drops the queue label, the scheduler name or the PodGroup turns that off without any error.",
  remediation:
    "Keep the mechanism the base used (the `kueue.x-k8s.io/queue-name` label, `schedulerName: volcano` with its PodGroup, the run policy's schedulingPolicy).",
  links: [
    { title: "Kueue: overview (all-or-nothing admission)", url: "https://kueue.sigs.k8s.io/docs/overview/" },
    { title: "Volcano: PodGroup", url: "https://volcano.sh/en/docs/podgroup/" },
    {
      title: "Coscheduling plugin (scheduler-plugins)",
      url: "https://github.com/kubernetes-sigs/scheduler-plugins/blob/master/pkg/coscheduling/README.md",
    },
  ],
  examples: {
    valid: [{ title: "the image changes, the queue stays", base: JOB, yaml: JOB.replaceAll("train:2.4", "train:2.5") }],
    invalid: [
      {
        title: "the Kueue queue label is dropped",
        base: JOB,
        yaml: JOB.replace("  labels:\n    kueue.x-k8s.io/queue-name: gpu-team\n", ""),
        findings: [
          {
            line: 5,
            column: 1,
            message:
              /PyTorchJob llama-pretrain \(4 pods\) is no longer gang-scheduled: the base used Kueue queue gpu-team/,
          },
        ],
      },
    ],
  },
  change(c, ctx) {
    for (const p of workloadPairs(c)) {
      const pods = totalPods(p.head);
      if (pods !== undefined && pods < 2) continue;
      const before = gangSignals(p.base, c.base.resources);
      if (before.length === 0 || gangSignals(p.head, c.head.resources).length > 0) continue;
      ctx.report({
        resource: p.head.resource,
        path: ["spec"],
        at: "key",
        message: `${p.head.resource.kind} ${p.head.resource.name ?? ""}${pods !== undefined ? ` (${pods} pods)` : ""} is no longer gang-scheduled: the base used ${before[0]?.detail}; its pods may now start one by one and hold GPUs while they wait for the rest`,
      });
    }
  },
});
