import { defineRule } from "../types.js";
import { minimumComparisons } from "./_minimums.js";
import { fixedNnodes } from "./_util.js";

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
        yaml: "apiVersion: kubeflow.org/v1\nkind: PyTorchJob\nmetadata:\n  name: bert\nspec:\n  runPolicy:\n    schedulingPolicy:\n      minAvailable: 4\n  pytorchReplicaSpecs:\n    Master:\n      replicas: 1\n      template: {spec: {containers: [{name: pytorch, image: i}]}}\n    Worker:\n      replicas: 3\n      template: {spec: {containers: [{name: pytorch, image: i}]}}\n",
      },
    ],
    invalid: [
      {
        title: "a Volcano Job that may start 2 of its 4 pods",
        yaml: "apiVersion: batch.volcano.sh/v1alpha1\nkind: Job\nmetadata:\n  name: j\nspec:\n  minAvailable: 2\n  tasks:\n    - name: worker\n      replicas: 4\n      template: {spec: {containers: [{name: w, image: i}]}}\n",
        findings: [{ line: 6, column: 17, severity: "info", message: /minAvailable 2 is less than its 4 pods/ }],
      },
      {
        title: "a static torchrun launcher with a lower minMember",
        yaml: "apiVersion: scheduling.x-k8s.io/v1alpha1\nkind: PodGroup\nmetadata:\n  name: ddp\nspec:\n  minMember: 2\n---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ddp\nspec:\n  completionMode: Indexed\n  completions: 4\n  parallelism: 4\n  template:\n    metadata:\n      labels: {scheduling.x-k8s.io/pod-group: ddp}\n    spec:\n      schedulerName: scheduler-plugins-scheduler\n      restartPolicy: Never\n      containers:\n        - name: t\n          image: i\n          command: [torchrun, --nnodes=4, train.py]\n",
        findings: [{ line: 6, column: 14, severity: "warning", message: /--nnodes 4/ }],
      },
    ],
  },
  set(set, ctx) {
    for (const c of minimumComparisons(set)) {
      if (c.min >= c.pods) continue;
      const nnodes = c.workloads.map(fixedNnodes).find((n) => n !== undefined);
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
