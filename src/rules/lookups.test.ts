// Rules that judge one workload (or one resource) against objects they look up by name — queues,
// quotas, flavors, Topologies, PriorityClasses, PodGroups, ConfigMaps — run per object, so a
// parallel check runs them in its workers, where every other file's non-workload objects are
// lookups. This run spreads those objects and the workloads that name them over several files and
// holds the split to the single-threaded answer, whichever worker each file lands in.
import { describe, expect, it } from "vitest";
import { type CheckRequest, check } from "../check.js";
import { EMPTY_CONFIG } from "../config/config.js";
import type { CheckResult } from "../findings/finding.js";
import { SourceFile } from "../load/types.js";
import { checkSharded, inThreadShards, partition } from "../parallel/check.js";

const PLATFORM = `apiVersion: v1
kind: ConfigMap
metadata: {name: nccl, namespace: ml}
data:
  NCCL_DEBUG: INFO
  NCCL_DEBUGG: WARN
  NCCL_IB_GDR_LEVEL: "2"
  NCCL_IB_DISABLE: "yes"
---
apiVersion: kueue.x-k8s.io/v1beta1
kind: LocalQueue
metadata: {name: team, namespace: ml}
spec: {clusterQueue: gpu-cq}
---
apiVersion: kueue.x-k8s.io/v1beta1
kind: LocalQueue
metadata: {name: orphan, namespace: ml}
spec: {clusterQueue: no-such-cq}
---
apiVersion: kueue.x-k8s.io/v1beta1
kind: ClusterQueue
metadata: {name: gpu-cq}
spec:
  resourceGroups:
    - coveredResources: [cpu, nvidia.com/gpu]
      flavors:
        - name: h100
          resources:
            - {name: cpu, nominalQuota: 64}
            - {name: nvidia.com/gpu, nominalQuota: 8}
---
apiVersion: kueue.x-k8s.io/v1beta1
kind: ClusterQueue
metadata: {name: other-cq}
spec:
  resourceGroups:
    - coveredResources: [cpu]
      flavors:
        - name: no-such-flavor
          resources: [{name: cpu, nominalQuota: 8}]
---
apiVersion: kueue.x-k8s.io/v1beta1
kind: ResourceFlavor
metadata: {name: h100}
spec:
  nodeLabels: {cloud.google.com/gke-accelerator: nvidia-h100-80gb}
---
apiVersion: kueue.x-k8s.io/v1alpha1
kind: Topology
metadata: {name: dc}
spec:
  levels: [{nodeLabel: example.com/rack}, {nodeLabel: kubernetes.io/hostname}]
---
apiVersion: scheduling.volcano.sh/v1beta1
kind: Queue
metadata: {name: research}
spec: {weight: 1}
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high}
value: 1000
`;

const server = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ml}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - name: vllm
          image: vllm/vllm-openai:v0.6.3
          envFrom: [{configMapRef: {name: nccl}}]
          env: [{name: NCCL_SOCKET_NTHREADS, value: "16"}, {name: NCCL_NSOCKS_PERTHREAD, value: "8"}]
`;

const job = (name: string, meta: string, pod: string, gpus: number) => `apiVersion: batch/v1
kind: Job
metadata: {name: ${name}, namespace: ml${meta}}
spec:
  template:
    spec:
      restartPolicy: Never
${pod}      containers:
        - name: train
          image: ghcr.io/example/train:1.0
          resources: {limits: {cpu: 8, nvidia.com/gpu: ${gpus}}}
`;

const TRAIN = [
  job(
    "wrong-gpu",
    ", labels: {kueue.x-k8s.io/queue-name: team}",
    "      nodeSelector: {cloud.google.com/gke-accelerator: nvidia-a100-80gb}\n",
    8,
  ),
  job("too-big", ", labels: {kueue.x-k8s.io/queue-name: team}", "", 16),
  job("typo-queue", ", labels: {kueue.x-k8s.io/queue-name: taem}", "", 1),
  job("prio", "", "      priorityClassName: hgih\n", 1),
  job("pod-group", "", "", 1).replace(
    "  template:\n",
    "  template:\n    metadata: {labels: {scheduling.x-k8s.io/pod-group: missing}}\n",
  ),
].join("---\n");

const PLACED = `${job("no-queue", "", "", 1)}---
apiVersion: kueue.x-k8s.io/v1beta1
kind: LocalQueue
metadata: {name: beside, namespace: ml}
spec: {clusterQueue: gpu-cq}
---
apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata:
  name: placed
  namespace: ml
  annotations: {alpha.jobset.sigs.k8s.io/exclusive-topology: example.com/rakc}
spec:
  replicatedJobs:
    - name: workers
      template:
        spec:
          template:
            spec:
              restartPolicy: Never
              containers: [{name: c, image: ghcr.io/example/train:1.0}]
---
apiVersion: batch.volcano.sh/v1alpha1
kind: Job
metadata: {name: vj, namespace: ml}
spec:
  queue: reserch
  minAvailable: 1
  tasks:
    - name: t
      replicas: 1
      template:
        spec:
          containers: [{name: c, image: ghcr.io/example/train:1.0}]
---
apiVersion: scheduling.volcano.sh/v1beta1
kind: Queue
metadata: {name: batch}
spec: {weight: 1}
---
apiVersion: v1
kind: Pod
metadata: {name: default-queue, namespace: ml}
spec:
  schedulerName: volcano
  containers: [{name: c, image: ghcr.io/example/train:1.0}]
`;

const FILES = [
  { path: "team/serve-a.yaml", text: server("vllm-a") },
  { path: "team/platform.yaml", text: PLATFORM },
  { path: "team/serve-b.yaml", text: server("vllm-b") },
  { path: "team/train.yaml", text: TRAIN },
  { path: "team/placed.yaml", text: PLACED },
];

const CONVERTED = [
  "network/nccl-debug-in-production",
  "network/nccl-deprecated-variable",
  "network/nccl-invalid-value",
  "network/nccl-unknown-variable",
  "scheduling/exclusive-topology-key",
  "scheduling/kueue-flavor-node-labels",
  "scheduling/kueue-no-queue-name",
  "scheduling/kueue-quota-exceeded",
  "scheduling/kueue-unknown-ref",
  "scheduling/unknown-pod-group",
  "scheduling/unknown-priority-class",
  "scheduling/volcano-queue",
];

function request(extra: Partial<CheckRequest> = {}): CheckRequest {
  return { files: FILES.map((f) => new SourceFile(f.path, f.text)), ...extra };
}

function split(req: CheckRequest, jobs: number): CheckResult {
  const parts = partition(req.files, jobs);
  return checkSharded(req, inThreadShards(parts.length), parts);
}

describe("per-object rules that look objects up in other files", () => {
  const one = check(request());

  it("each report what it did as a set-level rule", () => {
    const fired = new Set(one.findings.map((f) => f.ruleId));
    for (const id of CONVERTED) expect(fired, id).toContain(id);
    // The workload's file for per-workload findings, the looked-up object's file for what it says.
    const at = (rule: string) => one.findings.filter((f) => f.ruleId === rule).map((f) => f.file);
    expect(at("scheduling/kueue-flavor-node-labels")).toEqual(["team/train.yaml"]);
    expect(at("scheduling/kueue-quota-exceeded")).toEqual(["team/train.yaml"]);
    expect(at("scheduling/exclusive-topology-key")).toEqual(["team/placed.yaml"]);
    expect(at("scheduling/kueue-no-queue-name")).toEqual(["team/placed.yaml", "team/placed.yaml"]);
    expect(at("scheduling/volcano-queue")).toEqual(["team/placed.yaml", "team/placed.yaml"]);
    expect(at("network/nccl-unknown-variable")).toEqual(["team/platform.yaml"]);
  });

  it("give the single-threaded result however the files are split", () => {
    for (const jobs of [2, 3, 5]) expect(split(request(), jobs)).toEqual(one);
  });

  it("report a ConfigMap read by workloads of several files once, in one thread and across workers", () => {
    // Ignored in the ConfigMap's file, each finding there counts once as suppressed, not once per
    // Deployment that reads it.
    const nccl = CONVERTED.filter((id) => id.startsWith("network/"));
    const onConfigMap = one.findings.filter((f) => nccl.includes(f.ruleId) && f.file === "team/platform.yaml");
    expect(onConfigMap.length).toBeGreaterThanOrEqual(4);
    const config = { ...EMPTY_CONFIG, ignore: [{ rules: nccl, file: "team/platform.yaml" }] };
    const ignored = check(request({ config }));
    expect(ignored.suppressed - one.suppressed).toBe(onConfigMap.length);
    for (const jobs of [2, 3]) expect(split(request({ config }), jobs)).toEqual(ignored);
  });
});
