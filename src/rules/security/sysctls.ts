import { PSS_CONTROLS, SAFE_SYSCTLS } from "../../catalog/pss.js";
import { asArray, asObject, asString } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { isNodeAgent, PRIVILEGED_NAMESPACE_HINT, podSecurityContext, pssTag } from "./_pod.js";

const C = PSS_CONTROLS.sysctls;

export default defineRule({
  id: "security/sysctls",
  category: "security",
  severity: "warning",
  podContent: true,
  summary: "A pod sets a kernel parameter outside the safe set (securityContext.sysctls)",
  rationale:
    "Only a few sysctls are namespaced and isolated between pods; the others change the node's kernel for every pod on it, or are refused by the kubelet unless it was started with --allowed-unsafe-sysctls, in which case the pod fails with SysctlForbidden. The baseline Pod Security Standard allows only the safe set (control: Sysctls). Training jobs that tune net.core buffers for NCCL should do so on the node (a tuned DaemonSet or the node image), not in the pod.",
  remediation:
    "Remove the sysctl, or set it on the nodes (node image, tuned profile, a node agent) and keep pods to the safe set.",
  links: [
    {
      title: "Pod Security Standards: Sysctls",
      url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
    },
    {
      title: "Using sysctls in a Kubernetes cluster",
      url: "https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/",
    },
  ],
  examples: {
    valid: [
      {
        title: "a safe sysctl",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            securityContext:
              sysctls:
                - name: net.ipv4.tcp_keepalive_time
                  value: "600"
            containers:
              - name: c
                image: busybox:1.36
        `,
      },
    ],
    invalid: [
      {
        title: "a node-wide network buffer",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            securityContext:
              sysctls:
                - name: net.core.rmem_max
                  value: "134217728"
            containers:
              - name: c
                image: busybox:1.36
        `,
        findings: [{ line: 8, column: 15, message: /net.core.rmem_max .*PSS baseline: Sysctls/ }],
      },
    ],
  },
  workload(w, ctx) {
    const agent = isNodeAgent(w);
    for (const g of w.podGroups) {
      const sc = podSecurityContext(g);
      if (!sc) continue;
      asArray(sc.value.sysctls).forEach((s, i) => {
        const name = asString(asObject(s)?.name);
        if (!name || SAFE_SYSCTLS.has(name)) return;
        ctx.report({
          resource: w.resource,
          path: [...sc.path, "sysctls", i, "name"],
          severity: agent ? "info" : undefined,
          message: agent
            ? `sysctl ${name} is not in the safe set: expected of a node agent; ${PRIVILEGED_NAMESPACE_HINT} ${pssTag(C)}`
            : `sysctl ${name} is not in the safe set: it is node-wide or needs --allowed-unsafe-sysctls on the kubelet, else the pod fails with SysctlForbidden ${pssTag(C)}`,
        });
      });
    }
  },
});
