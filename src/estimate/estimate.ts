/**
 * `estimate`: a training job's memory per GPU, step and wall time and cost, with its working. It
 * runs the steps of src/estimate/steps/ in order, each over what the earlier ones found, and all
 * adding to one record (`Working`: the lines of the working, the assumptions made for inputs not
 * given, the citations and the warnings), which the result carries as it was filled.
 */

import type { ZeroStage } from "./formulas.js";
import { computeTimeOf, flopsOf } from "./steps/compute.js";
import { costOf } from "./steps/cost.js";
import { batchOf, checkInput, layoutOf } from "./steps/layout.js";
import { memoryOf } from "./steps/memory.js";
import { networkOf } from "./steps/network.js";
import { parametersOf } from "./steps/parameters.js";
import { stepTimeOf } from "./steps/step-time.js";
import type { Estimate, EstimateInput } from "./types.js";
import { fmtBytes, Working } from "./working.js";

/** Runs every formula for one job. Throws EstimateError when the inputs contradict each other. */
export function estimate(input: EstimateInput): Estimate {
  const w = new Working();
  const gpu = checkInput(input);
  const layout = layoutOf(input, w);
  const size = parametersOf(input, layout, w);
  const batch = batchOf(input, layout, w);
  const job = { ...layout, ...size, ...batch };
  const flops = flopsOf(input, job, w);
  const time = computeTimeOf(input, gpu, { ...layout, ...flops }, w);
  const memory = memoryOf(input, gpu, job, w);
  const network = networkOf(input, gpu, layout, w);
  const steps = stepTimeOf({ ...job, ...flops, ...time, ...memory, ...network }, w);
  const cost = costOf(input, gpu, { ...layout, gpuHours: steps.gpuHours }, w);

  const { shape } = layout;
  const mem = memory;
  const t = steps;
  return {
    version: 1,
    params: size.params,
    tokens: input.tokens,
    gpu: { id: gpu.id, name: gpu.name, peakTflops: gpu.bf16Tflops, memoryBytes: mem.gpuBytes },
    gpus: layout.gpus,
    gpusPerNode: layout.gpusPerNode,
    nodes: layout.nodes,
    activeParams: size.activeParams,
    architecture: shape ? { ...shape, label: layout.archLabel as string } : null,
    parallelism: {
      tp: layout.tp,
      pp: layout.pp,
      dp: layout.dp,
      ep: layout.ep,
      zero: layout.zero,
      recompute: layout.recompute,
      sequenceParallel: layout.sequenceParallel,
      attention: layout.attention,
      dropout: input.dropout ?? 0,
      microBatch: batch.microBatch,
      globalBatch: batch.globalBatch,
      microBatchesPerPipeline: batch.m,
      seq: layout.seq,
      steps: batch.stepsCount,
    },
    flops: { total: flops.flopsTotal, model: flops.modelFlops, method: flops.method },
    throughput: { flopsPerGpu: t.flopsPerGpu, mfu: t.achievedMfu, computeEfficiency: time.efficiency, from: time.from },
    time: {
      computeSeconds: time.computeSeconds,
      commSeconds: t.commSeconds,
      wallSeconds: t.wallSeconds,
      days: t.days,
      gpuHours: t.gpuHours,
      perStep: {
        computeSeconds: t.computePerStep,
        bubbleSeconds: t.bubbleSeconds,
        dpSeconds: t.dpSeconds,
        dpExposedSeconds: t.dpExposed,
        tpSeconds: t.tpSeconds,
        ppSeconds: t.ppSeconds,
        epSeconds: t.epSeconds,
        commSeconds: t.commPerStep,
        stepSeconds: t.stepSeconds,
      },
      bubbleFraction: t.bubble,
      bound: t.networkDominates ? "network" : "compute",
      networkDominates: t.networkDominates,
    },
    memory: {
      perGpuBytes: { ...mem.states, zeroBuffer: mem.zeroBuffer, activations: mem.activations, total: mem.memTotal },
      activationsHeld: mem.held,
      logitsBytes: mem.logitsBytes,
      gpuBytes: mem.gpuBytes,
      fits: mem.fits,
      headroomBytes: mem.gpuBytes - mem.memTotal,
    },
    network: {
      interconnect: network.net.id,
      name: network.net.name,
      nodeBytesPerSecond: network.nodeNet,
      scaleUpBusBytesPerSecond: network.intraBus,
    },
    cost,
    steps: w.steps,
    assumptions: w.assumptions,
    citations: [...w.used],
    warnings: w.warnings,
  };
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
