import { appContainers, containerAccelerators, resourcesPath } from "../../model/gpu.js";
import { asObject, getIn } from "../../model/resource.js";
import { isPartial } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { containerLabel } from "./_util.js";

function has(c: Record<string, unknown>, field: "limits" | "requests", name: string): boolean {
  return asObject(getIn(c, ["resources", field]))?.[name] !== undefined;
}

export default defineRule({
  id: "gpu/cpu-memory-requests",
  category: "gpu",
  severity: "info",
  summary: "A GPU container sets no CPU or no memory request (nor a limit that would default it)",
  rationale:
    "The scheduler places a pod by its requests. A GPU container without a CPU request lands on a node whatever CPU is left there and gets the minimum CPU share under contention, so data loading, tokenisation and the host side of NCCL starve and the GPUs wait. Without a memory request it can be packed onto a node with too little memory for its batches and pinned buffers, and it is among the first pods evicted under memory pressure.",
  remediation:
    "Set resources.requests.cpu and resources.requests.memory sized for the data pipeline (a common start: a few cores and tens of GiB per GPU), or limits, which requests default to.",
  links: [
    {
      title: "Resource management for pods and containers",
      url: "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
    },
    { title: "Pod quality of service classes", url: "https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/" },
  ],
  examples: {
    valid: [
      {
        title: "CPU and memory set (limits default the requests)",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: m
                image: i
                resources:
                  requests: {cpu: 8}
                  limits: {nvidia.com/gpu: 1, memory: 64Gi}
        `,
      },
    ],
    invalid: [
      {
        title: "only the GPU is asked for",
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
                  - name: train
                    image: i
                    resources:
                      limits:
                        nvidia.com/gpu: 8
        `,
        findings: [{ line: 14, column: 31, message: /8 nvidia.com\/gpu but no CPU or memory request/ }],
      },
    ],
  },
  workload(w, ctx) {
    for (const g of w.podGroups) {
      if (isPartial(g)) continue; // an overlay: its base may set the requests
      const podRes = g.podSpec ? asObject(g.podSpec.resources) : undefined;
      for (const c of appContainers(g)) {
        const first = containerAccelerators(c)[0];
        if (!first) continue;
        const view = { resources: getIn(w.resource.value, resourcesPath(c)) };
        const missing = ["cpu", "memory"].filter(
          (n) =>
            !has(view, "requests", n) &&
            !has(view, "limits", n) &&
            asObject(podRes?.requests)?.[n] === undefined &&
            asObject(podRes?.limits)?.[n] === undefined,
        );
        if (missing.length === 0) continue;
        const what =
          missing.length === 2 ? "no CPU or memory request" : `no ${missing[0] === "cpu" ? "CPU" : "memory"} request`;
        const total = containerAccelerators(c).reduce((n, a) => n + a.count, 0);
        const devices =
          first.vendor === "nvidia" || first.vendor === "amd" || first.vendor === "intel" ? "GPUs" : "accelerators";
        ctx.report({
          resource: w.resource,
          path: first.path,
          message: `${containerLabel(c)} asks for ${total} ${first.resource} but ${what}: the scheduler may place it where ${missing.includes("cpu") ? "CPU" : "memory"} is short, and data loading starves the ${devices}`,
        });
      }
    }
  },
});
