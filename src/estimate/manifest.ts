import { type GpuId, gpuFromProductLabel } from "../catalog/gpus.js";
import type { InterconnectId } from "../catalog/interconnects.js";
import { INSTANCE_GPU, INSTANCE_PRICES } from "../catalog/prices.js";
import { INSTANCE_LABELS, PRODUCT_LABELS, selectorValues } from "../model/gpu-product.js";
import { parseQuantity } from "../model/quantity.js";
import { asArray, asObject, asString, type JsonObject } from "../model/resource.js";
import type { PodGroup, Workload } from "../model/workload.js";

/**
 * What a training workload's manifests say about the job `estimate` should size: its GPU count,
 * GPUs per node, GPU product and network. Pure: reads the workload model, no I/O.
 */
export interface ManifestJob {
  kind: string;
  name: string;
  namespace: string | undefined;
  file: string;
  gpus: number;
  pods: number;
  gpusPerPod: number;
  /** GPUs one pod holds; a pod holds one node's GPUs when it asks for several. */
  gpusPerNode: number | undefined;
  gpu: GpuId | undefined;
  /** The label or resource the GPU product was read from. */
  gpuEvidence: string | undefined;
  /** A product label or instance type the manifests name that the catalog does not know (`label=value`). */
  unknownProduct?: string | undefined;
  interconnect: InterconnectId | undefined;
  /** Why the network was read as it was, one line per clue. */
  networkEvidence: string[];
  /** `provider:instance` when a node selector names a priced instance type. */
  cloud: string | undefined;
}

const GPU_RESOURCES = ["nvidia.com/gpu", "amd.com/gpu", "google.com/tpu"];
const MULTUS = "k8s.v1.cni.cncf.io/networks";

function resourcesOf(c: JsonObject): Record<string, unknown> {
  const res = asObject(c.resources) ?? {};
  return { ...(asObject(res.requests) ?? {}), ...(asObject(res.limits) ?? {}) };
}

function envOf(group: PodGroup): Map<string, string> {
  const env = new Map<string, string>();
  for (const c of group.containers) {
    if (c.role === "initContainer" || c.role === "ephemeralContainer") continue;
    for (const e of asArray(c.value.env)) {
      const o = asObject(e);
      const name = asString(o?.name);
      if (name) env.set(name, asString(o?.value) ?? String(o?.value ?? ""));
    }
  }
  return env;
}

function isRdmaResource(name: string): boolean {
  return (
    name.startsWith("rdma/") ||
    /(^|\/)(hostdev|sriov|mlnx|rdma)/i.test(name) ||
    name === "openshift.io/rdma_exclusive_device"
  );
}

/** One entry per workload that asks for GPUs, in input order. */
export function jobsFromWorkloads(workloads: readonly Workload[]): ManifestJob[] {
  const jobs: ManifestJob[] = [];
  for (const w of workloads) {
    let gpus = 0;
    let pods = 0;
    let gpusPerPod = 0;
    let gpu: GpuId | undefined;
    let gpuEvidence: string | undefined;
    let unknownProduct: string | undefined;
    let cloud: string | undefined;
    let rdma: string | undefined;
    let efa = false;
    const networkEvidence: string[] = [];
    let ibDisabled = false;
    let ncclSocket = false;
    let multus: string | undefined;
    for (const g of w.podGroups) {
      let perPod = 0;
      for (const c of g.containers) {
        if (c.role === "initContainer" || c.role === "ephemeralContainer") continue;
        const res = resourcesOf(c.value);
        for (const [name, v] of Object.entries(res)) {
          const q = parseQuantity(v) ?? 0;
          if (GPU_RESOURCES.includes(name)) perPod += q;
          else if (name === "vpc.amazonaws.com/efa" && q > 0) efa = true;
          else if (isRdmaResource(name) && q > 0) rdma ??= name;
        }
      }
      if (perPod <= 0) continue;
      const replicas = g.replicas ?? 1;
      gpus += perPod * replicas;
      pods += replicas;
      gpusPerPod = Math.max(gpusPerPod, perPod);
      const sel = selectorValues(g.podSpec);
      for (const label of PRODUCT_LABELS) {
        for (const { value: v } of sel.get(label) ?? []) {
          const id = gpuFromProductLabel(v);
          if (id && !gpu) {
            gpu = id;
            gpuEvidence = `${label}=${v}`;
          } else if (!id) unknownProduct ??= `${label}=${v}`;
        }
      }
      for (const label of INSTANCE_LABELS) {
        for (const { value: v } of sel.get(label) ?? []) {
          const id = INSTANCE_GPU[v];
          if (id && !gpu) {
            gpu = id;
            gpuEvidence = `${label}=${v}`;
          } else if (!id) unknownProduct ??= `${label}=${v}`;
          const offer = INSTANCE_PRICES.find((p) => p.instance === v);
          if (offer) cloud ??= offer.id;
        }
      }
      const env = envOf(g);
      if (env.get("NCCL_IB_DISABLE") === "1") ibDisabled = true;
      if ((env.get("NCCL_NET") ?? "").toLowerCase() === "socket") ncclSocket = true;
      const nets = asString(g.podAnnotations[MULTUS]);
      if (nets) multus ??= nets;
    }
    if (gpus <= 0) continue;

    let interconnect: InterconnectId | undefined;
    if (ibDisabled || ncclSocket) {
      interconnect = "eth-100";
      networkEvidence.push(
        `${ibDisabled ? "NCCL_IB_DISABLE=1" : "NCCL_NET=Socket"} forces NCCL onto TCP sockets: estimated as 100 Gb/s Ethernet`,
      );
    } else if (efa) {
      interconnect = "efa";
      networkEvidence.push("requests vpc.amazonaws.com/efa: AWS EFA");
    } else if (rdma) {
      interconnect = "ndr";
      networkEvidence.push(
        `requests ${rdma}: an RDMA device, estimated as InfiniBand NDR (say --interconnect for RoCE or HDR)`,
      );
      if (multus) networkEvidence.push(`attaches Multus network(s) ${multus}`);
    } else if (multus) {
      interconnect = "eth-100";
      networkEvidence.push(
        `attaches Multus network(s) ${multus} but requests no RDMA device: NCCL can use only TCP sockets, estimated as 100 Gb/s Ethernet`,
      );
    } else if (pods > 1) {
      interconnect = "eth-25";
      networkEvidence.push(
        "requests no RDMA device and attaches no secondary network: NCCL falls back to TCP sockets on the pod network, estimated as 25 Gb/s Ethernet",
      );
    }
    if (gpusPerPod === 1 && pods > 1)
      networkEvidence.push(
        "each pod asks for 1 GPU: estimated as packed 8 to a node; give --gpus-per-node 1 if they spread one to a node",
      );
    jobs.push({
      kind: w.resource.kind,
      name: w.resource.name ?? "(unnamed)",
      namespace: w.resource.namespace,
      file: w.resource.doc.file.path,
      gpus,
      pods,
      gpusPerPod,
      gpusPerNode: gpusPerPod > 1 ? gpusPerPod : undefined,
      gpu,
      gpuEvidence,
      unknownProduct: gpu ? undefined : unknownProduct,
      interconnect,
      networkEvidence,
      cloud,
    });
  }
  return jobs;
}
