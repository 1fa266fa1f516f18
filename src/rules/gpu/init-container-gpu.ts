import { appContainers, containerAccelerators, containerGpuCount } from "../../model/gpu.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "gpu/init-container-gpu",
  category: "gpu",
  severity: "warning",
  summary: "An init container (or sidecar) requests accelerators",
  rationale:
    "The scheduler reserves for a pod the larger of its biggest init container and the sum of its app containers, for the pod's whole life. An init container that asks for more GPUs than the app containers keeps the difference reserved and idle. A sidecar (an init container with restartPolicy: Always) runs beside the app, so its GPUs add to theirs: the pod needs more GPUs than the main container uses. Init containers rarely need a GPU; a copied resources block is the usual cause.",
  remediation:
    "Move the accelerator request to the container that computes, or drop it from the init container; if the init step really needs a GPU, ask for no more than the app containers use and suppress this finding with a reason.",
  links: [
    {
      title: "Init containers: resource sharing",
      url: "https://kubernetes.io/docs/concepts/workloads/pods/init-containers/#resource-sharing-within-containers",
    },
    { title: "Sidecar containers", url: "https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/" },
  ],
  examples: {
    valid: [
      {
        title: "GPUs only on the app container",
        yaml: dedent`
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: j
          spec:
            template:
              spec:
                restartPolicy: Never
                initContainers:
                  - name: fetch
                    image: i
                containers:
                  - name: train
                    image: i
                    resources:
                      limits: {nvidia.com/gpu: 8}
        `,
      },
    ],
    invalid: [
      {
        title: "init container asks for more GPUs than the app, and a GPU sidecar",
        yaml: dedent`
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: j
          spec:
            template:
              spec:
                restartPolicy: Never
                initContainers:
                  - name: warmup
                    image: i
                    resources:
                      limits: {nvidia.com/gpu: 8}
                  - name: proxy
                    image: i
                    restartPolicy: Always
                    resources:
                      limits: {nvidia.com/gpu: 1}
                containers:
                  - name: train
                    image: i
                    resources:
                      limits: {nvidia.com/gpu: 2}
        `,
        findings: [
          { line: 13, column: 38, message: /init container "warmup" asks for 8 nvidia.com\/gpu.*use 3.*5 stay idle/ },
          { line: 18, column: 38, message: /sidecar "proxy".*2 \+ 1 = 3/ },
        ],
      },
    ],
  },
  workload(w, ctx) {
    for (const g of w.podGroups) {
      const app = appContainers(g);
      const appGpus = app.reduce((n, c) => n + containerGpuCount(c), 0);
      const sidecarGpus = g.containers
        .filter((c) => c.role === "initContainer" && c.value.restartPolicy === "Always")
        .reduce((n, c) => n + containerGpuCount(c), 0);
      for (const c of g.containers) {
        if (c.role !== "initContainer") continue;
        const accs = containerAccelerators(c);
        const first = accs[0];
        if (!first) continue;
        const mine = accs.reduce((n, a) => n + a.count, 0);
        const name = c.name ? `"${c.name}"` : "";
        if (c.value.restartPolicy === "Always") {
          ctx.report({
            resource: w.resource,
            path: first.path,
            message: `sidecar ${name} holds ${mine} ${first.resource} for the pod's whole life beside the app containers: each pod needs ${appGpus} + ${sidecarGpus} = ${appGpus + sidecarGpus} accelerators`,
          });
        } else if (mine > appGpus + sidecarGpus) {
          ctx.report({
            resource: w.resource,
            path: first.path,
            message: `init container ${name} asks for ${mine} ${first.resource} but the app containers${sidecarGpus > 0 ? " and sidecars" : ""} use ${appGpus + sidecarGpus}: the scheduler reserves ${mine} for the pod's whole life and ${mine - appGpus - sidecarGpus} stay idle after the init step`,
          });
        } else {
          ctx.report({
            resource: w.resource,
            path: first.path,
            severity: "info",
            message: `init container ${name} asks for ${mine} ${first.resource}; init steps rarely need an accelerator — check that this is intended`,
          });
        }
      }
    }
  },
});
