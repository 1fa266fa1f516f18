import { appContainers, containerAccelerators, containerGpuOnlyCount, GPU_VENDORS } from "../../model/gpu.js";
import { drivesGpusFromOneProcess } from "../../model/gpu-processes.js";
import { launchersOf } from "../../model/launcher.js";
import { injectedSharedMemory, KUBERAY_SHARED_MEMORY } from "../../model/operators.js";
import type { Path } from "../../model/path.js";
import { parseQuantity } from "../../model/quantity.js";
import { asObject, getIn } from "../../model/resource.js";
import { isPartial } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { containerLabel, envLookup, launcherWidth, shmMount } from "./_util.js";

const GiB = 2 ** 30;

/** The container's memory limit in bytes, when it sets one. */
function memoryLimit(c: { value: Record<string, unknown> }): number | undefined {
  return parseQuantity(getIn(c.value, ["resources", "limits", "memory"]));
}

/** An InferenceService of 2 GPUs on a ClusterServingRuntime, with `runtimeTail` appended to the runtime. */
const kserveWithRuntime = (runtimeTail: string) => dedent`
  apiVersion: serving.kserve.io/v1beta1
  kind: InferenceService
  metadata:
    name: llama
  spec:
    predictor:
      model:
        modelFormat: {name: huggingface}
        runtime: vllm-runtime
        storageUri: hf://meta-llama/Llama-3.1-8B-Instruct
        resources: {limits: {nvidia.com/gpu: 2}}
  ---
  apiVersion: serving.kserve.io/v1alpha1
  kind: ClusterServingRuntime
  metadata:
    name: vllm-runtime
  spec:
    supportedModelFormats: [{name: huggingface, autoSelect: true}]
    containers:
      - name: kserve-container
        image: vllm/vllm-openai:v0.11.0
  ${runtimeTail}`;
const SHM_MOUNT = `      volumeMounts: [{name: dshm, mountPath: /dev/shm}]
  volumes:
    - name: dshm
      emptyDir: {medium: Memory, sizeLimit: 8Gi}
`;

export default defineRule({
  id: "gpu/shm-size",
  category: "gpu",
  severity: "warning",
  summary: "A multi-GPU or multi-process container has no memory-backed /dev/shm, or its /dev/shm has no useful size",
  rationale:
    'Container runtimes give each container a 64 MiB /dev/shm. NCCL puts its intra-node buffers there, PyTorch DataLoader workers pass batches through it, and vLLM/SGLang tensor-parallel workers exchange data through it: with 64 MiB they die with "DataLoader worker … killed by signal: Bus error", "NCCL WARN Error while creating shared memory segment" or "No space left on device" — usually after the job has run for a while. A memory-backed emptyDir mounted at /dev/shm fixes it; without a sizeLimit its size is the pod\'s memory limit (or the node\'s memory) and what is written there counts against the container\'s memory, so a runaway writer gets the pod OOM-killed or evicted. What the operator adds counts: KubeRay mounts a memory-backed /dev/shm, sized to the memory limit, in the Ray container (containers[0]) of every head and worker pod unless rayStartParams sets plasma-directory (its pod builder, `BuildPod`). And only processes that share GPUs need it: one process that drives several GPUs — a JAX program, a bandwidth benchmark that is not NCCL (nvbandwidth, gpu-burn), a container that only waits — is left alone; torchrun, DeepSpeed, an NCCL program under mpirun, or an unknown program on several GPUs is not.',
  remediation:
    "Mount an emptyDir with medium: Memory and a sizeLimit (for example 8Gi–64Gi, within the container's memory limit) at /dev/shm in the container that runs the GPUs.",
  links: [
    {
      title: "emptyDir (medium: Memory, sizeLimit)",
      url: "https://kubernetes.io/docs/concepts/storage/volumes/#emptydir",
    },
    { title: "pytorch/pytorch#5040 (Bus error in DataLoader)", url: "https://github.com/pytorch/pytorch/issues/5040" },
    { title: KUBERAY_SHARED_MEMORY.source.title, url: KUBERAY_SHARED_MEMORY.source.url },
    { title: "NVIDIA/nccl#525 (shared memory in containers)", url: "https://github.com/NVIDIA/nccl/issues/525" },
    {
      title: "vllm-project/vllm#1710 (tensor parallel in Kubernetes needs /dev/shm)",
      url: "https://github.com/vllm-project/vllm/issues/1710",
    },
  ],
  examples: {
    valid: [
      {
        title: "an InferenceService whose ClusterServingRuntime mounts /dev/shm: the runtime supplies it",
        yaml: kserveWithRuntime(SHM_MOUNT),
      },
      {
        title: "an LLMInferenceService's partial templates: the controller's presets mount /dev/shm",
        yaml: dedent`
          apiVersion: serving.kserve.io/v1alpha2
          kind: LLMInferenceService
          metadata:
            name: r1
          spec:
            model: {uri: "hf://deepseek-ai/DeepSeek-R1", name: r1}
            parallelism: {data: 16, dataLocal: 8, tensor: 1}
            template:
              containers:
                - name: main
                  resources:
                    limits: {nvidia.com/gpu: "8", rdma/roce_gdr: 1, memory: 512Gi}
                    requests: {nvidia.com/gpu: "8", rdma/roce_gdr: 1, memory: 256Gi}
            worker:
              containers:
                - name: main
                  resources:
                    limits: {nvidia.com/gpu: "8", rdma/roce_gdr: 1, memory: 512Gi}
                    requests: {nvidia.com/gpu: "8", rdma/roce_gdr: 1, memory: 256Gi}
        `,
      },
      {
        title: "memory-backed /dev/shm with a size",
        yaml: dedent`
          apiVersion: v1
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
        title: "a Ray worker group with 4 GPUs: KubeRay mounts a memory-backed /dev/shm in containers[0]",
        yaml: dedent`
          apiVersion: ray.io/v1
          kind: RayCluster
          metadata:
            name: r
          spec:
            headGroupSpec:
              rayStartParams: {}
              template:
                spec:
                  containers: [{name: ray-head, image: rayproject/ray:2.41.0, resources: {limits: {cpu: 2, memory: 8Gi}}}]
            workerGroupSpecs:
              - groupName: gpu
                replicas: 2
                rayStartParams: {}
                template:
                  spec:
                    containers: [{name: ray-worker, image: rayproject/ray:2.41.0-gpu, resources: {limits: {nvidia.com/gpu: 4, memory: 64Gi}}}]
        `,
      },
      {
        title: "one JAX process drives both GPUs (pmap), and nvbandwidth under mpirun is not NCCL",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: jax
          spec:
            containers:
              - name: jax
                image: rocm/jax:rocm6.4.1-jax0.6.0-py3.12
                command: [python3, -c, "import jax\\nprint(jax.pmap(lambda x: x * 2)(jax.numpy.ones(jax.device_count())))"]
                resources: {limits: {amd.com/gpu: 2}}
          ---
          apiVersion: kubeflow.org/v2beta1
          kind: MPIJob
          metadata:
            name: nvb
          spec:
            slotsPerWorker: 2
            mpiReplicaSpecs:
              Launcher:
                replicas: 1
                template:
                  spec:
                    containers: [{name: l, image: ghcr.io/nvidia/k8s-samples:nvbandwidth-v0.7, command: [mpirun], args: [-np, "4", nvbandwidth, -t, multinode_device_to_device_memcpy_read_ce]}]
              Worker:
                replicas: 2
                template:
                  spec:
                    containers: [{name: w, image: ghcr.io/nvidia/k8s-samples:nvbandwidth-v0.7, command: [/usr/sbin/sshd], args: [-De], resources: {limits: {nvidia.com/gpu: 2}}}]
        `,
      },
      {
        title: "a single-GPU, single-process pod needs nothing",
        yaml: dedent`
          apiVersion: v1
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
        title: "a /dev/shm larger than the container's memory limit",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: train
          spec:
            containers:
              - name: c
                image: pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime
                command: [torchrun, --nproc_per_node=4, train.py]
                resources:
                  limits: {nvidia.com/gpu: 4, memory: 32Gi}
                volumeMounts: [{name: dshm, mountPath: /dev/shm}]
            volumes:
              - name: dshm
                emptyDir: {medium: Memory, sizeLimit: 64Gi}
        `,
        findings: [{ line: 15, column: 45, message: /allows 64Gi, more than the 32Gi memory limit/ }],
      },
      {
        title: "an InferenceService of 2 GPUs whose runtime mounts no /dev/shm",
        yaml: kserveWithRuntime(""),
        findings: [{ line: 11, column: 44, message: /has 2 GPUs but no memory-backed emptyDir at \/dev\/shm/ }],
      },
      {
        title: "eight GPUs and the default 64 MiB",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
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
        yaml: dedent`
          apiVersion: apps/v1
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
      {
        title: "a Ray worker whose rayStartParams set plasma-directory: KubeRay then mounts no /dev/shm",
        yaml: dedent`
          apiVersion: ray.io/v1
          kind: RayCluster
          metadata:
            name: r
          spec:
            headGroupSpec:
              rayStartParams: {}
              template:
                spec:
                  containers: [{name: ray-head, image: rayproject/ray:2.41.0}]
            workerGroupSpecs:
              - groupName: gpu
                replicas: 2
                rayStartParams: {plasma-directory: /tmp}
                template:
                  spec:
                    containers: [{name: ray-worker, image: rayproject/ray:2.41.0-gpu, resources: {limits: {nvidia.com/gpu: 4}}}]
        `,
        findings: [
          { line: 17, column: 114, message: /4 GPUs but no memory-backed emptyDir.*KubeRay mounts one only when/ },
        ],
      },
      {
        title: "an NCCL test under mpirun on workers with 8 GPUs each",
        yaml: dedent`
          apiVersion: kubeflow.org/v2beta1
          kind: MPIJob
          metadata:
            name: nccl
          spec:
            slotsPerWorker: 8
            mpiReplicaSpecs:
              Launcher:
                replicas: 1
                template:
                  spec:
                    containers: [{name: l, image: nccl-tests:2.13, command: [mpirun], args: [-np, "16", /opt/nccl-tests/build/all_reduce_perf, -b, 8, -e, 8G]}]
              Worker:
                replicas: 2
                template:
                  spec:
                    containers: [{name: w, image: nccl-tests:2.13, resources: {limits: {nvidia.com/gpu: 8}}}]
        `,
        findings: [{ line: 17, column: 95, message: /container "w" has 8 GPUs but no memory-backed emptyDir/ }],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    for (const g of w.podGroups) {
      if (!g.podSpec || !g.podSpecPath || isPartial(g)) continue;
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
          // The operator that builds the pod mounts one (KubeRay in every Ray head and worker pod).
          if (injectedSharedMemory(w, g, c, ctx.set.resources)) continue;
          // One process driving several GPUs (a JAX program, nvbandwidth) passes nothing through /dev/shm.
          if (!wide && drivesGpusFromOneProcess(w, g, c)) continue;
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
            message: `${containerLabel(c)} ${why} but no memory-backed emptyDir at /dev/shm: it gets the runtime's 64 MiB, and NCCL or DataLoader workers fail with "Bus error" / "No space left on device" under load${KUBERAY_SHARED_MEMORY.kinds.includes(`${r.group}/${r.kind}`) && g.role !== "submitter" ? ` (${KUBERAY_SHARED_MEMORY.operator} mounts one only when rayStartParams has no plasma-directory, in containers[0])` : ""}`,
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
        } else if (size !== undefined && memoryLimit(c) !== undefined && size > (memoryLimit(c) as number)) {
          const limit = getIn(c.value, ["resources", "limits", "memory"]);
          ctx.report({
            resource: r,
            path: [...emptyDirPath, "sizeLimit"],
            message: `the /dev/shm emptyDir ${volName}allows ${String(emptyDir.sizeLimit)}, more than the ${String(limit)} memory limit of ${containerLabel(c)}: pages written to a memory-backed emptyDir count against the container's memory, so it is OOM-killed long before /dev/shm fills; keep the sizeLimit below the memory limit, with room for the process`,
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
