import { containerAccelerators } from "../../model/gpu.js";
import type { Path } from "../../model/path.js";
import { asObject, getIn } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { lineOf } from "./_util.js";

/** KubeRay counts resource keys ending in "gpu" and MIG slices as GPUs (utils.IsGPUResourceKey). */
function isRayGpuKey(name: string): boolean {
  return /gpu$/i.test(name) || /^nvidia\.com\/mig-\d+g\.\d+gb$/.test(name);
}

export default defineRule({
  id: "gpu/ray-num-gpus",
  category: "gpu",
  severity: "error",
  summary: "A KubeRay group's rayStartParams num-gpus differs from the Ray container's GPU limit",
  rationale:
    "KubeRay tells Ray how many GPUs a node has from rayStartParams.num-gpus when it is set, and from the first container's GPU limit otherwise. An explicit num-gpus above the limit makes Ray schedule GPU tasks and actors onto GPUs the pod does not have: they fail with CUDA errors or wait forever. Below the limit, the extra GPUs are allocated to the pod and never used.",
  remediation:
    "Remove num-gpus from rayStartParams (KubeRay derives it from the container's limit) or make it equal to the GPU limit of the Ray container (the first container).",
  links: [
    {
      title: "KubeRay: GPU resources of Ray pods",
      url: "https://docs.ray.io/en/latest/cluster/kubernetes/user-guides/gpu.html",
    },
    { title: "ray-project/kuberay#99", url: "https://github.com/ray-project/kuberay/issues/99" },
  ],
  examples: {
    valid: [
      {
        title: "num-gpus left to KubeRay, or equal to the limit",
        yaml: dedent`
          apiVersion: ray.io/v1
          kind: RayCluster
          metadata:
            name: r
          spec:
            headGroupSpec:
              rayStartParams: {num-gpus: "0"}
              template:
                spec:
                  containers: [{name: head, image: rayproject/ray}]
            workerGroupSpecs:
              - groupName: gpu
                replicas: 2
                rayStartParams: {num-gpus: "4"}
                template:
                  spec:
                    containers:
                      - name: w
                        image: rayproject/ray
                        resources: {limits: {nvidia.com/gpu: 4}}
        `,
      },
    ],
    invalid: [
      {
        title: "Ray told about more GPUs than the pod has",
        yaml: dedent`
          apiVersion: ray.io/v1
          kind: RayCluster
          metadata:
            name: r
          spec:
            headGroupSpec:
              rayStartParams: {}
              template:
                spec:
                  containers: [{name: head, image: rayproject/ray}]
            workerGroupSpecs:
              - groupName: gpu
                replicas: 2
                rayStartParams:
                  num-gpus: "8"
                template:
                  spec:
                    containers:
                      - name: w
                        image: rayproject/ray
                        resources:
                          limits: {nvidia.com/gpu: 4}
        `,
        findings: [{ line: 15, column: 19, message: /num-gpus 8 but the Ray container "w" has 4 GPUs \(line 22\)/ }],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    if (r.group !== "ray.io") return;
    for (const g of w.podGroups) {
      if (!g.templatePath || g.role === "submitter") continue;
      const groupPath: Path = g.templatePath.slice(0, -1);
      const params = asObject(getIn(r.value, [...groupPath, "rayStartParams"]));
      const raw = params?.["num-gpus"];
      if (raw === undefined) continue;
      const n =
        typeof raw === "number"
          ? raw
          : typeof raw === "string" && /^\s*[0-9.]+\s*$/.test(raw)
            ? Number(raw)
            : undefined;
      if (n === undefined) continue;
      const c = g.containers.find((k) => k.role === "container");
      if (!c) continue;
      const accs = containerAccelerators(c).filter((a) => isRayGpuKey(a.resource));
      const gpus = accs.reduce((s, a) => s + a.count, 0);
      if (n === gpus) continue;
      const path = [...groupPath, "rayStartParams", "num-gpus"];
      const line = accs[0] ? lineOf(r, accs[0].path) : undefined;
      const has = `the Ray container${c.name ? ` "${c.name}"` : ""} has ${gpus} GPU${gpus === 1 ? "" : "s"}${line ? ` (line ${line})` : ""}`;
      if (n > gpus) {
        ctx.report({
          resource: r,
          path,
          message: `rayStartParams num-gpus ${n} but ${has}: Ray schedules GPU tasks onto ${n - gpus} GPU${n - gpus === 1 ? "" : "s"} the pod does not have, and they fail or hang`,
        });
      } else {
        ctx.report({
          resource: r,
          path,
          severity: "warning",
          message: `rayStartParams num-gpus ${n} but ${has}: Ray never uses ${gpus - n} of them, yet they stay allocated to the pod`,
        });
      }
    }
  },
});
