import { PSS_CONTROLS } from "../../catalog/pss.js";
import { asString } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { containerLabel, containerSecurityContext, pssTag } from "./_pod.js";

const C = PSS_CONTROLS.procMount;

export default defineRule({
  id: "security/proc-mount",
  category: "security",
  severity: "warning",
  podContent: true,
  summary: "A container asks for an unmasked /proc (securityContext.procMount other than Default)",
  rationale:
    "The container runtime masks and makes read-only parts of /proc (kcore, keys, sysrq-trigger, …) so that a container cannot read kernel memory or reconfigure the node. procMount: Unmasked turns that off; the baseline Pod Security Standard allows only Default (control: /proc Mount Type). It is meant for nested container runtimes in user-namespaced pods, never for ML workloads.",
  remediation: "Remove procMount or set it to Default.",
  links: [
    {
      title: "Pod Security Standards: /proc Mount Type",
      url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
    },
  ],
  examples: {
    valid: [
      {
        title: "the default /proc",
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
                  procMount: Default
        `,
      },
    ],
    invalid: [
      {
        title: "an unmasked /proc",
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
                  procMount: Unmasked
        `,
        findings: [{ line: 10, column: 20, message: /procMount: Unmasked.*PSS baseline: \/proc Mount Type/ }],
      },
    ],
  },
  workload(w, ctx) {
    for (const g of w.podGroups) {
      for (const c of g.containers) {
        const sc = containerSecurityContext(c);
        const pm = sc?.value.procMount;
        if (pm === undefined || pm === null || !sc || asString(pm) === "Default") continue;
        ctx.report({
          resource: w.resource,
          path: [...sc.path, "procMount"],
          message: `${containerLabel(c)} sets procMount: ${String(pm)}: /proc is no longer masked, exposing kernel interfaces of the node ${pssTag(C)}`,
        });
      }
    }
  },
});
