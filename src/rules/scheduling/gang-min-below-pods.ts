import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { gangFacts, minimumComparisons } from "./_minimums.js";

export default defineRule({
  id: "scheduling/gang-min-below-pods",
  category: "scheduling",
  severity: "info",
  summary: "A gang minimum is smaller than the pods that join the gang, so the job may start partially",
  rationale:
    "A gang scheduler binds a group as soon as its minimum can be placed; the rest of the pods are scheduled later, one by one, when capacity frees up. That is what elastic training and independent workers want, but a synchronous job whose launcher waits for a fixed number of nodes (`torchrun --nnodes=4`) then holds the GPUs of the pods that started while they wait at the rendezvous for the others — the partial allocation gang scheduling is meant to prevent.",
  remediation:
    "For a fixed-size synchronous job, set the minimum to the total number of pods. Keep a lower minimum only for elastic training (torchrun --nnodes=MIN:MAX, elasticPolicy) or independent workers.",
  links: [
    {
      title: "scheduler-plugins Coscheduling README (minMember below replicas)",
      url: "https://github.com/kubernetes-sigs/scheduler-plugins/blob/master/pkg/coscheduling/README.md",
    },
    { title: "Volcano Job minAvailable", url: "https://volcano.sh/en/docs/vcjob/" },
  ],
  examples: {
    valid: [
      {
        title: "minAvailable equal to the replicas",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: bert
          spec:
            runPolicy:
              schedulingPolicy:
                minAvailable: 4
            pytorchReplicaSpecs:
              Master:
                replicas: 1
                template: {spec: {containers: [{name: pytorch, image: i}]}}
              Worker:
                replicas: 3
                template: {spec: {containers: [{name: pytorch, image: i}]}}
        `,
      },
    ],
    invalid: [
      {
        title: "a Volcano Job that may start 2 of its 4 pods",
        yaml: dedent`
          apiVersion: batch.volcano.sh/v1alpha1
          kind: Job
          metadata:
            name: j
          spec:
            minAvailable: 2
            tasks:
              - name: worker
                replicas: 4
                template: {spec: {containers: [{name: w, image: i}]}}
        `,
        findings: [{ line: 6, column: 17, severity: "info", message: /minAvailable 2 is less than its 4 pods/ }],
      },
      {
        title: "a static torchrun launcher with a lower minMember",
        yaml: dedent`
          apiVersion: scheduling.x-k8s.io/v1alpha1
          kind: PodGroup
          metadata:
            name: ddp
          spec:
            minMember: 2
          ---
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: ddp
          spec:
            completionMode: Indexed
            completions: 4
            parallelism: 4
            template:
              metadata:
                labels: {scheduling.x-k8s.io/pod-group: ddp}
              spec:
                schedulerName: scheduler-plugins-scheduler
                restartPolicy: Never
                containers:
                  - name: t
                    image: i
                    command: [torchrun, --nnodes=4, train.py]
        `,
        findings: [{ line: 6, column: 14, severity: "warning", message: /--nnodes 4/ }],
      },
    ],
  },
  facts: gangFacts,
  set(set, ctx, facts) {
    for (const c of minimumComparisons(set, facts)) {
      if (c.min >= c.pods) continue;
      const nnodes = c.nnodes;
      const base = `${c.what} is less than its ${c.podsFrom}: the scheduler may start ${c.min} of them and place the rest later`;
      if (nnodes !== undefined && nnodes > c.min && !c.elastic) {
        ctx.report({
          resource: c.resource,
          path: c.path,
          severity: "warning",
          message: `${base}, but the launcher waits for a fixed --nnodes ${nnodes}, so the pods that start hold their GPUs idle at the rendezvous until the others arrive; set the minimum to ${c.pods}`,
        });
      } else {
        ctx.report({
          resource: c.resource,
          path: c.path,
          message: `${base}; fine for elastic training or independent workers, but a synchronous job would hold GPUs while it waits for its peers`,
        });
      }
    }
  },
});
