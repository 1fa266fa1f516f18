import { IMMUTABLE_FIELDS } from "../../catalog/immutable-fields.js";
import { getIn } from "../../model/resource.js";
import { canonical } from "../../util/canonical.js";
import { defineRule } from "../types.js";

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: llm-server
spec:
  replicas: 2
  selector:
    matchLabels: {app: llm-server}
  template:
    metadata:
      labels: {app: llm-server}
    spec:
      containers:
        - name: vllm
          image: vllm/vllm-openai:v0.6.0
`;

const PVC = `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: checkpoints
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: standard
  resources:
    requests: {storage: 500Gi}
`;

function short(v: unknown): string {
  const s = v === undefined ? "unset" : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

export default defineRule({
  id: "schema/immutable-field-changed",
  category: "schema",
  severity: "error",
  summary:
    "A change edits a field the API server never updates (a Deployment's selector, a Job's template, a PVC's class): kubectl apply fails",
  rationale:
    "Some fields cannot change on an existing object: the selector of a Deployment, ReplicaSet or DaemonSet (immutable since apps/v1beta2), everything in a StatefulSet's spec but replicas, ordinals, template, updateStrategy, persistentVolumeClaimRetentionPolicy and minReadySeconds, a Job's template and selector, and a PersistentVolumeClaim's spec except a bound claim's storage request. `kubectl apply` of such a change fails with `field is immutable` (or `Forbidden`), Helm upgrades fail the same way, and GitOps tools that force the update delete and recreate the object — for a StatefulSet, its pods. The change cannot be applied as written: each finding says what to do instead. A renamed object is a new object and is not reported.",
  remediation:
    "Do what the message says instead of applying the change: usually recreate the object (delete with `--cascade=orphan` where its pods should keep running), or keep the old value. For selectors, keep version labels (app.kubernetes.io/version) out of them.",
  links: [
    {
      title: "kubernetes/client-go#508: selector immutable in Deployment, ReplicaSet and DaemonSet",
      url: "https://github.com/kubernetes/client-go/issues/508",
    },
    {
      title: "Deployments: label selector updates",
      url: "https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#label-selector-updates",
    },
    {
      title: "argoproj/argo-helm#2494: StatefulSet spec fields that may change",
      url: "https://github.com/argoproj/argo-helm/issues/2494",
    },
    {
      title: "kubernetes/kubernetes#89657: a Job's template is immutable",
      url: "https://github.com/kubernetes/kubernetes/issues/89657",
    },
    {
      title: "kubernetes/kubernetes#28690: a PVC's spec is immutable",
      url: "https://github.com/kubernetes/kubernetes/issues/28690",
    },
  ],
  examples: {
    valid: [
      {
        title: "replicas and image change",
        base: DEPLOYMENT,
        yaml: DEPLOYMENT.replace("replicas: 2", "replicas: 3").replace("v0.6.0", "v0.6.3"),
      },
      { title: "a PVC grows", base: PVC, yaml: PVC.replace("500Gi", "1Ti") },
    ],
    invalid: [
      {
        title: "the Deployment's selector gains a label",
        base: DEPLOYMENT,
        yaml: DEPLOYMENT.replaceAll("{app: llm-server}", "{app: llm-server, tier: gpu}"),
        findings: [
          {
            line: 8,
            column: 5,
            message: /spec\.selector of Deployment llm-server changes .*field is immutable.*--cascade=orphan/,
          },
        ],
      },
      {
        title: "the PVC moves to another storage class",
        base: PVC,
        yaml: PVC.replace("standard", "premium-rwo"),
        findings: [
          {
            line: 7,
            column: 21,
            message:
              /spec\.storageClassName of PersistentVolumeClaim checkpoints changes \("standard" → "premium-rwo"\)/,
          },
        ],
      },
    ],
  },
  change(c, ctx) {
    for (const rc of c.resources) {
      const { base, head } = rc;
      if (rc.action !== "modified" || !base || !head) continue;
      // An object created with generateName is a new object every time.
      if (head.value.metadata && getIn(head.value, ["metadata", "generateName"]) !== undefined) continue;
      for (const f of IMMUTABLE_FIELDS) {
        if (f.group !== head.group || f.kind !== head.kind || base.group !== head.group || base.kind !== head.kind)
          continue;
        const before = getIn(base.value, f.path);
        const after = getIn(head.value, f.path);
        if (canonical(before) === canonical(after)) continue;
        const present = after !== undefined;
        ctx.report({
          resource: head,
          path: present ? f.path : f.path.slice(0, -1),
          ...(present ? {} : { at: "key" as const }),
          message: `${f.path.join(".")} of ${head.kind} ${head.name ?? ""} changes (${short(before)} → ${short(after)}), and the API server refuses that update ("field is immutable"), so kubectl apply fails; instead: ${f.instead}`,
        });
      }
    }
  },
});
