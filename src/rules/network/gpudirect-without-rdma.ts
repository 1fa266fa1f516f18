import { NCCL_ENV_URL } from "../../catalog/nccl-env.js";
import type { EnvVar } from "../../model/env.js";
import { networkDefined, networkDefs, podNetworks } from "../../model/rdma.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { groupFacts, whereSet } from "./_intent.js";

/** Variables that only mean something with an InfiniBand/RoCE device, and when they ask for it. */
function asksForRdma(v: EnvVar): boolean {
  const val = v.value?.trim().toUpperCase();
  if (val === undefined) return false;
  switch (v.name) {
    case "NCCL_NET_GDR_LEVEL":
      return val !== "LOC" && val !== "0";
    case "NCCL_NET_GDR_READ":
    case "NCCL_NET_GDR_C2C":
      return val === "1";
    case "NCCL_NET":
      return val === "IB";
    case "NCCL_IB_HCA":
      return !val.startsWith("^");
    default:
      return false;
  }
}

const VARS = ["NCCL_NET_GDR_LEVEL", "NCCL_NET_GDR_READ", "NCCL_NET_GDR_C2C", "NCCL_NET", "NCCL_IB_HCA"];

export default defineRule({
  id: "network/gpudirect-without-rdma",
  category: "network",
  severity: "warning",
  summary: "GPUDirect RDMA or InfiniBand NCCL settings in a pod that has no RDMA device",
  rationale:
    "NCCL_NET_GDR_LEVEL, NCCL_NET_GDR_READ, NCCL_IB_HCA and NCCL_NET=IB only act on an InfiniBand/RoCE device inside the container. Whether the pod has one is read from what it requests and mounts and from network definitions in the checked set, never from a network's name: an SR-IOV network's VF reaches the pod only when its resource is requested (or injected). A pod that requests no RDMA resource, attaches no RDMA network, is not privileged on the host network and mounts no /dev/infiniband has none: NCCL logs 'NET/IB : No device found', uses TCP sockets (or, with NCCL_NET=IB, fails to initialise), and the settings do nothing.",
  remediation:
    "Request the RDMA resource (e.g. rdma/rdma_shared_device_a) and add IPC_LOCK, attach the RDMA network, or remove the settings.",
  links: [
    { title: "NCCL_NET_GDR_LEVEL", url: `${NCCL_ENV_URL}#nccl-net-gdr-level-formerly-nccl-ib-gdr-level` },
    {
      title: "NCCL issue: NET/IB : No device found (NVIDIA/nccl#451)",
      url: "https://github.com/NVIDIA/nccl/issues/451",
    },
  ],
  examples: {
    valid: [
      {
        title: "an MPIJob launcher exports GPUDirect settings to Worker pods that have an RDMA device",
        yaml: dedent`
          apiVersion: kubeflow.org/v2beta1
          kind: MPIJob
          metadata:
            name: nccl-tests
          spec:
            mpiReplicaSpecs:
              Launcher:
                replicas: 1
                template:
                  spec:
                    containers:
                    - name: launcher
                      image: x
                      command: [mpirun, -np, "16", -x, NCCL_IB_HCA=mlx5, /opt/nccl-tests/build/all_reduce_perf]
              Worker:
                replicas: 2
                template:
                  spec:
                    containers:
                    - name: worker
                      image: x
                      securityContext: {capabilities: {add: [IPC_LOCK]}}
                      resources: {limits: {nvidia.com/gpu: 8, rdma/rdma_shared_device_a: 1}}
        `,
      },
      {
        title: "GPUDirect level with an RDMA device",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
            - name: c
              image: x
              securityContext: {capabilities: {add: [IPC_LOCK]}}
              env: [{name: NCCL_NET_GDR_LEVEL, value: SYS}]
              resources: {limits: {nvidia.com/gpu: 8, rdma/ib: 8}}
        `,
      },
      {
        title: "host network and privileged: the host's HCAs are visible",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            hostNetwork: true
            containers:
            - name: c
              image: x
              securityContext: {privileged: true}
              env: [{name: NCCL_IB_HCA, value: =mlx5_0}]
        `,
      },
    ],
    invalid: [
      {
        title: "InfiniBand settings with a network named like RDMA but no RDMA device: a name is not a device",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: bert
          spec:
            pytorchReplicaSpecs:
              Worker:
                replicas: 2
                template:
                  metadata:
                    annotations: {k8s.v1.cni.cncf.io/networks: rdma-net}
                  spec:
                    containers:
                      - name: pytorch
                        image: i
                        env: [{name: NCCL_IB_HCA, value: mlx5_0}]
                        resources: {limits: {nvidia.com/gpu: 8}}
        `,
        findings: [
          {
            line: 16,
            column: 48,
            message: /NCCL_IB_HCA=mlx5_0 .*network rdma-net is attached, but its definition is not in the checked set/,
          },
        ],
      },
      {
        title: "an MPIJob launcher exports GPUDirect settings to Worker pods that have no RDMA device",
        yaml: dedent`
          apiVersion: kubeflow.org/v2beta1
          kind: MPIJob
          metadata:
            name: nccl-tests
          spec:
            mpiReplicaSpecs:
              Launcher:
                replicas: 1
                template:
                  spec:
                    containers:
                    - name: launcher
                      image: x
                      command: [mpirun, -np, "16", -x, NCCL_IB_HCA=mlx5, /opt/nccl-tests/build/all_reduce_perf]
              Worker:
                replicas: 2
                template:
                  spec:
                    containers:
                    - name: worker
                      image: x
                      securityContext: {capabilities: {add: [IPC_LOCK]}}
                      resources: {limits: {nvidia.com/gpu: 8}}
        `,
        findings: [
          {
            line: 14,
            column: 58,
            message:
              /NCCL_IB_HCA=mlx5 exported by the launcher's mpirun to the ranks in the Worker pods .*no RDMA device/,
          },
        ],
      },
      {
        title: "GPUDirect settings, no RDMA device",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
            - name: c
              image: x
              env:
              - name: NCCL_NET_GDR_LEVEL
                value: SYS
              resources: {limits: {nvidia.com/gpu: 8}}
        `,
        findings: [{ line: 11, column: 14, message: /NCCL_NET_GDR_LEVEL=SYS .*no RDMA device/ }],
      },
      {
        title: "the setting on the second pod set of a job (each pod set is judged on its own facts)",
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
              Worker:
                replicas: 2
                template:
                  spec:
                    containers:
                    - name: pytorch
                      image: x
                      env: [{name: NCCL_IB_HCA, value: mlx5}]
                      resources: {limits: {nvidia.com/gpu: 8}}
        `,
        findings: [{ line: 21, column: 46, message: /NCCL_IB_HCA=mlx5 .*no RDMA device/ }],
      },
    ],
  },
  workload(w, ctx) {
    for (const g of w.podGroups) {
      const f = groupFacts(g, w, ctx.set);
      if (f.rdmaDevice || f.evidence.devices.length > 0 || f.privileged) continue;
      // RDMA comes from a device: a resource, a defined RDMA network, /dev/infiniband. An attached
      // network whose definition is elsewhere brings a VF only with its resource requested (or
      // injected), so it is named in the message, never taken as the device from its name.
      const nets = podNetworks(g);
      const unseen = nets?.networks.filter((ref) => !networkDefined(networkDefs(ctx.set), ref, w.resource.namespace));
      const note =
        unseen && unseen.length > 0
          ? ` (network ${unseen.map((n) => n.name).join(", ")} is attached, but its definition is not in the checked set and no container requests a device for it)`
          : "";
      const check = (env: ReadonlyMap<string, EnvVar> | undefined, container?: string) => {
        for (const name of VARS) {
          const v = env?.get(name);
          if (!v?.valueAt || !asksForRdma(v)) continue;
          ctx.report({
            resource: v.valueAt.resource,
            path: v.valueAt.path,
            span: v.valueAt.span,
            message: `${name}=${v.value} ${whereSet(v, g, container)} asks for InfiniBand/GPUDirect RDMA, but the pod has no RDMA device (no RDMA resource, RDMA network, /dev/infiniband mount or privileged access)${note}: NCCL finds no IB device and uses TCP sockets`,
          });
        }
      };
      g.containers.forEach((c, i) => {
        check(f.env[i], c.name);
      });
      check(f.exported);
    }
  },
});
