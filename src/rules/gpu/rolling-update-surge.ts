import { appContainers, containerAccelerators, podGpuCount } from "../../model/gpu.js";
import type { Path } from "../../model/path.js";
import { getIn } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

/** Pods a rolling update may add above the desired count: maxSurge as a number or percent (rounded up), default 25%. */
function surgePods(maxSurge: unknown, replicas: number): number | undefined {
  if (maxSurge === undefined) return Math.ceil((replicas * 25) / 100);
  if (typeof maxSurge === "number" && Number.isInteger(maxSurge)) return maxSurge;
  if (typeof maxSurge === "string") {
    const m = /^([0-9]+)%$/.exec(maxSurge.trim());
    if (m) return Math.ceil((replicas * Number.parseInt(m[1] as string, 10)) / 100);
    if (/^[0-9]+$/.test(maxSurge.trim())) return Number.parseInt(maxSurge, 10);
  }
  return undefined;
}

export default defineRule({
  id: "gpu/rolling-update-surge",
  category: "gpu",
  severity: "warning",
  summary: "A GPU Deployment's rolling update surges (maxSurge > 0, 25% by default) and needs spare GPUs to roll out",
  rationale:
    "A RollingUpdate starts new pods before it stops old ones: up to maxSurge extra pods, 25% of the replicas rounded up when unset. Each extra pod needs its full GPU count on a free node. On a GPU pool that is fully used, which is the usual state of an inference fleet, the surge pods stay Pending and the rollout stalls until the progress deadline.",
  remediation:
    "For GPU Deployments set strategy.rollingUpdate.maxSurge: 0 and maxUnavailable: 1 (or more), so an old pod frees its GPUs before a new one starts; or keep the surge and reserve that many spare GPUs.",
  links: [
    {
      title: "Deployment rolling update: maxSurge",
      url: "https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#max-surge",
    },
  ],
  examples: {
    valid: [
      {
        title: "no surge",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: d
          spec:
            replicas: 4
            strategy:
              rollingUpdate: {maxSurge: 0, maxUnavailable: 1}
            template:
              spec:
                containers:
                  - name: m
                    image: i
                    resources: {limits: {nvidia.com/gpu: 8}}
        `,
      },
    ],
    invalid: [
      {
        title: "an explicit surge, and the default one",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: d
          spec:
            replicas: 4
            strategy:
              rollingUpdate:
                maxSurge: 50%
            template:
              spec:
                containers:
                  - name: m
                    image: i
                    resources: {limits: {nvidia.com/gpu: 8}}
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: e
          spec:
            replicas: 1
            template:
              spec:
                containers:
                  - name: m
                    image: i
                    resources: {limits: {nvidia.com/gpu: 2}}
        `,
        findings: [
          { line: 9, column: 17, message: /surges 2 pods.*16 spare nvidia.com\/gpu.*32 in use/ },
          { line: 22, column: 13, message: /default maxSurge of 25%.*1 pod.*2 spare/, severity: "info" },
        ],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    if (r.group !== "apps" || r.kind !== "Deployment") return;
    const g = w.podGroups[0];
    if (!g) return;
    const perPod = podGpuCount(g);
    if (perPod <= 0) return;
    const first = appContainers(g)
      .flatMap((c) => containerAccelerators(c))
      .at(0);
    if (getIn(r.value, ["spec", "strategy", "type"]) === "Recreate") return;
    const replicas = g.replicas ?? 1;
    const surgePath: Path = ["spec", "strategy", "rollingUpdate", "maxSurge"];
    const raw = getIn(r.value, surgePath);
    const surge = surgePods(raw, replicas);
    if (surge === undefined || surge <= 0) return;
    const pods = `${surge} pod${surge === 1 ? "" : "s"}`;
    const resource = first?.resource ?? "GPUs";
    const need = `${surge * perPod} spare ${resource} on top of the ${replicas * perPod} in use`;
    if (raw === undefined) {
      const at: Path = getIn(r.value, ["spec", "replicas"]) !== undefined ? ["spec", "replicas"] : ["spec"];
      ctx.report({
        resource: r,
        path: at,
        severity: "info",
        message: `the default maxSurge of 25% lets a rollout start ${pods} before stopping old ones: it needs ${need}, or the new pods stay Pending and the rollout stalls; set maxSurge: 0 and maxUnavailable: 1`,
      });
      return;
    }
    ctx.report({
      resource: r,
      path: surgePath,
      message: `the rolling update surges ${pods} (maxSurge ${String(raw)}): a rollout needs ${need}, or the new pods stay Pending and the rollout stalls`,
    });
  },
});
