import { BASELINE_ADDABLE_CAPABILITIES, PSS_CONTROLS, RESTRICTED_ADDABLE_CAPABILITIES } from "../../catalog/pss.js";
import { asArray, asObject, asString, getIn } from "../../model/resource.js";
import { isPartial } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import {
  applies,
  containerLabel,
  containerSecurityContext,
  isNodeAgent,
  PRIVILEGED_NAMESPACE_HINT,
  pssTag,
  rdmaOf,
} from "./_pod.js";

const B = PSS_CONTROLS.capabilitiesBaseline;
const R = PSS_CONTROLS.capabilitiesRestricted;

/** `cap_sys_admin`, `CAP_SYS_ADMIN` and `SYS_ADMIN` are one capability. */
export function normaliseCapability(name: string): string {
  return name.trim().toUpperCase().replace(/^CAP_/, "");
}

/** What an added capability allows, for the capabilities that matter most. */
const DANGER: Record<string, string> = {
  ALL: "every capability: the same as privileged",
  SYS_ADMIN: "mount, namespaces, BPF and most of root's powers",
  NET_ADMIN: "reconfiguring the pod's network, sniffing and spoofing traffic",
  NET_RAW: "raw sockets (ARP/DNS spoofing inside the cluster network)",
  SYS_PTRACE: "tracing and reading the memory of other processes",
  SYS_MODULE: "loading kernel modules",
  SYS_RAWIO: "raw I/O to devices and memory",
  DAC_READ_SEARCH: "reading any file and escaping the container's filesystem with open_by_handle_at",
  BPF: "loading BPF programs into the kernel",
  PERFMON: "kernel performance monitoring",
  SYS_RESOURCE: "overriding resource limits",
  IPC_LOCK: "locking memory (RDMA memory registration needs it)",
  SYS_NICE: "raising process priority and CPU affinity",
};

/** Capabilities RDMA workloads need: IPC_LOCK to pin memory, SYS_RESOURCE for a higher memlock limit. */
const RDMA_CAPABILITIES = new Set(["IPC_LOCK", "SYS_RESOURCE"]);

export default defineRule({
  id: "security/capabilities",
  category: "security",
  severity: "warning",
  podContent: true,
  summary: "A container adds Linux capabilities beyond the runtime's default set (SYS_ADMIN, NET_ADMIN, ALL …)",
  rationale:
    "Capabilities split root's powers; the baseline Pod Security Standard allows adding only the runtime's default set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT), and the restricted one requires dropping ALL and adding back at most NET_BIND_SERVICE (control: Capabilities). SYS_ADMIN or ALL is nearly privileged. RDMA is the one ML case that needs more: registering memory with the NIC pins it, which needs IPC_LOCK; a pod that otherwise says it uses RDMA gets an info finding for it, not a warning.",
  remediation:
    "Remove the capability, or narrow it to the one the workload needs. For RDMA, add only IPC_LOCK, and run the pod in a namespace labelled for the privileged level (baseline does not allow IPC_LOCK).",
  links: [
    {
      title: "Pod Security Standards: Capabilities",
      url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/",
    },
    { title: "capabilities(7)", url: "https://man7.org/linux/man-pages/man7/capabilities.7.html" },
  ],
  examples: {
    valid: [
      {
        title: "NET_BIND_SERVICE only, all others dropped",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: c
                image: busybox:1.36
                securityContext:
                  capabilities:
                    drop: [ALL]
                    add: [NET_BIND_SERVICE]
        `,
        options: { pss: "restricted" },
      },
    ],
    invalid: [
      {
        title: "SYS_ADMIN on a serving container; IPC_LOCK without RDMA",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: c
                image: busybox:1.36
                securityContext:
                  capabilities:
                    add: [SYS_ADMIN, IPC_LOCK]
        `,
        findings: [
          { line: 11, column: 17, severity: "warning", message: /SYS_ADMIN.*PSS baseline: Capabilities/ },
          { line: 11, column: 28, severity: "warning", message: /IPC_LOCK.*no sign of RDMA/ },
        ],
      },
      {
        title: "IPC_LOCK on an RDMA worker is info",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: c
                image: nvcr.io/nvidia/pytorch:24.10-py3
                resources:
                  limits: {rdma/rdma_shared_device_a: 1}
                securityContext:
                  capabilities:
                    add: [IPC_LOCK]
        `,
        findings: [{ line: 13, column: 17, severity: "info", message: /IPC_LOCK for RDMA/ }],
      },
      {
        title: "restricted: capabilities not dropped",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: c
                image: busybox:1.36
        `,
        options: { pss: "restricted" },
        findings: [{ line: 7, column: 13, message: /drop: \[ALL\].*PSS restricted: Capabilities/ }],
      },
    ],
  },
  workload(w, ctx) {
    const agent = isNodeAgent(w);
    const restricted = applies(R, ctx);
    for (const g of w.podGroups) {
      const windows = asString(getIn(g.podSpec, ["os", "name"])) === "windows";
      for (const c of g.containers) {
        if (c.role === "trainer" || c.role === "model") continue;
        const sc = containerSecurityContext(c);
        const caps = asObject(sc?.value.capabilities);
        asArray(caps?.add).forEach((raw, i) => {
          if (typeof raw !== "string" || !sc) return;
          const cap = normaliseCapability(raw);
          const allowed = restricted ? RESTRICTED_ADDABLE_CAPABILITIES : BASELINE_ADDABLE_CAPABILITIES;
          if (allowed.has(cap)) return;
          const control = BASELINE_ADDABLE_CAPABILITIES.has(cap) ? R : B;
          const path = [...sc.path, "capabilities", "add", i];
          const what = DANGER[cap] ? ` (${DANGER[cap]})` : "";
          if (agent) {
            ctx.report({
              resource: w.resource,
              path,
              severity: "info",
              message: `${containerLabel(c)} adds ${cap}${what} on a node agent: expected; ${PRIVILEGED_NAMESPACE_HINT} ${pssTag(control)}`,
            });
            return;
          }
          if (RDMA_CAPABILITIES.has(cap)) {
            const rdma = rdmaOf(g, ctx);
            if (rdma.rdma) {
              ctx.report({
                resource: w.resource,
                path,
                severity: "info",
                message: `${containerLabel(c)} adds ${cap} for RDMA (${rdma.reasons[0]}): needed to register memory with the NIC; ${PRIVILEGED_NAMESPACE_HINT} ${pssTag(control)}`,
              });
              return;
            }
            ctx.report({
              resource: w.resource,
              path,
              message: `${containerLabel(c)} adds ${cap}${what}, but the pod shows no sign of RDMA (no RDMA resource, network or NCCL_IB_* setting): remove it unless the workload pins memory ${pssTag(control)}`,
            });
            return;
          }
          ctx.report({
            resource: w.resource,
            path,
            message: `${containerLabel(c)} adds ${cap}${what} ${pssTag(control)}`,
          });
        });
        if (restricted && !windows && !agent) {
          const drops = asArray(caps?.drop).map((d) => (typeof d === "string" ? normaliseCapability(d) : ""));
          if (!drops.includes("ALL") && !(caps?.drop === undefined && isPartial(g))) {
            ctx.report({
              resource: w.resource,
              path: caps?.drop !== undefined && sc ? [...sc.path, "capabilities", "drop"] : [...c.path, "name"],
              message: `${containerLabel(c)} does not set capabilities.drop: [ALL] ${pssTag(R)}`,
            });
          }
        }
      }
    }
  },
});
