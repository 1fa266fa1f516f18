/**
 * The published formulas `mlgate estimate` is built from, one function each, with the source in
 * its comment (full references in ./citations.ts). Pure: numbers in, numbers out. Units are SI
 * (FLOPs, bytes, seconds) unless a name says otherwise.
 */

export type Recompute = "none" | "selective" | "full";
export type ZeroStage = 0 | 1 | 2 | 3;

/** Transformer shape, in Megatron's letters: l layers, h hidden, a heads, s sequence, V vocabulary. */
export interface Architecture {
  layers: number;
  hidden: number;
  heads: number;
  seq: number;
  vocab: number;
}

// ---------------------------------------------------------------- compute

/**
 * Training compute C ≈ 6·P·D (forward 2PD + backward 4PD); with full activation recomputation the
 * forward runs twice, 8·P·D. Transformer Math 101; Kaplan et al. 2020; SC21 Eq. (4).
 */
export function trainingFlops(params: number, tokens: number, recompute: Recompute = "none"): number {
  return (recompute === "full" ? 8 : 6) * params * tokens;
}

/** SC21 Eq. (2): P = 12·l·h²·(1 + 13/(12h) + (V+s)/(12·l·h)). */
export function megatronParams(a: Pick<Architecture, "layers" | "hidden" | "seq" | "vocab">): number {
  const { layers: l, hidden: h, seq: s, vocab: V } = a;
  return 12 * l * h * h * (1 + 13 / (12 * h) + (V + s) / (12 * l * h));
}

/**
 * SC21 Eq. (3): FLOPs per iteration with full activation recomputation,
 * F = 96·B·s·l·h²·(1 + s/(6h) + V/(16·l·h)), B the global batch in sequences.
 */
export function megatronIterationFlops(a: Architecture, batch: number): number {
  const { layers: l, hidden: h, seq: s, vocab: V } = a;
  return 96 * batch * s * l * h * h * (1 + s / (6 * h) + V / (16 * l * h));
}

/**
 * Model FLOPs per iteration, without recomputation (what MFU counts):
 * 72·B·s·l·h²·(1 + s/(6h) + V/(12·h·l)). Korthikanti et al. 2022, Appendix A.
 */
export function megatronModelFlops(a: Architecture, batch: number): number {
  const { layers: l, hidden: h, seq: s, vocab: V } = a;
  return 72 * batch * s * l * h * h * (1 + s / (6 * h) + V / (12 * h * l));
}

/**
 * Hardware FLOPs per iteration for a recompute policy: none = model FLOPs; full = SC21 Eq. (3);
 * selective = model FLOPs × (1 + s/(6h)) (Korthikanti et al. §6.3, HFU/MFU for selective recompute).
 */
export function megatronHardwareFlops(a: Architecture, batch: number, recompute: Recompute): number {
  if (recompute === "full") return megatronIterationFlops(a, batch);
  const model = megatronModelFlops(a, batch);
  return recompute === "selective" ? model * (1 + a.seq / (6 * a.hidden)) : model;
}

/**
 * SC21 Eq. (4): end-to-end training time ≈ 8·T·P/(n·X) seconds with full recomputation,
 * 6·T·P/(n·X) without; X is the achieved FLOP/s per GPU counted the same way.
 */
export function trainingSeconds(flops: number, gpus: number, flopsPerGpu: number): number {
  return flops / (gpus * flopsPerGpu);
}

/** MFU (PaLM §4): model FLOPs per second over the peak of all GPUs. */
export function mfu(modelFlops: number, seconds: number, gpus: number, peakPerGpu: number): number {
  return modelFlops / seconds / (gpus * peakPerGpu);
}

// ---------------------------------------------------------------- memory

/**
 * Model-state bytes per GPU with mixed-precision Adam (K = 12), ZeRO paper §3.1 and §5.1–5.3:
 * fp16 parameters 2Ψ, fp16 gradients 2Ψ, fp32 parameters + momentum + variance 12Ψ.
 * Stage 0 (plain data parallel): 16Ψ; ZeRO-1 (P_os): 4Ψ + 12Ψ/N; ZeRO-2 (P_os+g): 2Ψ + 14Ψ/N;
 * ZeRO-3 (P_os+g+p): 16Ψ/N. Ψ is the parameters one model-parallel rank holds (Ψ/(TP·PP)).
 */
export function zeroModelStates(
  psi: number,
  dataParallel: number,
  stage: ZeroStage,
): { params: number; grads: number; optimizer: number; total: number } {
  const n = dataParallel;
  const params = stage === 3 ? (2 * psi) / n : 2 * psi;
  const grads = stage >= 2 ? (2 * psi) / n : 2 * psi;
  const optimizer = stage >= 1 ? (12 * psi) / n : 12 * psi;
  return { params, grads, optimizer, total: params + grads + optimizer };
}

/**
 * Activation bytes per transformer layer for one micro-batch of b sequences, 16-bit activations.
 * Korthikanti et al. 2022, Table 2:
 * no parallelism s·b·h·(34 + 5as/h); TP s·b·h·(10 + 24/t + 5as/(ht)); TP+SP s·b·h·(34/t + 5as/(ht));
 * TP+selective s·b·h·(10 + 24/t); TP+SP+selective s·b·h·34/t; full recompute s·b·h·2 (÷t with SP).
 */
export function activationBytesPerLayer(
  a: Pick<Architecture, "seq" | "hidden" | "heads">,
  microBatch: number,
  tp: number,
  sequenceParallel: boolean,
  recompute: Recompute,
): number {
  const { seq: s, hidden: h, heads } = a;
  const sbh = s * microBatch * h;
  const attn = (5 * heads * s) / (h * tp);
  const t = tp;
  if (recompute === "full") return sequenceParallel ? (2 * sbh) / t : 2 * sbh;
  if (recompute === "selective") return sequenceParallel ? (34 * sbh) / t : sbh * (10 + 24 / t);
  return sequenceParallel ? sbh * (34 / t + attn) : sbh * (10 + 24 / t + attn);
}

/**
 * Activations held by the first pipeline stage under 1F1B: it keeps p micro-batches of L/p layers
 * in flight, L layers' worth in all (Korthikanti et al. Eq. 5); interleaving adds (1 + (p−1)/(p·m)).
 */
export function activationBytesFirstStage(perLayer: number, layers: number, pp = 1, interleaved = 1, m = 1): number {
  const factor = interleaved > 1 ? 1 + (pp - 1) / (pp * m) : 1;
  return perLayer * layers * factor;
}

// ---------------------------------------------------------------- pipeline and collectives

/** SC21 §2.2: bubble time over ideal time = (p−1)/m; interleaved with v chunks (1/v)·(p−1)/m. */
export function pipelineBubble(pp: number, microBatches: number, v = 1): number {
  return (pp - 1) / (v * microBatches);
}

export type Collective = "all-reduce" | "all-gather" | "reduce-scatter" | "all-to-all" | "broadcast";

/** nccl-tests doc/PERFORMANCE.md: busbw = algbw × factor. */
export function busBandwidthFactor(op: Collective, n: number): number {
  if (n <= 1) return 0;
  switch (op) {
    case "all-reduce":
      return (2 * (n - 1)) / n;
    case "all-gather":
    case "reduce-scatter":
    case "all-to-all":
      return (n - 1) / n;
    case "broadcast":
      return 1;
  }
}

/**
 * Time of one collective over n ranks on a flat link of bus bandwidth B (bytes/s):
 * t = α + factor·S/B, S the total buffer size in bytes (nccl-tests' definition), α a latency term.
 */
export function collectiveSeconds(
  op: Collective,
  bytes: number,
  n: number,
  busBytesPerSecond: number,
  latency = 0,
): number {
  if (n <= 1 || bytes <= 0) return 0;
  return latency + (busBandwidthFactor(op, n) * bytes) / busBytesPerSecond;
}

/**
 * Hierarchical all-reduce over g ranks per node × k nodes: reduce-scatter inside the node over the
 * scale-up link, all-reduce of the 1/g shard across nodes, all-gather inside the node. With each
 * GPU owning 1/gpusPerNode of the node's network bandwidth:
 * t = 2·(g−1)/g · S/B_intra + 2·(k−1)/k · (S/g) / (B_node/gpusPerNode) + latencies.
 * The bus-bandwidth factors are nccl-tests'; the decomposition is NCCL's tree/ring-across-nodes shape.
 */
export function hierarchicalAllReduceSeconds(p: {
  bytes: number;
  ranksPerNode: number;
  nodes: number;
  gpusPerNode: number;
  intraBusBytesPerSecond: number;
  nodeNetBytesPerSecond: number;
  intraLatency: number;
  netLatency: number;
}): { seconds: number; intraSeconds: number; netSeconds: number } {
  const g = Math.max(1, p.ranksPerNode);
  const k = Math.max(1, p.nodes);
  const intra =
    g > 1 ? 2 * collectiveSeconds("reduce-scatter", p.bytes, g, p.intraBusBytesPerSecond, p.intraLatency) : 0;
  const perGpuNet = p.nodeNetBytesPerSecond / Math.max(1, p.gpusPerNode);
  const net = k > 1 ? collectiveSeconds("all-reduce", p.bytes / g, k, perGpuNet, p.netLatency) : 0;
  return { seconds: intra + net, intraSeconds: intra, netSeconds: net };
}

// ---------------------------------------------------------------- cost

export const HOURS_PER_YEAR = 8766; // 365.25 × 24

/**
 * Bare-metal cost of one server-hour: capital over its amortisation period (with the cluster
 * network as a share of the cluster's cost), colocation, and power at PUE. Charged for every hour
 * the server exists, busy or idle; divided by utilisation to price a used hour.
 */
export function bareMetalServerHour(p: {
  serverPrice: number;
  networkShare: number;
  amortizeYears: number;
  coloPerMonth: number;
  serverKw: number;
  pue: number;
  kwhPrice: number;
}): { capital: number; colo: number; power: number; total: number } {
  const capital = p.serverPrice / (1 - p.networkShare) / (p.amortizeYears * HOURS_PER_YEAR);
  const colo = (p.coloPerMonth * 12) / HOURS_PER_YEAR;
  const power = p.serverKw * p.pue * p.kwhPrice;
  return { capital, colo, power, total: capital + colo + power };
}

/** Utilisation at which a bare-metal GPU-hour costs the same as the cloud's: serverHour / (gpus × cloud). */
export function breakEvenUtilization(serverHour: number, gpusPerServer: number, cloudPerGpuHour: number): number {
  return serverHour / (gpusPerServer * cloudPerGpuHour);
}
