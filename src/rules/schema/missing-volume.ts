import { kindTraits } from "../../model/kind-traits.js";
import { asArray, asObject, asString, getIn } from "../../model/resource.js";
import type { PodGroup, Workload } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
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
        yaml: dedent`
          apiVersion: apps/v1
          kind: StatefulSet
          metadata:
            name: db
          spec:
            serviceName: db
            selector: {matchLabels: {app: db}}
            template:
              metadata: {labels: {app: db}}
              spec:
                containers:
                  - name: db
                    image: db:1
                    volumeMounts:
                      - {name: data, mountPath: /data}
                      - {name: shm, mountPath: /dev/shm}
                volumes:
                  - {name: shm, emptyDir: {medium: Memory}}
            volumeClaimTemplates:
              - metadata: {name: data}
                spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
        `,
      },
      {
        title: "a JobSet whose volumeClaimPolicies give every replicated job's pods the claim as a volume",
        yaml: dedent`
          apiVersion: jobset.x-k8s.io/v1alpha2
          kind: JobSet
          metadata:
            name: train
          spec:
            volumeClaimPolicies:
              - templates:
                  - metadata: {name: checkpoints}
                    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
            replicatedJobs:
              - name: node
                template:
                  spec:
                    template:
                      spec:
                        restartPolicy: Never
                        containers:
                          - name: node
                            image: t:1
                            volumeMounts: [{name: checkpoints, mountPath: /ckpt}]
        `,
      },
    ],
    invalid: [
      {
        title: "a mount whose volume was renamed",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: m
                image: i
                volumeMounts:
                  - {name: model-cache, mountPath: /models}
            volumes:
              - {name: models-cache, emptyDir: {}}
        `,
        findings: [
          { line: 10, column: 18, message: /"model-cache".*no volume of that name.*did you mean "models-cache"/ },
        ],
      },
      {
        title: "a raw block device with no volume at all",
        yaml: dedent`
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: j
          spec:
            template:
              spec:
                restartPolicy: Never
                containers:
                  - name: m
                    image: i
                    volumeDevices:
                      - {name: scratch, devicePath: /dev/xvda}
        `,
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
