import { appContainers, containerAccelerators, containerGpuOnlyCount, GPU_VENDORS } from "../../model/gpu.js";
import { launchersOf } from "../../model/launcher.js";
import type { Path } from "../../model/path.js";
import { parseQuantity } from "../../model/quantity.js";
import { asObject } from "../../model/resource.js";
import { defineRule } from "../types.js";
import { containerLabel, envLookup, launcherWidth, shmMount } from "./_util.js";

const GiB = 2 ** 30;

export default defineRule({
  id: "gpu/shm-size",
  category: "gpu",
  severity: "warning",
  summary: "A multi-GPU or multi-process container has no memory-backed /dev/shm, or its /dev/shm has no useful size",
  rationale:
    'Container runtimes give each container a 64 MiB /dev/shm. NCCL puts its intra-node buffers there, PyTorch DataLoader workers pass batches through it, and vLLM/SGLang tensor-parallel workers exchange data through it: with 64 MiB they die with "DataLoader worker … killed by signal: Bus error", "NCCL WARN Error while creating shared memory segment" or "No space left on device" — usually after the job has run for a while. A memory-backed emptyDir mounted at /dev/shm fixes it; without a sizeLimit its size is the pod\'s memory limit (or the node\'s memory) and what is written there counts against the container\'s memory, so a runaway writer gets the pod OOM-killed or evicted.',
  remediation:
    "Mount an emptyDir with medium: Memory and a sizeLimit (for example 8Gi–64Gi, within the container's memory limit) at /dev/shm in the container that runs the GPUs.",
  links: [
    {
      title: "emptyDir (medium: Memory, sizeLimit)",
      url: "https://kubernetes.io/docs/concepts/storage/volumes/#emptydir",
    },
    { title: "pytorch/pytorch#5040 (Bus error in DataLoader)", url: "https://github.com/pytorch/pytorch/issues/5040" },
    { title: "NVIDIA/nccl#525 (shared memory in containers)", url: "https://github.com/NVIDIA/nccl/issues/525" },
    {
      title: "vllm-project/vllm#1710 (tensor parallel in Kubernetes needs /dev/shm)",
      url: "https://github.com/vllm-project/vllm/issues/1710",
    },
  ],
  examples: {
    valid: [
      {
        title: "memory-backed /dev/shm with a size",
        yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: m
      image: i
      command: [torchrun, --nproc_per_node=4, train.py]
      resources:
        limits: {nvidia.com/gpu: 4, memory: 64Gi}
      volumeMounts:
        - {name: dshm, mountPath: /dev/shm}
  volumes:
    - name: dshm
      emptyDir: {medium: Memory, sizeLimit: 16Gi}
`,
      },
      {
        title: "a single-GPU, single-process pod needs nothing",
        yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: m
      image: i
      command: [python, serve.py]
      resources:
        limits: {nvidia.com/gpu: 1}
`,
      },
    ],
    invalid: [
      {
        title: "eight GPUs and the default 64 MiB",
        yaml: `apiVersion: kubeflow.org/v1
kind: PyTorchJob
metadata:
  name: llm
spec:
  pytorchReplicaSpecs:
    Worker:
      replicas: 2
      template:
        spec:
          containers:
            - name: pytorch
              image: i
              resources:
                limits: {nvidia.com/gpu: 8}
`,
        findings: [{ line: 15, column: 42, message: /8 GPUs.*no memory-backed emptyDir at \/dev\/shm.*64 MiB/ }],
      },
      {
        title: "a tensor-parallel vLLM server without /dev/shm, and a /dev/shm without sizeLimit",
        yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: vllm
spec:
  template:
    spec:
      containers:
        - name: a
          image: vllm/vllm-openai:v0.9.0
          args: [--model, m, --tensor-parallel-size, "2"]
          resources:
            limits: {nvidia.com/gpu: 1}
        - name: b
          image: i
          command: [deepspeed, --num_gpus, "2", train.py]
          resources:
            limits: {nvidia.com/gpu: 2}
          volumeMounts:
            - {name: dshm, mountPath: /dev/shm}
      volumes:
        - name: dshm
          emptyDir:
            medium: Memory
`,
        findings: [
          { line: 10, column: 18, message: /runs vllm.*2 processes/ },
          { line: 24, column: 21, message: /no sizeLimit/, severity: "info" },
        ],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    for (const g of w.podGroups) {
      if (!g.podSpec || !g.podSpecPath) continue;
      if (g.podSpec.hostIPC === true) continue;
      const podUsesGpus = appContainers(g).some((c) => containerGpuOnlyCount(c) > 0);
      const reportedVolumes = new Set<number>();
      for (const c of appContainers(g)) {
        if (c.role === "trainer") continue;
        // HAMi vGPU slices (nvidia.com/gpumem, gpucores) share one physical GPU: no multi-GPU traffic.
        const res = asObject(asObject(c.value.resources)?.limits) ?? {};
        if ("nvidia.com/gpumem" in res || "nvidia.com/gpucores" in res) continue;
        const gpus = containerGpuOnlyCount(c);
        const env = envLookup(c);
        const launchers = launchersOf(c);
        // Several processes sharing GPUs through /dev/shm: only in a container that has GPUs.
        const wide = gpus > 0 ? launchers.find((l) => (launcherWidth(l, env) ?? 1) > 1) : undefined;
        const needs = gpus > 1 || wide !== undefined;
        if (!needs && !(podUsesGpus && launchers.length > 0)) continue;
        const mount = shmMount(g, c);
        if (!mount) {
          if (!needs) continue;
          const acc = containerAccelerators(c).find((a) => GPU_VENDORS.has(a.vendor));
          let path: Path;
          let why: string;
          if (gpus > 1 && acc) {
            path = acc.path;
            why = `has ${gpus} GPUs`;
          } else {
            path = (wide ?? launchers[0])?.path ?? c.path;
            const width = wide ? launcherWidth(wide, env) : undefined;
            why = `runs ${wide?.label}${width ? ` with ${width} processes` : ""}`;
          }
          ctx.report({
            resource: r,
            path,
            message: `${containerLabel(c)} ${why} but no memory-backed emptyDir at /dev/shm: it gets the runtime's 64 MiB, and NCCL or DataLoader workers fail with "Bus error" / "No space left on device" under load`,
          });
          continue;
        }
        if (mount.kind !== "memory" || mount.volumeIndex === undefined) continue;
        if (reportedVolumes.has(mount.volumeIndex)) continue;
        reportedVolumes.add(mount.volumeIndex);
        const emptyDirPath: Path = [...g.podSpecPath, "volumes", mount.volumeIndex, "emptyDir"];
        const emptyDir = asObject(mount.volume?.emptyDir) ?? {};
        const size = parseQuantity(emptyDir.sizeLimit);
        const volName = typeof mount.volume?.name === "string" ? `"${mount.volume.name}" ` : "";
        if (emptyDir.sizeLimit === undefined) {
          ctx.report({
            resource: r,
            path: [...emptyDirPath, "medium"],
            severity: "info",
            message: `the /dev/shm emptyDir ${volName}has no sizeLimit: it may grow to the pod's memory limit (or the node's memory), and what is written there counts against the container's memory, so a runaway writer gets the pod OOM-killed or evicted; set a sizeLimit`,
          });
        } else if (size !== undefined && size < GiB && needs) {
          ctx.report({
            resource: r,
            path: [...emptyDirPath, "sizeLimit"],
            message: `the /dev/shm emptyDir ${volName}is limited to ${String(emptyDir.sizeLimit)}, little more than the runtime's 64 MiB default; NCCL and DataLoader workers of ${containerLabel(c)} need gigabytes`,
          });
        }
      }
    }
  },
});
