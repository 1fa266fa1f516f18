import { classifyResource, containerDeviceRequests, definedResources } from "../../model/rdma.js";
import { isPartial } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { hasIpcLock, isPrivileged } from "./_pod.js";

export default defineRule({
  id: "network/rdma-without-ipc-lock",
  category: "network",
  severity: "error",
  summary: "A container requests an RDMA device but does not add the IPC_LOCK capability",
  rationale:
    "RDMA needs to pin (lock) the memory it registers with the NIC. A container's locked-memory limit is 64 KiB to a few MiB unless it has CAP_IPC_LOCK, so ibv_reg_mr fails with 'Cannot allocate memory' and NCCL falls back to TCP sockets, several times slower, or the job fails at init. The RDMA resource comes from the NVIDIA Network Operator's shared device plugin (rdma/…), an SR-IOV policy with isRdma, or a host device; the NicClusterPolicy or SriovNetworkNodePolicy in the checked set names them, else a list of common names is used.",
  remediation: 'Add securityContext.capabilities.add: ["IPC_LOCK"] to the container that requests the RDMA resource.',
  links: [
    {
      title: "AKS RDMA over InfiniBand: network operator (IPC_LOCK and ulimit -l)",
      url: "https://azure.github.io/aks-rdma-infiniband/configurations/network-operator",
    },
    {
      title: "NVIDIA Network Operator RDMA example pod",
      url: "https://github.com/Mellanox/network-operator/tree/master/example",
    },
  ],
  examples: {
    valid: [
      {
        title: "an LLMInferenceService's partial templates: the data-parallel preset adds IPC_LOCK",
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
        title: "RDMA shared device with IPC_LOCK",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
            - name: c
              image: x
              securityContext:
                capabilities:
                  add: ["IPC_LOCK"]
              resources:
                limits: {nvidia.com/gpu: 1, rdma/rdma_shared_device_a: 1}
        `,
      },
      {
        title: "an Intel SR-IOV netdevice VF (no RDMA) needs no IPC_LOCK",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
            - name: c
              image: x
              resources:
                limits: {openshift.io/intel_sriov_netdevice: 1}
        `,
      },
    ],
    invalid: [
      {
        title: "RDMA shared device without IPC_LOCK",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
            - name: c
              image: x
              resources:
                limits:
                  nvidia.com/gpu: 8
                  rdma/shared_ib: 1
        `,
        findings: [{ line: 12, column: 9, message: /requests rdma\/shared_ib .*no IPC_LOCK/ }],
      },
      {
        title: "a resource the set's SriovNetworkNodePolicy marks isRdma",
        yaml: dedent`
          apiVersion: sriovnetwork.openshift.io/v1
          kind: SriovNetworkNodePolicy
          metadata: {name: roce, namespace: sriov-network-operator}
          spec:
            resourceName: roce_vf
            isRdma: true
            numVfs: 8
            nicSelector: {vendor: "15b3"}
            nodeSelector: {}
          ---
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: j
          spec:
            template:
              spec:
                restartPolicy: Never
                containers:
                - name: c
                  image: x
                  resources:
                    limits: {example.com/roce_vf: 1}
        `,
        findings: [{ line: 23, message: /example\.com\/roce_vf/ }],
      },
    ],
  },
  workload(w, ctx) {
    const defined = definedResources(ctx.set);
    for (const g of w.podGroups) {
      if (isPartial(g)) continue; // an overlay: its base may add IPC_LOCK
      for (const c of g.containers) {
        if (hasIpcLock(c.value) || isPrivileged(c.value)) continue;
        for (const req of containerDeviceRequests(c.value)) {
          const info = classifyResource(req.name, ctx.set, defined);
          if (!info?.rdma) continue;
          ctx.report({
            resource: w.resource,
            path: [...c.path, ...req.path],
            at: "key",
            message: `container ${c.name ?? "?"} requests ${req.name} (an RDMA device) but adds no IPC_LOCK capability: memory registration (ibv_reg_mr) fails under the default locked-memory limit and NCCL falls back to TCP sockets or fails`,
          });
          break;
        }
      }
    }
  },
});
