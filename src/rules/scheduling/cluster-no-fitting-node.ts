import {
  describeMisfit,
  fitsIgnoringTaints,
  gpuTaintProblem,
  misfitPath,
  productMisses,
  requestSummary,
} from "../../cluster/diagnose.js";
import { FOUR_A100_NODES, MIG_NODE, TWO_H100_NODES } from "../../cluster/example-inventories.js";
import { analyzeGroup } from "../../cluster/placement.js";
import { dedent } from "../../util/dedent.js";
import { clusterOf, defineRule } from "../types.js";

export default defineRule({
  id: "scheduling/cluster-no-fitting-node",
  category: "scheduling",
  severity: "error",
  requires: ["cluster"],
  summary: "No node of the cluster inventory (--cluster) could ever host a pod of this group",
  rationale:
    "The scheduler places a pod only on a node that has the requested resources allocatable and that passes its nodeSelector, required node affinity and taints. When no node of the cluster passes, the pod stays Pending forever with `0/N nodes are available`, and a distributed job never starts. A request of 8 GPUs on nodes with 4 is the classic case. A DaemonSet whose selector, affinity or tolerations match no node runs no pods rather than pending, and is reported as info. Checked only with `mlgate check --cluster nodes.json`.",
  remediation:
    "Size the pod to the nodes the cluster has (fewer GPUs per pod, more pods), fix the selector or affinity to name labels the nodes carry, or add the node pool the pod needs. The message names the closest node and what it lacks.",
  links: [
    {
      title: "Kubernetes: Assigning Pods to Nodes",
      url: "https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/",
    },
    {
      title: "Kubernetes: Resource Management for Pods and Containers",
      url: "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
    },
  ],
  examples: {
    valid: [
      {
        title: "A 4-GPU worker on 4-GPU nodes",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: bert
          spec:
            pytorchReplicaSpecs:
              Worker:
                replicas: 4
                template:
                  spec:
                    containers:
                      - name: pytorch
                        image: nvcr.io/nvidia/pytorch:24.05-py3
                        resources:
                          limits:
                            nvidia.com/gpu: 4
        `,
        options: { cluster: FOUR_A100_NODES },
      },
      {
        title: "Without --cluster the rule does nothing",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: c
                image: i
                resources:
                  limits:
                    nvidia.com/gpu: 64
        `,
      },
    ],
    invalid: [
      {
        title: "An 8-GPU worker on nodes with 4 GPUs each",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: bert
          spec:
            pytorchReplicaSpecs:
              Worker:
                replicas: 2
                template:
                  spec:
                    containers:
                      - name: pytorch
                        image: nvcr.io/nvidia/pytorch:24.05-py3
                        resources:
                          limits:
                            nvidia.com/gpu: 8
        `,
        options: { cluster: FOUR_A100_NODES },
        findings: [
          {
            line: 16,
            column: 35,
            message: /no node can host a pod of "Worker".*closest is a100-0: nvidia.com\/gpu 4 allocatable, 8 needed/,
          },
        ],
      },
      {
        title: "A MIG profile no node offers",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: infer
          spec:
            containers:
              - name: c
                image: i
                resources:
                  limits:
                    nvidia.com/mig-2g.20gb: 1
        `,
        options: { cluster: MIG_NODE },
        findings: [{ line: 11, column: 35, message: /MIG profiles offered in this cluster: nvidia.com\/mig-1g.10gb/ }],
      },
      {
        title: "A DaemonSet for hardware the cluster lacks runs nowhere (info)",
        yaml: dedent`
          apiVersion: apps/v1
          kind: DaemonSet
          metadata:
            name: amd-driver
          spec:
            template:
              spec:
                nodeSelector:
                  amd.com/gpu.present: "true"
                containers:
                  - name: c
                    image: i
        `,
        options: { cluster: TWO_H100_NODES },
        findings: [{ line: 9, column: 30, severity: "info", message: /runs no pods/ }],
      },
      {
        title: "A nodeSelector no node satisfies",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: web
          spec:
            template:
              spec:
                nodeSelector:
                  pool: inference
                containers:
                  - name: c
                    image: i
        `,
        options: { cluster: TWO_H100_NODES },
        findings: [{ line: 9, column: 15, message: /label pool=\(none\), nodeSelector wants inference/ }],
      },
    ],
  },
  workload(w, ctx) {
    const inv = clusterOf(ctx);
    for (const g of w.podGroups) {
      if (g.replicas === 0) continue;
      const a = analyzeGroup(g, inv);
      if (a.fitting.length > 0 || !a.closest) continue;
      // Reported by gpu/cluster-gpu-product-mismatch and gpu/cluster-missing-gpu-toleration.
      if (productMisses(a, inv).length > 0) continue;
      if (gpuTaintProblem(a, inv) && fitsIgnoringTaints(a)) continue;
      const misfits = a.closest.misfits;
      const first = misfits[0];
      if (!first) continue;
      const lacks = misfits.map((m) => describeMisfit(m, inv)).join("; ");
      // Nodes big enough but excluded by a filter are often the real target: say what keeps the pod off them.
      const bigEnough = a.verdicts.find((v) => v !== a.closest && v.misfits.every((m) => m.kind !== "resource"));
      const also = bigEnough
        ? `; ${bigEnough.node.name} has the resources but ${bigEnough.misfits.map((m) => describeMisfit(m, inv)).join("; ")}`
        : "";
      // A DaemonSet whose selector, affinity or tolerations match no node simply runs nowhere (often on purpose,
      // e.g. a driver installer for hardware this cluster lacks); only a resource shortfall leaves its pods Pending.
      const daemonSetNowhere =
        w.resource.kind === "DaemonSet" && a.verdicts.every((v) => v.misfits.some((m) => m.kind !== "resource"));
      ctx.report({
        resource: w.resource,
        path: misfitPath(first, a, g),
        ...(daemonSetNowhere ? { severity: "info" as const } : {}),
        message: daemonSetNowhere
          ? `this DaemonSet's selector, affinity or tolerations match none of the ${inv.nodes.length} nodes of ${inv.source}, so it runs no pods; closest is ${a.closest.node.name}: ${lacks}`
          : `no node can host a pod of "${g.role}" (${requestSummary(a)}) among the ${inv.nodes.length} nodes of ${inv.source}; closest is ${a.closest.node.name}: ${lacks}${also}`,
      });
    }
  },
});
