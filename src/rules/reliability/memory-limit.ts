import { trainingRuntimeOf } from "../../model/gang.js";
import { containerAccelerators, resourcesPath } from "../../model/gpu.js";
import { isIdleContainer } from "../../model/idle.js";
import { kindTraits } from "../../model/kind-traits.js";
import { launchersOf } from "../../model/launcher.js";
import { isNodeAgent } from "../../model/node-agent.js";
import type { Path } from "../../model/path.js";
import { describeMatch } from "../../model/refs.js";
import { asArray, asObject, asString, getIn, namespacesMatch, type Resource } from "../../model/resource.js";
import { indexSet, perSet, type ResourceSet } from "../../model/set-index.js";
import { holdsWholeNode } from "../../model/whole-node.js";
import { isPartial, type PodGroup, type Workload } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { longRunningContainers, serverUse } from "./_serving.js";

/**
 * Namespaces of the LimitRanges in the set that give containers a memory limit: a Container item
 * with `default.memory`, or with `max.memory` (the API server defaults `default` to `max`), or a
 * Pod item with `max.memory` (pods without limits are then rejected). `undefined` stands for a
 * LimitRange with no namespace, which goes to the namespace of the apply.
 */
const boundingLimitRanges = perSet((set: ResourceSet): (string | undefined)[] => {
  const out: (string | undefined)[] = [];
  for (const lr of indexSet(set).ofKind("", "LimitRange")) {
    const bounds = asArray(getIn(lr.value, ["spec", "limits"])).some((item) => {
      const it = asObject(item);
      if (!it) return false;
      const type = asString(it.type) ?? "Container";
      if (type === "Container")
        return asObject(it.default)?.memory !== undefined || asObject(it.max)?.memory !== undefined;
      return type === "Pod" && asObject(it.max)?.memory !== undefined;
    });
    if (bounds) out.push(lr.namespace);
  }
  return out;
});

/** Priority classes reserved for cluster components (node agents, DNS): sized by the cluster operator. */
const CRITICAL_PRIORITY = new Set(["system-node-critical", "system-cluster-critical"]);

function hasMemoryLimit(resources: unknown): boolean {
  return asObject(asObject(resources)?.limits)?.memory !== undefined;
}

/** The group does ML work: it holds accelerators, runs a launcher or model server, or belongs to a training/Ray kind. */
function doesMlWork(w: Workload, g: PodGroup): boolean {
  if (kindTraits(w.resource).mlWork) return true;
  return longRunningContainers(g).some(
    (c) => containerAccelerators(c).length > 0 || launchersOf(c).length > 0 || serverUse(c) !== undefined,
  );
}

/** A TrainJob's trainer without resourcesPerNode keeps its runtime's resources: look the runtime up in the set. */
function trainJobRuntime(
  w: Workload,
  ctx: { set: ResourceSet },
): { name: string; matched: string; bounds: boolean; accelerators: boolean } | undefined {
  const ref = asObject(getIn(w.resource.value, ["spec", "runtimeRef"]));
  const name = asString(ref?.name);
  if (!name) return undefined;
  const runtime = trainingRuntimeOf(w.resource, ctx.set.resources);
  const rw = runtime ? indexSet(ctx.set).workloadOf(runtime) : undefined;
  if (!rw) return undefined;
  const node = rw.podGroups.find((g) => g.role === "node") ?? rw.podGroups.at(-1);
  const trainer = node?.containers.find((c) => c.role === "container");
  return trainer
    ? {
        name,
        matched: describeMatch(rw.resource),
        bounds: hasMemoryLimit(trainer.value.resources),
        accelerators: containerAccelerators(trainer).length > 0,
      }
    : undefined;
}

function describe(r: Resource): string {
  return r.namespace ? `namespace "${r.namespace}"` : "the namespace it is applied to";
}

export default defineRule({
  id: "reliability/memory-limit",
  category: "reliability",
  severity: "warning",
  summary: "An ML container sets no memory limit, and no LimitRange in the set gives its namespace a default",
  rationale:
    "A container without a memory limit may use all of the node's memory. When the node runs short, the kubelet evicts pods that use more than they requested and the kernel OOM killer kills processes — and the victims are not only the pod that grew: on a shared GPU node, one job's host-memory spike (DataLoader workers, a checkpoint read into RAM, pinned buffers, a model loaded on the CPU before it moves to the GPU) kills or evicts a neighbour's training job or inference server, hours into its run. A limit turns that into an OOM kill of the offending container alone. A LimitRange with a default memory limit in the namespace gives containers that set none a limit at admission, so the rule is quiet when the checked set has one for the workload's namespace (a LimitRange or a workload without a namespace matches any, as both go to the namespace of the apply). It checks pod groups that do ML work — they hold accelerators, run a launcher or model server (torchrun, DeepSpeed, vLLM, SGLang, TGI, Triton, Ray Serve), or belong to a training or Ray kind — and leaves alone what is sized elsewhere or legitimately unbounded: DaemonSets (device plugins, drivers and CNI agents are node infrastructure, whose memory the node reserves), pods of the system-node-critical and system-cluster-critical priority classes, KServe InferenceServices (the KServe defaulting webhook gives every component container the memory limit of the inferenceservice-config ConfigMap, 2Gi by default), Trainer runtimes (the TrainJob sizes the trainer), init containers (they run one at a time, before the app), and containers that only sleep, print or query devices (`nvidia-smi; sleep infinity`). A pod that holds every accelerator of its node (eight GPUs; all the GPUs of the machine type its node selector names, by `node.kubernetes.io/instance-type` from the instance-type catalog or GKE's `cloud.google.com/gke-accelerator-count`; or every chip of a TPU VM) is reported as info: no other job's pod shares that node. So is a workload that requests no accelerator at all (a CPU demo or XGBoost job): GPU node pools are usually tainted (GKE adds nvidia.com/gpu=present:NoSchedule to every GPU node pool), so its neighbours are CPU pods, not training jobs.",
  remediation:
    "Set resources.limits.memory on each container (for training, the host memory the data pipeline and checkpointing need; requests equal to limits make the pod Guaranteed, the last to be evicted), or add a LimitRange with a default memory limit to the namespace.",
  links: [
    {
      title: "Resource management for pods and containers (memory limits, OOM kill)",
      url: "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#how-pods-with-resource-limits-are-run",
    },
    {
      title: "Node-pressure eviction (which pods the kubelet evicts first)",
      url: "https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/#pod-selection-for-kubelet-eviction",
    },
    {
      title: "GKE: GPU node pools are tainted nvidia.com/gpu=present:NoSchedule",
      url: "https://cloud.google.com/kubernetes-engine/docs/how-to/gpus",
    },
    {
      title: "Limit Ranges (default limits per namespace)",
      url: "https://kubernetes.io/docs/concepts/policy/limit-range/",
    },
    {
      title: "Configure default memory requests and limits for a namespace",
      url: "https://kubernetes.io/docs/tasks/administer-cluster/manage-resources/memory-default-namespace/",
    },
    {
      title: "KServe InferenceService defaulting (setResourceRequirementDefaults)",
      url: "https://github.com/kserve/kserve/blob/master/pkg/apis/serving/v1beta1/inference_service_defaults.go",
    },
  ],
  examples: {
    valid: [
      {
        title: "a memory limit on the training container",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: bert
            namespace: ml
          spec:
            pytorchReplicaSpecs:
              Worker:
                replicas: 4
                template:
                  spec:
                    containers:
                      - name: pytorch
                        image: i
                        resources:
                          limits: {nvidia.com/gpu: 8, memory: 512Gi}
        `,
      },
      {
        title: "no limit, but a LimitRange in the set gives the namespace a default",
        yaml: dedent`
          apiVersion: v1
          kind: LimitRange
          metadata:
            name: defaults
            namespace: ml
          spec:
            limits:
              - type: Container
                default: {memory: 64Gi}
          ---
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: finetune
            namespace: ml
          spec:
            template:
              spec:
                restartPolicy: Never
                containers:
                  - name: train
                    image: i
                    command: [torchrun, --nproc_per_node=8, train.py]
                    resources:
                      limits: {nvidia.com/gpu: 8}
        `,
      },
      {
        title:
          "a LimitRange without a namespace (max only: the API server defaults the limit to it) covers a namespaced job",
        yaml: dedent`
          apiVersion: v1
          kind: LimitRange
          metadata:
            name: cap
          spec:
            limits:
              - type: Container
                max: {memory: 128Gi}
          ---
          apiVersion: trainer.kubeflow.org/v1alpha1
          kind: TrainJob
          metadata:
            name: ft
            namespace: team-a
          spec:
            runtimeRef: {name: torch-distributed}
            trainer:
              numNodes: 2
              resourcesPerNode:
                limits: {nvidia.com/gpu: 8}
        `,
      },
      {
        title: "a node agent DaemonSet and a GPU smoke test that only runs nvidia-smi",
        yaml: dedent`
          apiVersion: apps/v1
          kind: DaemonSet
          metadata:
            name: nvidia-device-plugin
          spec:
            template:
              spec:
                containers:
                  - name: plugin
                    image: nvcr.io/nvidia/k8s-device-plugin:v0.17.0
          ---
          apiVersion: v1
          kind: Pod
          metadata:
            name: smoke
          spec:
            containers:
              - name: ctr
                image: ubuntu:22.04
                command: [bash, -c]
                args: ["nvidia-smi -L; trap 'exit 0' TERM; sleep 9999 & wait"]
                resources:
                  limits: {nvidia.com/gpu: 1}
        `,
      },
    ],
    invalid: [
      {
        title: "4 GPUs on an a2-highgpu-4g node (its machine type has 4): a whole-node pod, info",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: tgi
          spec:
            template:
              spec:
                nodeSelector:
                  node.kubernetes.io/instance-type: a2-highgpu-4g
                containers:
                  - name: tgi
                    image: ghcr.io/huggingface/text-generation-inference:3.0.1
                    resources: {limits: {nvidia.com/gpu: 4}}
        `,
        findings: [{ line: 13, column: 31, severity: "info", message: /holds every accelerator of its node/ }],
      },
      {
        title: "a GPU training job with neither a memory limit nor a LimitRange for its namespace",
        yaml: dedent`
          apiVersion: v1
          kind: LimitRange
          metadata:
            name: other-team
            namespace: research
          spec:
            limits:
              - type: Container
                default: {memory: 8Gi}
          ---
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: llama
            namespace: ml
          spec:
            pytorchReplicaSpecs:
              Worker:
                replicas: 16
                template:
                  spec:
                    containers:
                      - name: pytorch
                        image: i
                        resources:
                          requests: {memory: 256Gi}
                          limits: {nvidia.com/gpu: 4}
        `,
        findings: [
          {
            line: 27,
            column: 25,
            message: /container "pytorch" sets no memory limit.*namespace "ml".*neighbour/,
            severity: "warning",
          },
        ],
      },
      {
        title: "a CPU-only PyTorchJob: info, as it does not share a tainted GPU node",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: cpu
          spec:
            pytorchReplicaSpecs:
              Worker:
                replicas: 2
                template:
                  spec:
                    containers: [{name: pytorch, image: demo:1, resources: {limits: {cpu: 2}}}]
        `,
        findings: [{ line: 11, column: 75, message: /requests no accelerator/, severity: "info" }],
      },
      {
        title: "a TrainJob whose runtime in the set holds no accelerator: info, like any CPU-only workload",
        yaml: dedent`
          apiVersion: trainer.kubeflow.org/v1alpha1
          kind: ClusterTrainingRuntime
          metadata:
            name: torch-cpu
          spec:
            mlPolicy: {numNodes: 1, torch: {}}
            template:
              spec:
                replicatedJobs:
                  - name: node
                    template:
                      spec:
                        template:
                          spec:
                            containers: [{name: node, image: pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime}]
          ---
          apiVersion: trainer.kubeflow.org/v1alpha1
          kind: TrainJob
          metadata:
            name: t
          spec:
            runtimeRef: {name: torch-cpu}
            trainer:
              numNodes: 2
        `,
        findings: [
          {
            line: 24,
            message:
              /TrainJob trainer \(resources from ClusterTrainingRuntime torch-cpu \(example.yaml:\d+\)\).*requests no accelerator/,
            severity: "info",
          },
        ],
      },
      {
        title: "whole-node pods (all eight GPUs; every chip of a TPU VM in a 4x4 slice): info, there is no neighbour",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: train
                image: i
                command: [torchrun, --nproc-per-node=8, train.py]
                resources: {limits: {nvidia.com/gpu: 8}}
          ---
          apiVersion: jobset.x-k8s.io/v1alpha2
          kind: JobSet
          metadata:
            name: tpu
          spec:
            replicatedJobs:
              - name: slice
                replicas: 2
                template:
                  spec:
                    parallelism: 4
                    completions: 4
                    template:
                      spec:
                        nodeSelector:
                          cloud.google.com/gke-tpu-accelerator: tpu-v6e-slice
                          cloud.google.com/gke-tpu-topology: 4x4
                        containers:
                          - name: jax
                            image: jax:0.6
                            resources: {limits: {google.com/tpu: 4}}
        `,
        findings: [
          { line: 10, column: 27, message: /holds every accelerator of its node/, severity: "info" },
          { line: 32, column: 39, message: /holds every accelerator of its node/, severity: "info" },
        ],
      },
      {
        title:
          "every chip of a TPU VM, from the accelerator or the machine type (TPU7x VMs all have four chips; v6e 2x4 on ct6e-standard-4t): info; v6e 2x4 alone may be one VM of eight, shared: a warning",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: ironwood
          spec:
            nodeSelector:
              cloud.google.com/gke-tpu-accelerator: tpu7x
            containers:
              - name: jax
                image: jax:0.6
                resources: {limits: {google.com/tpu: 4}}
          ---
          apiVersion: v1
          kind: Pod
          metadata:
            name: trillium-4t
          spec:
            nodeSelector:
              cloud.google.com/gke-tpu-accelerator: tpu-v6e-slice
              cloud.google.com/gke-tpu-topology: 2x4
              node.kubernetes.io/instance-type: ct6e-standard-4t
            containers:
              - name: jax
                image: jax:0.6
                resources: {limits: {google.com/tpu: 4}}
          ---
          apiVersion: v1
          kind: Pod
          metadata:
            name: trillium
          spec:
            nodeSelector:
              cloud.google.com/gke-tpu-accelerator: tpu-v6e-slice
              cloud.google.com/gke-tpu-topology: 2x4
            containers:
              - name: jax
                image: jax:0.6
                resources: {limits: {google.com/tpu: 4}}
        `,
        findings: [
          { line: 11, column: 27, message: /holds every accelerator of its node/, severity: "info" },
          { line: 25, column: 27, message: /holds every accelerator of its node/, severity: "info" },
          { line: 38, column: 27, message: /on a shared GPU node/, severity: "warning" },
        ],
      },
      {
        title: "a TrainJob that sizes its nodes by GPUs only",
        yaml: dedent`
          apiVersion: trainer.kubeflow.org/v1alpha1
          kind: TrainJob
          metadata:
            name: ft
          spec:
            runtimeRef: {name: torch-distributed}
            trainer:
              numNodes: 2
              resourcesPerNode:
                requests: {cpu: 32}
                limits: {nvidia.com/gpu: 8}
        `,
        findings: [
          {
            line: 11,
            column: 15,
            message: /the TrainJob trainer sets no memory limit.*set resourcesPerNode.limits.memory$/,
          },
        ],
      },
      {
        title: "a vLLM server with no resources block at all: one finding per pod group, naming each container",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: llm
          spec:
            replicas: 3
            template:
              spec:
                containers:
                  - name: vllm
                    image: vllm/vllm-openai:v0.9.0
                    args: [--model, meta-llama/Llama-3.1-8B-Instruct]
                  - name: metrics
                    image: exporter
                    command: [exporter, --port, "9400"]
        `,
        findings: [{ line: 10, column: 17, message: /containers "vllm", "metrics" set no memory limit/ }],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    const traits = kindTraits(r);
    if (isNodeAgent(w) || traits.memoryLimitInjected || traits.template) return;
    if (boundingLimitRanges(ctx.set).some((ns) => namespacesMatch(ns, r.namespace))) return;
    for (const g of w.podGroups) {
      if (CRITICAL_PRIORITY.has(asString(g.podSpec?.priorityClassName) ?? "")) continue;
      if (isPartial(g)) continue; // an overlay: its base may set the limit
      // Pod-level resources (spec.resources) bound the whole pod.
      if (g.podSpec && hasMemoryLimit(g.podSpec.resources)) continue;
      if (!doesMlWork(w, g)) continue;
      // An MPI launcher runs mpirun and a RayJob submitter runs `ray job submit`: neither holds data.
      if (
        (g.role === "Launcher" || g.role === "submitter") &&
        !g.containers.some((c) => containerAccelerators(c).length > 0)
      )
        continue;
      const unbounded = longRunningContainers(g).filter((c) => {
        if (c.role === "trainer") {
          if (c.value.resourcesPerNode !== undefined) return !hasMemoryLimit(c.value.resourcesPerNode);
          return trainJobRuntime(w, ctx)?.bounds === false;
        }
        return !hasMemoryLimit(c.value.resources) && !isIdleContainer(c);
      });
      const first = unbounded[0];
      if (!first) continue;
      const names = unbounded.map((c) => (c.role === "trainer" ? "the TrainJob trainer" : `"${c.name ?? "?"}"`));
      const who =
        unbounded.length === 1
          ? first.role === "trainer"
            ? first.value.resourcesPerNode === undefined
              ? `the TrainJob trainer (resources from ${trainJobRuntime(w, ctx)?.matched}) sets`
              : "the TrainJob trainer sets"
            : `container ${names[0]} sets`
          : `containers ${names.join(", ")} set`;
      const res = getIn(r.value, resourcesPath(first));
      const path: Path =
        first.role === "trainer" && first.value.resourcesPerNode === undefined
          ? first.path
          : asObject(res)?.limits !== undefined
            ? [...resourcesPath(first), "limits"]
            : res !== undefined
              ? resourcesPath(first)
              : [...first.path, "name"];
      const field = `${first.role === "trainer" ? "resourcesPerNode" : "resources"}.limits.memory`;
      // A workload that requests no accelerator anywhere is kept off tainted GPU nodes: its neighbours are CPU pods.
      const cpuOnly =
        !w.podGroups.some((x) => x.containers.some((c) => containerAccelerators(c).length > 0)) &&
        (first.role !== "trainer" ||
          first.value.resourcesPerNode !== undefined ||
          trainJobRuntime(w, ctx)?.accelerators === false);
      if (cpuOnly) {
        ctx.report({
          resource: r,
          path,
          severity: "info",
          message: `${who} no memory limit, and no LimitRange in the set gives ${describe(r)} a default; it requests no accelerator, so it does not share a (tainted) GPU node with training jobs or servers, but a memory spike can still take down the CPU pods beside it; set ${field}`,
        });
        continue;
      }
      // A pod that holds every accelerator of its node has no ML neighbour there to take down.
      if (holdsWholeNode(g)) {
        ctx.report({
          resource: r,
          path,
          severity: "info",
          message: `${who} no memory limit, and no LimitRange in the set gives ${describe(r)} a default; the pod holds every accelerator of its node, so no other job shares the node's memory, but a runaway process can still starve the node's own agents; set ${field}`,
        });
        continue;
      }
      ctx.report({
        resource: r,
        path,
        message: `${who} no memory limit, and no LimitRange in the set gives ${describe(r)} a default: it can take all of the node's memory, and when the node runs out the kubelet and the kernel OOM killer take other pods with it — on a shared GPU node a host-memory spike here kills a neighbour's training job or server; set ${field}`,
      });
    }
  },
});
