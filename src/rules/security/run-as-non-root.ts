import { PSS_CONTROLS } from "../../catalog/pss.js";
import { asString, getIn } from "../../model/resource.js";
import { isPartial } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { applies, containerLabel, containerSecurityContext, isNodeAgent, podSecurityContext, pssTag } from "./_pod.js";

const NR = PSS_CONTROLS.runAsNonRoot;
const UID = PSS_CONTROLS.runAsUser;

export default defineRule({
  id: "security/run-as-non-root",
  category: "security",
  severity: "warning",
  sources: [{ tool: "kube-linter", check: "run-as-non-root" }],
  summary: "At --pss restricted: a container may run as root (runAsNonRoot not true, or runAsUser: 0)",
  rationale:
    "Most ML images (CUDA, PyTorch, vLLM) run as root unless told otherwise; root in a container is root on the node as soon as anything else goes wrong (a hostPath, a kernel bug, a runtime CVE). The restricted Pod Security Standard requires runAsNonRoot: true on the pod or every container, and forbids runAsUser: 0 (controls: Running as Non-root, Running as Non-root user).",
  remediation:
    "Set spec.securityContext.runAsNonRoot: true and a non-zero runAsUser (and fsGroup for writable volumes); build images with a USER.",
  links: [
    {
      title: "Pod Security Standards: Running as Non-root",
      url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
    },
  ],
  examples: {
    valid: [
      {
        title: "non-root on the pod",
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
                image: busybox:1.36
        `,
        options: { pss: "restricted" },
      },
    ],
    invalid: [
      {
        title: "restricted: runAsUser 0 and runAsNonRoot unset",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            securityContext:
              runAsUser: 0
            containers:
              - name: c
                image: busybox:1.36
        `,
        options: { pss: "restricted" },
        findings: [
          { line: 7, column: 16, message: /runAsUser: 0.*PSS restricted: Running as Non-root user/ },
          { line: 9, column: 13, message: /runAsNonRoot.*PSS restricted: Running as Non-root\)/ },
        ],
      },
    ],
  },
  workload(w, ctx) {
    if (!applies(NR, ctx) || isNodeAgent(w)) return;
    for (const g of w.podGroups) {
      if (!g.podSpec) continue;
      if (asString(getIn(g.podSpec, ["os", "name"])) === "windows") continue;
      const podSc = podSecurityContext(g);
      const podNonRoot = podSc?.value.runAsNonRoot;
      if (podSc && podSc.value.runAsUser === 0) {
        ctx.report({
          resource: w.resource,
          path: [...podSc.path, "runAsUser"],
          message: `the pod runs as user 0 (runAsUser: 0): root ${pssTag(UID)}`,
        });
      }
      if (podSc && podNonRoot === false) {
        ctx.report({
          resource: w.resource,
          path: [...podSc.path, "runAsNonRoot"],
          message: `the pod sets runAsNonRoot: false ${pssTag(NR)}`,
        });
      }
      for (const c of g.containers) {
        if (c.role === "trainer" || c.role === "model") continue;
        const sc = containerSecurityContext(c);
        if (sc && sc.value.runAsUser === 0) {
          ctx.report({
            resource: w.resource,
            path: [...sc.path, "runAsUser"],
            message: `${containerLabel(c)} runs as user 0 (runAsUser: 0): root ${pssTag(UID)}`,
          });
        }
        const nonRoot = sc?.value.runAsNonRoot ?? podNonRoot;
        if (nonRoot === true) continue;
        if (sc?.value.runAsNonRoot === false) {
          ctx.report({
            resource: w.resource,
            path: [...sc.path, "runAsNonRoot"],
            message: `${containerLabel(c)} sets runAsNonRoot: false ${pssTag(NR)}`,
          });
          continue;
        }
        if (podNonRoot === false) continue; // reported on the pod
        if (isPartial(g)) continue; // an overlay: its base may set runAsNonRoot
        ctx.report({
          resource: w.resource,
          path: [...c.path, "name"],
          message: `${containerLabel(c)} may run as root: set runAsNonRoot: true on the pod or the container ${pssTag(NR)}`,
        });
      }
    }
  },
});
