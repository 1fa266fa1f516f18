import { ENV_PARALLELISM } from "../../catalog/serving.js";
import { appContainers, containerAccelerators, containerGpuCount, podGpuCount } from "../../model/gpu.js";
import { intValue, type LauncherInvocation, type LauncherOption, launchersOf, optionOf } from "../../model/launcher.js";
import { isLlmService, llmGpusPerPod } from "../../model/llmisvc.js";
import type { Path } from "../../model/path.js";
import { asArray, asObject, asString, getIn, type Resource } from "../../model/resource.js";
import { type ContainerView, type PodGroup, totalPods, type Workload } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
import { defineRule, type RuleContext } from "../types.js";
import { containerLabel, envLookup, groupsSummary, lineOf, wholeNumber } from "./_util.js";

type Env = (name: string) => string | undefined;

/** Pods a torchrun `--nnodes` must match, and how that number was counted. */
function expectedNodes(w: Workload, g: PodGroup): { n: number; how: string } | undefined {
  const r = w.resource;
  switch (`${r.group}/${r.kind}`) {
    case "kubeflow.org/PyTorchJob":
    case "batch.volcano.sh/Job": {
      const n = totalPods(w);
      return n === undefined ? undefined : { n, how: `the ${r.kind} runs ${n} pods (${groupsSummary(w)})` };
    }
    case "leaderworkerset.x-k8s.io/LeaderWorkerSet": {
      const size = wholeNumber(getIn(r.value, ["spec", "leaderWorkerTemplate", "size"])) ?? 1;
      return { n: size, how: `each LeaderWorkerSet group has size ${size}` };
    }
    case "/Pod":
      return { n: 1, how: "a Pod is one node" };
    case "batch/Job":
    case "batch/CronJob":
    case "jobset.x-k8s.io/JobSet":
    case "apps/StatefulSet":
      return g.replicas === undefined
        ? undefined
        : { n: g.replicas, how: `the ${g.role === "pod" ? r.kind : `"${g.role}" group`} runs ${g.replicas} pods` };
    default:
      return undefined;
  }
}

function lineNote(r: Resource, path: Path | undefined): string {
  const line = path ? lineOf(r, path) : undefined;
  return line === undefined ? "" : ` (line ${line})`;
}

interface Ctx {
  w: Workload;
  g: PodGroup;
  c: ContainerView;
  gpus: number;
  gpuPath: Path | undefined;
  env: Env;
  ctx: RuleContext;
}

function report(x: Ctx, at: LauncherOption | LauncherInvocation, message: string, severity: "error" | "warning") {
  x.ctx.report({ resource: x.w.resource, path: at.path, message, severity });
}

function opt(inv: LauncherInvocation, env: Env, ...names: string[]) {
  const o = optionOf(inv, ...names);
  return o ? { o, n: intValue(o.value, env) } : undefined;
}

/** Compares processes per pod against the container's GPUs. */
function perPod(x: Ctx, inv: LauncherInvocation, o: LauncherOption, n: number, what: string) {
  if (x.gpus <= 0 || n === x.gpus) return;
  const where = `${containerLabel(x.c)} has ${x.gpus} GPU${x.gpus === 1 ? "" : "s"}${lineNote(x.w.resource, x.gpuPath)}`;
  if (n > x.gpus) {
    report(
      x,
      o,
      `${inv.label} ${what} ${n} but ${where}: ${n - x.gpus} process${n - x.gpus === 1 ? "" : "es"} find no GPU of their own — NCCL fails with "Duplicate GPU detected" or CUDA with "invalid device ordinal"`,
      "error",
    );
  } else {
    report(
      x,
      o,
      `${inv.label} ${what} ${n} but ${where}: ${x.gpus - n} GPU${x.gpus - n === 1 ? "" : "s"} stay idle while allocated`,
      "warning",
    );
  }
}

function checkTorchrun(x: Ctx, inv: LauncherInvocation) {
  const nproc = opt(inv, x.env, "nproc-per-node");
  if (nproc?.n !== undefined) perPod(x, inv, nproc.o, nproc.n, `${nproc.o.raw}`);
  const nnodes = optionOf(inv, "nnodes");
  const expected = nnodes ? expectedNodes(x.w, x.g) : undefined;
  if (!nnodes?.value || !expected || expected.n <= 0) return;
  let value = nnodes.value;
  const ref = intValue(value, x.env);
  if (ref !== undefined) value = String(ref);
  const m = /^([0-9]+)(?::([0-9]+))?$/.exec(value);
  if (!m) return;
  const min = Number.parseInt(m[1] as string, 10);
  const max = m[2] === undefined ? min : Number.parseInt(m[2], 10);
  if (expected.n >= min && expected.n <= max) return;
  const tail =
    expected.n < min
      ? `the rendezvous waits for ${min} nodes that never come and the job hangs`
      : `the pods beyond ${max} cannot join the rendezvous and fail`;
  report(x, nnodes, `${inv.label} ${nnodes.raw} ${nnodes.value} but ${expected.how}: ${tail}`, "error");
}

/** GPUs one group of an LWS (leader + size-1 workers) or the container alone offers to a model server. */
function serverGpus(x: Ctx): { n: number; how: string } {
  const r = x.w.resource;
  if (r.group === "leaderworkerset.x-k8s.io" && x.g.role === "leader") {
    const size = wholeNumber(getIn(r.value, ["spec", "leaderWorkerTemplate", "size"])) ?? 1;
    const worker = x.w.podGroups.find((p) => p.role === "worker");
    const perWorker = worker && size > 1 ? podGpuCount(worker) : 0;
    if (size > 1) {
      const n = x.gpus + perWorker * (size - 1);
      return { n, how: `the LeaderWorkerSet group has ${n} GPUs (leader ${x.gpus} + ${size - 1} × ${perWorker})` };
    }
  }
  return {
    n: x.gpus,
    how: `${containerLabel(x.c)} has ${x.gpus} GPU${x.gpus === 1 ? "" : "s"}${lineNote(r, x.gpuPath)}`,
  };
}

function checkServer(x: Ctx, inv: LauncherInvocation) {
  if (x.gpus <= 0) return;
  const parts: { o: LauncherOption; n: number }[] = [];
  const take = (...names: string[]) => {
    const v = opt(inv, x.env, ...names);
    if (v && v.n === undefined) return false;
    if (v && v.n !== undefined) parts.push({ o: v.o, n: v.n });
    return true;
  };
  let known = true;
  let machines = 1;
  if (inv.kind === "vllm") {
    known =
      take("tensor-parallel-size", "tp") && take("pipeline-parallel-size", "pp") && take("data-parallel-size", "dp");
    if (optionOf(inv, "data-parallel-size-local", "data-parallel-address", "headless", "nnodes")) return;
  } else if (inv.kind === "sglang") {
    known = take("tp-size", "tp") && take("pp-size");
    if (!optionOf(inv, "enable-dp-attention")) known = known && take("dp-size", "dp");
    const nn = opt(inv, x.env, "nnodes");
    if (nn && nn.n === undefined) return;
    machines = nn?.n ?? 1;
  } else {
    const shard = opt(inv, x.env, "num-shard");
    if (shard?.n !== undefined) perPod(x, inv, shard.o, shard.n, shard.o.raw);
    return;
  }
  if (!known) return;
  const need = parts.reduce((p, v) => p * v.n, 1);
  // With --nnodes every pod runs its own server process over its own GPUs.
  const have =
    machines > 1
      ? {
          n: x.gpus,
          how: `${containerLabel(x.c)} has ${x.gpus} GPU${x.gpus === 1 ? "" : "s"}${lineNote(x.w.resource, x.gpuPath)}`,
        }
      : serverGpus(x);
  const total = have.n * machines;
  if (need === total) return;
  const formula =
    parts.length === 0
      ? "runs on 1 GPU by default (no --tensor-parallel-size)"
      : `${parts.map((p) => `${p.o.raw} ${p.n}`).join(" × ")}${parts.length > 1 ? ` = ${need} GPUs` : ""}`;
  const machinesNote = machines > 1 ? ` × --nnodes ${machines} = ${total}` : "";
  const at = parts[0]?.o ?? inv;
  if (need > total) {
    report(
      x,
      at,
      `${inv.label} ${formula} but ${have.how}${machinesNote}: the server stops at start-up (parallel size exceeds the available GPUs) and the pod crash-loops`,
      "error",
    );
  } else {
    report(
      x,
      at,
      `${inv.label} ${formula} but ${have.how}${machinesNote}: ${total - need} GPUs stay idle while allocated`,
      "warning",
    );
  }
}

/** GPUs per node when the launcher's own container has none (an MPIJob launcher drives the workers). */
function nodeGpus(w: Workload, g: PodGroup, c: ContainerView): { n: number; path: Path | undefined } {
  const own = containerAccelerators(c);
  if (own.length > 0) return { n: containerGpuCount(c), path: own[0]?.path };
  if (w.resource.kind === "MPIJob" && g.role.toLowerCase() === "launcher") {
    for (const other of w.podGroups) {
      if (other === g) continue;
      for (const oc of appContainers(other)) {
        const accs = containerAccelerators(oc);
        if (accs.length > 0) return { n: containerGpuCount(oc), path: accs[0]?.path };
      }
    }
  }
  return { n: 0, path: undefined };
}

/**
 * A server configured by environment variables (NIM): its tensor × pipeline parallelism is the GPUs
 * one process uses; in a multi-host group (LeaderWorkerSet) each pod holds one pipeline stage, so
 * the tensor size alone is the pod's GPUs.
 */
function checkEnvParallelism(w: Workload, g: PodGroup, c: ContainerView, ctx: RuleContext) {
  const env = envLookup(c);
  const gpus = nodeGpus(w, g, c);
  if (gpus.n === 0) return;
  for (const e of ENV_PARALLELISM) {
    const tp = wholeNumber(env(e.tensor));
    if (tp === undefined) continue;
    const pp = wholeNumber(env(e.pipeline)) ?? 1;
    const multiHost = w.resource.group === "leaderworkerset.x-k8s.io";
    const used = multiHost ? tp : tp * pp;
    if (used === gpus.n) continue;
    const i = asArray(c.value.env).findIndex((x) => asString(asObject(x)?.name) === e.tensor);
    const how = multiHost
      ? `${e.tensor}=${tp}`
      : pp > 1
        ? `${e.tensor}=${tp} × ${e.pipeline}=${pp}`
        : `${e.tensor}=${tp}`;
    ctx.report({
      resource: w.resource,
      path: i >= 0 ? [...c.path, "env", i, "value"] : [...c.path, "env"],
      severity: used > gpus.n ? "error" : "warning",
      message: `${e.server}: ${how} uses ${used} GPUs but ${containerLabel(c)} has ${gpus.n}${lineNote(w.resource, gpus.path)}: ${used > gpus.n ? "the server cannot place its shards and fails to start" : `${gpus.n - used} GPUs stay idle`}`,
    });
  }
}

function checkKubeflowNproc(w: Workload, ctx: RuleContext) {
  const r = w.resource;
  if (r.group === "kubeflow.org" && r.kind === "PyTorchJob") {
    for (const path of [
      ["spec", "nprocPerNode"],
      ["spec", "elasticPolicy", "nProcPerNode"],
    ]) {
      const n = wholeNumber(getIn(r.value, path));
      if (n === undefined) continue;
      for (const g of w.podGroups) {
        const c = appContainers(g).find((k) => k.name === "pytorch") ?? appContainers(g)[0];
        const accs = c ? containerAccelerators(c) : [];
        const gpus = accs.reduce((s, a) => s + a.count, 0);
        if (!c || gpus === 0 || gpus === n) continue;
        ctx.report({
          resource: r,
          path,
          severity: n > gpus ? "error" : "warning",
          message: `${path.at(-1)} ${n} but ${g.role} ${containerLabel(c)} has ${gpus} GPUs${lineNote(r, accs[0]?.path)}: ${n > gpus ? `${n - gpus} processes per pod find no GPU of their own` : `${gpus - n} GPUs per pod stay idle`}`,
        });
        break;
      }
    }
  }
  if (r.group === "trainer.kubeflow.org" && (r.kind === "TrainingRuntime" || r.kind === "ClusterTrainingRuntime")) {
    // The MPI plugin replaces numProcPerNode 1 by the GPU count itself (mpi.go); other values are used as given.
    const path = ["spec", "mlPolicy", "mpi", "numProcPerNode"];
    const n = wholeNumber(getIn(r.value, path));
    if (n !== undefined && n > 1) {
      for (const g of w.podGroups) {
        const c = appContainers(g).find((k) => k.name === "node");
        const accs = c ? containerAccelerators(c) : [];
        const gpus = accs.reduce((s, a) => s + a.count, 0);
        if (!c || gpus === 0 || gpus === n) continue;
        ctx.report({
          resource: r,
          path,
          severity: n > gpus ? "error" : "warning",
          message: `mlPolicy.mpi.numProcPerNode ${n} but the "node" container of "${g.role}" has ${gpus} GPUs${lineNote(r, accs[0]?.path)}: ${n > gpus ? `${n - gpus} MPI ranks per node find no GPU of their own` : `${gpus - n} GPUs per node stay idle`}`,
        });
        break;
      }
    }
  }
  if (r.group === "trainer.kubeflow.org" && r.kind === "TrainJob") {
    const path = ["spec", "trainer", "numProcPerNode"];
    const n = wholeNumber(getIn(r.value, path));
    const c = w.podGroups[0]?.containers[0];
    if (n === undefined || !c) return;
    const accs = containerAccelerators(c);
    const gpus = accs.reduce((s, a) => s + a.count, 0);
    if (gpus === 0 || gpus === n) return;
    ctx.report({
      resource: r,
      path,
      severity: n > gpus ? "error" : "warning",
      message: `numProcPerNode ${n} but resourcesPerNode gives ${gpus} GPUs${lineNote(r, accs[0]?.path)}: ${n > gpus ? `${n - gpus} processes per node find no GPU of their own` : `${gpus - n} GPUs per node stay idle`}`,
    });
  }
}

/**
 * An LLMInferenceService's parallelism block against the GPUs of its model-server pods: the
 * preset's vLLM command shards over tensor (× dataLocal on a data-parallel LeaderWorkerSet) GPUs
 * per pod (model/llmisvc.ts). Judged only where the template writes a GPU count.
 */
function checkLlmService(w: Workload, ctx: RuleContext) {
  const r = w.resource;
  if (!isLlmService(r)) return;
  for (const g of w.podGroups) {
    const need = llmGpusPerPod(r, g);
    const main = g.containers.find((c) => c.role === "container" && c.name === "main");
    if (!need || !main) continue;
    const accs = containerAccelerators(main);
    const gpus = containerGpuCount(main);
    if (gpus <= 0 || gpus === need.n) continue;
    const where = `container "main" of ${g.role} has ${gpus} GPU${gpus === 1 ? "" : "s"}${lineNote(r, accs[0]?.path)}`;
    // No parallelism block written: the finding sits at the GPU count it disagrees with.
    const at = getIn(r.value, need.path) === undefined ? (accs[0]?.path ?? need.path) : need.path;
    ctx.report({
      resource: r,
      path: at,
      severity: need.n > gpus ? "error" : "warning",
      message:
        need.n > gpus
          ? `${need.formula} = ${need.n} GPUs per pod for the preset's vLLM command, but ${where}: vLLM stops at start-up (parallel size exceeds the available GPUs) and the pod crash-loops`
          : `${need.formula} = ${need.n} GPU${need.n === 1 ? "" : "s"} per pod for the preset's vLLM command, but ${where}: ${gpus - need.n} GPU${gpus - need.n === 1 ? "" : "s"} per pod stay idle while allocated`,
    });
  }
}

export default defineRule({
  id: "gpu/launcher-gpu-count",
  category: "gpu",
  severity: "error",
  summary:
    "A launcher's process count or parallelism (torchrun, deepspeed, accelerate, vLLM, SGLang, TGI, nprocPerNode) does not match the GPUs it gets",
  rationale:
    'Launchers start one process per GPU, and model servers shard a model over a fixed number of GPUs; neither asks Kubernetes how many it got. More processes than GPUs and NCCL fails with "Duplicate GPU detected" or CUDA with "invalid device ordinal"; fewer, and the extra GPUs stay allocated and idle. A vLLM server whose tensor-parallel × pipeline-parallel size exceeds its GPUs stops at start-up and the pod crash-loops. torchrun --nnodes different from the pods that exist makes the rendezvous wait forever, or leaves pods out. The numbers live in the command line, far from the resources block, so they drift apart when one is edited.',
  remediation:
    "Make the per-pod process count (--nproc_per_node, --num_gpus, nprocPerNode, numProcPerNode) equal the container's GPU limit, --num_processes equal GPUs × machines, tensor × pipeline parallel size equal the GPUs of the pod (or of the LeaderWorkerSet group), and --nnodes equal the pods of the job; or derive them from the environment the operator injects (PET_NPROC_PER_NODE, PET_NNODES).",
  links: [
    { title: "torchrun (Elastic Launch)", url: "https://docs.pytorch.org/docs/stable/elastic/run.html" },
    {
      title: "vLLM distributed serving",
      url: "https://docs.vllm.ai/en/latest/serving/distributed_serving.html",
    },
    { title: "kubeflow/trainer#1992 (nproc_per_node vs GPUs)", url: "https://github.com/kubeflow/trainer/issues/1992" },
    {
      title: "vllm-project/vllm#6938 (TP × PP must match the GPUs)",
      url: "https://github.com/vllm-project/vllm/issues/6938",
    },
  ],
  examples: {
    valid: [
      {
        title:
          'accelerate with one process over all GPUs (--gpu_ids all, device_map="auto"), as kaito\'s presets run a model',
        yaml: dedent`
          apiVersion: apps/v1
          kind: StatefulSet
          metadata:
            name: falcon-7b
          spec:
            template:
              spec:
                containers:
                  - name: model
                    image: mcr.microsoft.com/aks/kaito/kaito-falcon-7b:0.0.6
                    command: [/bin/sh, -c, "accelerate launch --num_processes 1 --num_machines 1 --machine_rank 0 --gpu_ids all inference_api.py --pipeline text-generation --torch_dtype bfloat16"]
                    resources:
                      limits:
                        nvidia.com/gpu: 2
        `,
      },
      {
        title:
          "an LLMInferenceService on data-parallel pods: tensor 1 × dataLocal 8 = the 8 GPUs of each pod (the preset's vLLM command)",
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
        title: "numbers that agree",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: ok
          spec:
            nprocPerNode: "4"
            pytorchReplicaSpecs:
              Master:
                replicas: 1
                template:
                  spec:
                    containers:
                      - name: pytorch
                        image: i
                        command: [torchrun, --nnodes=3, --nproc_per_node=4, train.py, --nnodes, "99"]
                        resources: {limits: {nvidia.com/gpu: 4}}
              Worker:
                replicas: 2
                template:
                  spec:
                    containers:
                      - name: pytorch
                        image: i
                        command: [/bin/bash, -c]
                        args: ["torchrun --nnodes 3 --nproc_per_node $NPROC train.py"]
                        env: [{name: NPROC, value: "4"}]
                        resources: {limits: {nvidia.com/gpu: 4}}
        `,
      },
      {
        title: "a vLLM leader spanning a LeaderWorkerSet group",
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
                      image: vllm/vllm-openai:latest
                      command: [sh, -c, "ray start --head && vllm serve m --tensor-parallel-size 8 --pipeline_parallel_size 2"]
                      resources: {limits: {nvidia.com/gpu: "8"}}
              workerTemplate:
                spec:
                  containers:
                    - name: vllm-worker
                      image: vllm/vllm-openai:latest
                      command: [sh, -c, "ray start --block --address=$LWS_LEADER_ADDRESS:6379"]
                      resources: {limits: {nvidia.com/gpu: "8"}}
        `,
      },
    ],
    invalid: [
      {
        title: "an LLMInferenceService whose tensor parallelism exceeds the GPUs of its pod",
        yaml: dedent`
          apiVersion: serving.kserve.io/v1alpha1
          kind: LLMInferenceService
          metadata:
            name: qwen
          spec:
            model: {uri: "hf://Qwen/Qwen2.5-72B-Instruct", name: qwen}
            parallelism:
              tensor: 4
            template:
              containers:
                - name: main
                  resources:
                    limits: {nvidia.com/gpu: "2"}
                    requests: {nvidia.com/gpu: "2"}
        `,
        findings: [
          { line: 8, column: 13, severity: "error", message: /parallelism.tensor 4 = 4 GPUs per pod.*has 2 GPUs/ },
        ],
      },
      {
        title: "NVIDIA NIM started with NIM_TENSOR_PARALLEL_SIZE 2 in a pod of 8 GPUs",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: nim
          spec:
            template:
              spec:
                containers:
                  - name: nim
                    image: nvcr.io/nim/google/gemma-3-27b-it:1.0.0
                    env:
                      - name: NIM_TENSOR_PARALLEL_SIZE
                        value: "2"
                    resources:
                      limits:
                        nvidia.com/gpu: 8
        `,
        findings: [
          {
            line: 13,
            column: 22,
            severity: "warning",
            message:
              /NVIDIA NIM: NIM_TENSOR_PARALLEL_SIZE=2 uses 2 GPUs but container "nim" has 8 \(line 16\): 6 GPUs stay idle/,
          },
        ],
      },
      {
        title: "torchrun asks for more processes and nodes than exist",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: bad
          spec:
            pytorchReplicaSpecs:
              Worker:
                replicas: 2
                template:
                  spec:
                    containers:
                      - name: pytorch
                        image: i
                        command: [torchrun, --nnodes, "4", --nproc_per_node, "8", train.py]
                        resources:
                          limits: {nvidia.com/gpu: 4}
        `,
        findings: [
          { line: 14, column: 45, message: /--nnodes 4 but the PyTorchJob runs 2 pods \(Worker 2\).*waits/ },
          { line: 14, column: 68, message: /--nproc_per_node 8 but container "pytorch" has 4 GPUs \(line 16\)/ },
        ],
      },
      {
        title: "vLLM tensor parallelism above the pod's GPUs, and deepspeed using fewer GPUs than it has",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: vllm
          spec:
            template:
              spec:
                containers:
                  - name: vllm
                    image: vllm/vllm-openai:v0.9.0
                    args: [--model, m, --tensor-parallel-size, "4"]
                    resources:
                      limits: {nvidia.com/gpu: 2}
                  - name: ds
                    image: i
                    command: [bash, -c, "deepspeed --num_gpus=2 train.py"]
                    resources:
                      limits: {nvidia.com/gpu: 4}
        `,
        findings: [
          {
            line: 11,
            column: 54,
            message: /--tensor-parallel-size 4 but container "vllm" has 2 GPUs \(line 13\).*crash-loops/,
          },
          {
            line: 16,
            column: 31,
            message: /deepspeed --num_gpus 2 but container "ds" has 4 GPUs.*2 GPUs stay idle/,
            severity: "warning",
          },
        ],
      },
      {
        title: "PyTorchJob nprocPerNode and TrainJob numProcPerNode",
        yaml: dedent`
          apiVersion: trainer.kubeflow.org/v1alpha1
          kind: TrainJob
          metadata:
            name: t
          spec:
            runtimeRef: {name: torch-distributed}
            trainer:
              numNodes: 2
              numProcPerNode: 8
              resourcesPerNode:
                limits: {nvidia.com/gpu: 4}
        `,
        findings: [{ line: 9, column: 21, message: /numProcPerNode 8 but resourcesPerNode gives 4 GPUs \(line 11\)/ }],
      },
      {
        title: "an MPI runtime with more ranks per node than GPUs",
        yaml: dedent`
          apiVersion: trainer.kubeflow.org/v1alpha1
          kind: ClusterTrainingRuntime
          metadata:
            name: mpi
          spec:
            mlPolicy:
              numNodes: 2
              mpi:
                numProcPerNode: 8
            template:
              spec:
                replicatedJobs:
                  - name: node
                    template:
                      spec:
                        template:
                          spec:
                            containers:
                              - name: node
                                image: i
                                resources:
                                  limits: {nvidia.com/gpu: 4}
        `,
        findings: [
          {
            line: 9,
            column: 23,
            message: /numProcPerNode 8 but the "node" container of "node" has 4 GPUs \(line 22\)/,
          },
        ],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    checkLlmService(w, ctx);
    for (const g of w.podGroups) {
      for (const c of appContainers(g)) {
        checkEnvParallelism(w, g, c, ctx);
        const launchers = launchersOf(c);
        if (launchers.length === 0) continue;
        const node = nodeGpus(w, g, c);
        const own = envLookup(c);
        // LeaderWorkerSet injects LWS_GROUP_SIZE (the group's size) into every pod.
        const lwsSize =
          r.group === "leaderworkerset.x-k8s.io"
            ? String(wholeNumber(getIn(r.value, ["spec", "leaderWorkerTemplate", "size"])) ?? 1)
            : undefined;
        const env: Env = (name) => own(name) ?? (name === "LWS_GROUP_SIZE" ? lwsSize : undefined);
        const x: Ctx = { w, g, c, gpus: node.n, gpuPath: node.path, env, ctx };
        for (const inv of launchers) {
          if (inv.kind === "torchrun") checkTorchrun(x, inv);
          else if (inv.kind === "deepspeed") {
            const v = opt(inv, x.env, "num-gpus", "num-accelerators");
            if (v?.n !== undefined) perPod(x, inv, v.o, v.n, v.o.raw);
          } else if (inv.kind === "accelerate") {
            const v = opt(inv, x.env, "num-processes");
            const machines = opt(inv, x.env, "num-machines");
            if (v?.n === undefined || (machines && machines.n === undefined)) continue;
            const m = machines?.n ?? 1;
            // `--num_processes 1 --gpu_ids all`: one process that spreads one model over every GPU
            // (`device_map="auto"`, as kaito's transformers presets run it), not one process per GPU.
            const oneOverAll = v.n === 1 && optionOf(inv, "gpu-ids")?.value === "all";
            if (oneOverAll) continue;
            if (m === 1) perPod(x, inv, v.o, v.n, v.o.raw);
            else if (x.gpus > 0 && v.n !== x.gpus * m) {
              report(
                x,
                v.o,
                `${inv.label} ${v.o.raw} ${v.n} but ${m} machines × ${x.gpus} GPUs = ${x.gpus * m}${lineNote(r, x.gpuPath)}: ${v.n > x.gpus * m ? "processes find no GPU of their own" : `${x.gpus * m - v.n} GPUs stay idle`}`,
                v.n > x.gpus * m ? "error" : "warning",
              );
            }
          } else if (r.group !== "ray.io" && !w.podGroups.some((p) => p.role.endsWith("-worker"))) {
            checkServer(x, inv);
          }
        }
      }
    }
    checkKubeflowNproc(w, ctx);
  },
});
