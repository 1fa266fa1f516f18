import { TPU_MULTISLICE_DOCS } from "../../catalog/accelerators.js";
import { PSS_CONTROLS } from "../../catalog/pss.js";
import { tpuSlice, usesTpuSlice } from "../../model/whole-node.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import {
  containerLabel,
  containerSecurityContext,
  isNodeAgent,
  PRIVILEGED_NAMESPACE_HINT,
  podSecurityContext,
  pssTag,
  rdmaOf,
} from "./_pod.js";

const NS = PSS_CONTROLS.hostNamespaces;
const HP = PSS_CONTROLS.hostProcess;

const WHAT: Record<string, string> = {
  hostNetwork:
    "shares the node's network namespace: it can bind any node port and reach services listening on the node's loopback",
  hostPID: "shares the node's process namespace: it sees, signals and can ptrace every process on the node",
  hostIPC: "shares the node's IPC namespace: it can read the shared memory of processes outside the pod",
};

export default defineRule({
  id: "security/host-namespaces",
  category: "security",
  severity: "warning",
  podContent: true,
  summary: "A pod shares the node's network, PID or IPC namespace, or runs as a Windows HostProcess",
  rationale:
    "hostNetwork, hostPID and hostIPC remove the isolation between the pod and the node; the Pod Security Standards forbid them from the baseline level up (control: Host Namespaces), as they do Windows HostProcess pods (control: HostProcess). ML training pods sometimes use hostNetwork to reach the RDMA NICs directly: that is the price of RDMA where no SR-IOV or Multus network exists, and mlgate reports it as info when the pod otherwise says it uses RDMA, and likewise for the pods of a multi-host TPU slice (GKE's Multislice examples run them with hostNetwork for data-center network speed). Node agents (DaemonSets) are reported as info too.",
  remediation:
    "Remove hostNetwork/hostPID/hostIPC. For RDMA, prefer a secondary network (Multus with SR-IOV or the RDMA shared device plugin) over hostNetwork; if hostNetwork stays, run the pod in a namespace labelled for the privileged level.",
  links: [
    {
      title: "Pod Security Standards: Host Namespaces",
      url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
    },
    { title: "GKE: deploy TPU Multislice (hostNetwork in the JobSet example)", url: TPU_MULTISLICE_DOCS },
  ],
  examples: {
    valid: [
      {
        title: "no host namespaces",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            hostNetwork: false
            containers:
              - name: c
                image: busybox:1.36
        `,
      },
    ],
    invalid: [
      {
        title: "hostPID and hostNetwork on a training Job",
        yaml: dedent`
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: train
          spec:
            template:
              spec:
                hostNetwork: true
                hostPID: true
                restartPolicy: Never
                containers:
                  - name: c
                    image: busybox:1.36
        `,
        findings: [
          { line: 8, column: 20, severity: "warning", message: /hostNetwork.*PSS baseline: Host Namespaces/ },
          { line: 9, column: 16, severity: "warning", message: /hostPID/ },
        ],
      },
      {
        title: "hostNetwork on an RDMA training pod is info",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: rdma
          spec:
            hostNetwork: true
            containers:
              - name: c
                image: nvcr.io/nvidia/pytorch:24.10-py3
                env:
                  - name: NCCL_IB_HCA
                    value: "mlx5"
                securityContext:
                  capabilities:
                    add: [IPC_LOCK]
        `,
        findings: [{ line: 6, column: 16, severity: "info", message: /RDMA/ }],
      },
      {
        title: "hostNetwork on the pods of a multi-host TPU slice is info",
        yaml: dedent`
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
                        hostNetwork: true
                        dnsPolicy: ClusterFirstWithHostNet
                        nodeSelector:
                          cloud.google.com/gke-tpu-accelerator: tpu-v6e-slice
                          cloud.google.com/gke-tpu-topology: 4x4
                        containers:
                          - name: jax
                            image: jax:0.6
                            resources: {limits: {google.com/tpu: 4}}
        `,
        findings: [{ line: 15, column: 28, severity: "info", message: /multi-host TPU slice \(topology 4x4\)/ }],
      },
    ],
  },
  workload(w, ctx) {
    const agent = isNodeAgent(w);
    for (const g of w.podGroups) {
      if (!g.podSpec || !g.podSpecPath) continue;
      for (const field of ["hostNetwork", "hostPID", "hostIPC"] as const) {
        if (g.podSpec[field] !== true) continue;
        const path = [...g.podSpecPath, field];
        if (agent) {
          ctx.report({
            resource: w.resource,
            path,
            severity: "info",
            message: `${field}: expected of a node agent; ${PRIVILEGED_NAMESPACE_HINT} ${pssTag(NS)}`,
          });
          continue;
        }
        if (field === "hostNetwork") {
          const rdma = rdmaOf(g, ctx);
          if (rdma.rdma) {
            ctx.report({
              resource: w.resource,
              path,
              severity: "info",
              message: `hostNetwork for RDMA (${rdma.reasons[0]}): the pod reaches the node's NICs directly; ${PRIVILEGED_NAMESPACE_HINT}, or attach the RDMA NIC as a secondary network instead ${pssTag(NS)}`,
            });
            continue;
          }
          const slice = usesTpuSlice(g) ? tpuSlice(g) : undefined;
          if (slice?.multiHost) {
            ctx.report({
              resource: w.resource,
              path,
              severity: "info",
              message: `hostNetwork for a multi-host TPU slice (topology ${slice.topology}), as GKE's multi-host and Multislice examples prescribe for data-center network speed; ${PRIVILEGED_NAMESPACE_HINT} ${pssTag(NS)}`,
            });
            continue;
          }
        }
        ctx.report({ resource: w.resource, path, message: `${field}: the pod ${WHAT[field]} ${pssTag(NS)}` });
      }
      const podSc = podSecurityContext(g);
      if (podSc && (podSc.value.windowsOptions as { hostProcess?: unknown } | undefined)?.hostProcess === true) {
        ctx.report({
          resource: w.resource,
          path: [...podSc.path, "windowsOptions", "hostProcess"],
          severity: agent ? "info" : undefined,
          message: `the pod runs as a Windows HostProcess: privileged access to the Windows node ${pssTag(HP)}`,
        });
      }
      for (const c of g.containers) {
        const sc = containerSecurityContext(c);
        if ((sc?.value.windowsOptions as { hostProcess?: unknown } | undefined)?.hostProcess !== true || !sc) continue;
        ctx.report({
          resource: w.resource,
          path: [...sc.path, "windowsOptions", "hostProcess"],
          severity: agent ? "info" : undefined,
          message: `${containerLabel(c)} runs as a Windows HostProcess: privileged access to the Windows node ${pssTag(HP)}`,
        });
      }
    }
  },
});
