import { PSS_CONTROLS } from "../../catalog/pss.js";
import { asObject, asString, getIn } from "../../model/resource.js";
import { isPartial } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { applies, containerLabel, containerSecurityContext, isNodeAgent, podSecurityContext, pssTag } from "./_pod.js";

const B = PSS_CONTROLS.seccompBaseline;
const R = PSS_CONTROLS.seccompRestricted;

export default defineRule({
  id: "security/seccomp",
  category: "security",
  severity: "warning",
  podContent: true,
  summary: "A pod or container runs without a seccomp profile (Unconfined; at restricted, none set)",
  rationale:
    "Seccomp filters the system calls a container may make; the runtime's default profile blocks the calls most container escapes use. The baseline Pod Security Standard forbids an explicitly Unconfined profile; the restricted one requires RuntimeDefault or Localhost on the pod or on every container (control: Seccomp). Kubernetes does not apply the runtime default unless asked (or unless the kubelet's SeccompDefault is on).",
  remediation: "Set spec.securityContext.seccompProfile.type: RuntimeDefault on the pod.",
  links: [
    {
      title: "Pod Security Standards: Seccomp",
      url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/",
    },
    {
      title: "Restrict a container's syscalls with seccomp",
      url: "https://kubernetes.io/docs/tutorials/security/seccomp/",
    },
  ],
  examples: {
    valid: [
      {
        title: "RuntimeDefault on the pod",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            securityContext:
              seccompProfile: {type: RuntimeDefault}
            containers:
              - name: c
                image: busybox:1.36
        `,
        options: { pss: "restricted" },
      },
    ],
    invalid: [
      {
        title: "an Unconfined container",
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
                  seccompProfile:
                    type: Unconfined
        `,
        findings: [{ line: 11, column: 17, message: /Unconfined.*PSS baseline: Seccomp/ }],
      },
      {
        title: "restricted: no profile at all",
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
        findings: [{ line: 7, column: 13, message: /no seccomp profile.*PSS restricted: Seccomp/ }],
      },
    ],
  },
  workload(w, ctx) {
    const restricted = applies(R, ctx) && !isNodeAgent(w);
    for (const g of w.podGroups) {
      const podSc = podSecurityContext(g);
      const podType = asString(getIn(podSc?.value, ["seccompProfile", "type"]));
      if (podSc && podType === "Unconfined") {
        ctx.report({
          resource: w.resource,
          path: [...podSc.path, "seccompProfile", "type"],
          message: `the pod's seccomp profile is Unconfined: every system call is allowed ${pssTag(B)}`,
        });
      }
      const windows = asString(getIn(g.podSpec, ["os", "name"])) === "windows";
      for (const c of g.containers) {
        if (c.role === "trainer" || c.role === "model") continue;
        const sc = containerSecurityContext(c);
        const type = asString(getIn(sc?.value, ["seccompProfile", "type"]));
        if (sc && type === "Unconfined") {
          ctx.report({
            resource: w.resource,
            path: [...sc.path, "seccompProfile", "type"],
            message: `${containerLabel(c)}'s seccomp profile is Unconfined: every system call is allowed ${pssTag(B)}`,
          });
          continue;
        }
        if (!restricted || windows || g.podSpec === undefined || isPartial(g)) continue;
        const effective = type ?? podType;
        if (effective === "RuntimeDefault" || effective === "Localhost") continue;
        if (effective === "Unconfined") continue; // reported above
        ctx.report({
          resource: w.resource,
          path: asObject(sc?.value.seccompProfile) && sc ? [...sc.path, "seccompProfile"] : [...c.path, "name"],
          message: `${containerLabel(c)} has no seccomp profile: set seccompProfile.type: RuntimeDefault on the pod ${pssTag(R)}`,
        });
      }
    }
  },
});
