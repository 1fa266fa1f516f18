import { GPUS, type GpuId, type GpuSpec } from "../catalog/gpus.js";
import {
  INTERCONNECTS,
  type Interconnect,
  type InterconnectId,
  nodeNetworkBytesPerSecond,
} from "../catalog/interconnects.js";
import {
  BARE_METAL_DEFAULTS,
  DEFAULT_INSTANCE,
  INSTANCE_PRICES,
  type InstancePrice,
  SERVER_PRICES,
} from "../catalog/prices.js";
import { CITATIONS, type Citation } from "./citations.js";
import {
  type Architecture,
  activationBytesFirstStage,
  activationBytesPerLayer,
  bareMetalServerHour,
  breakEvenUtilization,
  collectiveSeconds,
  hierarchicalAllReduceSeconds,
  megatronHardwareFlops,
  megatronModelFlops,
  megatronParams,
  pipelineBubble,
  type Recompute,
  trainingFlops,
  type ZeroStage,
  zeroModelStates,
} from "./formulas.js";
import { formatSize } from "./size.js";

/** Everything `estimate` can be told. Undefined fields take the defaults listed in `assumptions`. */
export interface EstimateInput {
  params?: number;
  tokens: number;
  gpu: GpuId;
  gpus: number;
  gpusPerNode?: number;
  tflops?: number;
  mfu?: number;
  layers?: number;
  hidden?: number;
  heads?: number;
  seq?: number;
  vocab?: number;
  globalBatch?: number;
  microBatch?: number;
  tp?: number;
  pp?: number;
  dp?: number;
  zero?: ZeroStage;
  recompute?: Recompute;
  sequenceParallel?: boolean;
  interconnect?: InterconnectId;
  nicsPerNode?: number;
  cloud?: string;
  commitment?: "on-demand" | "1y" | "3y";
  pricePerGpuHour?: number;
  /** Replaces the built-in instance price table (`--price-file`). */
  prices?: readonly InstancePrice[];
  serverPrice?: number;
  amortizeYears?: number;
  serverKw?: number;
  pue?: number;
  kwhPrice?: number;
  utilization?: number;
  coloPerMonth?: number;
  networkShare?: number;
}

/** An input the user did not give and the value used instead. */
export interface Assumption {
  name: string;
  value: string | number | boolean;
  source: string;
}

/** One line of the working: a number, how it was computed, and from what. */
export interface Step {
  section: "model" | "compute" | "time" | "memory" | "network" | "cost";
  label: string;
  value: number;
  unit: string;
  formula: string;
  cite?: string;
}

export interface Estimate {
  version: 1;
  params: number;
  tokens: number;
  gpu: { id: GpuId; name: string; peakTflops: number; memoryBytes: number };
  gpus: number;
  gpusPerNode: number;
  nodes: number;
  parallelism: {
    tp: number;
    pp: number;
    dp: number;
    zero: ZeroStage;
    recompute: Recompute;
    sequenceParallel: boolean;
    microBatch: number;
    globalBatch: number;
    microBatchesPerPipeline: number;
    seq: number;
    steps: number;
  };
  flops: { total: number; model: number; method: string };
  throughput: { flopsPerGpu: number; mfu: number; from: "tflops" | "mfu" | "default-mfu" };
  time: {
    computeSeconds: number;
    commSeconds: number;
    wallSeconds: number;
    days: number;
    gpuHours: number;
    perStep: { computeSeconds: number; dpSeconds: number; tpSeconds: number; ppSeconds: number; commSeconds: number };
    bubbleFraction: number;
    bound: "compute" | "network";
    networkDominates: boolean;
  };
  memory: {
    perGpuBytes: { params: number; grads: number; optimizer: number; activations: number | null; total: number };
    gpuBytes: number;
    fits: boolean;
    headroomBytes: number;
  };
  network: {
    interconnect: InterconnectId;
    name: string;
    nodeBytesPerSecond: number;
    scaleUpBusBytesPerSecond: number;
  };
  cost: {
    cloud: {
      total: number | null;
      perGpuHour: number | null;
      offer: string | null;
      observed: string | null;
      note?: string;
    };
    bareMetal: {
      total: number | null;
      perGpuHour: number | null;
      serverHour: { capital: number; colo: number; power: number; total: number } | null;
      utilization: number;
      note?: string;
    };
    breakEvenUtilization: number | null;
  };
  steps: Step[];
  assumptions: Assumption[];
  citations: Citation[];
  warnings: string[];
}

export class EstimateError extends Error {}

const GiB = 2 ** 30;
/** Sequence length of every model in SC21 (§5) and the GPT-3 paper: the default when none is given. */
const DEFAULT_SEQ = 2048;
/** Vocabulary of every SC21 model (§5): the default for the architecture formulas. */
const DEFAULT_VOCAB = 51200;
export const DEFAULT_MFU = 0.4;
/** Small-message time of one all-reduce inside a node and across nodes (CITATIONS.latencyNvlink / latencyNetwork). */
const INTRA_NODE_LATENCY = 18e-6;
const NETWORK_LATENCY = 100e-6;
/** SC21 §5.1 trains GPT-3 with batch 1,536 sequences of 2,048 tokens: the default batch size in tokens. */
const DEFAULT_BATCH_TOKENS = 1536 * 2048;
const DEFAULT_INTERCONNECT: InterconnectId = "ndr";

function positive(name: string, v: number | undefined): void {
  if (v !== undefined && !(Number.isFinite(v) && v > 0)) throw new EstimateError(`${name} must be a positive number`);
}

function integer(name: string, v: number | undefined): void {
  positive(name, v);
  if (v !== undefined && !Number.isInteger(v)) throw new EstimateError(`${name} must be a whole number (got ${v})`);
}

const fmt = (n: number, digits = 4) => Number(n.toPrecision(digits)).toLocaleString("en-US");

/** Runs every formula for one job. Throws EstimateError when the inputs contradict each other. */
export function estimate(input: EstimateInput): Estimate {
  const assumptions: Assumption[] = [];
  const steps: Step[] = [];
  const warnings: string[] = [];
  const used = new Set<Citation>();
  const assume = <T extends string | number | boolean>(name: string, value: T, source: string): T => {
    assumptions.push({ name, value, source });
    return value;
  };
  const step = (s: Step, c?: Citation) => {
    if (c) {
      used.add(c);
      s.cite = c.id;
    }
    steps.push(s);
  };

  const gpu: GpuSpec | undefined = GPUS[input.gpu];
  if (!gpu) throw new EstimateError(`unknown GPU "${input.gpu}"`);
  positive("--tokens", input.tokens);
  integer("--gpus", input.gpus);
  for (const k of [
    "gpusPerNode",
    "tp",
    "pp",
    "dp",
    "globalBatch",
    "microBatch",
    "layers",
    "hidden",
    "heads",
    "seq",
    "vocab",
    "nicsPerNode",
  ] as const)
    integer(`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, input[k]);
  for (const k of [
    "params",
    "tflops",
    "pricePerGpuHour",
    "serverPrice",
    "amortizeYears",
    "serverKw",
    "pue",
    "kwhPrice",
    "utilization",
  ] as const)
    positive(`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, input[k]);
  if (input.mfu !== undefined && !(input.mfu > 0 && input.mfu <= 1))
    throw new EstimateError("--mfu must be a fraction in (0, 1], e.g. 0.4");
  if (input.utilization !== undefined && input.utilization > 1)
    throw new EstimateError("--utilization must be a fraction in (0, 1]");
  if (input.tflops !== undefined && input.mfu !== undefined)
    throw new EstimateError("give --tflops or --mfu, not both");
  if (input.tflops !== undefined && input.tflops > gpu.bf16Tflops)
    throw new EstimateError(
      `--tflops ${input.tflops} is above the ${gpu.name}'s dense BF16 peak of ${gpu.bf16Tflops} TFLOP/s`,
    );

  // ------------------------------------------------------------ shape and parallelism
  const gpus = input.gpus;
  const gpusPerNode =
    input.gpusPerNode ??
    assume("gpusPerNode", Math.min(8, gpus), "8 GPUs per node, the HGX/DGX and MI300X platform size");
  const nodes = Math.ceil(gpus / gpusPerNode);
  const tp = input.tp ?? 1;
  const pp = input.pp ?? 1;
  if (gpus % (tp * pp) !== 0) throw new EstimateError(`--gpus ${gpus} is not a multiple of --tp × --pp = ${tp * pp}`);
  const dp = input.dp ?? gpus / (tp * pp);
  if (tp * pp * dp !== gpus)
    throw new EstimateError(`--tp ${tp} × --pp ${pp} × --dp ${dp} = ${tp * pp * dp}, not --gpus ${gpus}`);
  if (input.tp === undefined) assume("tp", 1, "no tensor parallelism unless --tp");
  if (input.pp === undefined) assume("pp", 1, "no pipeline parallelism unless --pp");
  if (input.dp === undefined) assume("dp", dp, "dp = gpus / (tp × pp)");
  const zero: ZeroStage =
    input.zero ?? assume("zero", 0 as ZeroStage, "plain data parallelism (ZeRO stage 0) unless --zero");
  const recompute: Recompute =
    input.recompute ??
    assume("recompute", "full" as Recompute, "full activation recomputation, as in SC21's 8·T·P/(n·X)");
  const sequenceParallel =
    input.sequenceParallel ?? (tp > 1 ? assume("sequenceParallel", false, "off unless --sequence-parallel") : false);

  const hasArch = input.layers !== undefined && input.hidden !== undefined;
  const anyArch = [input.layers, input.hidden, input.heads].some((v) => v !== undefined);
  if (anyArch && !hasArch)
    throw new EstimateError("give both --layers and --hidden (and --heads for activation memory)");
  if (input.params === undefined && !hasArch)
    throw new EstimateError("give --params, or the architecture: --layers --hidden --heads");
  const seq = input.seq ?? assume("seq", DEFAULT_SEQ, "2048, the sequence length of every SC21 model (§5)");
  // The vocabulary enters only Eq. (2) and (3), used when the parameters come from the architecture.
  const vocab =
    input.vocab ??
    (hasArch && input.params === undefined
      ? assume("vocab", DEFAULT_VOCAB, "51,200, the vocabulary of every SC21 model (§5)")
      : DEFAULT_VOCAB);
  const arch: Architecture | undefined = hasArch
    ? {
        layers: input.layers as number,
        hidden: input.hidden as number,
        heads: input.heads ?? 0,
        seq,
        vocab,
      }
    : undefined;

  let params: number;
  if (input.params !== undefined) params = input.params;
  else {
    params = megatronParams(arch as Architecture);
    const a = arch as Architecture;
    step(
      {
        section: "model",
        label: "parameters from the architecture",
        value: params,
        unit: "params",
        formula: `12·l·h²·(1 + 13/(12h) + (V+s)/(12·l·h)), l=${a.layers} h=${a.hidden} V=${a.vocab} s=${a.seq}`,
      },
      CITATIONS.sc21Params,
    );
  }
  if (arch && input.heads !== undefined && arch.hidden % input.heads !== 0)
    warnings.push(`--hidden ${arch.hidden} is not divisible by --heads ${input.heads}`);
  if (arch && input.heads !== undefined && input.heads % tp !== 0)
    warnings.push(`--heads ${input.heads} is not divisible by --tp ${tp}; Megatron requires it`);

  const microBatch =
    input.microBatch ?? assume("microBatch", 1, "micro-batch of 1 sequence per GPU, as in SC21's largest runs");
  const defaultM = Math.max(1, Math.round(DEFAULT_BATCH_TOKENS / (seq * dp * microBatch)));
  const globalBatch =
    input.globalBatch ??
    assume(
      "globalBatch",
      dp * microBatch * defaultM,
      "the multiple of dp × micro-batch nearest 3.1M tokens, GPT-3's batch in SC21 §5.1 (1,536 × 2,048)",
    );
  if (globalBatch % (dp * microBatch) !== 0)
    throw new EstimateError(`--global-batch ${globalBatch} is not a multiple of dp × micro-batch = ${dp * microBatch}`);
  const m = globalBatch / (dp * microBatch);
  const tokensPerStep = globalBatch * seq;
  const stepsCount = input.tokens / tokensPerStep;

  // ------------------------------------------------------------ compute
  let flopsTotal: number;
  let modelFlops: number;
  let method: string;
  // The architecture's own FLOP count (SC21 Eq. 3) when the parameters come from it; with --params
  // given, 6·P·D / 8·P·D from those parameters (SC21 Eq. 4's approximation of Eq. 3), which also
  // holds for shapes Eq. 2 does not describe (SwiGLU, grouped-query attention).
  if (arch && input.params === undefined) {
    flopsTotal = (megatronHardwareFlops(arch, 1, recompute) / seq) * input.tokens;
    modelFlops = (megatronModelFlops(arch, 1) / seq) * input.tokens;
    method =
      recompute === "full"
        ? "megatron-eq3"
        : recompute === "selective"
          ? "megatron-model-flops×(1+s/6h)"
          : "megatron-model-flops";
    step(
      {
        section: "compute",
        label: "training FLOPs (hardware, incl. recomputation)",
        value: flopsTotal,
        unit: "FLOP",
        formula:
          recompute === "full"
            ? `96·B·s·l·h²·(1 + s/(6h) + V/(16·l·h)) per iteration × ${fmt(stepsCount)} iterations`
            : recompute === "selective"
              ? "72·B·s·l·h²·(1 + s/(6h) + V/(12·h·l)) × (1 + s/(6h)) per iteration × iterations"
              : "72·B·s·l·h²·(1 + s/(6h) + V/(12·h·l)) per iteration × iterations",
      },
      recompute === "full" ? CITATIONS.sc21Flops : CITATIONS.modelFlops,
    );
    step(
      {
        section: "compute",
        label: "model FLOPs (what MFU counts)",
        value: modelFlops,
        unit: "FLOP",
        formula: "72·B·s·l·h²·(1 + s/(6h) + V/(12·h·l)) per iteration × iterations",
      },
      CITATIONS.modelFlops,
    );
  } else {
    modelFlops = trainingFlops(params, input.tokens, "none");
    const k = recompute === "full" ? 8 : 6;
    const selective = recompute === "selective" && arch ? 1 + seq / (6 * arch.hidden) : 1;
    flopsTotal = trainingFlops(params, input.tokens, recompute) * selective;
    method = recompute === "full" ? "8PD" : selective > 1 ? "6PD×(1+s/6h)" : "6PD";
    if (recompute === "selective" && !arch)
      warnings.push("selective recomputation counted as 6·P·D: its extra FLOPs need --hidden");
    step(
      {
        section: "compute",
        label: recompute === "none" ? "training FLOPs" : "training FLOPs (hardware, incl. recomputation)",
        value: flopsTotal,
        unit: "FLOP",
        formula: `${k}·P·D${selective > 1 ? "·(1 + s/(6h))" : ""} = ${k} × ${formatSize(params)} × ${formatSize(input.tokens)}${selective > 1 ? ` × ${fmt(selective)}` : ""}`,
      },
      recompute === "full" ? CITATIONS.sc21Time : selective > 1 ? CITATIONS.modelFlops : CITATIONS.compute6PD,
    );
    if (recompute !== "none")
      step(
        {
          section: "compute",
          label: "model FLOPs (what MFU counts)",
          value: modelFlops,
          unit: "FLOP",
          formula: `6·P·D = 6 × ${formatSize(params)} × ${formatSize(input.tokens)}`,
        },
        CITATIONS.compute6PD,
      );
  }

  // ------------------------------------------------------------ throughput and compute time
  const peak = gpu.bf16Tflops * 1e12;
  let computeSeconds: number;
  let from: Estimate["throughput"]["from"];
  if (input.tflops !== undefined) {
    from = "tflops";
    computeSeconds = flopsTotal / (gpus * input.tflops * 1e12);
    step(
      {
        section: "time",
        label: "compute time",
        value: computeSeconds,
        unit: "s",
        formula: `${method === "8PD" ? "8·T·P" : method === "6PD" ? "6·T·P" : "F"}/(n·X) with n=${gpus}, X=${input.tflops} TFLOP/s achieved`,
      },
      CITATIONS.sc21Time,
    );
  } else {
    const u = input.mfu ?? assume("mfu", DEFAULT_MFU, `${CITATIONS.defaultMfu.title}: ${CITATIONS.defaultMfu.where}`);
    if (input.mfu === undefined) used.add(CITATIONS.defaultMfu);
    from = input.mfu === undefined ? "default-mfu" : "mfu";
    computeSeconds = modelFlops / (gpus * u * peak);
    step(
      {
        section: "time",
        label: "compute time",
        value: computeSeconds,
        unit: "s",
        formula: `model FLOPs/(n·MFU·peak) with n=${gpus}, MFU=${u}, peak=${gpu.bf16Tflops} TFLOP/s dense BF16 (MFU counts no recomputation)`,
      },
      CITATIONS.mfu,
    );
  }
  const flopsPerGpu = flopsTotal / (gpus * computeSeconds);
  const achievedMfu = modelFlops / (gpus * computeSeconds * peak);
  if (achievedMfu > 0.75)
    warnings.push(`the implied MFU is ${(achievedMfu * 100).toFixed(0)}%; published large runs reach 38–56%`);

  // ------------------------------------------------------------ memory
  const psi = params / (tp * pp);
  const states = zeroModelStates(psi, dp, zero);
  const zeroFormula = ["16Ψ", "4Ψ + 12Ψ/N", "2Ψ + 14Ψ/N", "16Ψ/N"][zero] as string;
  step(
    {
      section: "memory",
      label: `model states per GPU (ZeRO-${zero})`,
      value: states.total,
      unit: "B",
      formula: `${zeroFormula} with Ψ = P/(tp·pp) = ${formatSize(psi)}, N = dp = ${dp} (params ${fmtBytes(states.params)}, grads ${fmtBytes(states.grads)}, optimizer ${fmtBytes(states.optimizer)})`,
    },
    CITATIONS.zero,
  );
  let activations: number | null = null;
  if (arch && input.heads !== undefined) {
    const perLayer = activationBytesPerLayer(arch, microBatch, tp, sequenceParallel, recompute);
    const inFlight = Math.min(pp, m) / pp;
    activations = activationBytesFirstStage(perLayer, arch.layers) * inFlight;
    const variant =
      recompute === "full"
        ? `2·s·b·h${sequenceParallel ? "/t" : ""}`
        : recompute === "selective"
          ? sequenceParallel
            ? "34·s·b·h/t"
            : "s·b·h·(10 + 24/t)"
          : sequenceParallel
            ? "s·b·h·(34/t + 5·a·s/(h·t))"
            : "s·b·h·(10 + 24/t + 5·a·s/(h·t))";
    step(
      {
        section: "memory",
        label: "activations per GPU (first pipeline stage)",
        value: activations,
        unit: "B",
        formula: `${variant} per layer × L=${arch.layers}${inFlight < 1 ? ` × min(p,m)/p = ${fmt(inFlight)}` : ""}, s=${seq} b=${microBatch} h=${arch.hidden} a=${input.heads} t=${tp}`,
      },
      CITATIONS.activations,
    );
  } else {
    warnings.push("activation memory not computed: give --layers, --hidden and --heads");
  }
  const memTotal = states.total + (activations ?? 0);
  const gpuBytes = gpu.memoryGiB * GiB;
  const fits = memTotal <= gpuBytes;
  step({
    section: "memory",
    label: `total per GPU against ${gpu.memoryGiB} GiB`,
    value: memTotal,
    unit: "B",
    formula: `model states + activations${activations === null ? " (activations unknown)" : ""}: ${fits ? "fits" : "does NOT fit"}`,
  });
  if (!fits) {
    const ideas = [
      zero < 3 && dp > 1 ? `--zero ${zero + 1}` : "",
      "more --tp (inside a node) or --pp",
      activations !== null && recompute !== "full" ? "--recompute full" : "",
      activations !== null && microBatch > 1 ? "a smaller --micro-batch" : "",
    ].filter(Boolean);
    warnings.push(`does not fit: ${fmtBytes(memTotal)} per GPU against ${gpu.memoryGiB} GiB; try ${ideas.join(", ")}`);
  }

  // ------------------------------------------------------------ network
  const netId =
    input.interconnect ??
    (nodes > 1
      ? assume("interconnect", DEFAULT_INTERCONNECT, "InfiniBand NDR, 8 × 400 Gb/s per node (a typical H100 node)")
      : DEFAULT_INTERCONNECT);
  const net: Interconnect = INTERCONNECTS[netId];
  if (!net) throw new EstimateError(`unknown interconnect "${netId}"`);
  const ports =
    input.nicsPerNode ??
    (nodes > 1 ? assume("nicsPerNode", net.defaultPortsPerNode, net.source) : net.defaultPortsPerNode);
  const nodeNet = nodeNetworkBytesPerSecond(net, ports);
  const intraBus = gpu.scaleUpGBps * 1e9 * net.efficiency;
  const intraLatency = INTRA_NODE_LATENCY;
  const netLatency = NETWORK_LATENCY;
  if (gpus > 1) {
    assume("linkEfficiency", net.efficiency, `${CITATIONS.linkEfficiency.title}: ${CITATIONS.linkEfficiency.where}`);
    assume(
      "intraNodeLatencySeconds",
      intraLatency,
      `${CITATIONS.latencyNvlink.title}: ${CITATIONS.latencyNvlink.note}`,
    );
    if (nodes > 1)
      assume(
        "networkLatencySeconds",
        netLatency,
        `${CITATIONS.latencyNetwork.title}: ${CITATIONS.latencyNetwork.note}`,
      );
  }
  used.add(CITATIONS.linkEfficiency);
  step(
    {
      section: "network",
      label: "node network bandwidth (effective)",
      value: nodeNet,
      unit: "B/s",
      formula: `${ports} × ${net.gbpsPerPort} Gb/s × ${net.efficiency} efficiency / 8 (${net.name})`,
    },
    CITATIONS.linkEfficiency,
  );
  step({
    section: "network",
    label: "scale-up bus bandwidth per GPU (effective)",
    value: intraBus,
    unit: "B/s",
    formula: `${gpu.scaleUpGBps} GB/s per direction × ${net.efficiency} (${gpu.scaleUpName})`,
  });

  // Megatron's rank order puts TP innermost, then DP, then PP.
  const dpRanksPerNode = tp >= gpusPerNode ? 1 : Math.min(dp, Math.max(1, Math.floor(gpusPerNode / tp)));
  const dpNodes = Math.ceil(dp / dpRanksPerNode);
  const gradBytes = 2 * psi;
  const dpAllReduce = hierarchicalAllReduceSeconds({
    bytes: gradBytes,
    ranksPerNode: dpRanksPerNode,
    nodes: dpNodes,
    gpusPerNode,
    intraBusBytesPerSecond: intraBus,
    nodeNetBytesPerSecond: nodeNet,
    intraLatency,
    netLatency,
  });
  const dpSeconds = dpAllReduce.seconds * (zero === 3 ? 1.5 : 1);
  used.add(CITATIONS.latencyNvlink);
  used.add(CITATIONS.latencyNetwork);
  step(
    {
      section: "network",
      label: "data-parallel gradient sync per step",
      value: dpSeconds,
      unit: "s",
      formula: `all-reduce of 2Ψ = ${fmtBytes(gradBytes)} over dp=${dp} (${dpRanksPerNode}/node × ${dpNodes} node${dpNodes === 1 ? "" : "s"}): 2(g−1)/g·S/B_nvlink + 2(k−1)/k·(S/g)/(B_node/${gpusPerNode}) + α${zero === 3 ? " × 1.5 (ZeRO-3 moves 3Ψ)" : ""}; α = 18 µs NVLink, 100 µs network`,
    },
    zero === 3 ? CITATIONS.zeroComm : CITATIONS.busbw,
  );
  used.add(CITATIONS.zeroComm);
  used.add(CITATIONS.busbw);

  let tpSeconds = 0;
  const actMsgBytes = arch ? 2 * seq * microBatch * arch.hidden : 0;
  if (tp > 1) {
    if (!arch) warnings.push("tensor-parallel communication not computed: give --layers and --hidden");
    else {
      const perCall =
        tp <= gpusPerNode
          ? collectiveSeconds("all-reduce", actMsgBytes, tp, intraBus, intraLatency)
          : hierarchicalAllReduceSeconds({
              bytes: actMsgBytes,
              ranksPerNode: gpusPerNode,
              nodes: tp / gpusPerNode,
              gpusPerNode,
              intraBusBytesPerSecond: intraBus,
              nodeNetBytesPerSecond: nodeNet,
              intraLatency,
              netLatency,
            }).seconds;
      const perLayer = recompute === "full" ? 6 : 4;
      tpSeconds = perCall * perLayer * (arch.layers / pp) * m;
      step(
        {
          section: "network",
          label: "tensor-parallel all-reduces per step",
          value: tpSeconds,
          unit: "s",
          formula: `${perLayer} all-reduces of 2·s·b·h = ${fmtBytes(actMsgBytes)} per layer per micro-batch${perLayer === 6 ? " (4, plus 2 in the recomputed forward)" : ""} × ${arch.layers / pp} layers × m=${m}, over tp=${tp}${tp > gpusPerNode ? " (spans nodes!)" : " inside the node"}`,
        },
        CITATIONS.tpComm,
      );
      if (tp > gpusPerNode)
        warnings.push(
          `--tp ${tp} spans nodes (${gpusPerNode} GPUs per node): tensor parallelism belongs inside NVLink`,
        );
    }
  }

  let ppSeconds = 0;
  const bubble = pipelineBubble(pp, m);
  if (pp > 1) {
    step(
      {
        section: "time",
        label: "pipeline bubble (share of ideal step time)",
        value: bubble,
        unit: "ratio",
        formula: `(p−1)/m = (${pp}−1)/${m}`,
      },
      CITATIONS.sc21Bubble,
    );
    if (bubble > 0.25)
      warnings.push(`pipeline bubble is ${(bubble * 100).toFixed(0)}% of compute: raise --global-batch so m ≫ p`);
    if (arch) {
      const crossNode = tp * dp >= gpusPerNode;
      const bw = crossNode ? nodeNet / gpusPerNode : intraBus;
      const bytes = actMsgBytes / (sequenceParallel ? tp : 1);
      ppSeconds = 2 * m * (bytes / bw + (crossNode ? netLatency : intraLatency));
      step({
        section: "network",
        label: "pipeline point-to-point per step",
        value: ppSeconds,
        unit: "s",
        formula: `2 × m=${m} sends of s·b·h·2 = ${fmtBytes(bytes)} ${crossNode ? "across nodes" : "over the scale-up link"}`,
      });
    }
  }

  const commPerStep = dpSeconds + tpSeconds + ppSeconds;
  const computePerStep = computeSeconds / stepsCount;
  const commSeconds = commPerStep * stepsCount;
  const networkDominates = commSeconds > computeSeconds;
  const wallSeconds = Math.max(computeSeconds, commSeconds);
  step({
    section: "time",
    label: "step time: compute vs communication",
    value: computePerStep,
    unit: "s",
    formula: `compute ${fmtSeconds(computePerStep)} vs communication ${fmtSeconds(commPerStep)} per step over ${fmt(stepsCount)} steps of ${formatSize(tokensPerStep)} tokens → ${networkDominates ? "NETWORK-bound" : "compute-bound"}`,
  });
  if (networkDominates)
    warnings.push(
      `the network would dominate the step time: ${fmtSeconds(commPerStep)} of communication against ${fmtSeconds(computePerStep)} of compute per step on ${net.name}`,
    );
  else if (commPerStep > 0.5 * computePerStep)
    warnings.push(
      `communication is ${((commPerStep / computePerStep) * 100).toFixed(0)}% of compute per step: little room left to hide it`,
    );
  const days = wallSeconds / 86400;
  const gpuHours = (wallSeconds * gpus) / 3600;
  step({
    section: "time",
    label: "wall time",
    value: days,
    unit: "days",
    formula:
      "max(compute, communication): X is an end-to-end rate that already folds in the communication a good network hides",
  });
  step(
    {
      section: "cost",
      label: "GPU-hours",
      value: gpuHours,
      unit: "GPU·h",
      formula: `wall time × ${gpus} GPUs`,
    },
    CITATIONS.gpuHours,
  );

  // ------------------------------------------------------------ cost
  const table = input.prices ?? INSTANCE_PRICES;
  let cloud: Estimate["cost"]["cloud"];
  let cloudPerGpuHour: number | null = null;
  if (input.pricePerGpuHour !== undefined) {
    cloudPerGpuHour = input.pricePerGpuHour;
    cloud = {
      total: gpuHours * cloudPerGpuHour,
      perGpuHour: cloudPerGpuHour,
      offer: "--price-per-gpu-hour",
      observed: null,
    };
  } else {
    let offerId = input.cloud;
    if (offerId === undefined) {
      offerId = input.prices ? table.find((p) => p.gpu === gpu.id)?.id : DEFAULT_INSTANCE[gpu.id];
      if (offerId)
        assume(
          "cloud",
          offerId,
          input.prices
            ? "the first row for this GPU in --price-file"
            : "the first-listed hyperscaler instance for this GPU",
        );
    }
    const offer = offerId ? table.find((p) => p.id.toLowerCase() === offerId.toLowerCase()) : undefined;
    if (offerId && !offer)
      throw new EstimateError(`unknown cloud offer "${offerId}"; known: ${table.map((p) => p.id).join(", ")}`);
    if (offer) {
      if (offer.gpu !== gpu.id)
        warnings.push(`--cloud ${offer.id} has ${offer.gpu} GPUs, not ${gpu.id}; priced as given`);
      const commitment = input.commitment ?? assume("commitment", "on-demand", "on-demand price unless --commitment");
      const perGpu =
        commitment === "1y"
          ? offer.commit1yPerGpuHour
          : commitment === "3y"
            ? offer.commit3yPerGpuHour
            : offer.onDemandPerHour / offer.gpus;
      if (perGpu === undefined)
        throw new EstimateError(`${offer.id} has no published ${commitment} committed-use price`);
      cloudPerGpuHour = perGpu;
      cloud = {
        total: gpuHours * perGpu,
        perGpuHour: perGpu,
        offer: `${offer.id} ${commitment}`,
        observed: offer.observed,
        note: offer.source,
      };
    } else {
      cloud = {
        total: null,
        perGpuHour: null,
        offer: null,
        observed: null,
        note: `no cloud price in the table for ${gpu.id}: give --cloud or --price-per-gpu-hour`,
      };
    }
  }
  if (cloud.total !== null)
    step({
      section: "cost",
      label: "cloud cost",
      value: cloud.total,
      unit: "USD",
      formula: `GPU-hours × $${fmt(cloud.perGpuHour as number)}/GPU-h (${cloud.offer}${cloud.observed ? `, price observed ${cloud.observed}` : ""})`,
    });

  const bm = BARE_METAL_DEFAULTS;
  const catalogServer = SERVER_PRICES[gpu.id];
  const serverPrice =
    input.serverPrice ??
    (catalogServer
      ? assume(
          "serverPrice",
          Math.round((catalogServer.usd / 8) * gpusPerNode),
          `${catalogServer.source}, observed ${catalogServer.observed}${gpusPerNode !== 8 ? "; scaled per GPU" : ""}`,
        )
      : undefined);
  const utilization = input.utilization ?? assume("utilization", bm.utilization.value, bm.utilization.source);
  let bareMetal: Estimate["cost"]["bareMetal"];
  let breakEven: number | null = null;
  if (serverPrice === undefined) {
    bareMetal = {
      total: null,
      perGpuHour: null,
      serverHour: null,
      utilization,
      note: `no published server price for ${gpu.id} in the catalog: give --server-price`,
    };
  } else {
    const amortizeYears =
      input.amortizeYears ?? assume("amortizeYears", bm.amortizeYears.value, bm.amortizeYears.source);
    const pue = input.pue ?? assume("pue", bm.pue.value, bm.pue.source);
    const kwhPrice = input.kwhPrice ?? assume("kwhPrice", bm.kwhPrice.value, bm.kwhPrice.source);
    const coloPerMonth =
      input.coloPerMonth ??
      assume(
        "coloPerMonth",
        bm.coloPerGpuMonth.value * gpusPerNode,
        `${bm.coloPerGpuMonth.source} × ${gpusPerNode} GPUs`,
      );
    const networkShare = input.networkShare ?? assume("networkShare", bm.networkShare.value, bm.networkShare.source);
    let serverKw = input.serverKw;
    if (serverKw === undefined) {
      if (gpu.serverKw !== undefined && gpusPerNode === 8) serverKw = assume("serverKw", gpu.serverKw, gpu.source);
      else if (gpu.tdpW !== undefined)
        serverKw = assume(
          "serverKw",
          (gpusPerNode * gpu.tdpW + bm.hostW.value) / 1000,
          `${gpusPerNode} × ${gpu.tdpW} W TDP + ${bm.hostW.value} W; ${bm.hostW.source}`,
        );
    }
    if (serverKw === undefined) {
      bareMetal = {
        total: null,
        perGpuHour: null,
        serverHour: null,
        utilization,
        note: `no power figure for ${gpu.id}: give --server-kw`,
      };
    } else {
      const serverHour = bareMetalServerHour({
        serverPrice,
        networkShare,
        amortizeYears,
        coloPerMonth,
        serverKw,
        pue,
        kwhPrice,
      });
      const perGpuHour = serverHour.total / (gpusPerNode * utilization);
      bareMetal = { total: gpuHours * perGpuHour, perGpuHour, serverHour, utilization };
      for (const c of [CITATIONS.amortisation, CITATIONS.pue, CITATIONS.utilisation, CITATIONS.networkShare])
        used.add(c);
      step({
        section: "cost",
        label: "bare-metal server-hour",
        value: serverHour.total,
        unit: "USD",
        formula: `capital $${fmt(serverPrice)}/(1−${networkShare} network share)/(${amortizeYears}·8766 h) = $${fmt(serverHour.capital)} + colo $${fmt(coloPerMonth)}·12/8766 = $${fmt(serverHour.colo)} + power ${fmt(serverKw)} kW × PUE ${pue} × $${kwhPrice}/kWh = $${fmt(serverHour.power)}`,
      });
      step({
        section: "cost",
        label: "bare-metal cost per used GPU-hour",
        value: perGpuHour,
        unit: "USD",
        formula: `server-hour / (${gpusPerNode} GPUs × ${utilization} utilisation)`,
      });
      step({
        section: "cost",
        label: "bare-metal cost",
        value: bareMetal.total as number,
        unit: "USD",
        formula: "GPU-hours × bare-metal cost per used GPU-hour",
      });
      if (cloudPerGpuHour !== null) {
        breakEven = breakEvenUtilization(serverHour.total, gpusPerNode, cloudPerGpuHour);
        step({
          section: "cost",
          label: "break-even utilisation",
          value: breakEven,
          unit: "ratio",
          formula: `server-hour / (${gpusPerNode} × cloud $${fmt(cloudPerGpuHour)}/GPU-h): bare metal is cheaper when its servers are busy more than this${breakEven > 1 ? " — never, at these prices" : ""}`,
        });
      }
    }
  }

  return {
    version: 1,
    params,
    tokens: input.tokens,
    gpu: { id: gpu.id, name: gpu.name, peakTflops: gpu.bf16Tflops, memoryBytes: gpuBytes },
    gpus,
    gpusPerNode,
    nodes,
    parallelism: {
      tp,
      pp,
      dp,
      zero,
      recompute,
      sequenceParallel,
      microBatch,
      globalBatch,
      microBatchesPerPipeline: m,
      seq,
      steps: stepsCount,
    },
    flops: { total: flopsTotal, model: modelFlops, method },
    throughput: { flopsPerGpu, mfu: achievedMfu, from },
    time: {
      computeSeconds,
      commSeconds,
      wallSeconds,
      days,
      gpuHours,
      perStep: { computeSeconds: computePerStep, dpSeconds, tpSeconds, ppSeconds, commSeconds: commPerStep },
      bubbleFraction: bubble,
      bound: networkDominates ? "network" : "compute",
      networkDominates,
    },
    memory: {
      perGpuBytes: { ...states, activations, total: memTotal },
      gpuBytes,
      fits,
      headroomBytes: gpuBytes - memTotal,
    },
    network: { interconnect: net.id, name: net.name, nodeBytesPerSecond: nodeNet, scaleUpBusBytesPerSecond: intraBus },
    cost: { cloud, bareMetal, breakEvenUtilization: breakEven },
    steps,
    assumptions,
    citations: [...used],
    warnings,
  };
}

export function fmtBytes(b: number): string {
  if (b >= 1e12) return `${(b / 1e12).toFixed(2)} TB`;
  if (b >= 1e9) return `${(b / 1e9).toFixed(2)} GB`;
  if (b >= 1e6) return `${(b / 1e6).toFixed(1)} MB`;
  return `${Math.round(b / 1e3)} kB`;
}

export function fmtSeconds(s: number): string {
  if (s >= 86400 * 365.25) return `${(s / (86400 * 365.25)).toFixed(1)} years`;
  if (s >= 86400) return `${(s / 86400).toFixed(1)} days`;
  if (s >= 3600) return `${(s / 3600).toFixed(1)} h`;
  if (s >= 1) return `${s.toFixed(2)} s`;
  return `${(s * 1000).toFixed(1)} ms`;
}

/**
 * The first layout, in rising order of communication, under which the job fits in memory:
 * a higher ZeRO stage, then tensor parallelism inside a node, then pipeline stages. Undefined when
 * none of them fits or the job already does.
 */
export function suggestFit(input: EstimateInput): string | undefined {
  const tries: Partial<EstimateInput>[] = [];
  const gpusPerNode = input.gpusPerNode ?? Math.min(8, input.gpus);
  for (const zero of [1, 2, 3] as ZeroStage[]) if (zero > (input.zero ?? 0)) tries.push({ zero });
  for (const tp of [2, 4, 8]) {
    if (tp <= (input.tp ?? 1) || tp > gpusPerNode) continue;
    for (const zero of [input.zero ?? 0, 1, 3] as ZeroStage[]) tries.push({ tp, zero });
  }
  for (const pp of [2, 4, 8, 16, 32, 64]) {
    if (pp <= (input.pp ?? 1)) continue;
    for (const zero of [input.zero ?? 0, 1] as ZeroStage[])
      tries.push({ tp: Math.max(input.tp ?? 1, Math.min(8, gpusPerNode)), pp, zero });
  }
  for (const t of tries) {
    const candidate: EstimateInput = { ...input, ...t, dp: undefined, globalBatch: undefined };
    try {
      const e = estimate(candidate);
      if (e.memory.fits) {
        const flags = Object.entries(t)
          .filter(
            ([k, v]) =>
              (input as unknown as Record<string, unknown>)[k] !== v &&
              !(k === "zero" && v === 0 && input.zero === undefined),
          )
          .map(([k, v]) => `--${k} ${v}`);
        return `${flags.join(" ")} fits: ${fmtBytes(e.memory.perGpuBytes.total)} per GPU`;
      }
    } catch {
      // a layout the GPU count does not divide into
    }
  }
  return undefined;
}
