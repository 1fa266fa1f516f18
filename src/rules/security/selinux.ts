import { BASELINE_SELINUX_TYPES, PSS_CONTROLS } from "../../catalog/pss.js";
import type { Path } from "../../model/path.js";
import { asObject, asString, type JsonObject } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { containerLabel, containerSecurityContext, isNodeAgent, podSecurityContext, pssTag } from "./_pod.js";

const C = PSS_CONTROLS.seLinux;

export default defineRule({
  id: "security/selinux",
  category: "security",
  severity: "warning",
  podContent: true,
  summary: "A pod or container sets a custom SELinux user, role or a type outside the container types",
  rationale:
    "SELinux labels decide what a container process may touch on the node. The baseline Pod Security Standard allows only the container types (container_t, container_init_t, container_kvm_t, container_engine_t) and forbids setting the user or role (control: SELinux): a type such as spc_t (super-privileged container) or unconfined_t lifts the confinement.",
  remediation: "Remove seLinuxOptions, or keep only level and a container type.",
  links: [
    {
      title: "Pod Security Standards: SELinux",
      url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
    },
  ],
  examples: {
    valid: [
      {
        title: "an MCS level only",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            securityContext:
              seLinuxOptions: {level: "s0:c123,c456"}
            containers:
              - name: c
                image: busybox:1.36
        `,
      },
    ],
    invalid: [
      {
        title: "a super-privileged container type",
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
                  seLinuxOptions:
                    type: spc_t
        `,
        findings: [{ line: 11, column: 17, message: /spc_t.*PSS baseline: SELinux/ }],
      },
    ],
  },
  workload(w, ctx) {
    const severity = isNodeAgent(w) ? "info" : undefined;
    const check = (opts: JsonObject | undefined, base: Path, who: string) => {
      if (!opts) return;
      const type = asString(opts.type);
      if (type && !BASELINE_SELINUX_TYPES.has(type)) {
        ctx.report({
          resource: w.resource,
          path: [...base, "type"],
          severity,
          message: `${who} runs with SELinux type ${type}, outside the container types ${pssTag(C)}`,
        });
      }
      for (const f of ["user", "role"] as const) {
        const v = asString(opts[f]);
        if (!v) continue;
        ctx.report({
          resource: w.resource,
          path: [...base, f],
          severity,
          message: `${who} sets SELinux ${f} ${v}; the baseline level allows neither user nor role ${pssTag(C)}`,
        });
      }
    };
    for (const g of w.podGroups) {
      const podSc = podSecurityContext(g);
      if (podSc) check(asObject(podSc.value.seLinuxOptions), [...podSc.path, "seLinuxOptions"], "the pod");
      for (const c of g.containers) {
        const sc = containerSecurityContext(c);
        if (sc) check(asObject(sc.value.seLinuxOptions), [...sc.path, "seLinuxOptions"], containerLabel(c));
      }
    }
  },
});
