/**
 * Accelerator device-plugin resource names and the node labels GPU Feature Discovery publishes.
 * Data only; src/model/gpu.ts holds the logic. Read 2026-11-29.
 *
 * Sources:
 * - NVIDIA: NVIDIA/k8s-device-plugin@1b826acc README.md (nvidia.com/gpu, MIG strategies
 *   none|single|mixed, sharing with renameByDefault → nvidia.com/gpu.shared) and
 *   docs/gpu-feature-discovery/README.md (nvidia.com/gpu.product).
 *   https://github.com/NVIDIA/k8s-device-plugin/blob/1b826acc6af3/README.md
 * - AMD: ROCm/k8s-device-plugin@ed764684 docs/user-guide/configuration.md (amd.com/gpu).
 * - Intel: intel/intel-device-plugins-for-kubernetes@94a91bc9 cmd/gpu_plugin/README.md
 *   (gpu.intel.com/i915, gpu.intel.com/xe, gpu.intel.com/monitoring; millicores, memory.max and
 *   tiles are the GPU-aware-scheduling resources, not devices).
 * - Habana: HabanaAI/habanalabs-k8s-device-plugin@6b77f8c8 examples/hl-smi-test.yml (habana.ai/gaudi).
 * - AWS Neuron: https://awsdocs-neuron.readthedocs-hosted.com/en/latest/containers/tutorials/k8s-neuron-device-plugin.html
 *   (aws.amazon.com/neuron, aws.amazon.com/neuroncore); aws.amazon.com/neurondevice is no longer
 *   advertised since Neuron 2.20 (…/release-notes/announcements/neuron2.x/announce-no-support-device-version.html).
 * - Google TPU: https://cloud.google.com/kubernetes-engine/docs/concepts/tpus (google.com/tpu).
 */

export type Vendor = "nvidia" | "amd" | "intel" | "habana" | "aws" | "google";

export interface AcceleratorResource {
  name: string;
  vendor: Vendor;
  /** `device`: a whole accelerator; `slice`: a MIG slice or a core; `shared`: a time-sliced replica. */
  unit: "device" | "slice" | "shared";
  /** Set when the device plugin no longer advertises it. */
  deprecated?: string;
}

export const ACCELERATOR_RESOURCES: readonly AcceleratorResource[] = [
  { name: "nvidia.com/gpu", vendor: "nvidia", unit: "device" },
  { name: "nvidia.com/gpu.shared", vendor: "nvidia", unit: "shared" },
  // A whole GPU passed through to a Kata VM (confidential containers), advertised by NVIDIA's sandbox
  // device plugin (https://pkg.go.dev/github.com/nvidia/sandbox-device-plugin, read 2026-12-04) and
  // requested so by NVIDIA/k8s-nim-operator@f63f74d7ad22
  // config/samples/nim/serving/standalone/confidential-computing/llm-kata-sandbox.yaml.
  { name: "nvidia.com/pgpu", vendor: "nvidia", unit: "device" },
  { name: "amd.com/gpu", vendor: "amd", unit: "device" },
  { name: "gpu.intel.com/i915", vendor: "intel", unit: "device" },
  { name: "gpu.intel.com/xe", vendor: "intel", unit: "device" },
  // Advertised by the Intel GPU plugin on WSL (intel/intel-device-plugins-for-kubernetes@94a91bc9 demo/intelgpu-job-wsl.yaml).
  { name: "gpu.intel.com/dxg", vendor: "intel", unit: "device" },
  { name: "habana.ai/gaudi", vendor: "habana", unit: "device" },
  { name: "aws.amazon.com/neuron", vendor: "aws", unit: "device" },
  { name: "aws.amazon.com/neuroncore", vendor: "aws", unit: "slice" },
  {
    name: "aws.amazon.com/neurondevice",
    vendor: "aws",
    unit: "device",
    deprecated: "the Neuron device plugin stopped advertising it in Neuron 2.20; request aws.amazon.com/neuron",
  },
  { name: "google.com/tpu", vendor: "google", unit: "device" },
];

/**
 * Extended resources under accelerator vendors' domains that are not accelerator devices, and
 * must never get a "did you mean" (HAMi / Volcano vGPU, network-operator RDMA and SR-IOV pools,
 * Intel GPU-aware scheduling).
 */
export const NON_DEVICE_RESOURCES: readonly string[] = [
  "nvidia.com/gpumem",
  "nvidia.com/gpumem-percentage",
  "nvidia.com/gpucores",
  "nvidia.com/priority",
  "nvidia.com/hostdev",
  "nvidia.com/vgpu",
  "gpu.intel.com/monitoring",
  "gpu.intel.com/millicores",
  "gpu.intel.com/memory.max",
  "gpu.intel.com/tiles",
];

/** Vendor domain labels people write without `.com` (`nvidia/gpu`) → the real resource. */
export const VENDOR_WORDS: Record<string, string> = {
  nvidia: "nvidia.com/gpu",
  amd: "amd.com/gpu",
  intel: "gpu.intel.com/i915",
  habana: "habana.ai/gaudi",
  gaudi: "habana.ai/gaudi",
  neuron: "aws.amazon.com/neuron",
  tpu: "google.com/tpu",
  gpu: "nvidia.com/gpu",
};

/**
 * Values of the GPU Feature Discovery label `nvidia.com/gpu.product`: the NVML product name with
 * spaces replaced by `-` (GFD README), optionally followed by `-MIG-<profile>` under the single MIG
 * strategy or `-SHARED` when sharing is on. A selector must name it exactly. The list is not every
 * product ever made; mlgate only reports values that are near misses of one of these.
 * Sources: NVIDIA/k8s-device-plugin@1b826acc docs/gpu-feature-discovery/README.md; NVIDIA NIM
 * support matrices (https://docs.nvidia.com/nim/large-language-models/2.0.6/day-0/support-matrix-day-0.html)
 * for NVIDIA-H100-80GB-HBM3, NVIDIA-H200, NVIDIA-B200, NVIDIA-B300-SXM6-AC, NVIDIA-GB200. DGX Station and
 * other Volta/Pascal variants (Tesla-P100-DGXS-16GB, Tesla-V100-DGXS-16GB/32GB, Tesla-V100-SXM3-32GB,
 * Tesla-V100S-PCIE-32GB) from the PCI ID database NVIDIA's device plugin vendors
 * (NVIDIA/k8s-device-plugin@1b826acc vendor/github.com/NVIDIA/go-nvlib/pkg/pciids/default_pci.ids,
 * devices 10de:15fc, 1db2, 1db7, 1db8, 1df6; read 2026-12-04), in the NVML form GFD publishes.
 */
export const GFD_PRODUCTS: readonly string[] = [
  "Tesla-K80",
  "Tesla-P4",
  "Tesla-P100-PCIE-16GB",
  "Tesla-P100-DGXS-16GB",
  "Tesla-V100-SXM2-16GB",
  "Tesla-V100-SXM2-32GB",
  "Tesla-V100-PCIE-16GB",
  "Tesla-V100-PCIE-32GB",
  "Tesla-V100-DGXS-16GB",
  "Tesla-V100-DGXS-32GB",
  "Tesla-V100-SXM3-32GB",
  "Tesla-V100S-PCIE-32GB",
  "Tesla-T4",
  "NVIDIA-A10",
  "NVIDIA-A10G",
  "NVIDIA-A16",
  "NVIDIA-A30",
  "NVIDIA-A40",
  "NVIDIA-A100-SXM4-40GB",
  "NVIDIA-A100-SXM4-80GB",
  "NVIDIA-A100-PCIE-40GB",
  "NVIDIA-A100-PCIE-80GB",
  "NVIDIA-A100-80GB-PCIe",
  "NVIDIA-A800-SXM4-80GB",
  "NVIDIA-L4",
  "NVIDIA-L40",
  "NVIDIA-L40S",
  "NVIDIA-RTX-A6000",
  "NVIDIA-H100-80GB-HBM3",
  "NVIDIA-H100-PCIe",
  "NVIDIA-H100-NVL",
  "NVIDIA-H800",
  "NVIDIA-H20",
  "NVIDIA-H200",
  "NVIDIA-H200-NVL",
  "NVIDIA-GH200-480GB",
  "NVIDIA-B200",
  "NVIDIA-GB200",
  "NVIDIA-B300-SXM6-AC",
  "NVIDIA-GB300",
];

/**
 * Values of GKE's `cloud.google.com/gke-accelerator` label (https://cloud.google.com/kubernetes-engine/docs/how-to/gpus),
 * a common mix-up with nvidia.com/gpu.product.
 */
export const GKE_ACCELERATOR_VALUE = /^nvidia-(tesla-|l4|h100|h200|a100|b200|gb200|rtx)/;

/**
 * Devices of one kind on the largest nodes that carry them: a pod that asks for this many holds a
 * whole node, so no neighbour shares its memory or network. Eight for GPUs: NVIDIA HGX/DGX
 * (https://www.nvidia.com/en-us/data-center/hgx/), AMD Instinct MI300X platforms
 * (https://www.amd.com/en/products/accelerators/instinct/mi300/platform.html) and Gaudi HLS servers
 * carry eight. Read 2026-12-04.
 */
export const WHOLE_NODE_DEVICES: Readonly<Record<string, number>> = {
  "nvidia.com/gpu": 8,
  "amd.com/gpu": 8,
  "habana.ai/gaudi": 8,
};

/**
 * TPU slices on GKE (https://cloud.google.com/tpu/docs/tpus-in-gke, read 2026-12-04): the node
 * selector `cloud.google.com/gke-tpu-topology` names the slice's chip topology; a multi-host slice
 * is made of TPU VMs of four chips each (a v5e 4x4 slice is four VMs of four chips), and a
 * single-host slice is one VM holding every chip of its topology (at most eight).
 */
export const TPU_TOPOLOGY_LABEL = "cloud.google.com/gke-tpu-topology";
export const TPU_ACCELERATOR_LABEL = "cloud.google.com/gke-tpu-accelerator";
export const TPU_CHIPS_PER_MULTI_HOST_VM = 4;
export const TPU_MAX_SINGLE_HOST_CHIPS = 8;

/**
 * Chips per TPU VM — one GKE node — by the node pool's `cloud.google.com/gke-tpu-accelerator` and
 * `cloud.google.com/gke-tpu-topology`, read 2026-12-05:
 * - v6e (Trillium), https://cloud.google.com/tpu/docs/v6e "Supported configurations": 1x1 on
 *   ct6e-standard-1t (1 chip), 2x2 on ct6e-standard-4t (4), 2x4 on one ct6e-standard-8t (8) or, with
 *   the GKE API, two ct6e-standard-4t (4 each), every larger (multi-host) topology on ct6e-standard-4t.
 * - v5e, https://cloud.google.com/tpu/docs/v5e "VM types": each VM of a v5e slice holds 1, 4 or 8
 *   chips (1x1, 2x2, 2x4 single-host); multi-host slices are VMs of four chips
 *   (https://cloud.google.com/tpu/docs/tpus-in-gke, read 2026-12-04: a 4x4 slice is four VMs of four).
 *   `tpu-v5-lite-device` (ct5l-hightpu-*) is single-host only.
 * - v4, v5p and TPU7x (Ironwood): 3-D topologies built of four-chip VMs (ct4p-hightpu-4t,
 *   ct5p-hightpu-4t, tpu7x-standard-4t), the single-host 2x2x1 included
 *   (https://cloud.google.com/kubernetes-engine/docs/concepts/plan-tpus; TPU7x:
 *   https://cloud.google.com/cluster-director/docs/tpu-machines, "multiple 4-chip VM instances").
 * `byTopology` lists the VM sizes a topology can be built of; `multiHost` is the VM size of every
 * other topology (undefined where the accelerator has none).
 */
export const TPU_VM_CHIPS: Readonly<
  Record<string, { byTopology: Readonly<Record<string, readonly number[]>>; multiHost: number | undefined }>
> = {
  "tpu-v6e-slice": { byTopology: { "1x1": [1], "2x2": [4], "2x4": [8, 4] }, multiHost: 4 },
  "tpu-v5-lite-podslice": { byTopology: { "1x1": [1], "2x2": [4], "2x4": [8] }, multiHost: 4 },
  "tpu-v5-lite-device": { byTopology: { "1x1": [1], "2x2": [4], "2x4": [8] }, multiHost: undefined },
  "tpu-v5p-slice": { byTopology: { "2x2x1": [4] }, multiHost: 4 },
  "tpu-v4-podslice": { byTopology: { "2x2x1": [4] }, multiHost: 4 },
  tpu7x: { byTopology: { "2x2x1": [4] }, multiHost: 4 },
};

/** TPU machine types (the node's `node.kubernetes.io/instance-type`) → chips per VM; sources as above. */
export const TPU_MACHINE_CHIPS: Readonly<Record<string, number>> = {
  "ct6e-standard-1t": 1,
  "ct6e-standard-4t": 4,
  "ct6e-standard-8t": 8,
  "ct5lp-hightpu-1t": 1,
  "ct5lp-hightpu-4t": 4,
  "ct5lp-hightpu-8t": 8,
  "ct5l-hightpu-1t": 1,
  "ct5l-hightpu-4t": 4,
  "ct5l-hightpu-8t": 8,
  "ct5p-hightpu-4t": 4,
  "ct4p-hightpu-4t": 4,
  "tpu7x-standard-4t": 4,
};

/**
 * GKE's multi-host TPU and Multislice examples run the pods with `hostNetwork: true` (and
 * `dnsPolicy: ClusterFirstWithHostNet`) so the slices talk over the data-center network at full
 * speed: https://cloud.google.com/kubernetes-engine/docs/how-to/tpu-multislice (read 2026-12-04).
 */
export const TPU_MULTISLICE_DOCS = "https://cloud.google.com/kubernetes-engine/docs/how-to/tpu-multislice";
