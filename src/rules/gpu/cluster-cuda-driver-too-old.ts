import { cudaOfImage, driverNeed, driverVerdict } from "../../cluster/cuda-image.js";
import { nodeList } from "../../cluster/diagnose.js";
import { FOUR_A100_NODES, TWO_H100_NODES } from "../../cluster/example-inventories.js";
import { formatDriver } from "../../cluster/labels.js";
import { acceleratorRequests, analyzeGroup } from "../../cluster/placement.js";
import type { ClusterNode } from "../../cluster/types.js";
import { asString } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { clusterOf, defineRule } from "../types.js";

const NGC_NOTE =
  " (unless these are data center GPUs on a driver branch the NGC release notes list as forward compatible)";

const driverText = new WeakMap<ClusterNode, string>();

function driverOf(n: ClusterNode): string {
  const hit = driverText.get(n);
  if (hit) return hit;
  const t = describeDriver(n);
  driverText.set(n, t);
  return t;
}

function describeDriver(n: ClusterNode): string {
  if (n.driver) return `driver ${formatDriver(n.driver)}`;
  if (n.cudaRuntime) return `CUDA ${n.cudaRuntime.major}.${n.cudaRuntime.minor}`;
  return "no driver label";
}

export default defineRule({
  id: "gpu/cluster-cuda-driver-too-old",
  category: "gpu",
  severity: "error",
  requires: ["cluster"],
  summary: "The image's CUDA version needs a newer NVIDIA driver than the nodes that could run the pod report",
  rationale:
    "A CUDA application needs a driver at least as new as its CUDA toolkit's, or, within one CUDA major version, at least the minor-version-compatibility branch (525 for 12.x, 580 for 13.x), where features that need a newer driver and PTX JIT still fail. CUDA images also declare `NVIDIA_REQUIRE_CUDA`, and the NVIDIA container toolkit refuses to start them on an older driver (`unsatisfied condition: cuda>=12.8`); otherwise the program fails with `CUDA driver version is insufficient for CUDA runtime version`. mlgate reads the CUDA version from the image name (NGC `yy.mm` releases, `cuda:12.4.1-…`, `…-cuda12.4-…`, `…-cu121`) and the driver from GPU Feature Discovery's `nvidia.com/cuda.driver-version.*` labels. NGC framework containers carry the CUDA forward-compatibility package, which their release notes support on older driver branches for data center GPUs: for them, minor version compatibility is no finding and an older major is a warning. Checked only with `mlgate check --cluster nodes.json`: error when no fitting node can run the image, warning when some cannot or run it only through minor version compatibility.",
  remediation:
    "Use an image built for the CUDA version the nodes' driver supports, upgrade the driver on the node pool, or pin the pod to nodes with a new enough driver (nodeSelector on nvidia.com/cuda.driver-version.major).",
  links: [
    {
      title: "NVIDIA CUDA Toolkit Release Notes: toolkit and driver versions",
      url: "https://docs.nvidia.com/cuda/cuda-toolkit-release-notes/index.html",
    },
    {
      title: "NVIDIA: CUDA minor version compatibility",
      url: "https://docs.nvidia.com/deploy/cuda-compatibility/minor-version-compatibility.html",
    },
    {
      title: "NVIDIA Optimized Frameworks release notes (CUDA of each NGC release)",
      url: "https://docs.nvidia.com/deeplearning/frameworks/pytorch-release-notes/",
    },
    {
      title: "NVIDIA/nvidia-container-toolkit#152: unsatisfied condition cuda>=…",
      url: "https://github.com/NVIDIA/nvidia-container-toolkit/issues/152",
    },
  ],
  examples: {
    valid: [
      {
        title: "NGC 24.05 (CUDA 12.4.1) on driver 550.54.15",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            tolerations:
              - {key: nvidia.com/gpu, operator: Exists}
            containers:
              - name: c
                image: nvcr.io/nvidia/pytorch:24.05-py3
                resources:
                  limits:
                    nvidia.com/gpu: 8
        `,
        options: { cluster: TWO_H100_NODES },
      },
    ],
    invalid: [
      {
        title: "CUDA 12.8 image on nodes with driver 535 (minor version compatibility only)",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: c
                image: nvidia/cuda:12.8.1-runtime-ubuntu22.04
                resources:
                  limits:
                    nvidia.com/gpu: 1
        `,
        options: { cluster: FOUR_A100_NODES },
        findings: [
          {
            line: 8,
            column: 14,
            severity: "warning",
            message:
              /CUDA 12.8.1, which needs NVIDIA driver 570.26 or newer.*all 4 nodes that fit .*driver 535.104.05.*minor version compatibility/,
          },
        ],
      },
      {
        title: "A CUDA 13.0 image on driver 550",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            tolerations:
              - {key: nvidia.com/gpu, operator: Exists}
            containers:
              - name: c
                image: nvidia/cuda:13.0.0-runtime-ubuntu24.04
                resources:
                  limits:
                    nvidia.com/gpu: 8
        `,
        options: { cluster: TWO_H100_NODES },
        findings: [
          {
            line: 10,
            column: 14,
            severity: "error",
            message: /CUDA 13.0.0, which needs NVIDIA driver 580.65.06.*cannot run it/,
          },
        ],
      },
      {
        title: "NGC 25.12 (CUDA 13.1) on driver 550: a warning, NGC images carry forward compatibility",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            tolerations:
              - {key: nvidia.com/gpu, operator: Exists}
            containers:
              - name: c
                image: nvcr.io/nvidia/pytorch:25.12-py3
                resources:
                  limits:
                    nvidia.com/gpu: 8
        `,
        options: { cluster: TWO_H100_NODES },
        findings: [
          {
            line: 10,
            column: 14,
            severity: "warning",
            message: /CUDA 13.1.0 per the NGC release notes.*590.44.01.*data center GPUs/,
          },
        ],
      },
    ],
  },
  workload(w, ctx) {
    const inv = clusterOf(ctx);
    for (const g of w.podGroups) {
      if (g.replicas === 0) continue;
      const a = analyzeGroup(g, inv);
      if (!acceleratorRequests(a.req).some(([r]) => r.startsWith("nvidia.com/"))) continue;
      if (a.fitting.length === 0) continue;
      for (const c of g.containers) {
        if (c.role === "ephemeralContainer") continue;
        const image = asString(c.value.image);
        const cuda = image ? cudaOfImage(image) : undefined;
        if (!image || !cuda) continue;
        const need = driverNeed(cuda.version);
        const by = {
          ok: [] as ClusterNode[],
          compat: [] as ClusterNode[],
          old: [] as ClusterNode[],
          unknown: [] as ClusterNode[],
        };
        // Nodes of one class share their driver labels: one verdict per class.
        for (const cls of a.fittingClasses) by[driverVerdict(cls[0] as ClusterNode, cuda.version, need)].push(...cls);
        // NGC containers carry the CUDA forward-compatibility package: on data center GPUs their release notes
        // support older driver branches too, so minor version compatibility is not worth a finding and an
        // older major is a warning to check against the release notes rather than an error.
        const ngc = cuda.via === "ngc";
        if (ngc) by.ok.push(...by.compat.splice(0));
        if (by.old.length === 0 && by.compat.length === 0) continue;
        const known = a.fitting.length - by.unknown.length;
        const needText = need.toolkit
          ? `NVIDIA driver ${formatDriver(need.toolkit)} or newer`
          : `an NVIDIA driver of branch ${need.compatBranch} or newer`;
        const compatText =
          need.compatBranch !== undefined
            ? ` (${cuda.version.major}.x runs on ${need.compatBranch}+ only through minor version compatibility)`
            : "";
        const via = cuda.via === "ngc" ? " per the NGC release notes" : "";
        const head = `image ${image} is built on CUDA ${cuda.text}${via}, which needs ${needText}${compatText}`;
        const describe = (nodes: ClusterNode[]) =>
          `${nodeList(nodes)} (${[...new Set(nodes.map(driverOf))].slice(0, 3).join(", ")})`;
        let message: string;
        let severity: "error" | "warning" = "warning";
        if (by.ok.length === 0 && by.compat.length === 0) {
          severity = ngc ? "warning" : "error";
          message = `${head}; ${by.old.length === a.fitting.length ? `all ${a.fitting.length} nodes that fit` : `the ${by.old.length} nodes that fit and label their driver`} report an older one and cannot run it: ${describe(by.old)}${ngc ? NGC_NOTE : ""}`;
        } else if (by.ok.length === 0 && by.old.length === 0) {
          message = `${head}; ${by.compat.length === a.fitting.length ? `all ${a.fitting.length} nodes that fit` : `the ${by.compat.length} nodes that fit and label their driver`} report an older driver of the same branch family: ${describe(by.compat)}; it runs only through minor version compatibility, where the container toolkit's cuda>= check, newer driver features and PTX JIT fail`;
        } else {
          const bad = [...by.old, ...by.compat];
          message = `${head}; ${bad.length} of the ${known} nodes that fit and label their driver report an older one: ${describe(bad)}; the pod may land there — pin it to newer nodes (nodeSelector on nvidia.com/cuda.driver-version.major) or upgrade them${ngc ? NGC_NOTE : ""}`;
        }
        ctx.report({ resource: w.resource, path: [...c.path, "image"], severity, message });
      }
    }
  },
});
