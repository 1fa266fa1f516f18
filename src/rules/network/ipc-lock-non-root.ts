import { classifyResource, containerDeviceRequests, definedResources } from "../../model/rdma.js";
import { getIn } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { hasIpcLock, isPrivileged } from "./_pod.js";

export default defineRule({
  id: "network/ipc-lock-non-root",
  category: "network",
  severity: "warning",
  summary: "An RDMA container adds IPC_LOCK but runs as a non-root user, where the capability has no effect",
  rationale:
    "Kubernetes adds capabilities to a container's bounding and permitted sets, but a process that starts as a non-root user drops them from its effective set (Kubernetes sets no ambient capabilities). The locked-memory limit stays at its small default, RDMA memory registration fails and NCCL silently uses TCP sockets, although the manifest looks right (NVIDIA/nvidia-container-toolkit#2037).",
  remediation:
    "Run the RDMA container as root (runAsUser: 0) with IPC_LOCK, or raise the memlock limit for the user on the node's container runtime (LimitMEMLOCK=infinity / default ulimits).",
  links: [
    {
      title: "nvidia-container-toolkit#2037: IPC_LOCK ineffective for non-root containers",
      url: "https://github.com/NVIDIA/nvidia-container-toolkit/issues/2037",
    },
  ],
  examples: {
    valid: [
      {
        title: "root container with IPC_LOCK",
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
              resources: {limits: {rdma/shared_ib: 1}}
        `,
      },
    ],
    invalid: [
      {
        title: "IPC_LOCK with runAsNonRoot at pod level",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            securityContext:
              runAsNonRoot: true
              runAsUser: 1000
            containers:
            - name: c
              image: x
              securityContext:
                capabilities:
                  add: [IPC_LOCK]
              resources: {limits: {rdma/shared_ib: 1}}
        `,
        findings: [{ line: 14, column: 14, message: /runs as user 1000.*IPC_LOCK never becomes effective/ }],
      },
    ],
  },
  workload(w, ctx) {
    const defined = definedResources(ctx.set);
    for (const g of w.podGroups) {
      for (const c of g.containers) {
        if (!hasIpcLock(c.value) || isPrivileged(c.value)) continue;
        const rdma = containerDeviceRequests(c.value).some((r) => classifyResource(r.name, ctx.set, defined)?.rdma);
        if (!rdma) continue;
        const user =
          getIn(c.value, ["securityContext", "runAsUser"]) ?? getIn(g.podSpec, ["securityContext", "runAsUser"]);
        const nonRoot =
          getIn(c.value, ["securityContext", "runAsNonRoot"]) ?? getIn(g.podSpec, ["securityContext", "runAsNonRoot"]);
        const who =
          typeof user === "number" && user !== 0
            ? `runs as user ${user}`
            : user === undefined && nonRoot === true
              ? "must run as non-root (runAsNonRoot)"
              : undefined;
        if (!who) continue;
        ctx.report({
          resource: w.resource,
          path: [...c.path, "securityContext", "capabilities", "add"],
          message: `container ${c.name ?? "?"} ${who}: IPC_LOCK never becomes effective for a non-root process, so RDMA memory registration fails under the default memlock limit and NCCL falls back to TCP sockets`,
        });
      }
    }
  },
});
