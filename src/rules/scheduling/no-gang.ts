import {
  DEFAULT_SCHEDULER,
  KAI_PER_POD_GROUP_KINDS,
  KAI_QUEUE_LABEL,
  KAI_SCHEDULER_NAME,
  KUEUE_DEFAULT_LOCAL_QUEUE,
} from "../../catalog/schedulers.js";
import { SERVING_IMAGES } from "../../catalog/serving.js";
import {
  gangSignals,
  kaiLabelWithoutScheduler,
  podCount,
  schedulerNameOf,
  trainingRuntimeOf,
} from "../../model/gang.js";
import { kindTraits } from "../../model/kind-traits.js";
import { misplacedQueueLabels } from "../../model/kueue-queue.js";
import type { Path } from "../../model/path.js";
import { resolveRef } from "../../model/refs.js";
import { asObject, asString, getIn } from "../../model/resource.js";
import type { PodGroup, Workload } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
import { serverUse } from "../reliability/_serving.js";
import { defineRule, type RuleContext } from "../types.js";
import { describe, groupBreakdown, num, requestsAccelerator, runsDistributedLauncher, sameNamespace } from "./_util.js";

/** Whether a pod group serves a model (a known server's command or image) rather than training one. */
function serves(g: PodGroup): boolean {
  return g.containers.some((c) => {
    if (serverUse(c)) return true;
    const image = asString(c.value.image) ?? "";
    return SERVING_IMAGES.some((re) => re.test(image));
  });
}

/**
 * Why the workload is a synchronous multi-pod job, and where to point; undefined when it is not
 * one. `serving`: a multi-host inference group (a LeaderWorkerSet that runs no training launcher,
 * a JobSet whose accelerator pods are all model servers), whose partial start leaves a replica unready rather
 * than a training job waiting at its rendezvous.
 */
function distributed(w: Workload, ctx: RuleContext): { pods: number; path: Path; serving?: true } | undefined {
  const r = w.resource;
  const resources = ctx.set.resources;
  const key = `${r.group}/${r.kind}`;
  const pods = podCount(w, resources);
  if (pods === undefined || pods < 2) return undefined;
  if (kindTraits(r).replicaSpecs) {
    // A Kubeflow v1 job. Elastic training with a lower bound is meant to start partially.
    const elastic = asObject(getIn(r.value, ["spec", "elasticPolicy"]));
    const minR = num(elastic?.minReplicas);
    const maxR = num(elastic?.maxReplicas);
    if (minR !== undefined && maxR !== undefined && minR < maxR) return undefined;
    const specsKey = Object.keys(asObject(r.value.spec) ?? {}).find((k) => k.endsWith("ReplicaSpecs"));
    return { pods, path: specsKey ? ["spec", specsKey] : ["spec"] };
  }
  switch (key) {
    case "trainer.kubeflow.org/TrainJob": {
      // Without the runtime we cannot know whether it sets podGroupPolicy: say nothing.
      if (!trainingRuntimeOf(r, resources)) return undefined;
      const n = getIn(r.value, ["spec", "trainer", "numNodes"]);
      return { pods, path: typeof n === "number" ? ["spec", "trainer", "numNodes"] : ["spec", "runtimeRef"] };
    }
    case "jobset.x-k8s.io/JobSet": {
      // JobSet also runs independent batch jobs: only accelerator or launcher jobs are synchronous.
      if (!w.podGroups.some((g) => requestsAccelerator(g) || runsDistributedLauncher(g))) return undefined;
      // Slices of model servers serve (each slice one replica of the server); any other accelerator
      // job — a multislice training run — is synchronous across its slices.
      const accel = w.podGroups.filter(requestsAccelerator);
      const serving = accel.length > 0 && accel.every(serves) && !w.podGroups.some(runsDistributedLauncher);
      return { pods, path: ["spec", "replicatedJobs"], ...(serving ? { serving: true as const } : {}) };
    }
    case "leaderworkerset.x-k8s.io/LeaderWorkerSet": {
      if (!w.podGroups.some(requestsAccelerator)) return undefined;
      const size = num(getIn(r.value, ["spec", "leaderWorkerTemplate", "size"]));
      if (size === undefined || size < 2) return undefined;
      // LeaderWorkerSet is built for multi-host inference; only a training launcher makes it a job.
      const serving = !w.podGroups.some(runsDistributedLauncher);
      return { pods, path: ["spec", "leaderWorkerTemplate", "size"], ...(serving ? { serving: true as const } : {}) };
    }
    case "ray.io/RayCluster":
    case "ray.io/RayJob": {
      // Ray needs two or more accelerator pods before a partial allocation can strand any.
      const accel = w.podGroups
        .filter((g) => g.role !== "submitter" && requestsAccelerator(g))
        .reduce((n, g) => n + (g.replicas ?? 0), 0);
      if (accel < 2) return undefined;
      const spec: Path = r.kind === "RayJob" ? ["spec", "rayClusterSpec"] : ["spec"];
      return { pods, path: [...spec, "workerGroupSpecs"] };
    }
    case "batch/Job": {
      if (getIn(r.value, ["spec", "completionMode"]) !== "Indexed") return undefined;
      if (!w.podGroups.some(runsDistributedLauncher)) return undefined;
      return { pods, path: ["spec", "parallelism"] };
    }
    default:
      return undefined;
  }
}

function remedy(w: Workload): string {
  const r = w.resource;
  const misplaced = misplacedQueueLabels(r)[0];
  if (misplaced)
    return `move the kueue.x-k8s.io/queue-name label from ${misplaced.where} to the JobSet's metadata.labels, where Kueue reads it`;
  if (r.group === "kubeflow.org")
    return "add runPolicy.schedulingPolicy (with the operator's gang scheduler), a Kueue queue-name label, or a PodGroup label";
  if (r.group === "trainer.kubeflow.org") return "set podGroupPolicy on the runtime or a Kueue queue-name label";
  if (r.group === "ray.io")
    return "enable a KubeRay batch scheduler (Volcano, KAI, YuniKorn) or a Kueue queue-name label";
  if (r.group === "leaderworkerset.x-k8s.io")
    return "use schedulerName volcano with LWS gangSchedulingManagement, or a Kueue queue-name label";
  return "add a Kueue queue-name label, or a PodGroup with a gang scheduler";
}

/** A PyTorchJob of 4 × 8 GPUs routed to a KAI queue; `podSpec` is written at the top of each pod spec. */
const kaiJob = (podSpec: string) => dedent`
  apiVersion: kubeflow.org/v1
  kind: PyTorchJob
  metadata:
    name: llama
    labels:
      kai.scheduler/queue: team-a
  spec:
    pytorchReplicaSpecs:
      Master:
        replicas: 1
        template:
          spec:
  ${podSpec}          containers:
              - {name: pytorch, image: "ghcr.io/acme/train:1.4.0", resources: {limits: {nvidia.com/gpu: 8}}}
      Worker:
        replicas: 3
        template:
          spec:
  ${podSpec}          containers:
              - {name: pytorch, image: "ghcr.io/acme/train:1.4.0", resources: {limits: {nvidia.com/gpu: 8}}}
`;

export default defineRule({
  id: "scheduling/no-gang",
  category: "scheduling",
  severity: "warning",
  summary: "A multi-pod distributed training workload has no gang-scheduling mechanism",
  rationale:
    "Distributed training ranks wait for each other at start. Without a gang mechanism the scheduler binds pods one at a time, so when GPUs are short a job can hold part of its GPUs while the rest of its pods stay Pending, and two such jobs can each hold half the cluster and wait for each other forever. mlgate looks for every mechanism it knows: a Kueue queue, a Volcano Job or PodGroup, a scheduler-plugins PodGroup label, runPolicy.schedulingPolicy, a Trainer podGroupPolicy, a KubeRay batch-scheduler label, a native Workload/PodGroup reference, or a gang scheduler's schedulerName. A KAI Scheduler queue label (`kai.scheduler/queue`) counts only with `schedulerName: kai-scheduler` on the pods: KAI schedules only the pods that ask for it, so the label alone leaves them to the default scheduler, one by one (and KAI gives each pod of a plain batch/v1 Job a PodGroup of its own). Multi-host serving groups — a LeaderWorkerSet that runs no training launcher, a JobSet whose accelerator pods are all model servers — are reported as info: a partial start leaves a replica unready, not ranks waiting at a rendezvous (multislice training JobSets are still warnings). A job none of whose pods requests an accelerator (a CPU XGBoost or demo job) is reported as info: it cannot strand the GPUs another job waits for.",
  remediation:
    "Put the job under an all-or-nothing mechanism: a Kueue `kueue.x-k8s.io/queue-name` label (with waitForPodsReady), a Volcano or Coscheduling PodGroup, `runPolicy.schedulingPolicy` for Kubeflow jobs, `podGroupPolicy` on a Trainer runtime, or a KubeRay batch scheduler.",
  links: [
    {
      title: "Kueue: all-or-nothing scheduling",
      url: "https://kueue.sigs.k8s.io/docs/tasks/manage/setup_wait_for_pods_ready/",
    },
    {
      title: "scheduler-plugins Coscheduling",
      url: "https://github.com/kubernetes-sigs/scheduler-plugins/blob/master/pkg/coscheduling/README.md",
    },
    { title: "Kubeflow Trainer issue #165: gang scheduling", url: "https://github.com/kubeflow/trainer/issues/165" },
    { title: "Volcano issue #3373: two jobs deadlock", url: "https://github.com/volcano-sh/volcano/issues/3373" },
  ],
  examples: {
    valid: [
      {
        title: "a KAI queue label with schedulerName kai-scheduler on every pod: KAI gangs the PyTorchJob",
        yaml: kaiJob("          schedulerName: kai-scheduler\n"),
      },
      {
        title: "a PyTorchJob in a Kueue queue",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: bert
            labels:
              kueue.x-k8s.io/queue-name: team-a
          spec:
            pytorchReplicaSpecs:
              Master:
                replicas: 1
                template: {spec: {containers: [{name: pytorch, image: i}]}}
              Worker:
                replicas: 3
                template: {spec: {containers: [{name: pytorch, image: i}]}}
        `,
      },
      {
        title: "a Coscheduling PodGroup label on every pod",
        yaml: dedent`
          apiVersion: jobset.x-k8s.io/v1alpha2
          kind: JobSet
          metadata:
            name: js
          spec:
            replicatedJobs:
              - name: w
                replicas: 2
                template:
                  spec:
                    parallelism: 2
                    template:
                      metadata:
                        labels: {scheduling.x-k8s.io/pod-group: js}
                      spec:
                        schedulerName: scheduler-plugins-scheduler
                        containers: [{name: c, image: i}]
        `,
      },
      {
        title: "a TrainJob whose runtime sets podGroupPolicy",
        yaml: dedent`
          apiVersion: trainer.kubeflow.org/v1alpha1
          kind: ClusterTrainingRuntime
          metadata:
            name: torch-gang
          spec:
            mlPolicy: {numNodes: 1, torch: {}}
            podGroupPolicy:
              coscheduling: {scheduleTimeoutSeconds: 60}
            template:
              spec:
                replicatedJobs: []
          ---
          apiVersion: trainer.kubeflow.org/v1alpha1
          kind: TrainJob
          metadata:
            name: t
          spec:
            runtimeRef: {name: torch-gang}
            trainer:
              numNodes: 4
        `,
      },
      {
        title: "a single-pod job needs no gang",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: one
          spec:
            pytorchReplicaSpecs:
              Master:
                replicas: 1
                template: {spec: {containers: [{name: pytorch, image: i}]}}
        `,
      },
    ],
    invalid: [
      {
        title: "a JobSet whose queue-name label sits on the inner Job template: the advice is to move it",
        yaml: dedent`
          apiVersion: jobset.x-k8s.io/v1alpha2
          kind: JobSet
          metadata:
            name: train
          spec:
            replicatedJobs:
              - name: workers
                replicas: 2
                template:
                  metadata:
                    labels: {kueue.x-k8s.io/queue-name: user-queue}
                  spec:
                    template:
                      spec:
                        containers:
                          - name: c
                            image: i
                            resources: {limits: {nvidia.com/gpu: 8}}
        `,
        findings: [
          {
            line: 7,
            column: 5,
            message: /move the kueue\.x-k8s\.io\/queue-name label from the Job template of workers/,
          },
        ],
      },
      {
        title:
          "a multi-host vLLM LeaderWorkerSet: a serving group, reported as info, not as a training job that can deadlock",
        yaml: dedent`
          apiVersion: leaderworkerset.x-k8s.io/v1
          kind: LeaderWorkerSet
          metadata:
            name: vllm
          spec:
            replicas: 1
            leaderWorkerTemplate:
              size: 2
              leaderTemplate:
                spec:
                  containers:
                    - name: vllm-leader
                      image: vllm/vllm-openai:v0.11.0
                      command: [sh, -c, "ray start --head && vllm serve meta-llama/Llama-3.1-405B --tensor-parallel-size 8 --pipeline-parallel-size 2"]
                      resources: {limits: {nvidia.com/gpu: 8}}
              workerTemplate:
                spec:
                  containers:
                    - name: vllm-worker
                      image: vllm/vllm-openai:v0.11.0
                      command: [sh, -c, "ray start --address=$LWS_LEADER_ADDRESS:6379 --block"]
                      resources: {limits: {nvidia.com/gpu: 8}}
        `,
        findings: [{ line: 8, column: 11, severity: "info", message: /it is a serving group, not a training job/ }],
      },
      {
        title:
          "a KAI queue label without schedulerName kai-scheduler: the default scheduler places the pods, with no gang",
        yaml: kaiJob(""),
        findings: [
          {
            line: 6,
            column: 26,
            severity: "warning",
            message: /kai.scheduler\/queue label is ignored, because no pod sets schedulerName kai-scheduler/,
          },
        ],
      },
      {
        title:
          "a Katib Experiment whose trial is a PyTorchJob of 4 GPU pods: the embedded PyTorchJob is modelled as itself",
        yaml: dedent`
          apiVersion: kubeflow.org/v1beta1
          kind: Experiment
          metadata:
            name: lr-sweep
          spec:
            parallelTrialCount: 3
            maxTrialCount: 12
            objective: {type: maximize, objectiveMetricName: accuracy}
            algorithm: {algorithmName: random}
            parameters:
              - {name: lr, parameterType: double, feasibleSpace: {min: "0.01", max: "0.05"}}
            trialTemplate:
              primaryContainerName: pytorch
              trialParameters:
                - {name: learningRate, reference: lr}
              trialSpec:
                apiVersion: kubeflow.org/v1
                kind: PyTorchJob
                spec:
                  pytorchReplicaSpecs:
                    Master:
                      replicas: 1
                      template:
                        spec:
                          containers:
                            - name: pytorch
                              image: ghcr.io/acme/train:1.4.0
                              args: ["--lr=\${trialParameters.learningRate}"]
                              resources: {limits: {nvidia.com/gpu: 8}}
                    Worker:
                      replicas: 3
                      template:
                        spec:
                          containers:
                            - name: pytorch
                              image: ghcr.io/acme/train:1.4.0
                              args: ["--lr=\${trialParameters.learningRate}"]
                              resources: {limits: {nvidia.com/gpu: 8}}
        `,
        findings: [
          {
            line: 21,
            column: 11,
            message: /PyTorchJob \(embedded in Experiment lr-sweep\) starts 4 pods \(Master 1, Worker 3\)/,
          },
        ],
      },
      {
        title: "two PyTorchJobs of 4 x 8 GPUs each, without gang scheduling",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: llama-a
          spec:
            pytorchReplicaSpecs:
              Master:
                replicas: 1
                template:
                  spec:
                    containers:
                      - name: pytorch
                        image: trainer:1
                        resources: {limits: {nvidia.com/gpu: 8}}
              Worker:
                replicas: 3
                template:
                  spec:
                    containers:
                      - name: pytorch
                        image: trainer:1
                        resources: {limits: {nvidia.com/gpu: 8}}
          ---
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: llama-b
          spec:
            pytorchReplicaSpecs:
              Master:
                replicas: 1
                template:
                  spec:
                    containers:
                      - name: pytorch
                        image: trainer:1
                        resources: {limits: {nvidia.com/gpu: 8}}
              Worker:
                replicas: 3
                template:
                  spec:
                    containers:
                      - name: pytorch
                        image: trainer:1
                        resources: {limits: {nvidia.com/gpu: 8}}
        `,
        findings: [
          {
            line: 7,
            column: 5,
            message: /PyTorchJob llama-a starts 4 pods \(Master 1, Worker 3\).*deadlock/,
            severity: "warning",
          },
          { line: 30, column: 5, message: /PyTorchJob llama-b starts 4 pods/ },
        ],
      },
      {
        title: "an indexed Job running torchrun on 4 pods",
        yaml: dedent`
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: ddp
          spec:
            completionMode: Indexed
            completions: 4
            parallelism: 4
            template:
              spec:
                restartPolicy: Never
                containers:
                  - name: t
                    image: i
                    command: [torchrun, --nnodes=4, train.py]
        `,
        findings: [{ line: 8, column: 16, message: /Job ddp starts 4 pods/ }],
      },
      {
        title: "a CPU-only XGBoostJob: reported as info, since it holds no accelerator a GPU job could wait for",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: XGBoostJob
          metadata:
            name: xgb
          spec:
            xgbReplicaSpecs:
              Master:
                replicas: 1
                template: {spec: {containers: [{name: xgboost, image: xgb:1, resources: {limits: {cpu: 2}}}]}}
              Worker:
                replicas: 2
                template: {spec: {containers: [{name: xgboost, image: xgb:1, resources: {limits: {cpu: 2}}}]}}
        `,
        findings: [
          {
            line: 7,
            column: 5,
            message: /XGBoostJob xgb starts 3 pods \(Master 1, Worker 2\).*holds no accelerator/,
            severity: "info",
          },
        ],
      },
      {
        title: "a TrainJob of 4 nodes whose runtime has no podGroupPolicy",
        yaml: dedent`
          apiVersion: trainer.kubeflow.org/v1alpha1
          kind: ClusterTrainingRuntime
          metadata:
            name: torch
          spec:
            mlPolicy: {numNodes: 1, torch: {}}
            template:
              spec:
                replicatedJobs: []
          ---
          apiVersion: trainer.kubeflow.org/v1alpha1
          kind: TrainJob
          metadata:
            name: t
          spec:
            runtimeRef: {name: torch}
            trainer:
              numNodes: 4
        `,
        findings: [{ line: 18, column: 15, message: /TrainJob t starts 4 pods.*podGroupPolicy/ }],
      },
    ],
  },
  workload(w, ctx) {
    const d = distributed(w, ctx);
    if (!d) return;
    const r = w.resource;
    if (gangSignals(w, ctx.set.resources).length > 0) return;
    // Kueue manages unlabelled jobs through a LocalQueue named "default" in their namespace.
    // Existence is enough: the run applies every file (model/refs.ts's `all`).
    const defaultQueue = resolveRef(ctx.set.resources, r, {
      group: "kueue.x-k8s.io",
      kind: "LocalQueue",
      name: KUEUE_DEFAULT_LOCAL_QUEUE,
      namespaced: true,
    }).all.some((q) => sameNamespace(q, r));
    if (defaultQueue) return;
    const breakdown = w.podGroups.length > 1 ? ` (${groupBreakdown(w)})` : "";
    const kai = kaiLabelWithoutScheduler(w);
    const kaiJob =
      !kai &&
      KAI_PER_POD_GROUP_KINDS.has(`${r.group}/${r.kind}`) &&
      w.podGroups.some((g) => schedulerNameOf(g).name === KAI_SCHEDULER_NAME);
    const accelerated = w.podGroups.some(requestsAccelerator);
    // A job that holds no accelerator cannot strand GPUs another job waits for: worth knowing, not a warning.
    // A serving group that starts partially is an unready replica, not a training job at its rendezvous.
    const consequence = d.serving
      ? "a replica can hold some hosts' accelerators while its other pods stay Pending and serve nothing until all are placed; it is a serving group, not a training job waiting at a rendezvous, so this is worth knowing rather than a deadlock"
      : accelerated
        ? "it holds some pods' accelerators while the others stay Pending, and two such jobs can deadlock, each holding part of the cluster while waiting forever for the rest"
        : "it holds some pods' CPU and memory while the others stay Pending; it holds no accelerator, so at worst it delays other CPU work";
    const why = kai
      ? `: its ${KAI_QUEUE_LABEL} label is ignored, because no pod sets schedulerName ${KAI_SCHEDULER_NAME} (KAI Scheduler schedules, and gangs, only the pods that ask for it), so the pods go to ${DEFAULT_SCHEDULER}, which binds them one at a time`
      : kaiJob
        ? `: KAI Scheduler gives each pod of a batch/v1 Job a PodGroup of its own, so it binds them one at a time`
        : ": the scheduler binds them one at a time";
    const fix = kai
      ? `set schedulerName: ${KAI_SCHEDULER_NAME} in every pod template`
      : kaiJob
        ? "run it as a JobSet, a Kubeflow job or a LeaderWorkerSet, which KAI gangs as a whole, or use a Kueue queue"
        : remedy(w);
    ctx.report({
      resource: r,
      path: kai ?? d.path,
      ...(accelerated && !d.serving ? {} : { severity: "info" as const }),
      message: `${describe(r)} starts ${d.pods} pods${breakdown} with no gang scheduling${why}, so when capacity is short ${consequence}; ${fix}`,
    });
  },
});
