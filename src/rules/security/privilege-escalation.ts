import { PSS_CONTROLS } from "../../catalog/pss.js";
import { asString, getIn } from "../../model/resource.js";
import { isPartial } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { applies, containerLabel, containerSecurityContext, isNodeAgent, pssTag } from "./_pod.js";

const C = PSS_CONTROLS.privilegeEscalation;

export default defineRule({
  id: "security/privilege-escalation",
  category: "security",
  severity: "warning",
  sources: [{ tool: "kube-linter", check: "privilege-escalation" }],
  summary: "At --pss restricted: a container does not set allowPrivilegeEscalation: false",
  rationale:
    "Unless allowPrivilegeEscalation is false, a process in the container can gain more privileges than its parent through setuid binaries or file capabilities (the no_new_privs flag is not set). The restricted Pod Security Standard requires it to be false on every container (control: Privilege Escalation); Kubernetes defaults it to true.",
  remediation: "Set securityContext.allowPrivilegeEscalation: false on every container.",
  links: [
    {
      title: "Pod Security Standards: Privilege Escalation",
      url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
    },
  ],
  examples: {
    valid: [
      {
        title: "escalation turned off",
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
                  allowPrivilegeEscalation: false
        `,
        options: { pss: "restricted" },
      },
    ],
    invalid: [
      {
        title: "restricted: left at the default, and set to true",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: a
                image: busybox:1.36
              - name: b
                image: busybox:1.36
                securityContext:
                  allowPrivilegeEscalation: true
        `,
        options: { pss: "restricted" },
        findings: [
          { line: 7, column: 13, message: /container "a" .*PSS restricted: Privilege Escalation/ },
          { line: 12, column: 35, message: /container "b"/ },
        ],
      },
    ],
  },
  workload(w, ctx) {
    if (!applies(C, ctx) || isNodeAgent(w)) return;
    for (const g of w.podGroups) {
      if (asString(getIn(g.podSpec, ["os", "name"])) === "windows") continue;
      for (const c of g.containers) {
        if (c.role === "trainer" || c.role === "model") continue;
        const sc = containerSecurityContext(c);
        const v = sc?.value.allowPrivilegeEscalation;
        if (v === false || (v === undefined && isPartial(g))) continue;
        ctx.report({
          resource: w.resource,
          path: v !== undefined && sc ? [...sc.path, "allowPrivilegeEscalation"] : [...c.path, "name"],
          message: `${containerLabel(c)} ${v === undefined ? "does not set allowPrivilegeEscalation: false (it defaults to true)" : `sets allowPrivilegeEscalation: ${String(v)}`} ${pssTag(C)}`,
        });
      }
    }
  },
});
