import { defineRule } from "../types.js";
import { minimumComparisons } from "./_minimums.js";

export default defineRule({
  id: "scheduling/gang-min-exceeds-pods",
  category: "scheduling",
  severity: "error",
  summary: "A gang minimum (minMember, minAvailable, minCount) is larger than the pods that join the gang",
  rationale:
    "A gang scheduler binds a group only when at least its minimum of pods can be placed together. When fewer pods than that exist, the minimum is never reached and every pod of the group stays Pending forever, with only a terse PodGroup status to say why. Volcano's webhook rejects this inside a Volcano Job (see schema/volcano-min-available), but nothing checks a PodGroup object against the Deployments, Jobs and JobSets whose pods name it, nor runPolicy.schedulingPolicy.minAvailable against a Kubeflow job's replicas.",
  remediation:
    "Make the minimum equal to the number of pods that join the group (the sum of the replicas of every workload that names it), or add the missing replicas.",
  links: [
    {
      title: "scheduler-plugins Coscheduling (minMember)",
      url: "https://github.com/kubernetes-sigs/scheduler-plugins/blob/master/pkg/coscheduling/README.md",
    },
    { title: "Volcano PodGroup", url: "https://volcano.sh/en/docs/podgroup/" },
    {
      title: "KEP-4671 gang scheduling (Workload API, minCount)",
      url: "https://github.com/kubernetes/enhancements/tree/master/keps/sig-scheduling/4671-gang-scheduling",
    },
  ],
  examples: {
    valid: [
      {
        title: "a PodGroup whose minMember equals the labelled replicas",
        yaml: "apiVersion: scheduling.x-k8s.io/v1alpha1\nkind: PodGroup\nmetadata:\n  name: pg1\nspec:\n  minMember: 3\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: pause\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: pause}}\n  template:\n    metadata:\n      labels: {app: pause, scheduling.x-k8s.io/pod-group: pg1}\n    spec:\n      schedulerName: scheduler-plugins-scheduler\n      containers: [{name: pause, image: pause}]\n",
      },
      {
        title: "a native PodGroup whose minCount matches the JobSet's pods",
        yaml: "apiVersion: scheduling.k8s.io/v1alpha2\nkind: PodGroup\nmetadata:\n  name: js-workers\nspec:\n  schedulingPolicy:\n    gang: {minCount: 6}\n---\napiVersion: jobset.x-k8s.io/v1alpha2\nkind: JobSet\nmetadata:\n  name: js\nspec:\n  replicatedJobs:\n    - name: rj\n      replicas: 3\n      template:\n        spec:\n          parallelism: 2\n          completions: 2\n          template:\n            spec:\n              schedulingGroup: {podGroupName: js-workers}\n              containers: [{name: w, image: busybox}]\n",
      },
    ],
    invalid: [
      {
        title: "minMember 3 with only 2 labelled pods",
        yaml: "apiVersion: scheduling.x-k8s.io/v1alpha1\nkind: PodGroup\nmetadata:\n  name: pg1\nspec:\n  minMember: 3\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: pause\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: pause}}\n  template:\n    metadata:\n      labels: {app: pause, scheduling.x-k8s.io/pod-group: pg1}\n    spec:\n      schedulerName: scheduler-plugins-scheduler\n      containers: [{name: pause, image: pause}]\n",
        findings: [{ line: 6, column: 14, message: /PodGroup pg1 minMember 3 .* only 2 pods .*Deployment pause: 2/ }],
      },
      {
        title: "runPolicy minAvailable above the job's replicas",
        yaml: "apiVersion: kubeflow.org/v1\nkind: PyTorchJob\nmetadata:\n  name: bert\nspec:\n  runPolicy:\n    schedulingPolicy:\n      minAvailable: 5\n  pytorchReplicaSpecs:\n    Master:\n      replicas: 1\n      template: {spec: {containers: [{name: pytorch, image: i}]}}\n    Worker:\n      replicas: 3\n      template: {spec: {containers: [{name: pytorch, image: i}]}}\n",
        findings: [{ line: 8, column: 21, message: /minAvailable 5 .* only 4 pods \(Master 1, Worker 3\)/ }],
      },
      {
        title: "a v1alpha1 Workload gang whose minCount exceeds the pods referencing it",
        yaml: "apiVersion: scheduling.k8s.io/v1alpha1\nkind: Workload\nmetadata:\n  name: train\nspec:\n  podGroups:\n    - name: workers\n      policy:\n        gang: {minCount: 4}\n---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: train\nspec:\n  parallelism: 2\n  completions: 2\n  completionMode: Indexed\n  template:\n    spec:\n      restartPolicy: Never\n      workloadRef: {name: train, podGroup: workers}\n      containers: [{name: t, image: i}]\n",
        findings: [{ line: 9, column: 26, message: /Workload train group workers minCount 4 .* only 2 pods/ }],
      },
    ],
  },
  set(set, ctx) {
    for (const c of minimumComparisons(set)) {
      if (c.min <= c.pods) continue;
      ctx.report({
        resource: c.resource,
        path: c.path,
        message: `${c.what} needs more pods than will exist: only ${c.podsFrom}; the gang can never reach its minimum, so all of its pods stay Pending forever`,
      });
    }
  },
});
