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
  "nvcr.io/nvidia/pytorch:24.05-py3",
  "rayproject/ray:2.9.0-gpu",
  "vllm/vllm-openai:v0.6.3",
  "pytorch/pytorch:2.4.0-cuda12.4-cudnn9-runtime",
];
const envBlock = (indent, n) =>
  Array.from({ length: n }, (_, i) => `${indent}- name: VAR_${i}\n${indent}  value: "${int(0, 99999)}"`).join("\n");

function container(indent, name, gpus, mistake) {
  const mem = mistake ? "64Gb" : `${int(16, 256)}Gi`;
  return `${indent}- name: ${name}
${indent}  image: ${pick(images)}
${indent}  command: ["torchrun"]
${indent}  args: ["--nnodes=${int(1, 8)}", "--nproc-per-node=${gpus}", "train.py", "--lr=3e-4"]
${indent}  env:
${envBlock(`${indent}    `, int(3, 8))}
${indent}  ports:
${indent}    - containerPort: ${int(20000, 30000)}
${indent}      name: rdzv
${indent}  resources:
${indent}    limits:
${indent}      nvidia.com/gpu: ${gpus}
${indent}      memory: ${mem}
${indent}      cpu: "${int(4, 64)}"
${indent}    requests:
${indent}      nvidia.com/gpu: ${gpus}
${indent}      memory: ${mem}
${indent}      cpu: "${int(4, 64)}"
${indent}  volumeMounts:
${indent}    - name: dshm
${indent}      mountPath: /dev/shm
${indent}    - name: data
${indent}      mountPath: /data`;
}

const volumes = (indent) => `${indent}volumes:
${indent}  - name: dshm
${indent}    emptyDir:
${indent}      medium: Memory
${indent}      sizeLimit: 32Gi
${indent}  - name: data
${indent}    persistentVolumeClaim:
${indent}      claimName: datasets`;

const podSpec = (indent, name, gpus, mistake) => `${indent}spec:
${indent}  containers:
${container(`${indent}    `, name, gpus, mistake)}
${volumes(`${indent}  `)}`;

const generators = [
  (i, m) => `apiVersion: kubeflow.org/v1
kind: PyTorchJob
metadata:
  name: train-${i}
  namespace: ml
  labels:
    kueue.x-k8s.io/queue-name: team-a
spec:
  runPolicy:
    cleanPodPolicy: None
  pytorchReplicaSpecs:
    Master:
      replicas: 1
      restartPolicy: OnFailure
      template:
${podSpec("        ", "pytorch", 8, m)}
    Worker:
      replicas: ${int(1, 15)}
      restartPolicy: OnFailure
      template:
${podSpec("        ", "pytorch", 8, false)}`,
  (i, m) => `apiVersion: ray.io/v1
kind: RayCluster
metadata:
  name: ray-${i}
  namespace: ml
spec:
  rayVersion: "2.9.0"
  headGroupSpec:
    rayStartParams:
      dashboard-host: "127.0.0.1"
    template:
${podSpec("      ", "ray-head", 0, false)}
  workerGroupSpecs:
    - groupName: gpu
      replicas: ${int(1, 8)}
      minReplicas: 1
      maxReplicas: 16
      rayStartParams: {}
      template:
${podSpec("        ", "ray-worker", int(1, 8), m)}`,
  (i, m) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: vllm-${i}
  namespace: serving
  labels:
    app: vllm-${i}
spec:
  replicas: ${int(1, 4)}
  selector:
    matchLabels:
      app: vllm-${i}
  template:
    metadata:
      labels:
        app: vllm-${i}
${podSpec("    ", "vllm", pick([1, 2, 4, 8]), m)}`,
  (i) => `apiVersion: trainer.kubeflow.org/v1alpha1
kind: TrainJob
metadata:
  name: trainjob-${i}
  namespace: ml
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
        nvidia.com/gpu: ${pick([1, 2, 4, 8])}`,
  (i, m) => `apiVersion: batch.volcano.sh/v1alpha1
kind: Job
metadata:
  name: vcjob-${i}
  namespace: ml
spec:
  minAvailable: ${int(2, 4)}
  schedulerName: volcano
  queue: default
  tasks:
    - name: master
      replicas: 1
      template:
${podSpec("        ", "master", 8, m)}
    - name: worker
      replicas: ${int(2, 6)}
      template:
${podSpec("        ", "worker", 8, false)}`,
  (i, m) => `apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata:
  name: jobset-${i}
  namespace: ml
spec:
  replicatedJobs:
    - name: workers
      replicas: ${int(1, 4)}
      template:
        spec:
          parallelism: 2
          completions: 2
          backoffLimit: 0
          template:
${podSpec("            ", "trainer", 4, m)}`,
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

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
let bytes = 0;
for (let f = 0; f < FILES; f++) {
  const docs = [];
  for (let d = 0; d < DOCS; d++) {
    const i = f * DOCS + d;
    docs.push(pick(generators)(i, rand() < 0.05));
  }
  const text = `${docs.join("\n---\n")}\n`;
  bytes += text.length;
  const dir = join(outDir, `team-${String(f % 20).padStart(2, "0")}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `manifests-${String(f).padStart(4, "0")}.yaml`), text);
}
console.log(`wrote ${FILES * DOCS} documents in ${FILES} files (${(bytes / 1e6).toFixed(1)} MB) to ${outDir}`);
