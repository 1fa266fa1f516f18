/**
 * Accelerator specifications for `mlgate estimate`: dense BF16 peak, memory, memory bandwidth,
 * scale-up (NVLink / xGMI / ICI) bandwidth and power. Data only, each row with its source and the
 * date it was read. Separate from src/catalog/accelerators.ts, which maps device-plugin resource
 * names, not specifications.
 *
 * Sources (as read in ../shared/research/training-math.md §5, 2026-11-29):
 * - stas00/ml-engineering compute/accelerator/README.md (curated vendor figures, secondary);
 * - NVIDIA A100 datasheet as quoted by glennklockwood.com (secondary); MLPerf system descriptions
 *   for H200 / B200 / GB200 memory and power;
 * - Google Cloud TPU system architecture pages (primary) for TPU v4, v5e, v5p.
 * Peaks are dense (no 2:4 sparsity). Memory is the marketed capacity, read as GiB (HBM stacks are
 * binary-sized); scale-up bandwidth is per GPU and per direction.
 */

export type GpuId =
  | "v100"
  | "a100-40gb"
  | "a100-80gb"
  | "h100-sxm"
  | "h100-pcie"
  | "h200"
  | "b200"
  | "gb200"
  | "mi250x"
  | "mi300x"
  | "mi325x"
  | "tpu-v4"
  | "tpu-v5e"
  | "tpu-v5p"
  | "l4"
  | "l40s"
  | "a10"
  | "t4"
  | "a10g"
  | "rtx-6000-ada"
  | "h20"
  | "gaudi3"
  | "inferentia2"
  | "trainium"
  | "trainium2";

export interface GpuSpec {
  id: GpuId;
  name: string;
  /** Dense BF16 (or FP16) tensor peak, TFLOP/s. */
  bf16Tflops: number;
  /** Device memory, GiB. */
  memoryGiB: number;
  /**
   * Memory CUDA reports as the device's total (`torch.cuda.mem_get_info()`, nvidia-smi), GiB, where a
   * reading was found: what vLLM multiplies by `--gpu-memory-utilization`. Smaller than the marketed
   * size (ECC and the driver's reservation). Undefined: the marketed size is used.
   */
  cudaTotalGiB?: number;
  cudaTotalSource?: string;
  /** Memory bandwidth, GB/s. */
  memoryBandwidthGBps: number;
  /** Scale-up link bandwidth per GPU, one direction, GB/s (NVLink, xGMI, ICI; PCIe when none). */
  scaleUpGBps: number;
  scaleUpName: string;
  /** Board power, W, where published. */
  tdpW?: number;
  /** Power of a whole 8-GPU server, kW, where the vendor publishes it. */
  serverKw?: number;
  /**
   * Share of the dense peak the GPU's compute reaches in a training step with no recomputation
   * and no communication (its single-GPU MFU), where measured; `estimate`'s default.
   */
  computeEfficiency?: { value: number; source: string; read: string };
  /**
   * Why `estimate --serve` and the serving rules do not size a model server on it, where they do
   * not: its serving stack accounts memory in a way the vLLM/SGLang/TGI arithmetic does not describe.
   */
  servingNotSized?: string;
  source: string;
  read: string;
}

const READ = "2026-11-29";
const TPU_SERVING =
  "vLLM's TPU backend sizes its memory differently (XLA, no CUDA allocator) and nothing here was measured on one";
const NEURON_SERVING =
  "vLLM on Neuron (NxD Inference) compiles a fixed batch and sequence length into the model ahead of time; its memory is not the GPU servers' arithmetic";
const NEURON = (chip: string) =>
  `AWS Neuron documentation, "${chip} Architecture" (awsdocs-neuron.readthedocs-hosted.com, about-neuron/arch/neuron-hardware)`;
/** Measured on one H200 (../shared/research/measured-h200.md): 1.28B and 4.98B GPT models, plain PyTorch, SDPA, bf16, fused AdamW. */
const HOPPER_EFFICIENCY = {
  value: 0.45,
  source:
    "measured on one H200, plain PyTorch 2.11 (SDPA, bf16, no compile, no recomputation, no communication): 457 and 434 model TFLOP/s, 46% and 44% of 989 (mlgate docs/estimate.md); the H100 SXM has the same compute die and clocks",
  read: "2026-12-04",
};
/** The inference GPUs (L4, L40S, A10, T4) were read from NVIDIA's product datasheets, as quoted by resellers' spec tables. */
const READ_INFERENCE = "2026-12-04";
const L_SERIES =
  "NVIDIA L4 / L40S datasheets (as reproduced in reseller spec tables, e.g. mullet.se L40S, sourcecode.com L4)";
const STAS = "stas00/ml-engineering compute/accelerator/README.md (commit b9e29720), quoting vendor datasheets";

export const GPUS: Readonly<Record<GpuId, GpuSpec>> = {
  v100: {
    id: "v100",
    name: "NVIDIA V100 SXM2 32GB",
    bf16Tflops: 125,
    memoryGiB: 32,
    memoryBandwidthGBps: 900,
    scaleUpGBps: 150,
    scaleUpName: "NVLink 2 (300 GB/s duplex)",
    tdpW: 300,
    source: `${STAS}; "Tensor Performance 125 TFLOPS (SXM2)" (FP16; V100 has no BF16)`,
    read: READ,
  },
  "a100-40gb": {
    id: "a100-40gb",
    name: "NVIDIA A100 SXM 40GB",
    bf16Tflops: 312,
    memoryGiB: 40,
    memoryBandwidthGBps: 1555,
    scaleUpGBps: 300,
    scaleUpName: "NVLink 3 (600 GB/s duplex)",
    tdpW: 400,
    source: `${STAS}; NVIDIA A100 datasheet via glennklockwood.com; SC21 §5: "peak … 312 teraFLOP/s"`,
    read: READ,
  },
  "a100-80gb": {
    id: "a100-80gb",
    name: "NVIDIA A100 SXM 80GB",
    bf16Tflops: 312,
    memoryGiB: 80,
    memoryBandwidthGBps: 2039,
    scaleUpGBps: 300,
    scaleUpName: "NVLink 3 (600 GB/s duplex)",
    tdpW: 400,
    source: `${STAS}; NVIDIA A100 datasheet via glennklockwood.com`,
    read: READ,
  },
  "h100-sxm": {
    id: "h100-sxm",
    name: "NVIDIA H100 SXM 80GB",
    bf16Tflops: 989,
    memoryGiB: 80,
    memoryBandwidthGBps: 3350,
    scaleUpGBps: 450,
    scaleUpName: "NVLink 4 (900 GB/s duplex)",
    tdpW: 700,
    serverKw: 10.2,
    computeEfficiency: HOPPER_EFFICIENCY,
    cudaTotalGiB: 79.18,
    cudaTotalSource:
      'vLLM start-up logs on H100 80GB ("Free memory on device: 78.57/79.18 GiB"), llm-d/llm-d-benchmark config_explorer/empirical-vllm-memory-results.md',
    source: `${STAS} (989 dense, 1,979 with sparsity); DGX H100 ~10.2 kW (NVIDIA, quoted by servnetuk)`,
    read: READ,
  },
  "h100-pcie": {
    id: "h100-pcie",
    name: "NVIDIA H100 PCIe 80GB",
    bf16Tflops: 756,
    memoryGiB: 80,
    memoryBandwidthGBps: 2000,
    scaleUpGBps: 63,
    scaleUpName: "PCIe Gen5 x16 (126 GB/s duplex)",
    tdpW: 350,
    source: `${STAS}; PCIe Gen5 x16 63 GB/s per direction (stas00 network/README.md)`,
    read: READ,
  },
  h200: {
    id: "h200",
    name: "NVIDIA H200 SXM 141GB",
    bf16Tflops: 989,
    memoryGiB: 141,
    memoryBandwidthGBps: 4800,
    scaleUpGBps: 450,
    scaleUpName: "NVLink 4 (900 GB/s duplex)",
    tdpW: 700,
    computeEfficiency: HOPPER_EFFICIENCY,
    cudaTotalGiB: 139.8,
    cudaTotalSource: "measured with PyTorch on one H200, ../shared/research/measured-h200.md (2026-12-04)",
    source: `${STAS}; MLPerf system description ("18x 4th Gen NVLink, 900GB/s", 700 W TGP)`,
    read: READ,
  },
  b200: {
    id: "b200",
    name: "NVIDIA B200 SXM",
    bf16Tflops: 2250,
    memoryGiB: 180,
    memoryBandwidthGBps: 8000,
    scaleUpGBps: 900,
    scaleUpName: "NVLink 5 (1,800 GB/s duplex)",
    tdpW: 1000,
    source: `${STAS}; memory 180 GB as in DGX B200 / MLPerf (192 GB marketed); 1000 W TGP (MLPerf hw_notes)`,
    read: READ,
  },
  gb200: {
    id: "gb200",
    name: "NVIDIA GB200 (one Blackwell GPU of the superchip)",
    bf16Tflops: 2500,
    memoryGiB: 186,
    memoryBandwidthGBps: 8000,
    scaleUpGBps: 900,
    scaleUpName: "NVLink 5 (1,800 GB/s duplex; NVL72 = 72 GPUs in one NVLink domain)",
    source: `${STAS}; memory 186 GB from the MLPerf GB200-NVL72 system JSON; bandwidth as B200`,
    read: READ,
  },
  mi250x: {
    id: "mi250x",
    name: "AMD Instinct MI250X (2 GCDs)",
    bf16Tflops: 383,
    memoryGiB: 128,
    memoryBandwidthGBps: 3280,
    scaleUpGBps: 350,
    scaleUpName: "Infinity Fabric xGMI (350 GB/s all-to-all)",
    source: STAS,
    read: READ,
  },
  mi300x: {
    id: "mi300x",
    name: "AMD Instinct MI300X",
    bf16Tflops: 1307,
    memoryGiB: 192,
    memoryBandwidthGBps: 5300,
    scaleUpGBps: 448,
    scaleUpName: "Infinity Fabric xGMI (448 GB/s all-to-all, 64 GB/s per peer)",
    tdpW: 750,
    source: `${STAS} (1307.4 TFLOP/s); 750 W (secondary)`,
    read: READ,
  },
  mi325x: {
    id: "mi325x",
    name: "AMD Instinct MI325X",
    bf16Tflops: 1307,
    memoryGiB: 256,
    memoryBandwidthGBps: 6000,
    scaleUpGBps: 448,
    scaleUpName: "Infinity Fabric xGMI (448 GB/s all-to-all)",
    tdpW: 1000,
    source: `${STAS} (same compute die as MI300X); 1000 W (MAMF note)`,
    read: READ,
  },
  "tpu-v4": {
    id: "tpu-v4",
    name: "Google TPU v4",
    bf16Tflops: 275,
    memoryGiB: 32,
    memoryBandwidthGBps: 1200,
    scaleUpGBps: 268,
    scaleUpName: "ICI 3D torus (pod all-reduce 1.1 PB/s over 4,096 chips ≈ 268 GB/s per chip)",
    source: "Google Cloud TPU v4 system architecture page (primary); per-chip ICI derived: 1.1e15 / 4096",
    servingNotSized: TPU_SERVING,
    read: READ,
  },
  "tpu-v5e": {
    id: "tpu-v5e",
    name: "Google TPU v5e",
    bf16Tflops: 197,
    memoryGiB: 16,
    memoryBandwidthGBps: 859,
    scaleUpGBps: 200,
    scaleUpName: "ICI (400 GB/s bidirectional per chip)",
    source:
      "Google Cloud TPU v5e system architecture page (primary): 197 TFLOP/s BF16, 16 GB HBM, 800 GiB/s (= 859 GB/s)",
    servingNotSized: TPU_SERVING,
    read: READ,
  },
  "tpu-v5p": {
    id: "tpu-v5p",
    name: "Google TPU v5p",
    bf16Tflops: 459,
    memoryGiB: 95,
    memoryBandwidthGBps: 2765,
    scaleUpGBps: 600,
    scaleUpName: "ICI (1,200 GB/s bidirectional per chip)",
    source: "Google Cloud TPU v5p system architecture page (primary)",
    servingNotSized: TPU_SERVING,
    read: READ,
  },
  l4: {
    id: "l4",
    name: "NVIDIA L4 24GB",
    bf16Tflops: 121,
    memoryGiB: 24,
    memoryBandwidthGBps: 300,
    scaleUpGBps: 32,
    scaleUpName: "PCIe Gen4 x16 (64 GB/s duplex)",
    tdpW: 72,
    cudaTotalGiB: 22.49,
    cudaTotalSource: "nvidia-smi on L4 nodes prints 23034MiB total (public logs, read 2026-12-04)",
    source: `${L_SERIES}: 24 GB GDDR6, 300 GB/s, BF16 242 TFLOPS with sparsity (121 dense), 72 W, PCIe Gen4 x16`,
    read: READ_INFERENCE,
  },
  l40s: {
    id: "l40s",
    name: "NVIDIA L40S 48GB",
    bf16Tflops: 362,
    memoryGiB: 48,
    memoryBandwidthGBps: 864,
    scaleUpGBps: 32,
    scaleUpName: "PCIe Gen4 x16 (64 GB/s duplex)",
    tdpW: 350,
    source: `${L_SERIES}: 48 GB GDDR6 with ECC, 864 GB/s, BF16 362.05 TFLOPS dense (733 with sparsity), 350 W`,
    read: READ_INFERENCE,
  },
  a10: {
    id: "a10",
    name: "NVIDIA A10 24GB",
    bf16Tflops: 125,
    memoryGiB: 24,
    memoryBandwidthGBps: 600,
    scaleUpGBps: 32,
    scaleUpName: "PCIe Gen4 x16 (64 GB/s duplex)",
    tdpW: 150,
    source: "NVIDIA A10 datasheet: 24 GB GDDR6, 600 GB/s, BF16 125 TFLOPS dense (250 with sparsity), 150 W",
    read: READ_INFERENCE,
  },
  t4: {
    id: "t4",
    name: "NVIDIA T4 16GB",
    bf16Tflops: 65,
    memoryGiB: 16,
    memoryBandwidthGBps: 320,
    scaleUpGBps: 16,
    scaleUpName: "PCIe Gen3 x16 (32 GB/s duplex)",
    tdpW: 70,
    source: "NVIDIA T4 datasheet: 16 GB GDDR6, 320 GB/s, 65 TFLOPS FP16 mixed precision (Turing has no BF16), 70 W",
    read: READ_INFERENCE,
  },
  a10g: {
    id: "a10g",
    name: "NVIDIA A10G 24GB",
    bf16Tflops: 70,
    memoryGiB: 24,
    memoryBandwidthGBps: 600,
    scaleUpGBps: 32,
    scaleUpName: "PCIe Gen4 x16 (64 GB/s duplex)",
    source:
      "AWS's variant of the A10 in EC2 G5 (up to 8 per instance, AWS EC2 accelerated-computing docs); baseten.co \"NVIDIA A10 vs A10G for ML model inference\": the same 24 GB GDDR6 at 600 GB/s as the A10, lower tensor compute (70 TFLOPS BF16 dense against the A10's 125)",
    read: READ_INFERENCE,
  },
  "rtx-6000-ada": {
    id: "rtx-6000-ada",
    name: "NVIDIA RTX 6000 Ada 48GB",
    bf16Tflops: 364,
    memoryGiB: 48,
    memoryBandwidthGBps: 960,
    scaleUpGBps: 32,
    scaleUpName: "PCIe Gen4 x16 (64 GB/s duplex; no NVLink)",
    tdpW: 300,
    source:
      "heise.de (2022-12, from NVIDIA's product page and PNY/Leadtek): AD102 with 142 SMs, 48 GB GDDR6 ECC, 960 GB/s, 300 W, PCIe 4.0 x16; NVIDIA RTX 6000 Ada datasheet: 1,457 TFLOPS FP8 tensor with sparsity, so 364 BF16 dense (a quarter)",
    read: READ_INFERENCE,
  },
  h20: {
    id: "h20",
    name: "NVIDIA H20 96GB",
    bf16Tflops: 148,
    memoryGiB: 96,
    memoryBandwidthGBps: 4000,
    scaleUpGBps: 450,
    scaleUpName: "NVLink 4 (900 GB/s duplex)",
    tdpW: 400,
    source:
      "willitrunai.com H20 page: Hopper for the China market, 96 GB HBM3 at 4.0 TB/s, 148 TFLOPS FP16 dense (export-limited), NVLink 900 GB/s, 400 W; the 148 dense FP16 also in zangshuxian.com's summary of the Geekbench listing",
    read: READ_INFERENCE,
  },
  gaudi3: {
    id: "gaudi3",
    name: "Intel Gaudi 3 128GB",
    bf16Tflops: 1835,
    memoryGiB: 128,
    memoryBandwidthGBps: 3670,
    scaleUpGBps: 600,
    scaleUpName: "on-chip RoCE, 24 × 200 GbE (1,200 GB/s bidirectional)",
    tdpW: 900,
    source:
      'Intel, "Intel Gaudi 3 AI Accelerator: Architected for Gen AI Training and Inference" (R. Kaplan, Hot Chips 2024): BF16 matrix 1,835 TFLOPS, 128 GB HBM2e at 3.67 TB/s, 24 × 200 GbE RoCE (1,200 GB/s bidirectional), 900 W air-cooled OAM; 128 GB also in Hugging Face Transformers\' Intel Gaudi page',
    read: READ_INFERENCE,
  },
  inferentia2: {
    id: "inferentia2",
    name: "AWS Inferentia2 (one chip, 2 NeuronCores)",
    bf16Tflops: 190,
    memoryGiB: 32,
    memoryBandwidthGBps: 820,
    scaleUpGBps: 32,
    scaleUpName: "NeuronLink-v2 (its bandwidth is not published on the architecture page; PCIe Gen4 x16 used)",
    servingNotSized: NEURON_SERVING,
    source: `${NEURON("Inferentia2")}: 190 FP16/BF16 TFLOPS, 32 GiB HBM at 820 GiB/s per chip`,
    read: READ_INFERENCE,
  },
  trainium: {
    id: "trainium",
    name: "AWS Trainium (one chip, 2 NeuronCores)",
    bf16Tflops: 190,
    memoryGiB: 32,
    memoryBandwidthGBps: 820,
    scaleUpGBps: 32,
    scaleUpName: "NeuronLink-v2 (its bandwidth is not published on the architecture page; PCIe Gen4 x16 used)",
    servingNotSized: NEURON_SERVING,
    source: `${NEURON("Trainium")}: 190 FP16/BF16 TFLOPS, 32 GiB at 820 GiB/s per chip, 16 chips in trn1.32xlarge`,
    read: READ_INFERENCE,
  },
  trainium2: {
    id: "trainium2",
    name: "AWS Trainium2 (one chip, 8 NeuronCores)",
    bf16Tflops: 667,
    memoryGiB: 96,
    memoryBandwidthGBps: 2900,
    scaleUpGBps: 32,
    scaleUpName: "NeuronLink-v3 (its bandwidth is not published on the architecture page; PCIe Gen4 x16 used)",
    servingNotSized: NEURON_SERVING,
    source: `${NEURON("Trainium2")}: 667 BF16/FP16 TFLOPS dense, 96 GiB at 2.9 TB/s per chip`,
    read: READ_INFERENCE,
  },
};

export const GPU_IDS = Object.keys(GPUS) as GpuId[];

export function isGpuId(s: string): s is GpuId {
  return Object.hasOwn(GPUS, s);
}

/**
 * Node-label values that name a GPU product, lower-cased, matched by substring in order. Label
 * vocabularies: NVIDIA GPU Feature Discovery `nvidia.com/gpu.product` (e.g. NVIDIA-H100-80GB-HBM3,
 * NVIDIA-A100-SXM4-80GB, Tesla-V100-SXM2-32GB), GKE `cloud.google.com/gke-accelerator`
 * (nvidia-h100-80gb, nvidia-a100-80gb, nvidia-tesla-a100, nvidia-h200-141gb, nvidia-b200),
 * GKE `cloud.google.com/gke-tpu-accelerator` (tpu-v4-podslice, tpu-v5-lite-podslice, tpu-v5p-slice),
 * AMD labeller `amd.com/gpu.product-name`, Karpenter `karpenter.k8s.aws/instance-gpu-name` (a10g, l4, l40s, t4);
 * Habana's HL-325 is Gaudi 3.
 */
export const GPU_PRODUCT_PATTERNS: readonly [RegExp, GpuId][] = [
  [/gb200/, "gb200"],
  [/b200/, "b200"],
  [/h200/, "h200"],
  [/(^|[^a-z0-9])h20($|[^0-9a-z])/, "h20"],
  [/h100.*(pcie|nvl)/, "h100-pcie"],
  [/h100/, "h100-sxm"],
  [/a100.*80/, "a100-80gb"],
  [/a100/, "a100-40gb"],
  [/v100/, "v100"],
  [/l40s/, "l40s"],
  [/(^|[^a-z0-9])l4($|[^a-z0-9])/, "l4"],
  [/(^|[^a-z0-9])a10g($|[^0-9a-z])/, "a10g"],
  [/(^|[^a-z0-9])a10($|[^0-9a-z])/, "a10"],
  [/rtx[-_ ]?6000[-_ ]?ada/, "rtx-6000-ada"],
  [/gaudi[-_ ]?3|hl-?325/, "gaudi3"],
  [/inferentia-?2|(^|[^a-z0-9])inf2($|[^0-9a-z])/, "inferentia2"],
  [/trainium-?2|(^|[^a-z0-9])trn2/, "trainium2"],
  [/trainium|(^|[^a-z0-9])trn1/, "trainium"],
  [/(^|[^a-z0-9])t4($|[^a-z0-9])/, "t4"],
  [/mi325/, "mi325x"],
  [/mi300/, "mi300x"],
  [/mi250/, "mi250x"],
  [/tpu-v5p/, "tpu-v5p"],
  [/tpu-v5-?lite|tpu-v5e/, "tpu-v5e"],
  [/tpu-v4/, "tpu-v4"],
];

export function gpuFromProductLabel(value: string): GpuId | undefined {
  const v = value.toLowerCase();
  for (const [re, id] of GPU_PRODUCT_PATTERNS) if (re.test(v)) return id;
  return undefined;
}
