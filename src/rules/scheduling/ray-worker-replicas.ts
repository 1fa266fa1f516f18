import type { Path } from "../../model/path.js";
import { asArray, asObject, asString, getIn } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { describe, num } from "./_util.js";

const CLUSTER_SPEC: Record<string, Path> = {
  RayCluster: ["spec"],
  RayJob: ["spec", "rayClusterSpec"],
  RayService: ["spec", "rayClusterConfig"],
};

export default defineRule({
  id: "scheduling/ray-worker-replicas",
  category: "scheduling",
  severity: "warning",
  summary: "A KubeRay worker group has minReplicas above maxReplicas, or replicas outside [minReplicas, maxReplicas]",
  rationale:
    "KubeRay rejects a worker group whose minReplicas is larger than its maxReplicas, so the cluster is never created. A replicas value outside the range is silently clamped to it: the cluster starts with a different number of workers (and GPUs) than the manifest says, and a batch scheduler's gang minimum is computed from the clamped value.",
  remediation: "Keep minReplicas ≤ replicas ≤ maxReplicas in every worker group.",
  links: [
    {
      title: "KubeRay validation (utils/validation.go)",
      url: "https://github.com/ray-project/kuberay/blob/master/ray-operator/controllers/ray/utils/validation.go",
    },
    {
      title: "KubeRay RayCluster configuration",
      url: "https://docs.ray.io/en/latest/cluster/kubernetes/user-guides/config.html",
    },
  ],
  examples: {
    valid: [
      {
        title: "replicas inside the range",
        yaml: dedent`
          apiVersion: ray.io/v1
          kind: RayCluster
          metadata:
            name: rc
          spec:
            headGroupSpec:
              template: {spec: {containers: [{name: ray-head, image: ray}]}}
            workerGroupSpecs:
              - groupName: gpu
                replicas: 2
                minReplicas: 1
                maxReplicas: 4
                template: {spec: {containers: [{name: ray-worker, image: ray}]}}
        `,
      },
    ],
    invalid: [
      {
        title: "minReplicas above maxReplicas, and replicas above the maximum",
        yaml: dedent`
          apiVersion: ray.io/v1
          kind: RayCluster
          metadata:
            name: rc
          spec:
            headGroupSpec:
              template: {spec: {containers: [{name: ray-head, image: ray}]}}
            workerGroupSpecs:
              - groupName: gpu
                replicas: 4
                minReplicas: 4
                maxReplicas: 2
                template: {spec: {containers: [{name: ray-worker, image: ray}]}}
              - groupName: cpu
                replicas: 8
                minReplicas: 1
                maxReplicas: 4
                template: {spec: {containers: [{name: ray-worker, image: ray}]}}
        `,
        findings: [
          {
            line: 11,
            column: 20,
            severity: "error",
            message: /worker group gpu has minReplicas 4 above maxReplicas 2/,
          },
          {
            line: 15,
            column: 17,
            severity: "warning",
            message: /worker group cpu has replicas 8 outside \[1, 4\].*clamps it to 4/,
          },
        ],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    if (r.group !== "ray.io") return;
    const spec = CLUSTER_SPEC[r.kind];
    if (!spec) return;
    asArray(getIn(r.value, [...spec, "workerGroupSpecs"])).forEach((g, i) => {
      const wg = asObject(g);
      if (!wg) return;
      const base: Path = [...spec, "workerGroupSpecs", i];
      const name = asString(wg.groupName) ?? `#${i}`;
      const min = num(wg.minReplicas);
      const max = num(wg.maxReplicas);
      const replicas = num(wg.replicas);
      if (min !== undefined && max !== undefined && min > max) {
        ctx.report({
          resource: r,
          path: [...base, "minReplicas"],
          severity: "error",
          message: `${describe(r)}: worker group ${name} has minReplicas ${min} above maxReplicas ${max}; KubeRay rejects the cluster and creates no pods`,
        });
        return;
      }
      if (replicas === undefined) return;
      const lo = min ?? 0;
      if (replicas < lo || (max !== undefined && replicas > max)) {
        const to = replicas < lo ? lo : (max as number);
        ctx.report({
          resource: r,
          path: [...base, "replicas"],
          message: `${describe(r)}: worker group ${name} has replicas ${replicas} outside [${lo}, ${max ?? "∞"}]; KubeRay silently clamps it to ${to}, so the cluster starts with ${to} workers, not ${replicas}`,
        });
      }
    });
  },
});
