import { PSS_CONTROLS, RESTRICTED_VOLUME_TYPES, VOLUME_SOURCE_FIELDS } from "../../catalog/pss.js";
import { asArray, asObject } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { applies, isNodeAgent, pssTag } from "./_pod.js";

const C = PSS_CONTROLS.volumeTypes;

export default defineRule({
  id: "security/volume-types",
  category: "security",
  severity: "warning",
  podContent: true,
  summary: "At --pss restricted: a volume of a type the restricted level does not allow (nfs, iscsi, gitRepo …)",
  rationale:
    "The restricted Pod Security Standard allows only volume types that go through a PersistentVolumeClaim, a CSI driver or the API server: configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret (control: Volume Types). In-tree network volumes such as nfs mount with the node's credentials and skip the storage class's policy; gitRepo is deprecated and has run arbitrary git hooks on the node. hostPath has its own rule, security/host-path.",
  remediation:
    "Mount the storage through a PersistentVolumeClaim (an NFS or CSI-backed PersistentVolume) instead of an inline volume.",
  links: [
    {
      title: "Pod Security Standards: Volume Types",
      url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
    },
  ],
  examples: {
    valid: [
      {
        title: "a PVC and an emptyDir",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: c
                image: busybox:1.36
            volumes:
              - name: data
                persistentVolumeClaim: {claimName: data}
              - name: shm
                emptyDir: {medium: Memory}
        `,
        options: { pss: "restricted" },
      },
      {
        title: "at baseline an inline nfs volume is not checked",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: c
                image: busybox:1.36
            volumes:
              - name: data
                nfs: {server: nfs.example.com, path: /datasets}
        `,
      },
    ],
    invalid: [
      {
        title: "an inline nfs volume at restricted",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: c
                image: busybox:1.36
            volumes:
              - name: data
                nfs: {server: nfs.example.com, path: /datasets}
        `,
        options: { pss: "restricted" },
        findings: [{ line: 11, column: 7, message: /nfs.*PSS restricted: Volume Types/ }],
      },
    ],
  },
  workload(w, ctx) {
    if (!applies(C, ctx) || isNodeAgent(w)) return;
    for (const g of w.podGroups) {
      if (!g.podSpec || !g.podSpecPath) continue;
      asArray(g.podSpec.volumes).forEach((v, i) => {
        const vol = asObject(v);
        if (!vol) return;
        for (const key of Object.keys(vol)) {
          if (!VOLUME_SOURCE_FIELDS.has(key) || RESTRICTED_VOLUME_TYPES.has(key) || key === "hostPath") continue;
          ctx.report({
            resource: w.resource,
            path: [...(g.podSpecPath ?? []), "volumes", i, key],
            at: "key",
            message: `volume "${String(vol.name ?? i)}" is of type ${key}; use a PersistentVolumeClaim ${pssTag(C)}`,
          });
        }
      });
    }
  },
});
