import { CITATIONS } from "../citations.js";
import { collectiveSeconds, hierarchicalAllReduceSeconds, pipelineBubble } from "../formulas.js";
import { formatSize } from "../size.js";
import { fmt, fmtBytes, fmtSeconds, type Working } from "../working.js";
import type { ComputeTime, Flops } from "./compute.js";
import type { Batch, Layout } from "./layout.js";
import type { Memory } from "./memory.js";
import type { Network } from "./network.js";

export interface StepTime {
  computePerStep: number;
  bubble: number;
  bubbleSeconds: number;
  dpSeconds: number;
  dpExposed: number;
  tpSeconds: number;
  ppSeconds: number;
  epSeconds: number;
  commPerStep: number;
  stepSeconds: number;
  commSeconds: number;
  wallSeconds: number;
  networkDominates: boolean;
  flopsPerGpu: number;
  achievedMfu: number;
  days: number;
  gpuHours: number;
}

export function stepTimeOf(j: Layout & Batch & Flops & ComputeTime & Memory & Network, w: Working): StepTime {
  const { gpus, gpusPerNode, tp, pp, dp, ep, zero, recompute, sequenceParallel, shape, seq } = j;
  const { microBatch, m, stepsCount, tokensPerStep } = j;
  const { computeSeconds, from, flopsTotal, modelFlops, peak, psi } = j;
  const { net, nodeNet, intraBus, intraLatency, netLatency } = j;
  /** An all-reduce over `nodes` nodes of `ranksPerNode` ranks: over NVLink inside, the network between. */
  const allReduce = (bytes: number, ranksPerNode: number, nodes: number) =>
    hierarchicalAllReduceSeconds({
      bytes,
      ranksPerNode,
      nodes,
      gpusPerNode,
      intraBusBytesPerSecond: intraBus,
      nodeNetBytesPerSecond: nodeNet,
      intraLatency,
      netLatency,
    }).seconds;
  const computePerStep = computeSeconds / stepsCount;
  const computePerMicro = computePerStep / m;
  // Share of a micro-batch's FLOPs in its backward pass (backward = 2 × forward; full recompute
  // runs the forward again inside the backward).
  const backwardShare = recompute === "full" ? 6 / 8 : 4 / 6;
  const backwardWindow = computePerMicro * backwardShare;
  const forwardWindow = computePerMicro - backwardWindow;

  // Megatron's rank order puts TP innermost, then DP, then PP.
  const dpRanksPerNode = tp >= gpusPerNode ? 1 : Math.min(dp, Math.max(1, Math.floor(gpusPerNode / tp)));
  const dpNodes = Math.ceil(dp / dpRanksPerNode);
  const gradBytes = 2 * psi;
  const dpAllReduce = allReduce(gradBytes, dpRanksPerNode, dpNodes);
  // An all-reduce is a reduce-scatter and an all-gather of the same buffer (nccl-tests' factors).
  const half = dpAllReduce / 2;
  let dpSeconds: number;
  let dpExposed: number;
  let dpFormula: string;
  if (dp <= 1) {
    dpSeconds = 0;
    dpExposed = 0;
    dpFormula = "no data parallelism";
  } else if (zero === 0) {
    dpSeconds = dpAllReduce;
    dpExposed = Math.max(0, dpAllReduce - backwardWindow);
    dpFormula = `all-reduce of the bf16 gradients 2Ψ = ${fmtBytes(gradBytes)} once per step (${fmtSeconds(dpAllReduce)}), overlapped with the last micro-batch's backward (${fmtSeconds(backwardWindow)})`;
  } else if (zero === 1) {
    dpSeconds = dpAllReduce;
    dpExposed = Math.max(0, half - backwardWindow) + half;
    dpFormula = `reduce-scatter of the gradients (${fmtSeconds(half)}) overlapped with the last backward (${fmtSeconds(backwardWindow)}), then all-gather of the updated bf16 parameters (${fmtSeconds(half)}) after the optimizer step, not overlapped; 2Ψ moved as plain data parallelism`;
  } else if (zero === 2) {
    dpSeconds = half * m + half;
    dpExposed = m * Math.max(0, half - backwardWindow) + half;
    dpFormula = `reduce-scatter of the gradients in every micro-batch's backward (${m} × ${fmtSeconds(half)}, each against ${fmtSeconds(backwardWindow)} of backward), all-gather of the parameters after the step (${fmtSeconds(half)})`;
  } else {
    dpSeconds = 3 * half * m;
    dpExposed = m * (Math.max(0, half - forwardWindow) + Math.max(0, 2 * half - backwardWindow));
    dpFormula = `every micro-batch: all-gather the parameters for the forward (${fmtSeconds(half)} against ${fmtSeconds(forwardWindow)} of forward), again for the backward plus reduce-scatter the gradients (${fmtSeconds(2 * half)} against ${fmtSeconds(backwardWindow)}); 3Ψ per micro-batch × m=${m}`;
  }
  w.cite(CITATIONS.latencyNvlink);
  if (dpNodes > 1) w.cite(CITATIONS.latencyNetwork);
  if (dp > 1)
    w.step(
      {
        section: "network",
        label: `data-parallel ${zero === 0 ? "gradient sync" : `ZeRO-${zero} traffic`} per step, exposed`,
        value: dpExposed,
        unit: "s",
        formula: `${dpFormula}; over dp=${dp} (${dpRanksPerNode}/node × ${dpNodes} node${dpNodes === 1 ? "" : "s"}), 2(g−1)/g·S/B_nvlink + 2(k−1)/k·(S/g)/(B_node/${gpusPerNode}) per all-reduce; α = 18 µs NVLink, 100 µs network`,
      },
      zero === 0 ? CITATIONS.busbw : CITATIONS.zeroComm,
    );
  w.cite(CITATIONS.busbw);

  let tpSeconds = 0;
  const actMsgBytes = shape ? 2 * seq * microBatch * shape.hidden : 0;
  if (tp > 1) {
    if (!shape) w.warn("tensor-parallel communication not computed: give --layers and --hidden");
    else {
      const perCall =
        tp <= gpusPerNode
          ? collectiveSeconds("all-reduce", actMsgBytes, tp, intraBus, intraLatency)
          : allReduce(actMsgBytes, gpusPerNode, tp / gpusPerNode);
      const perLayer = recompute === "full" ? 6 : 4;
      tpSeconds = perCall * perLayer * (shape.layers / pp) * m;
      w.step(
        {
          section: "network",
          label: "tensor-parallel collectives per step (on the critical path)",
          value: tpSeconds,
          unit: "s",
          formula: `${perLayer} ${sequenceParallel ? "all-gather/reduce-scatter pairs" : "all-reduces"} of 2·s·b·h = ${fmtBytes(actMsgBytes)} per layer per micro-batch${perLayer === 6 ? " (4, plus 2 in the recomputed forward)" : ""} × ${shape.layers / pp} layers × m=${m}, over tp=${tp}${tp > gpusPerNode ? " (spans nodes!)" : " inside the node"}`,
        },
        CITATIONS.tpComm,
      );
      if (tp > gpusPerNode)
        w.warn(`--tp ${tp} spans nodes (${gpusPerNode} GPUs per node): tensor parallelism belongs inside NVLink`);
    }
  }

  let epSeconds = 0;
  if (shape?.moe && ep > 1) {
    const moeLayers = shape.layers - shape.moe.denseLayers;
    const bytes = actMsgBytes * shape.moe.topK;
    const crossNode = tp * ep > gpusPerNode;
    const bw = crossNode ? nodeNet / gpusPerNode : intraBus;
    const perCall = collectiveSeconds("all-to-all", bytes, ep, bw, crossNode ? netLatency : intraLatency);
    epSeconds = 4 * perCall * (moeLayers / pp) * m;
    w.step(
      {
        section: "network",
        label: "expert-parallel all-to-alls per step",
        value: epSeconds,
        unit: "s",
        formula: `4 all-to-alls (dispatch and combine, forward and backward) of top-k × 2·s·b·h = ${fmtBytes(bytes)} per MoE layer per micro-batch × ${moeLayers / pp} layers × m=${m}, over ep=${ep}${crossNode ? " across nodes" : " inside the node"}`,
      },
      CITATIONS.busbw,
    );
  }

  let ppSeconds = 0;
  const bubble = pipelineBubble(pp, m);
  const bubbleSeconds = bubble * computePerStep;
  if (pp > 1) {
    w.step(
      {
        section: "time",
        label: "pipeline bubble",
        value: bubbleSeconds,
        unit: "s",
        formula: `(p−1)/m = (${pp}−1)/${m} = ${(bubble * 100).toFixed(1)}% of the compute per step`,
      },
      CITATIONS.sc21Bubble,
    );
    if (bubble > 0.25)
      w.warn(`pipeline bubble is ${(bubble * 100).toFixed(0)}% of compute: raise --global-batch so m ≫ p`);
    if (shape) {
      const crossNode = tp * dp >= gpusPerNode;
      const bw = crossNode ? nodeNet / gpusPerNode : intraBus;
      const bytes = actMsgBytes / (sequenceParallel ? tp : 1);
      ppSeconds = 2 * m * (bytes / bw + (crossNode ? netLatency : intraLatency));
      w.step({
        section: "network",
        label: "pipeline point-to-point per step",
        value: ppSeconds,
        unit: "s",
        formula: `2 × m=${m} sends of s·b·h·2 = ${fmtBytes(bytes)} ${crossNode ? "across nodes" : "over the scale-up link"}`,
      });
    }
  }

  const trafficPerStep = dpSeconds + tpSeconds + ppSeconds + epSeconds;
  const networkDominates = trafficPerStep > computePerStep;
  let stepSeconds: number;
  let commPerStep: number;
  if (from === "tflops") {
    // X is an end-to-end rate: it already folds in the communication and the bubble a good
    // network hides, so only traffic that cannot fit in the compute time adds to it.
    commPerStep = trafficPerStep;
    stepSeconds = Math.max(computePerStep, trafficPerStep);
  } else {
    commPerStep = tpSeconds + ppSeconds + epSeconds + dpExposed;
    stepSeconds = computePerStep + bubbleSeconds + commPerStep;
  }
  const commSeconds = commPerStep * stepsCount;
  const wallSeconds = stepSeconds * stepsCount;
  w.step({
    section: "time",
    label: "step time",
    value: stepSeconds,
    unit: "s",
    formula:
      from === "tflops"
        ? `max(compute ${fmtSeconds(computePerStep)}, communication ${fmtSeconds(trafficPerStep)}): X is an end-to-end rate that already folds in the communication a good network hides`
        : `compute ${fmtSeconds(computePerStep)}${pp > 1 ? ` + bubble ${fmtSeconds(bubbleSeconds)}` : ""}${tp > 1 ? ` + tensor-parallel ${fmtSeconds(tpSeconds)}` : ""}${pp > 1 ? ` + pipeline sends ${fmtSeconds(ppSeconds)}` : ""}${epSeconds > 0 ? ` + expert all-to-all ${fmtSeconds(epSeconds)}` : ""}${dp > 1 ? ` + data-parallel exposed ${fmtSeconds(dpExposed)} (of ${fmtSeconds(dpSeconds)})` : ""}; ${fmt(stepsCount)} steps of ${formatSize(tokensPerStep)} tokens`,
  });
  if (networkDominates)
    w.warn(
      `the network would dominate the step time: ${fmtSeconds(trafficPerStep)} of communication against ${fmtSeconds(computePerStep)} of compute per step on ${net.name}`,
    );
  else if (from !== "tflops" && commPerStep > 0.25 * stepSeconds)
    w.warn(
      `communication that compute does not hide is ${((commPerStep / stepSeconds) * 100).toFixed(0)}% of the step (${fmtSeconds(commPerStep)} of ${fmtSeconds(stepSeconds)}) on ${net.name}`,
    );
  else if (trafficPerStep > 0.5 * computePerStep)
    w.warn(
      `communication is ${((trafficPerStep / computePerStep) * 100).toFixed(0)}% of compute per step: little room left to hide it`,
    );
  const flopsPerGpu = flopsTotal / (gpus * wallSeconds);
  const achievedMfu = modelFlops / (gpus * wallSeconds * peak);
  if (achievedMfu > 0.75)
    w.warn(`the implied MFU is ${(achievedMfu * 100).toFixed(0)}%; published large runs reach 38–56%`);
  const days = wallSeconds / 86400;
  const gpuHours = (wallSeconds * gpus) / 3600;
  w.step(
    {
      section: "time",
      label: "wall time",
      value: days,
      unit: "days",
      formula: `step time × steps; end-to-end MFU ${(achievedMfu * 100).toFixed(1)}% (model FLOPs over the peak of ${gpus} GPUs for the wall time)`,
    },
    CITATIONS.mfu,
  );
  w.step(
    {
      section: "cost",
      label: "GPU-hours",
      value: gpuHours,
      unit: "GPU·h",
      formula: `wall time × ${gpus} GPUs`,
    },
    CITATIONS.gpuHours,
  );
  return {
    computePerStep,
    bubble,
    bubbleSeconds,
    dpSeconds,
    dpExposed,
    tpSeconds,
    ppSeconds,
    epSeconds,
    commPerStep,
    stepSeconds,
    commSeconds,
    wallSeconds,
    networkDominates,
    flopsPerGpu,
    achievedMfu,
    days,
    gpuHours,
  };
}
