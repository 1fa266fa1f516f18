/**
 * Where each formula and default of `mlgate estimate` comes from. Data only.
 *
 * `tag` says how the figure was read: `primary` (the paper, vendor document or project file
 * itself), `secondary` (a third party quoting it), `derived` (arithmetic on cited figures, shown in
 * `note`). `read` is the date the figure was read for this project (the notes in
 * ../shared/research/training-math.md, which quote and check every figure below).
 */
export interface Citation {
  id: string;
  title: string;
  url: string;
  /** Section, table or equation. */
  where?: string;
  tag: "primary" | "secondary" | "derived";
  read: string;
  note?: string;
}

const READ = "2026-11-29";

function cite(c: Omit<Citation, "read"> & { read?: string }): Citation {
  return { read: READ, ...c };
}

export const CITATIONS = {
  sc21Params: cite({
    id: "sc21-eq2",
    title: "Narayanan et al., Efficient Large-Scale Language Model Training on GPU Clusters Using Megatron-LM (SC21)",
    url: "https://arxiv.org/abs/2104.04473",
    where: "Eq. (2): parameter count 12·l·h²·(1 + 13/(12h) + (V+s)/(12·l·h))",
    tag: "primary",
  }),
  sc21Flops: cite({
    id: "sc21-eq3",
    title: "Narayanan et al. SC21",
    url: "https://arxiv.org/abs/2104.04473",
    where:
      "Eq. (3) and Appendix: FLOPs per iteration 96·B·s·l·h²·(1 + s/(6h) + V/(16·l·h)), with activation recomputation",
    tag: "primary",
  }),
  sc21Time: cite({
    id: "sc21-eq4",
    title: "Narayanan et al. SC21",
    url: "https://arxiv.org/abs/2104.04473",
    where: "Eq. (4): end-to-end training time ≈ 8·T·P/(n·X); §5.1 worked examples",
    tag: "primary",
  }),
  sc21Bubble: cite({
    id: "sc21-bubble",
    title: "Narayanan et al. SC21",
    url: "https://arxiv.org/abs/2104.04473",
    where: "§2.2: pipeline bubble fraction (p−1)/m; interleaved (1/v)·(p−1)/m",
    tag: "primary",
  }),
  compute6PD: cite({
    id: "6pd",
    title: "Anthony, Biderman, Schoelkopf, Transformer Math 101 (EleutherAI, 2023); Kaplan et al. 2020",
    url: "https://blog.eleuther.ai/transformer-math/",
    where: "C ≈ 6·P·D (forward 2PD + backward 4PD); with recomputation 2PD ≤ C_forward ≤ 4PD, so up to 8·P·D",
    tag: "primary",
  }),
  modelFlops: cite({
    id: "korthikanti-appA",
    title: "Korthikanti et al., Reducing Activation Recomputation in Large Transformer Models (MLSys 2023)",
    url: "https://arxiv.org/abs/2205.05198",
    where:
      "Appendix A: model FLOPs 72·B·s·l·h²·(1 + s/(6h) + V/(12·h·l)); §6.3: HFU/MFU ≈ 1 + s/(6h) with selective recompute",
    tag: "primary",
  }),
  mfu: cite({
    id: "palm-mfu",
    title: "Chowdhery et al., PaLM (2022)",
    url: "https://arxiv.org/abs/2204.02311",
    where: "§4 and Appendix B: MFU = model FLOPs per second / peak; recomputation FLOPs are not model FLOPs",
    tag: "primary",
  }),
  defaultMfu: cite({
    id: "mfu-default",
    title:
      "Llama 3 paper Table 4 (405B on 8,192–16,384 H100: 38–43% BF16 MFU); Megatron-LM README (41%–48% MFU on H100)",
    url: "https://github.com/NVIDIA/Megatron-LM/blob/main/README.md",
    where: "default MFU 0.40 sits inside both published ranges",
    tag: "primary",
  }),
  zero: cite({
    id: "zero-memory",
    title: "Rajbhandari et al., ZeRO: Memory Optimizations Toward Training Trillion Parameter Models (SC20)",
    url: "https://arxiv.org/abs/1910.02054",
    where: "§3.1 (mixed-precision Adam: 2Ψ + 2Ψ + 12Ψ = 16Ψ), §5.1–5.3 (4Ψ + 12Ψ/N, 2Ψ + 14Ψ/N, 16Ψ/N), Table 1",
    tag: "primary",
  }),
  zeroComm: cite({
    id: "zero-comm",
    title: "Rajbhandari et al. ZeRO (SC20)",
    url: "https://arxiv.org/abs/1910.02054",
    where: "§7: data parallel and ZeRO-1/2 move 2Ψ per step (reduce-scatter + all-gather); ZeRO-3 3Ψ (1.5×)",
    tag: "primary",
  }),
  activations: cite({
    id: "korthikanti-act",
    title: "Korthikanti et al. (MLSys 2023)",
    url: "https://arxiv.org/abs/2205.05198",
    where:
      "Eq. 1–6 and Table 2: per-layer activations s·b·h·(34 + 5·a·s/h); TP, TP+SP, selective and full-recompute variants; 1F1B first stage holds L layers' worth",
    tag: "primary",
  }),
  tpComm: cite({
    id: "korthikanti-tp-comm",
    title: "Korthikanti et al. (MLSys 2023)",
    url: "https://arxiv.org/abs/2205.05198",
    where:
      "§4.2.2: tensor parallelism does 4 all-reduces of s·b·h per layer per micro-batch (2 forward, 2 backward); sequence parallelism replaces them with all-gathers and reduce-scatters of the same volume",
    tag: "primary",
  }),
  busbw: cite({
    id: "nccl-tests-busbw",
    title: "NVIDIA nccl-tests, doc/PERFORMANCE.md",
    url: "https://github.com/NVIDIA/nccl-tests/blob/master/doc/PERFORMANCE.md",
    where: "busbw = algbw × factor: all-reduce 2(n−1)/n, reduce-scatter and all-gather (n−1)/n; t = S/busbw × factor",
    tag: "primary",
  }),
  latencyNvlink: cite({
    id: "latency-nvlink",
    title: "stas00/ml-engineering, network/benchmarks/README.md (8× H200 all-reduce, nccl-tests)",
    url: "https://github.com/stas00/ml-engineering/blob/master/network/benchmarks/README.md",
    where: "32 KiB all-reduce busbw 3.20 GB/s on 8 ranks",
    tag: "derived",
    note: "algbw = 3.20/(2·7/8) = 1.83 GB/s, t = 32 KiB / 1.83 GB/s ≈ 18 µs: the small-message time of one intra-node all-reduce",
  }),
  latencyNetwork: cite({
    id: "latency-network",
    title: "stas00/ml-engineering, network/benchmarks/README.md (4 nodes × 8 B200 all-reduce)",
    url: "https://github.com/stas00/ml-engineering/blob/master/network/benchmarks/README.md",
    where: "32 KiB all-reduce algbw 0.33 GB/s on 32 ranks",
    tag: "derived",
    note: "t = 32 KiB / 0.33 GB/s ≈ 100 µs: the small-message time of one inter-node all-reduce",
  }),
  linkEfficiency: cite({
    id: "link-efficiency",
    title: "stas00/ml-engineering, network/README.md",
    url: "https://github.com/stas00/ml-engineering/blob/master/network/README.md",
    where:
      "rule of thumb: ~80% of advertised link speed at application level (A100 node all-reduce ≈235 GB/s vs 300 GB/s NVLink 3; EFA v1 340 of 400 Gbps)",
    tag: "secondary",
  }),
  gpuHours: cite({
    id: "gpu-hours",
    title: "GPU-hours = wall time × GPUs; cloud cost = GPU-hours × price per GPU-hour",
    url: "https://arxiv.org/abs/2412.19437",
    where: "practice, e.g. DeepSeek-V3 Table 1 (2.788M H800 GPU-hours × $2 = $5.576M)",
    tag: "secondary",
  }),
  amortisation: cite({
    id: "amortisation",
    title: "inflect.com GPU cost guide; TCO guides quoted in training-math.md §7",
    url: "https://www.inflect.com/",
    where: "36-month amortisation is the common assumption; colocation $150–300 per GPU-month; $0.10/kWh",
    tag: "secondary",
  }),
  pue: cite({
    id: "pue-llama",
    title: "Touvron et al., LLaMA (2023)",
    url: "https://arxiv.org/abs/2302.13971",
    where: "Table 15 carbon accounting: PUE 1.1",
    tag: "primary",
  }),
  utilisation: cite({
    id: "utilisation",
    title: "Disintermediate, glossary: Cluster Utilisation",
    url: "https://www.disintermediate.global/glossary/utilisation",
    where: "operators observe 75–90% time-based utilisation; default 0.75 is the low end",
    tag: "secondary",
  }),
  networkShare: cite({
    id: "epoch-interconnect",
    title: "Epoch AI, training_cost_trends/constants.py",
    url: "https://github.com/epoch-research/training-cost-trends",
    where: "cluster interconnect = 19% of cluster cost",
    tag: "primary",
  }),
  serverPower: cite({
    id: "server-power",
    title: "Bottom-up server power: GPUs × TDP + 500 W host + 100 W network (quoted in training-math.md §7)",
    url: "https://github.com/stas00/ml-engineering",
    where: "the alternative to the vendor's system power figure when the catalog has none",
    tag: "secondary",
  }),
  architecture: cite({
    id: "architecture",
    title:
      "Parameter count by tensor: attention Q/K/V/O, MLP (two matrices, or three when gated), norms, biases, embeddings",
    url: "https://arxiv.org/abs/2407.21783",
    where:
      "Llama 3 paper Table 3 (8B: 32 layers, d 4,096, FFN 14,336, 32 heads, 8 KV heads, vocabulary 128,256) gives 8.03B, the published count; SwiGLU: Shazeer 2020 (arXiv 2002.05202); GQA: Ainslie et al. 2023 (arXiv 2305.13245)",
    tag: "derived",
    read: "2026-12-04",
    note: "checked against PyTorch's count of the measured models (674,033,664 and 1,923,125,248 parameters)",
  }),
  measuredH200: cite({
    id: "measured-h200",
    title:
      "mlgate's measurements on one NVIDIA H200, PyTorch 2.11 (CUDA 13): ../shared/research/measured-h200.md and docs/estimate.md",
    url: "https://github.com/mlgate/mlgate/blob/main/docs/estimate.md#measured-on-an-h200",
    where:
      "per-layer activations 32.0 s·b·h (SDPA, no dropout), 34.0 (dropout), 2.0 (full recompute); held + 2·s·b·V·4 at the backward peak; a Llama-shaped layer 40.03; plain PyTorch reaches 44–46% MFU on one GPU",
    tag: "primary",
    read: "2026-12-04",
  }),
  deepspeedZero3: cite({
    id: "deepspeed-zero3",
    title: "DeepSpeed, deepspeed/runtime/zero/stage3.py: estimate_zero3_model_states_mem_needs",
    url: "https://github.com/microsoft/DeepSpeed/blob/master/deepspeed/runtime/zero/stage3.py",
    where: "largest_layer_memory = 4 * largest_layer_params (the gathered layer in flight, bf16, with its prefetch)",
    tag: "primary",
  }),
} as const satisfies Record<string, Citation>;

/** One line: title, where, url. */
export function citeLine(c: Citation): string {
  return `${c.title}${c.where ? ` — ${c.where}` : ""} <${c.url}>`;
}
