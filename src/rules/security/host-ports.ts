import { PSS_CONTROLS } from "../../catalog/pss.js";
import { asArray, asObject } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { containerLabel, isNodeAgent, PRIVILEGED_NAMESPACE_HINT, pssTag } from "./_pod.js";

const C = PSS_CONTROLS.hostPorts;

export default defineRule({
  id: "security/host-ports",
  category: "security",
  severity: "warning",
  podContent: true,
  summary: "A container binds a port of the node (ports[].hostPort)",
  rationale:
    "A hostPort publishes the container on every address of its node, outside Services and NetworkPolicies, and allows only one such pod per node and port, so a scaled training or serving group stays Pending. The Pod Security Standards restrict host ports from the baseline level up (control: Host Ports). Node agents (DaemonSets) that export metrics on a host port are reported as info.",
  remediation:
    "Remove hostPort and expose the port through a Service (ClusterIP, or a LoadBalancer behind authentication).",
  links: [
    {
      title: "Pod Security Standards: Host Ports",
      url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
    },
  ],
  examples: {
    valid: [
      {
        title: "a container port without hostPort",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: c
                image: busybox:1.36
                ports:
                  - containerPort: 8000
        `,
      },
    ],
    invalid: [
      {
        title: "an inference server on a host port",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: vllm
          spec:
            selector: {matchLabels: {app: vllm}}
            template:
              metadata:
                labels: {app: vllm}
              spec:
                containers:
                  - name: vllm
                    image: vllm/vllm-openai:v0.6.4
                    ports:
                      - containerPort: 8000
                        hostPort: 8000
        `,
        findings: [{ line: 16, column: 25, message: /hostPort 8000: .*PSS baseline: Host Ports/ }],
      },
    ],
  },
  workload(w, ctx) {
    const agent = isNodeAgent(w);
    for (const g of w.podGroups) {
      for (const c of g.containers) {
        asArray(c.value.ports).forEach((p, i) => {
          const hp = asObject(p)?.hostPort;
          if (hp === undefined || hp === null || hp === 0 || hp === "0") return;
          ctx.report({
            resource: w.resource,
            path: [...c.path, "ports", i, "hostPort"],
            severity: agent ? "info" : undefined,
            message: agent
              ? `${containerLabel(c)} binds hostPort ${String(hp)} on a node agent: expected; ${PRIVILEGED_NAMESPACE_HINT} ${pssTag(C)}`
              : `${containerLabel(c)} binds hostPort ${String(hp)}: reachable on the node's addresses outside Services and NetworkPolicies, and one pod per node ${pssTag(C)}`,
          });
        });
      }
    }
  },
});
