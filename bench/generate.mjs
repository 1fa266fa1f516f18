// Writes a synthetic corpus of ML manifests for the benchmark: 1,000 files of 10 documents each
// (10,000 documents), deterministic (xorshift seed), mixing the kinds mlgate models with the
// shapes real teams write. A few documents carry mistakes, as real change sets do.
// usage: node bench/generate.mjs [outDir] [files] [docsPerFile]
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const outDir = process.argv[2] ?? "bench/corpus";
const FILES = Number(process.argv[3] ?? 1000);
const DOCS = Number(process.argv[4] ?? 10);

let seed = 0x9e3779b9;
function rand() {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
}
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));

const images = [
  "nvcr.io/nvidia/pytorch:24.05-py3@sha256:3c4e0f5b9a1d2e7f8a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f",
  "rayproject/ray:2.9.0-gpu",
  "vllm/vllm-openai:v0.6.3@sha256:9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0",
  "pytorch/pytorch:2.4.0-cuda12.4-cudnn9-runtime",
];
const envBlock = (indent, n) =>
  Array.from({ length: n }, (_, i) => `${indent}- name: VAR_${i}\n${indent}  value: "${int(0, 99999)}"`).join("\n");

// One container; `nodes` is the pod count the launcher must agree with. A mistake is either a
// malformed memory quantity or a torchrun --nnodes that disagrees with the pods.
function container(indent, name, gpus, nodes, mistake) {
  const mem = mistake === "quantity" ? "64Gb" : `${int(16, 256)}Gi`;
  const nnodes = mistake === "nnodes" ? nodes + 1 : nodes;
  const cpu = int(4, 64);
  const launch =
    gpus > 0
      ? `${indent}  command: ["torchrun"]\n${indent}  args: ["--nnodes=${nnodes}", "--nproc-per-node=${gpus}", "train.py", "--lr=3e-4"]\n`
      : `${indent}  command: ["python", "serve.py"]\n`;
  const gpuLine = (k) =>
    gpus > 0 ? `${indent}    ${k}:\n${indent}      nvidia.com/gpu: ${gpus}\n` : `${indent}    ${k}:\n`;
  return `${indent}- name: ${name}
${indent}  image: ${pick(images)}
${launch}${indent}  env:
${envBlock(`${indent}    `, int(3, 8))}
${indent}  ports:
${indent}    - containerPort: ${int(20000, 30000)}
${indent}      name: rdzv
${indent}  resources:
${gpuLine("limits")}${indent}      memory: ${mem}
${indent}      cpu: "${cpu}"
${gpuLine("requests")}${indent}      memory: ${mem}
${indent}      cpu: "${cpu}"
${indent}  volumeMounts:
${indent}    - name: dshm
${indent}      mountPath: /dev/shm
${indent}    - name: data
${indent}      mountPath: /data`;
}

const podSpec = (indent, name, gpus, nodes, mistake, extra = "") => `${indent}spec:
${extra}${indent}  automountServiceAccountToken: false
${indent}  containers:
${container(`${indent}    `, name, gpus, nodes, mistake)}
${indent}  volumes:
${indent}    - name: dshm
${indent}      emptyDir:
${indent}        medium: Memory
${indent}        sizeLimit: 32Gi
${indent}    - name: data
${indent}      persistentVolumeClaim:
${indent}        claimName: datasets`;

const queueLabel = `    kueue.x-k8s.io/queue-name: team-queue`;

const generators = [
  (i, m) => {
    const workers = int(1, 15);
    return `apiVersion: kubeflow.org/v1
kind: PyTorchJob
metadata:
  name: train-${i}
  namespace: ml
  labels:
${queueLabel}
spec:
  runPolicy:
    cleanPodPolicy: None
    activeDeadlineSeconds: 86400
    backoffLimit: 3
  pytorchReplicaSpecs:
    Master:
      replicas: 1
      restartPolicy: OnFailure
      template:
${podSpec("        ", "pytorch", 8, workers + 1, m)}
    Worker:
      replicas: ${workers}
      restartPolicy: OnFailure
      template:
${podSpec("        ", "pytorch", 8, workers + 1, undefined)}`;
  },
  (i, m) => `apiVersion: ray.io/v1
kind: RayCluster
metadata:
  name: ray-${i}
  namespace: ml
  labels:
${queueLabel}
spec:
  rayVersion: "2.9.0"
  headGroupSpec:
    rayStartParams:
      dashboard-host: "127.0.0.1"
    template:
${podSpec("      ", "ray-head", 0, 1, m === "quantity" ? m : undefined)}
  workerGroupSpecs:
    - groupName: gpu
      replicas: ${int(1, 8)}
      minReplicas: 1
      maxReplicas: 16
      rayStartParams: {}
      template:
${podSpec("        ", "ray-worker", 0, 1, undefined)}`,
  (i, m) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: vllm-${i}
  namespace: serving
  labels:
    app: vllm-${i}
spec:
  replicas: ${int(1, 4)}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 0
      maxUnavailable: 1
  selector:
    matchLabels:
      app: vllm-${i}
  template:
    metadata:
      labels:
        app: vllm-${i}
${podSpec("    ", "vllm", 0, 1, m === "quantity" ? m : undefined)}`,
  (i) => `apiVersion: trainer.kubeflow.org/v1alpha1
kind: TrainJob
metadata:
  name: trainjob-${i}
  namespace: ml
  labels:
${queueLabel}
spec:
  runtimeRef:
    name: torch-distributed
  trainer:
    image: ${pick(images)}
    command: ["torchrun", "train.py"]
    numNodes: ${int(1, 8)}
    env:
${envBlock("      ", 4)}
    resourcesPerNode:
      limits:
        nvidia.com/gpu: 8
        cpu: "32"
        memory: 256Gi`,
  (i, m) => {
    const workers = int(2, 6);
    return `apiVersion: batch.volcano.sh/v1alpha1
kind: Job
metadata:
  name: vcjob-${i}
  namespace: ml
spec:
  minAvailable: ${workers + 1}
  schedulerName: volcano
  queue: research
  maxRetry: 3
  tasks:
    - name: master
      replicas: 1
      template:
${podSpec("        ", "master", 8, workers + 1, m, "          activeDeadlineSeconds: 86400\n")}
    - name: worker
      replicas: ${workers}
      template:
${podSpec("        ", "worker", 8, workers + 1, undefined, "          activeDeadlineSeconds: 86400\n")}`;
  },
  (i, m) => {
    const replicas = int(1, 4);
    return `apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata:
  name: jobset-${i}
  namespace: ml
  labels:
${queueLabel}
spec:
  replicatedJobs:
    - name: workers
      replicas: ${replicas}
      template:
        spec:
          parallelism: 2
          completions: 2
          backoffLimit: 0
          activeDeadlineSeconds: 86400
          template:
${podSpec("            ", "trainer", 4, replicas * 2, m)}`;
  },
  (i) => `apiVersion: v1
kind: Service
metadata:
  name: svc-${i}
  namespace: serving
spec:
  selector:
    app: vllm-${i}
  ports:
    - name: http
      port: 80
      targetPort: 8000`,
  (i) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg-${i}
  namespace: ml
data:
  NCCL_DEBUG: WARN
  NCCL_SOCKET_IFNAME: eth0
  config.yaml: |
    model: llama-${int(1, 70)}b
    lr: 0.0003
    batch_size: ${int(8, 512)}`,
];

// The platform objects the workloads refer to; one file per team directory.
const platform = (team) => [
  `apiVersion: kueue.x-k8s.io/v1beta2
kind: ResourceFlavor
metadata:
  name: h100-${team}
spec:
  nodeLabels:
    nvidia.com/gpu.product: NVIDIA-H100-80GB-HBM3`,
  `apiVersion: kueue.x-k8s.io/v1beta2
kind: ClusterQueue
metadata:
  name: cluster-queue-${team}
spec:
  namespaceSelector: {}
  resourceGroups:
    - coveredResources: ["cpu", "memory", "nvidia.com/gpu"]
      flavors:
        - name: h100-${team}
          resources:
            - name: cpu
              nominalQuota: 20000
            - name: memory
              nominalQuota: 200Ti
            - name: nvidia.com/gpu
              nominalQuota: 2048`,
  `apiVersion: kueue.x-k8s.io/v1beta2
kind: LocalQueue
metadata:
  name: team-queue
  namespace: ml
spec:
  clusterQueue: cluster-queue-${team}`,
  `apiVersion: scheduling.volcano.sh/v1beta1
kind: Queue
metadata:
  name: research
spec:
  weight: 1`,
  `apiVersion: trainer.kubeflow.org/v1alpha1
kind: ClusterTrainingRuntime
metadata:
  name: torch-distributed
spec:
  mlPolicy:
    numNodes: 1
    torch:
      numProcPerNode: auto
  podGroupPolicy:
    coscheduling:
      scheduleTimeoutSeconds: 120
  template:
    spec:
      replicatedJobs:
        - name: node
          template:
            metadata:
              labels:
                trainer.kubeflow.org/trainjob-ancestor-step: trainer
            spec:
              template:
                spec:
                  containers:
                    - name: node
                      image: pytorch/pytorch:2.4.0-cuda12.4-cudnn9-runtime`,
];

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
let bytes = 0;
for (let f = 0; f < FILES; f++) {
  const docs = [];
  const team = f % 20;
  if (f < 20) docs.push(...platform(team));
  for (let d = docs.length; d < DOCS; d++) {
    const i = f * DOCS + d;
    const r = rand();
    docs.push(pick(generators)(i, r < 0.03 ? "quantity" : r < 0.06 ? "nnodes" : undefined));
  }
  const text = `${docs.join("\n---\n")}\n`;
  bytes += text.length;
  const dir = join(outDir, `team-${String(team).padStart(2, "0")}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `manifests-${String(f).padStart(4, "0")}.yaml`), text);
}
console.log(`wrote ${FILES * DOCS} documents in ${FILES} files (${(bytes / 1e6).toFixed(1)} MB) to ${outDir}`);
