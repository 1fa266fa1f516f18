import { NCCL_ENV_URL } from "../../catalog/nccl-env.js";
import type { EnvVar } from "../../model/env.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { groupFacts, whereSet } from "./_intent.js";

export default defineRule({
  id: "network/ib-disabled-with-rdma",
  category: "network",
  severity: "warning",
  summary: "NCCL_IB_DISABLE=1 in a pod that requests an RDMA device or attaches an RDMA network",
  rationale:
    "NCCL_IB_DISABLE=1 turns off NCCL's InfiniBand/RoCE verbs transport, so NCCL talks over TCP sockets even though the pod was given an RDMA NIC: the device is held (and, for SR-IOV, a VF consumed) for nothing, and collectives run several times slower. It is usually a debugging workaround left in place.",
  remediation: "Remove NCCL_IB_DISABLE (or set it to 0), or stop requesting the RDMA device.",
  links: [{ title: "NCCL_IB_DISABLE", url: `${NCCL_ENV_URL}#nccl-ib-disable` }],
  examples: {
    valid: [
      {
        title: "RDMA device with InfiniBand enabled",
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
              env: [{name: NCCL_IB_DISABLE, value: "0"}]
              resources: {limits: {rdma/rdma_shared_device_a: 1}}
        `,
      },
    ],
    invalid: [
      {
        title: "the launcher sets NCCL_IB_DISABLE=1 in its env and passes it on with mpirun -x NCCL_IB_DISABLE",
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
                      env: [{name: NCCL_IB_DISABLE, value: "1"}]
                      command: [mpirun, -np, "16", -x, NCCL_IB_DISABLE, /opt/nccl-tests/build/all_reduce_perf]
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
        findings: [
          {
            line: 14,
            column: 50,
            message: /NCCL_IB_DISABLE=1 exported by the launcher's mpirun to the ranks in the Worker pods/,
          },
        ],
      },
      {
        title: "an MPIJob launcher exports NCCL_IB_DISABLE=1 to Worker pods that have an RDMA device",
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
                      command: [mpirun, -np, "16", -x, NCCL_IB_DISABLE=1, /opt/nccl-tests/build/all_reduce_perf]
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
        findings: [
          {
            line: 14,
            column: 62,
            message: /NCCL_IB_DISABLE=1 exported by the launcher's mpirun .*rdma\/rdma_shared_device_a/,
          },
        ],
      },
      {
        title: "RDMA device requested, InfiniBand disabled",
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
              env:
              - name: NCCL_IB_DISABLE
                value: "1"
              resources: {limits: {rdma/rdma_shared_device_a: 1}}
        `,
        findings: [{ line: 12, column: 14, message: /NCCL_IB_DISABLE=1 .*rdma\/rdma_shared_device_a/ }],
      },
    ],
  },
  workload(w, ctx) {
    for (const g of w.podGroups) {
      const f = groupFacts(g, w, ctx.set);
      const why = f.evidence.devices.find((d) => d.info.rdma)?.name ?? f.evidence.networks.find((n) => n.def)?.ref.name;
      if (!why) continue;
      const check = (v: EnvVar | undefined, container?: string) => {
        if (!v?.valueAt || v.value?.trim() !== "1") return;
        ctx.report({
          resource: v.valueAt.resource,
          path: v.valueAt.path,
          span: v.valueAt.span,
          message: `NCCL_IB_DISABLE=1 ${whereSet(v, g, container)} turns off InfiniBand/RoCE while the pod gets ${why}: NCCL uses TCP sockets and the RDMA device sits idle`,
        });
      };
      g.containers.forEach((c, i) => {
        check(f.env[i]?.get("NCCL_IB_DISABLE"), c.name);
      });
      check(f.exported.get("NCCL_IB_DISABLE"));
    }
  },
});
