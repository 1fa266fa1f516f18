import { NCCL_ENV_URL } from "../../catalog/nccl-env.js";
import { asArray, asObject, isObject } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { attachesNetworks, groupFacts } from "./_intent.js";
import { gpusPerPod } from "./_pod.js";

const TRAINING_GROUPS = new Set(["kubeflow.org", "trainer.kubeflow.org", "jobset.x-k8s.io", "batch.volcano.sh"]);
/** Devices and annotations of other fast fabrics, each handled by its own NCCL plugin (AWS EFA, GKE GPUDirect-TCPX / multi-network). */
const OTHER_FABRIC_RESOURCE = /^vpc\.amazonaws\.com\/efa$/;
const OTHER_FABRIC_ANNOTATION = /^networking\.gke\.io\//;
const NON_NCCL_BACKEND = /--(?:dist[-_])?backend[= ]+(?:gloo|mpi)\b/;

function requestsOtherFabric(list: unknown): boolean {
  return isObject(list) && Object.keys(list).some((n) => OTHER_FABRIC_RESOURCE.test(n));
}

function commandLine(c: Record<string, unknown>): string {
  return [...asArray(c.command), ...asArray(c.args)].filter((x) => typeof x === "string").join(" ");
}

export default defineRule({
  id: "network/tcp-fallback",
  category: "network",
  severity: "info",
  summary:
    "A multi-node GPU training job with no RDMA device, host network or secondary network: collectives will use TCP on the pod network",
  rationale:
    "Between nodes NCCL uses InfiniBand/RoCE verbs when it finds an RDMA device, and TCP sockets otherwise. A pod on the cluster network only (no RDMA resource, no Multus network, no hostNetwork) has just eth0, so every all-reduce crosses the overlay network over TCP: correct, but often several times slower than the fabric the nodes may have. This is information, not an error: small jobs and clusters without RDMA run this way on purpose.",
  remediation:
    "On a cluster with InfiniBand/RoCE, request the RDMA resource (and IPC_LOCK) or attach the RDMA network; otherwise nothing to do.",
  links: [
    { title: "NCCL environment variables", url: NCCL_ENV_URL },
    { title: "NVIDIA Network Operator", url: "https://docs.nvidia.com/networking/display/kubernetes2510/index.html" },
  ],
  examples: {
    valid: [
      {
        title: "a multi-node job with an RDMA device",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: t
          spec:
            pytorchReplicaSpecs:
              Worker:
                replicas: 4
                template:
                  spec:
                    containers:
                    - name: pytorch
                      image: x
                      securityContext: {capabilities: {add: [IPC_LOCK]}}
                      resources: {limits: {nvidia.com/gpu: 8, rdma/rdma_shared_device_a: 1}}
        `,
      },
      {
        title: "the gloo backend does not use NCCL",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: t
          spec:
            pytorchReplicaSpecs:
              Worker:
                replicas: 2
                template:
                  spec:
                    containers:
                    - name: pytorch
                      image: x
                      args: ["--backend", "gloo"]
                      resources: {limits: {nvidia.com/gpu: 1}}
        `,
      },
      {
        title: "a single-pod job",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: t
          spec:
            pytorchReplicaSpecs:
              Master:
                replicas: 1
                template:
                  spec:
                    containers:
                    - name: pytorch
                      image: x
                      resources: {limits: {nvidia.com/gpu: 8}}
        `,
      },
    ],
    invalid: [
      {
        title: "four GPU workers on the pod network only",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: t
          spec:
            pytorchReplicaSpecs:
              Worker:
                replicas: 4
                template:
                  spec:
                    containers:
                    - name: pytorch
                      image: x
                      resources: {limits: {nvidia.com/gpu: 8}}
        `,
        findings: [{ line: 10, column: 9, message: /4 GPU pods .*will use TCP sockets on the pod network/ }],
      },
    ],
  },
  workload(w, ctx) {
    if (!TRAINING_GROUPS.has(w.resource.group)) return;
    let gpuPods = 0;
    let first: (typeof w.podGroups)[number] | undefined;
    for (const g of w.podGroups) {
      if (gpusPerPod(g) <= 0) continue;
      const f = groupFacts(g, w, ctx.set);
      if (f.evidence.devices.length > 0 || f.evidence.networks.length > 0 || f.evidence.hostPaths.length > 0) return;
      if (f.hostNetwork || attachesNetworks(g)) return;
      if (Object.keys(g.podAnnotations).some((k) => OTHER_FABRIC_ANNOTATION.test(k))) return;
      // A DRA claim may bring a NIC (DRANET) or a multi-node NVLink domain (ComputeDomain): unknown here.
      if (asArray(g.podSpec?.resourceClaims).length > 0) return;
      // Not NCCL at all: torch.distributed with the gloo or MPI backend.
      if (g.containers.some((c) => NON_NCCL_BACKEND.test(commandLine(c.value)))) return;
      for (const c of g.containers) {
        // Only the names of mappings can be a fabric resource (the keys of a string or a list are indexes).
        const res = asObject(c.value.resources);
        if (requestsOtherFabric(res?.limits) || requestsOtherFabric(res?.requests)) return;
      }
      for (const env of f.env) {
        const net = env.get("NCCL_NET")?.value?.trim().toUpperCase();
        if (env.get("NCCL_IB_DISABLE")?.value?.trim() === "1" || (net !== undefined && net !== "IB")) return;
      }
      gpuPods += g.replicas ?? 0;
      first ??= g;
    }
    if (!first || gpuPods < 2) return;
    ctx.report({
      resource: w.resource,
      path: first.podSpecPath ?? ["spec"],
      at: "key",
      message: `${w.resource.kind} runs ${gpuPods} GPU pods with no RDMA device, secondary (Multus) network or host network: collective traffic between nodes (NCCL, or MPI) will use TCP sockets on the pod network`,
    });
  },
});
