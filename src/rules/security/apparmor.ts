import { PSS_CONTROLS } from "../../catalog/pss.js";
import { asString, getIn } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { containerLabel, containerSecurityContext, podSecurityContext, pssTag } from "./_pod.js";

const C = PSS_CONTROLS.appArmor;
const ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

export default defineRule({
  id: "security/apparmor",
  category: "security",
  severity: "warning",
  podContent: true,
  summary: "A pod or container turns AppArmor off (appArmorProfile Unconfined, or the unconfined annotation)",
  rationale:
    "On nodes with AppArmor the runtime confines every container with its default profile, which denies writes to /proc and /sys and mounting. The baseline Pod Security Standard forbids overriding it with Unconfined, through the appArmorProfile field (1.30+) or the older container.apparmor.security.beta.kubernetes.io annotation (control: AppArmor).",
  remediation: "Remove the override, or use RuntimeDefault or a Localhost profile written for the workload.",
  links: [
    {
      title: "Pod Security Standards: AppArmor",
      url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
    },
    {
      title: "Restrict a container's access with AppArmor",
      url: "https://kubernetes.io/docs/tutorials/security/apparmor/",
    },
  ],
  examples: {
    valid: [
      {
        title: "the runtime default",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            securityContext:
              appArmorProfile: {type: RuntimeDefault}
            containers:
              - name: c
                image: busybox:1.36
        `,
      },
    ],
    invalid: [
      {
        title: "an unconfined container, by field and by annotation",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
            annotations:
              container.apparmor.security.beta.kubernetes.io/c: unconfined
          spec:
            containers:
              - name: c
                image: busybox:1.36
                securityContext:
                  appArmorProfile:
                    type: Unconfined
        `,
        findings: [
          { line: 6, column: 55, message: /annotation.*PSS baseline: AppArmor/ },
          { line: 13, column: 17, message: /Unconfined/ },
        ],
      },
    ],
  },
  workload(w, ctx) {
    for (const g of w.podGroups) {
      const podSc = podSecurityContext(g);
      if (podSc && asString(getIn(podSc.value, ["appArmorProfile", "type"])) === "Unconfined") {
        ctx.report({
          resource: w.resource,
          path: [...podSc.path, "appArmorProfile", "type"],
          message: `the pod's AppArmor profile is Unconfined ${pssTag(C)}`,
        });
      }
      for (const c of g.containers) {
        const sc = containerSecurityContext(c);
        if (sc && asString(getIn(sc.value, ["appArmorProfile", "type"])) === "Unconfined") {
          ctx.report({
            resource: w.resource,
            path: [...sc.path, "appArmorProfile", "type"],
            message: `${containerLabel(c)}'s AppArmor profile is Unconfined ${pssTag(C)}`,
          });
        }
      }
      const annPath = g.templatePath ? [...g.templatePath, "metadata", "annotations"] : ["metadata", "annotations"];
      for (const [k, v] of Object.entries(g.podAnnotations)) {
        if (!k.startsWith(ANNOTATION_PREFIX) || asString(v) !== "unconfined") continue;
        ctx.report({
          resource: w.resource,
          path: [...annPath, k],
          message: `the annotation ${k} turns AppArmor off for container "${k.slice(ANNOTATION_PREFIX.length)}" ${pssTag(C)}`,
        });
      }
    }
  },
});
