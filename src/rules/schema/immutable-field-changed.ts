import { IMMUTABLE_FIELDS } from "../../catalog/immutable-fields.js";
import { asArray, asString, getIn, type Resource } from "../../model/resource.js";
import { canonical } from "../../util/canonical.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

const DEPLOYMENT = dedent`
  apiVersion: apps/v1
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

const STATEFULSET = dedent`
  apiVersion: apps/v1
  kind: StatefulSet
  metadata:
    name: checkpoint-store
  spec:
    serviceName: checkpoint-store
    replicas: 2
    selector:
      matchLabels: {app: checkpoint-store}
    template:
      metadata:
        labels: {app: checkpoint-store}
      spec:
        containers:
          - name: minio
            image: minio/minio:RELEASE.2024-06-13T22-53-53Z
    volumeClaimTemplates:
      - metadata: {name: data}
        spec:
          accessModes: [ReadWriteOnce]
          resources:
            requests: {storage: 1Ti}
`;

const PVC = dedent`
  apiVersion: v1
  kind: PersistentVolumeClaim
  metadata:
    name: checkpoints
  spec:
    accessModes: [ReadWriteOnce]
    storageClassName: standard
    resources:
      requests: {storage: 500Gi}
`;

/** What a rename leaves behind: a StatefulSet's claims, a claim's volume; undefined for other kinds. */
function renameLosesData(base: Resource, head: Resource): string | undefined {
  const from = base.name ?? "";
  const to = head.name ?? "";
  if (head.group === "apps" && head.kind === "StatefulSet") {
    const templates = asArray(getIn(head.value, ["spec", "volumeClaimTemplates"]))
      .map((t) => asString(getIn(t, ["metadata", "name"])))
      .filter((n): n is string => n !== undefined);
    if (templates.length === 0) return undefined;
    const t = templates[0] as string;
    return `StatefulSet ${from} is renamed ${to}: its pods will claim new, empty volumes (${t}-${to}-0, …) while the data stays in ${t}-${from}-0, … (claims outlive their StatefulSet: persistentVolumeClaimRetentionPolicy whenDeleted defaults to Retain); instead: keep the name, or copy the data into the new claims before the old ones are deleted`;
  }
  if (head.group === "" && head.kind === "PersistentVolumeClaim")
    return `PersistentVolumeClaim ${from} is renamed ${to}: ${to} is a new, empty volume and pods that mount it do not see ${from}'s data; instead: keep the name, or create ${to} from a VolumeSnapshot of ${from} (spec.dataSource)`;
  return undefined;
}

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
    "Some fields cannot change on an existing object: the selector of a Deployment, ReplicaSet or DaemonSet (immutable since apps/v1beta2), everything in a StatefulSet's spec but replicas, ordinals, template, updateStrategy, persistentVolumeClaimRetentionPolicy and minReadySeconds, a Job's template and selector, and a PersistentVolumeClaim's spec except a bound claim's storage request. `kubectl apply` of such a change fails with `field is immutable` (or `Forbidden`), Helm upgrades fail the same way, and GitOps tools that force the update delete and recreate the object — for a StatefulSet, its pods. The change cannot be applied as written: each finding says what to do instead. A renamed object is a new object, so its fields are not compared; but two renames lose data without any error (a warning each): a renamed StatefulSet's pods claim new, empty volumes, because the claims of its volumeClaimTemplates are named <template>-<StatefulSet>-<ordinal>, while the old claims stay behind (persistentVolumeClaimRetentionPolicy whenDeleted defaults to Retain); and a renamed PersistentVolumeClaim is a new, empty volume.",
  remediation:
    "Do what the message says instead of applying the change: usually recreate the object (delete with `--cascade=orphan` where its pods should keep running), or keep the old value. For selectors, keep version labels (app.kubernetes.io/version) out of them.",
  links: [
    {
      title: "StatefulSets: stable storage (claims named <template>-<StatefulSet>-<ordinal>) and PVC retention",
      url: "https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-storage",
    },
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
      {
        title: "a renamed Deployment is a new object: its selector is not compared",
        base: DEPLOYMENT,
        yaml: DEPLOYMENT.replace("name: llm-server", "name: llm-server-v2").replaceAll(
          "{app: llm-server}",
          "{app: llm-server-v2}",
        ),
      },
    ],
    invalid: [
      {
        title: "a StatefulSet with volumeClaimTemplates is renamed: its pods get new, empty claims",
        base: STATEFULSET,
        yaml: STATEFULSET.replace("name: checkpoint-store", "name: ckpt-store"),
        findings: [
          {
            line: 4,
            column: 9,
            severity: "warning",
            message:
              /StatefulSet checkpoint-store is renamed ckpt-store: its pods will claim new, empty volumes \(data-ckpt-store-0, …\) while the data stays in data-checkpoint-store-0/,
          },
        ],
      },
      {
        title: "a PVC is renamed: a new, empty volume",
        base: PVC,
        yaml: PVC.replace("name: checkpoints", "name: checkpoints-v2"),
        findings: [{ line: 4, column: 9, severity: "warning", message: /checkpoints-v2 is a new, empty volume/ }],
      },
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
      if (rc.action === "renamed" && base && head && base.kind === head.kind && base.group === head.group) {
        const lost = renameLosesData(base, head);
        if (lost) ctx.report({ resource: head, path: ["metadata", "name"], severity: "warning", message: lost });
        continue;
      }
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
