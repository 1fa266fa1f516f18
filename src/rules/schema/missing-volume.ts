import { kindTraits } from "../../model/kind-traits.js";
import { asArray, asObject, asString, getIn } from "../../model/resource.js";
import type { PodGroup, Workload } from "../../model/workload.js";
import { didYouMean } from "../../util/suggest.js";
import { defineRule } from "../types.js";

function collect(v: unknown, path: readonly string[], out: Set<string>): void {
  if (path.length === 0) {
    const n = asString(getIn(v, ["metadata", "name"]));
    if (n !== undefined) out.add(n);
    return;
  }
  const [head, ...rest] = path as [string, ...string[]];
  if (head === "*") for (const item of asArray(v)) collect(item, rest, out);
  else collect(asObject(v)?.[head], rest, out);
}

function volumeNames(w: Workload, g: PodGroup): Set<string> {
  const names = new Set<string>();
  for (const v of asArray(g.podSpec?.volumes)) {
    const n = asString(asObject(v)?.name);
    if (n !== undefined) names.add(n);
  }
  // Claim templates the controller turns into volumes of the same name (a StatefulSet's, JobSet's …).
  for (const path of kindTraits(w.resource).claimTemplates ?? []) collect(w.resource.value, path, names);
  return names;
}

export default defineRule({
  id: "schema/missing-volume",
  category: "schema",
  severity: "error",
  summary: "A volumeMount or volumeDevice names a volume the pod does not have",
  rationale:
    'Every volumeMounts[].name and volumeDevices[].name must be the name of one of the pod\'s volumes (or, in a StatefulSet, of a volumeClaimTemplate). The API server rejects the pod otherwise (`spec.containers[0].volumeMounts[0].name: Not found: "model-cache"`), and a controller whose template has the mistake never creates a pod. A volume renamed in one place, or a mount copied from another manifest without its volume, is the usual cause. Mount paths used twice in one container are reported by schema/duplicate-name.',
  remediation:
    "Add the volume to the pod spec's `volumes` (or a volumeClaimTemplate), or correct the mount's `name` to one the pod defines.",
  links: [
    {
      title: "Kubernetes core validation: validateVolumeMounts and validateVolumeDevices",
      url: "https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go",
    },
    { title: "Volumes", url: "https://kubernetes.io/docs/concepts/storage/volumes/" },
  ],
  examples: {
    valid: [
      {
        title: "mounts of a pod volume and of a StatefulSet claim template",
        yaml: "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec:\n      containers:\n        - name: db\n          image: db:1\n          volumeMounts:\n            - {name: data, mountPath: /data}\n            - {name: shm, mountPath: /dev/shm}\n      volumes:\n        - {name: shm, emptyDir: {medium: Memory}}\n  volumeClaimTemplates:\n    - metadata: {name: data}\n      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n",
      },
      {
        title: "a JobSet whose volumeClaimPolicies give every replicated job's pods the claim as a volume",
        yaml: "apiVersion: jobset.x-k8s.io/v1alpha2\nkind: JobSet\nmetadata:\n  name: train\nspec:\n  volumeClaimPolicies:\n    - templates:\n        - metadata: {name: checkpoints}\n          spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n  replicatedJobs:\n    - name: node\n      template:\n        spec:\n          template:\n            spec:\n              restartPolicy: Never\n              containers:\n                - name: node\n                  image: t:1\n                  volumeMounts: [{name: checkpoints, mountPath: /ckpt}]\n",
      },
    ],
    invalid: [
      {
        title: "a mount whose volume was renamed",
        yaml: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: m\n      image: i\n      volumeMounts:\n        - {name: model-cache, mountPath: /models}\n  volumes:\n    - {name: models-cache, emptyDir: {}}\n",
        findings: [
          { line: 10, column: 18, message: /"model-cache".*no volume of that name.*did you mean "models-cache"/ },
        ],
      },
      {
        title: "a raw block device with no volume at all",
        yaml: "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: m\n          image: i\n          volumeDevices:\n            - {name: scratch, devicePath: /dev/xvda}\n",
        findings: [{ line: 13, column: 22, message: /volumeDevices.*"scratch".*no volumes/ }],
      },
    ],
  },
  workload(w, ctx) {
    for (const g of w.podGroups) {
      if (!g.podSpec || !g.podSpecPath) continue;
      let names: Set<string> | undefined;
      for (const c of g.containers) {
        if (c.role !== "container" && c.role !== "initContainer" && c.role !== "ephemeralContainer") continue;
        for (const field of ["volumeMounts", "volumeDevices"] as const) {
          const list = asArray(c.value[field]);
          for (let i = 0; i < list.length; i++) {
            const name = asString(asObject(list[i])?.name);
            if (name === undefined) continue;
            names ??= volumeNames(w, g);
            if (names.has(name)) continue;
            const close = didYouMean(name, names);
            const which = names.size === 0 ? "the pod has no volumes" : `there is no volume of that name`;
            ctx.report({
              resource: w.resource,
              path: [...c.path, field, i, "name"],
              message: `${field}[${i}] of container "${c.name ?? "?"}" names volume "${name}", but ${which}${close ? `; did you mean "${close}"?` : ""}`,
            });
          }
        }
      }
    }
  },
});
