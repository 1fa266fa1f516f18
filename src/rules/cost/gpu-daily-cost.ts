import { GPUS, type GpuId, gpuFromProductLabel } from "../../catalog/gpus.js";
import type { InstancePrice } from "../../catalog/prices.js";
import { FOUR_A100_NODES } from "../../cluster/example-inventories.js";
import { GPU_PRODUCT_LABELS } from "../../cluster/labels.js";
import { analyzeGroup } from "../../cluster/placement.js";
import type { ClusterInventory } from "../../cluster/types.js";
import { dailyCost } from "../../estimate/daily.js";
import { jobsFromWorkloads, type ManifestJob } from "../../estimate/manifest.js";
import { type AcceleratorRequest, appContainers, containerAccelerators, deviceWord } from "../../model/gpu.js";
import type { PodGroup } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

/** The accelerator resources `estimate` counts as GPUs (src/estimate/manifest.ts). */
const COUNTED = new Set(["nvidia.com/gpu", "amd.com/gpu", "google.com/tpu"]);

const PRODUCT_HINT =
  "set a nodeSelector (or required node affinity) on nvidia.com/gpu.product, cloud.google.com/gke-accelerator or node.kubernetes.io/instance-type to price the GPU it runs on";

function counted(g: PodGroup): AcceleratorRequest[] {
  return appContainers(g).flatMap((c) => containerAccelerators(c).filter((a) => COUNTED.has(a.resource)));
}

/**
 * The GPU product the cluster inventory says a workload runs on: the product labels of every node
 * its GPU pod groups can be placed on. One product → that product; several or none → unknown,
 * with the products listed.
 */
function productFromInventory(
  groups: readonly PodGroup[],
  inv: ClusterInventory,
): { gpu: GpuId; evidence: string } | { gpu: undefined; products: string[] } {
  const products = new Set<string>();
  for (const g of groups)
    for (const node of analyzeGroup(g, inv).fitting) {
      const label = GPU_PRODUCT_LABELS.find((l) => node.labels[l] !== undefined);
      products.add(label ? (node.labels[label] as string) : "(no product label)");
    }
  const ids = new Set([...products].map((p) => gpuFromProductLabel(p)));
  const [only] = ids;
  if (ids.size === 1 && only)
    return { gpu: only, evidence: `the cluster inventory: every node it can run on is ${[...products].join(", ")}` };
  return { gpu: undefined, products: [...products] };
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
    "Nothing to fix: check that the size is the one intended. The GPU product (and so the price) is read from node selectors or required node affinity on nvidia.com/gpu.product, cloud.google.com/gke-accelerator, amd.com/gpu.product-name or node.kubernetes.io/instance-type; with `--cluster`, from the product labels of the nodes it can run on. A product that is not named, or not in the catalog, is reported as unknown, never priced as another GPU. For a full estimate (time to train, memory, bare metal) run `mlgate estimate FILE --params … --tokens …`.",
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
        yaml: dedent`
          apiVersion: batch/v1
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
        yaml: dedent`
          apiVersion: apps/v1
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
        yaml: dedent`
          apiVersion: kubeflow.org/v1
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
              /^this Job requests 2 GPUs \(1 pod × 2 GPUs\): 48 GPU-hours per day, cloud cost unknown: the manifest does not name the GPU product; set a nodeSelector/,
          },
        ],
      },
      {
        title: "a GPU the price catalog does not list",
        options: { estimate: true },
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: serve
          spec:
            replicas: 2
            selector: {matchLabels: {app: serve}}
            template:
              metadata: {labels: {app: serve}}
              spec:
                nodeSelector: {cloud.google.com/gke-accelerator: nvidia-gb200}
                containers:
                  - {name: vllm, image: i, resources: {limits: {nvidia.com/gpu: 4}}}
        `,
        findings: [
          {
            line: 13,
            column: 71,
            message:
              /8 GPUs \(2 pods × 4 GPUs\): 192 GPU-hours per day, cloud cost unknown: the catalog has no cloud price for NVIDIA GB200 .*\(cloud\.google\.com\/gke-accelerator=nvidia-gb200\)/,
          },
        ],
      },
      {
        title: "a GPU product the catalog does not know is reported as unknown, never priced as another GPU",
        options: { estimate: true },
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: serve
          spec:
            replicas: 1
            selector: {matchLabels: {app: serve}}
            template:
              metadata: {labels: {app: serve}}
              spec:
                nodeSelector: {nvidia.com/gpu.product: NVIDIA-GeForce-RTX-4090}
                containers:
                  - {name: vllm, image: i, resources: {limits: {nvidia.com/gpu: 1}}}
        `,
        findings: [
          {
            line: 13,
            column: 71,
            message:
              /1 GPU \(1 pod × 1 GPU\): 24 GPU-hours per day, cloud cost unknown: the catalog does not know the GPU product nvidia\.com\/gpu\.product=NVIDIA-GeForce-RTX-4090$/,
          },
        ],
      },
      {
        title: "with --cluster, the product comes from the nodes the workload can run on",
        options: { estimate: true, cluster: FOUR_A100_NODES },
        yaml: dedent`
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: eval
          spec:
            template:
              spec:
                restartPolicy: Never
                containers:
                  - {name: t, image: i, resources: {limits: {nvidia.com/gpu: 4}}}
        `,
        findings: [
          {
            line: 10,
            column: 68,
            message:
              /4 GPUs \(1 pod × 4 GPUs\): 96 GPU-hours per day, \$329 per day on aws:p4de\.24xlarge on demand .* \(GPU from the cluster inventory: every node it can run on is NVIDIA-A100-SXM4-80GB\)$/,
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

    // The product: from the manifest's selectors, else from the nodes the inventory says it can
    // run on. Never a default: an unknown product has an unknown price.
    let priced: ManifestJob = job;
    let fromInventory = "";
    let inventoryProducts: string[] = [];
    if (!job.gpu && ctx.options.cluster) {
      const inv = productFromInventory(groups, ctx.options.cluster);
      if (inv.gpu) {
        priced = { ...job, gpu: inv.gpu, gpuEvidence: inv.evidence };
        fromInventory = ` (GPU from ${inv.evidence})`;
      } else inventoryProducts = inv.products;
    }
    const cost = dailyCost(priced);
    let perDay: string;
    if (cost.offer && cost.cloudPerDay !== undefined)
      perDay = `${money(cost.cloudPerDay)} per day on ${priceText(cost.offer)}${fromInventory}`;
    else if (priced.gpu)
      perDay = `cloud cost unknown: the catalog has no cloud price for ${GPUS[priced.gpu].name} (${priced.gpuEvidence}); give prices with \`mlgate estimate --price-file\``;
    else if (job.unknownProduct)
      perDay = `cloud cost unknown: the catalog does not know the GPU product ${job.unknownProduct}`;
    else if (inventoryProducts.length > 1)
      perDay = `cloud cost unknown: the manifest does not name the GPU product and the cluster has several it can run on (${inventoryProducts.join(", ")}); ${PRODUCT_HINT}`;
    else perDay = `cloud cost unknown: the manifest does not name the GPU product; ${PRODUCT_HINT}`;
    const daemon = groups.some((g) => g.replicas === undefined) ? " for each node it runs on" : "";
    ctx.report({
      resource: w.resource,
      path: first.path,
      message: `this ${w.resource.kind} requests ${job.gpus} ${word(job.gpus)}${daemon} (${sizes}): ${cost.gpuHoursPerDay.toLocaleString("en-US")} GPU-hours per day, ${perDay}`,
    });
  },
});
