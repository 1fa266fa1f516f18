import { GPUS } from "../../catalog/gpus.js";
import type { InstancePrice } from "../../catalog/prices.js";
import { DEFAULT_GPU, pricedDailyCost } from "../../estimate/daily.js";
import { jobsFromWorkloads } from "../../estimate/manifest.js";
import { type AcceleratorRequest, appContainers, containerAccelerators, deviceWord } from "../../model/gpu.js";
import type { PodGroup } from "../../model/workload.js";
import { defineRule } from "../types.js";

/** The accelerator resources `estimate` counts as GPUs (src/estimate/manifest.ts). */
const COUNTED = new Set(["nvidia.com/gpu", "amd.com/gpu", "google.com/tpu"]);

const PRODUCT_HINT =
  "set a nodeSelector (or required node affinity) on nvidia.com/gpu.product, cloud.google.com/gke-accelerator or node.kubernetes.io/instance-type to price the GPU it runs on";

function counted(g: PodGroup): AcceleratorRequest[] {
  return appContainers(g).flatMap((c) => containerAccelerators(c).filter((a) => COUNTED.has(a.resource)));
}

function money(usd: number): string {
  return `$${usd.toLocaleString("en-US", { minimumFractionDigits: usd < 100 ? 2 : 0, maximumFractionDigits: usd < 100 ? 2 : 0 })}`;
}

function priceText(offer: InstancePrice): string {
  const perGpuHour = offer.onDemandPerHour / offer.gpus;
  return `${offer.id} on demand (${money(perGpuHour)}/GPU-h, observed ${offer.observed}: ${offer.source})`;
}

export default defineRule({
  id: "cost/gpu-daily-cost",
  category: "cost",
  severity: "info",
  summary:
    "With --estimate (or `estimate: true` in .mlgate.yaml): each GPU workload's GPU-hours per day at its requested size and its on-demand cloud cost per day",
  rationale:
    "A manifest states the size of a GPU bill but not its amount: 4 pods × 8 GPUs is 768 GPU-hours every day the job runs, several thousand dollars a day on demand, whether or not the GPUs do useful work. Reviewers of a change (and of AI-written manifests in particular) see replica counts and resource limits, not the money they commit. This rule prints it next to the request, with the price, its source and the date the price was observed, from the same catalog as `mlgate estimate`. It is informational and off by default: turn it on with `mlgate check --estimate` or `estimate: true` in .mlgate.yaml.",
  remediation:
    "Nothing to fix: check that the size is the one intended. The GPU product (and so the price) is read from node selectors or required node affinity on nvidia.com/gpu.product, cloud.google.com/gke-accelerator, amd.com/gpu.product-name or node.kubernetes.io/instance-type; without one the default H100 SXM on-demand price is assumed. For a full estimate (time to train, memory, bare metal) run `mlgate estimate FILE --params … --tokens …`.",
  links: [
    {
      title: "NVIDIA GPU Feature Discovery: the nvidia.com/gpu.product node label the GPU product is read from",
      url: "https://github.com/NVIDIA/k8s-device-plugin",
    },
    {
      title: "Schedule GPUs (requesting nvidia.com/gpu, node labels for GPU types)",
      url: "https://kubernetes.io/docs/tasks/manage-gpus/scheduling-gpus/",
    },
  ],
  examples: {
    valid: [
      {
        title: "without --estimate the rule reports nothing",
        yaml: `apiVersion: batch/v1
kind: Job
metadata:
  name: train
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - {name: t, image: i, resources: {limits: {nvidia.com/gpu: 8}}}
`,
      },
      {
        title: "with --estimate, a workload without GPUs",
        options: { estimate: true },
        yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 3
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - {name: api, image: i, resources: {limits: {cpu: "2"}}}
`,
      },
    ],
    invalid: [
      {
        title: "a PyTorchJob on A100 80GB nodes (priced from the catalog) and a Job whose GPU product is not named",
        options: { estimate: true },
        yaml: `apiVersion: kubeflow.org/v1
kind: PyTorchJob
metadata:
  name: llm
spec:
  pytorchReplicaSpecs:
    Master:
      replicas: 1
      template:
        spec:
          nodeSelector: {nvidia.com/gpu.product: NVIDIA-A100-SXM4-80GB}
          containers:
            - name: pytorch
              image: i
              resources: {limits: {nvidia.com/gpu: 8}}
    Worker:
      replicas: 3
      template:
        spec:
          nodeSelector: {nvidia.com/gpu.product: NVIDIA-A100-SXM4-80GB}
          containers:
            - name: pytorch
              image: i
              resources: {limits: {nvidia.com/gpu: 8}}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: eval
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - {name: t, image: i, resources: {limits: {nvidia.com/gpu: 2}}}
`,
        findings: [
          {
            line: 15,
            column: 52,
            message:
              /^this PyTorchJob requests 32 GPUs \(1 pod × 8 GPUs \+ 3 pods × 8 GPUs\): 768 GPU-hours per day, \$2,635 per day on aws:p4de\.24xlarge on demand \(\$3\.43\/GPU-h, observed 2026-09: GPUFlow/,
          },
          {
            line: 35,
            column: 68,
            message:
              /^this Job requests 2 GPUs \(1 pod × 2 GPUs\): 48 GPU-hours per day, \$330 per day at the default NVIDIA H100 SXM 80GB price, as the manifest does not name the GPU product: aws:p5\.48xlarge on demand \(\$6\.88\/GPU-h, observed 2026-09: .*\); set a nodeSelector/,
          },
        ],
      },
      {
        title: "a GPU the price catalog does not list",
        options: { estimate: true },
        yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: serve
spec:
  replicas: 2
  selector: {matchLabels: {app: serve}}
  template:
    metadata: {labels: {app: serve}}
    spec:
      nodeSelector: {cloud.google.com/gke-accelerator: nvidia-h200-141gb}
      containers:
        - {name: vllm, image: i, resources: {limits: {nvidia.com/gpu: 4}}}
`,
        findings: [
          {
            line: 13,
            column: 71,
            message:
              /8 GPUs \(2 pods × 4 GPUs\): 192 GPU-hours per day, \$1,321 per day at the default NVIDIA H100 SXM 80GB price, as there is no cloud price for NVIDIA H200 SXM 141GB \(cloud\.google\.com\/gke-accelerator=nvidia-h200-141gb\) in the catalog/,
          },
        ],
      },
    ],
  },
  workload(w, ctx) {
    if (ctx.options.estimate !== true) return;
    const job = jobsFromWorkloads([w])[0];
    if (!job) return;
    const groups = w.podGroups.filter((g) => counted(g).length > 0);
    const first = groups.map(counted)[0]?.[0];
    if (!first) return;
    const word = (n: number) => deviceWord(first.vendor, n);
    const sizes = groups
      .map((g) => {
        const per = counted(g).reduce((n, a) => n + a.count, 0);
        const pods = g.replicas === undefined ? "1 pod per node" : `${g.replicas} pod${g.replicas === 1 ? "" : "s"}`;
        return `${pods} × ${per} ${word(per)}`;
      })
      .join(" + ");

    const cost = pricedDailyCost(job);
    const assumed = !cost.assumed
      ? undefined
      : job.gpu
        ? `there is no cloud price for ${GPUS[job.gpu].name} (${job.gpuEvidence}) in the catalog`
        : "the manifest does not name the GPU product";
    let perDay = "no cloud price known";
    if (cost.offer && cost.cloudPerDay !== undefined) {
      perDay = assumed
        ? `${money(cost.cloudPerDay)} per day at the default ${GPUS[DEFAULT_GPU].name} price, as ${assumed}: ${priceText(cost.offer)}; ${PRODUCT_HINT}`
        : `${money(cost.cloudPerDay)} per day on ${priceText(cost.offer)}`;
    }
    const daemon = groups.some((g) => g.replicas === undefined) ? " for each node it runs on" : "";
    ctx.report({
      resource: w.resource,
      path: first.path,
      message: `this ${w.resource.kind} requests ${job.gpus} ${word(job.gpus)}${daemon} (${sizes}): ${cost.gpuHoursPerDay.toLocaleString("en-US")} GPU-hours per day, ${perDay}`,
    });
  },
});
