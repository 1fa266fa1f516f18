import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { gangFacts, minimumComparisons } from "./_minimums.js";

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
        yaml: dedent`
          apiVersion: scheduling.x-k8s.io/v1alpha1
          kind: PodGroup
          metadata:
            name: pg1
          spec:
            minMember: 3
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: pause
          spec:
            replicas: 3
            selector: {matchLabels: {app: pause}}
            template:
              metadata:
                labels: {app: pause, scheduling.x-k8s.io/pod-group: pg1}
              spec:
                schedulerName: scheduler-plugins-scheduler
                containers: [{name: pause, image: pause}]
        `,
      },
      {
        title: "a native PodGroup whose minCount matches the JobSet's pods",
        yaml: dedent`
          apiVersion: scheduling.k8s.io/v1alpha2
          kind: PodGroup
          metadata:
            name: js-workers
          spec:
            schedulingPolicy:
              gang: {minCount: 6}
          ---
          apiVersion: jobset.x-k8s.io/v1alpha2
          kind: JobSet
          metadata:
            name: js
          spec:
            replicatedJobs:
              - name: rj
                replicas: 3
                template:
                  spec:
                    parallelism: 2
                    completions: 2
                    template:
                      spec:
                        schedulingGroup: {podGroupName: js-workers}
                        containers: [{name: w, image: busybox}]
        `,
      },
    ],
    invalid: [
      {
        title: "a KAI Scheduler PodGroup whose minMember exceeds the bare Pods annotated with its name",
        yaml: dedent`
          apiVersion: scheduling.run.ai/v2alpha2
          kind: PodGroup
          metadata:
            name: nccl-test
          spec:
            minMember: 3
            queue: team-a
          ---
          apiVersion: v1
          kind: Pod
          metadata:
            name: rank-0
            annotations: {pod-group-name: nccl-test}
          spec:
            schedulerName: kai-scheduler
            containers: [{name: t, image: nvcr.io/nvidia/pytorch:24.07-py3, resources: {limits: {nvidia.com/gpu: 8}}}]
          ---
          apiVersion: v1
          kind: Pod
          metadata:
            name: rank-1
            annotations: {pod-group-name: nccl-test}
          spec:
            schedulerName: kai-scheduler
            containers: [{name: t, image: nvcr.io/nvidia/pytorch:24.07-py3, resources: {limits: {nvidia.com/gpu: 8}}}]
        `,
        findings: [
          { line: 6, column: 14, message: /PodGroup nccl-test minMember 3 .* only 2 pods annotated pod-group-name/ },
        ],
      },
      {
        title: "minMember 3 with only 2 labelled pods",
        yaml: dedent`
          apiVersion: scheduling.x-k8s.io/v1alpha1
          kind: PodGroup
          metadata:
            name: pg1
          spec:
            minMember: 3
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: pause
          spec:
            replicas: 2
            selector: {matchLabels: {app: pause}}
            template:
              metadata:
                labels: {app: pause, scheduling.x-k8s.io/pod-group: pg1}
              spec:
                schedulerName: scheduler-plugins-scheduler
                containers: [{name: pause, image: pause}]
        `,
        findings: [
          {
            line: 6,
            column: 14,
            message: /PodGroup pg1 minMember 3 .* only 2 pods .*Deployment pause \(example.yaml:11\): 2/,
          },
        ],
      },
      {
        title: "runPolicy minAvailable above the job's replicas",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: bert
          spec:
            runPolicy:
              schedulingPolicy:
                minAvailable: 5
            pytorchReplicaSpecs:
              Master:
                replicas: 1
                template: {spec: {containers: [{name: pytorch, image: i}]}}
              Worker:
                replicas: 3
                template: {spec: {containers: [{name: pytorch, image: i}]}}
        `,
        findings: [{ line: 8, column: 21, message: /minAvailable 5 .* only 4 pods \(Master 1, Worker 3\)/ }],
      },
      {
        title: "a v1alpha1 Workload gang whose minCount exceeds the pods referencing it",
        yaml: dedent`
          apiVersion: scheduling.k8s.io/v1alpha1
          kind: Workload
          metadata:
            name: train
          spec:
            podGroups:
              - name: workers
                policy:
                  gang: {minCount: 4}
          ---
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: train
          spec:
            parallelism: 2
            completions: 2
            completionMode: Indexed
            template:
              spec:
                restartPolicy: Never
                workloadRef: {name: train, podGroup: workers}
                containers: [{name: t, image: i}]
        `,
        findings: [{ line: 9, column: 26, message: /Workload train group workers minCount 4 .* only 2 pods/ }],
      },
    ],
  },
  facts: gangFacts,
  set(set, ctx, facts) {
    for (const c of minimumComparisons(set, facts)) {
      if (c.min <= c.pods) continue;
      ctx.report({
        resource: c.resource,
        path: c.path,
        message: `${c.what} needs more pods than will exist: only ${c.podsFrom}; the gang can never reach its minimum, so all of its pods stay Pending forever`,
      });
    }
  },
});
