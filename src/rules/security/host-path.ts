import { PSS_CONTROLS, SENSITIVE_HOST_PATHS } from "../../catalog/pss.js";
import { asArray, asObject, asString } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { isNodeAgent, PRIVILEGED_NAMESPACE_HINT, pssTag, rdmaOf } from "./_pod.js";

const C = PSS_CONTROLS.hostPath;

function normalise(p: string): string {
  const n = p.replace(/\/+/g, "/").replace(/\/$/, "");
  return n === "" ? "/" : n;
}

/** The sensitive path a host path equals or contains (mounting /run also mounts /run/containerd/…). */
export function sensitiveHostPath(path: string): string | undefined {
  const p = normalise(path);
  for (const s of SENSITIVE_HOST_PATHS) {
    if (p === s) return s;
    if (p === "/" || s.startsWith(`${p}/`)) return s;
  }
  return undefined;
}

function describe(path: string, sensitive: string): string {
  const p = normalise(path);
  if (p === "/") return "mounts the node's root filesystem";
  if (p === sensitive) return `mounts the node's ${sensitive}`;
  return `contains the node's ${sensitive}`;
}

export default defineRule({
  id: "security/host-path",
  category: "security",
  severity: "warning",
  podContent: true,
  summary:
    "A pod mounts a hostPath volume; the node's root, /etc, /proc, /sys, /dev or a container runtime socket is an error",
  rationale:
    "A hostPath volume gives the container a directory of the node. The Pod Security Standards forbid hostPath from the baseline level up (control: HostPath Volumes). Some paths hand over the node outright: the container runtime's socket (docker.sock, containerd.sock, crio.sock) lets the container start a privileged container; /, /etc, /root, /var/lib/kubelet and /etc/kubernetes hold credentials and configuration; /proc, /sys and /dev reach the kernel and every device. Training pods that need a dataset or a model cache should use a PersistentVolumeClaim or a CSI volume. Device plugins and drivers (DaemonSets) need host paths; mlgate reports theirs as info, and sensitive ones as a warning.",
  remediation:
    "Replace the hostPath with a PersistentVolumeClaim, a CSI volume or an emptyDir; never mount a container runtime socket into a workload. For /dev/infiniband, request the RDMA device resource instead.",
  links: [
    {
      title: "Pod Security Standards: HostPath Volumes",
      url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
    },
    { title: "Kubernetes: hostPath volumes", url: "https://kubernetes.io/docs/concepts/storage/volumes/#hostpath" },
  ],
  examples: {
    valid: [
      {
        title: "a PVC for the dataset",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: c
                image: busybox:1.36
            volumes:
              - name: data
                persistentVolumeClaim: {claimName: data}
        `,
      },
    ],
    invalid: [
      {
        title: "the containerd socket and a dataset directory",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: c
                image: busybox:1.36
            volumes:
              - name: sock
                hostPath:
                  path: /run/containerd/containerd.sock
              - name: data
                hostPath:
                  path: /mnt/datasets
        `,
        findings: [
          { line: 12, column: 15, severity: "error", message: /containerd.sock.*PSS baseline: HostPath Volumes/ },
          { line: 15, column: 15, severity: "warning", message: /\/mnt\/datasets/ },
        ],
      },
    ],
  },
  workload(w, ctx) {
    const agent = isNodeAgent(w);
    for (const g of w.podGroups) {
      if (!g.podSpec || !g.podSpecPath) continue;
      asArray(g.podSpec.volumes).forEach((v, i) => {
        const hp = asObject(asObject(v)?.hostPath);
        if (!hp) return;
        const p = asString(hp.path);
        const path = [...(g.podSpecPath ?? []), "volumes", i, "hostPath", ...(p !== undefined ? ["path"] : [])];
        const shown = p ?? "(no path)";
        const sensitive = p !== undefined ? sensitiveHostPath(p) : undefined;
        if (agent) {
          ctx.report({
            resource: w.resource,
            path,
            // Agents need /sys, /dev or even / (driver installers); a runtime socket is still worth a look.
            severity: sensitive && /\.sock$/.test(sensitive) ? "warning" : "info",
            message: sensitive
              ? `hostPath ${shown} ${describe(shown, sensitive)} on a node agent: make sure the agent needs it, mount it readOnly where it can; ${PRIVILEGED_NAMESPACE_HINT} ${pssTag(C)}`
              : `hostPath ${shown} on a node agent: expected; ${PRIVILEGED_NAMESPACE_HINT} ${pssTag(C)}`,
          });
          return;
        }
        if (sensitive) {
          const socket = /\.sock$/.test(sensitive);
          ctx.report({
            resource: w.resource,
            path,
            severity: "error",
            message: socket
              ? `hostPath ${shown} exposes the container runtime socket ${sensitive}: whoever runs in this pod can start a privileged container and own the node ${pssTag(C)}`
              : `hostPath ${shown} ${describe(shown, sensitive)}: a container that can write there controls the node ${pssTag(C)}`,
          });
          return;
        }
        if (p !== undefined && /^\/dev\/infiniband(\/|$)/.test(normalise(p)) && rdmaOf(g, ctx).rdma) {
          ctx.report({
            resource: w.resource,
            path,
            severity: "info",
            message: `hostPath ${shown} for RDMA: the RDMA device plugin's resource gives the same devices without a host mount; ${PRIVILEGED_NAMESPACE_HINT} ${pssTag(C)}`,
          });
          return;
        }
        ctx.report({
          resource: w.resource,
          path,
          message: `hostPath ${shown} ties the pod to one node's files and gives it write access to them by default; use a PersistentVolumeClaim or a CSI volume ${pssTag(C)}`,
        });
      });
    }
  },
});
