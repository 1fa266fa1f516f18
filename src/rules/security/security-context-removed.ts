import type { Path } from "../../model/path.js";
import { asArray, asObject, asString, type JsonObject } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { containerPairs, workloadPairs } from "../change.js";
import { defineRule } from "../types.js";

/** Hardening settings of a securityContext, each with the test that it is on. */
const HARDENING: ReadonlyArray<{ name: string; on: (sc: JsonObject) => boolean; container: boolean }> = [
  { name: "runAsNonRoot: true", on: (sc) => sc.runAsNonRoot === true, container: true },
  { name: "allowPrivilegeEscalation: false", on: (sc) => sc.allowPrivilegeEscalation === false, container: true },
  { name: "readOnlyRootFilesystem: true", on: (sc) => sc.readOnlyRootFilesystem === true, container: true },
  {
    name: "capabilities.drop: [ALL]",
    on: (sc) => asArray(asObject(sc.capabilities)?.drop).some((x) => asString(x)?.toUpperCase() === "ALL"),
    container: true,
  },
  {
    name: "seccompProfile RuntimeDefault or Localhost",
    on: (sc) => ["RuntimeDefault", "Localhost"].includes(asString(asObject(sc.seccompProfile)?.type) ?? ""),
    container: true,
  },
];

const JOB = dedent`
  apiVersion: batch/v1
  kind: Job
  metadata:
    name: finetune
  spec:
    template:
      spec:
        restartPolicy: Never
        securityContext:
          runAsNonRoot: true
          seccompProfile: {type: RuntimeDefault}
        containers:
          - name: trainer
            image: ghcr.io/example/trainer:1.4.0
            securityContext:
              allowPrivilegeEscalation: false
              capabilities: {drop: [ALL]}
`;

export default defineRule({
  id: "security/security-context-removed",
  category: "security",
  severity: "warning",
  summary:
    "A change drops hardening from a pod's or container's securityContext (runAsNonRoot, no privilege escalation, dropped capabilities, seccomp)",
  rationale:
    "The restricted Pod Security Standard asks every container to run as non-root, forbid privilege escalation, drop all capabilities and use the RuntimeDefault seccomp profile; a read-only root filesystem is the usual addition. These settings are easy to lose in a change — a regenerated manifest, a new base image that needs root — and the pod still starts, so nothing but the diff shows it. A namespace that enforces `restricted` rejects the pods instead, which is a failed rollout. Settings moved between the pod and the container level are not reported.",
  remediation:
    "Keep the settings; if the new image needs root or a capability, say so in the pull request and grant only that one (`capabilities.add: [NET_BIND_SERVICE]`).",
  links: [
    {
      title: "Pod Security Standards: restricted",
      url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
    },
    {
      title: "Configure a Security Context for a Pod or Container",
      url: "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
    },
  ],
  examples: {
    valid: [
      { title: "the image changes, the settings stay", base: JOB, yaml: JOB.replace("1.4.0", "1.5.0") },
      {
        title: "runAsNonRoot moves from the pod to the container",
        base: JOB,
        yaml: JOB.replace("        runAsNonRoot: true\n", "").replace(
          "allowPrivilegeEscalation: false\n",
          dedent`
            allowPrivilegeEscalation: false
                        runAsNonRoot: true
          `,
        ),
      },
    ],
    invalid: [
      {
        title: "the container's securityContext is deleted",
        base: JOB,
        yaml: JOB.replace(
          "          securityContext:\n            allowPrivilegeEscalation: false\n            capabilities: {drop: [ALL]}\n",
          "",
        ),
        findings: [
          {
            line: 13,
            column: 17,
            message: /container "trainer" no longer sets allowPrivilegeEscalation: false, capabilities\.drop: \[ALL\]/,
          },
        ],
      },
    ],
  },
  change(c, ctx) {
    for (const p of workloadPairs(c)) {
      for (const { group, base, head } of containerPairs(p)) {
        const bPod =
          asObject(asObject(p.base.podGroups.find((g) => g.role === group.role)?.podSpec)?.securityContext) ?? {};
        const hPod = asObject(asObject(group.podSpec)?.securityContext) ?? {};
        const bc = asObject(base.value.securityContext) ?? {};
        const hc = asObject(head.value.securityContext) ?? {};
        // A setting counts when the container or its pod turns it on.
        const lost = HARDENING.filter((h) => (h.on(bc) || h.on(bPod)) && !(h.on(hc) || h.on(hPod))).map((h) => h.name);
        if (lost.length === 0) continue;
        const at: Path =
          head.value.securityContext !== undefined ? [...head.path, "securityContext"] : [...head.path, "name"];
        ctx.report({
          resource: p.head.resource,
          path: at,
          message: `container "${String(head.value.name ?? "")}" no longer sets ${lost.join(", ")} (the base did, on the container or its pod)`,
        });
      }
    }
  },
});
