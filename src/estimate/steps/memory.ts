// Step 7 of the estimate: memory per GPU (model states under ZeRO, ZeRO-3's gathered layers,
// activations at the backward peak) against the GPU's.
import type { GpuSpec } from "../../catalog/gpus.js";
import { CITATIONS } from "../citations.js";
import { zeroModelStates } from "../formulas.js";
import { formatSize } from "../size.js";
import { activationMemory } from "../transformer.js";
import type { EstimateInput } from "../types.js";
import { fmt, fmtBytes, type Working } from "../working.js";
import type { Batch, Layout } from "./layout.js";
import type { ModelSize } from "./parameters.js";
import { largestLayerParams } from "./shape.js";

const GiB = 2 ** 30;

export interface Memory {
  /** Parameters per GPU after tensor and pipeline (and expert) parallelism. */
  psi: number;
  states: { params: number; grads: number; optimizer: number; total: number };
  zeroBuffer: number;
  activations: number | null;
  held: number | null;
  logitsBytes: number | null;
  memTotal: number;
  gpuBytes: number;
  fits: boolean;
}

export function memoryOf(input: EstimateInput, gpu: GpuSpec, j: Layout & Batch & ModelSize, w: Working): Memory {
  const {
    params,
    expertParams,
    tp,
    pp,
    ep,
    dp,
    zero,
    shape,
    seq,
    microBatch,
    sequenceParallel,
    recompute,
    attention,
    dropoutOn,
    m,
  } = j;
  const psiDense = (params - expertParams) / (tp * pp);
  const psiExpert = expertParams / (ep * pp);
  const psi = psiDense + psiExpert;
  const denseStates = zeroModelStates(psiDense, dp, zero);
  const expertStates = zeroModelStates(psiExpert, dp / ep, zero);
  const states = {
    params: denseStates.params + expertStates.params,
    grads: denseStates.grads + expertStates.grads,
    optimizer: denseStates.optimizer + expertStates.optimizer,
    total: denseStates.total + expertStates.total,
  };
  const zeroFormula = ["16Ψ", "4Ψ + 12Ψ/N", "2Ψ + 14Ψ/N", "16Ψ/N"][zero] as string;
  w.step(
    {
      section: "memory",
      label: `model states per GPU (ZeRO-${zero})`,
      value: states.total,
      unit: "B",
      formula: `${zeroFormula} with Ψ = P/(tp·pp) = ${formatSize(psi)}${expertParams > 0 ? ` (experts over ep=${ep}: ${formatSize(psiExpert)}, N = dp/ep for them)` : ""}, N = dp = ${dp} (params ${fmtBytes(states.params)}, grads ${fmtBytes(states.grads)}, optimizer ${fmtBytes(states.optimizer)})`,
    },
    CITATIONS.zero,
  );
  let zeroBuffer = 0;
  if (zero === 3 && shape) {
    const largest = largestLayerParams(shape) / tp;
    zeroBuffer = 4 * largest;
    w.step(
      {
        section: "memory",
        label: "ZeRO-3 gathered parameters",
        value: zeroBuffer,
        unit: "B",
        formula: `4 × the largest layer's ${formatSize(largest)} parameters (the layer in use and the one prefetched, bf16)`,
      },
      CITATIONS.deepspeedZero3,
    );
  }
  let activations: number | null = null;
  let held: number | null = null;
  let logitsBytes: number | null = null;
  if (shape && input.heads !== undefined) {
    const act = activationMemory(
      shape,
      { seq, microBatch, tp, sequenceParallel, recompute, attention, dropout: dropoutOn },
      pp,
      m,
    );
    held = act.held;
    activations = act.peak;
    logitsBytes = Math.min(act.peak, (act.peakCause === "logits" ? 3 : 1) * act.output.logits);
    const terms = Object.entries(act.perLayer.terms)
      .filter(([, v]) => v > 0)
      .map(([k, v]) => `${k} ${fmt(v, 3)}`)
      .join(" + ");
    w.step(
      {
        section: "memory",
        label: "activations per layer",
        value: act.perLayer.bytes,
        unit: "B",
        formula: `${fmt(act.perLayer.perSbh, 4)}·s·b·h bytes (${attention} attention, dropout ${dropoutOn ? "on" : "off"}, recompute ${recompute}${tp > 1 ? `, tp=${tp}${sequenceParallel ? " with sequence parallelism" : ""}` : ""}; ${recompute === "full" ? "each layer's input only" : `before the split: ${terms}`}), s=${seq} b=${microBatch} h=${shape.hidden}`,
      },
      attention === "eager" ? CITATIONS.activations : CITATIONS.measuredH200,
    );
    w.step(
      {
        section: "memory",
        label: "activations held after forward",
        value: act.held,
        unit: "B",
        formula: `${pp > 1 ? `the larger of the first stage (min(p,m)=${Math.min(pp, m)} micro-batches × L/p=${shape.layers / pp} layers: ${fmtBytes(act.firstStage)}) and the last (` : ""}L${pp > 1 ? "/p" : ""} layers + the output layer's inputs ${fmtBytes(act.output.norms)} + fp32 logits s·b·V·4${tp > 1 ? "/t" : ""} = ${fmtBytes(act.output.logits)}${pp > 1 ? `: ${fmtBytes(act.lastStage)})` : ""}`,
      },
      CITATIONS.activations,
    );
    w.step(
      {
        section: "memory",
        label: "activations at the backward peak",
        value: act.peak,
        unit: "B",
        formula:
          act.peakCause === "logits"
            ? "held + the gradients of the fp32 log-probabilities and of the logits, 2 × s·b·V·4 (measured on an H200)"
            : "held + one layer rebuilt in full by the recomputation while its gradient is computed",
      },
      CITATIONS.measuredH200,
    );
  } else {
    w.warn("activation memory not computed: give --layers, --hidden and --heads (or --model)");
  }
  const memTotal = states.total + zeroBuffer + (activations ?? 0);
  const gpuBytes = gpu.memoryGiB * GiB;
  const fits = memTotal <= gpuBytes;
  w.step({
    section: "memory",
    label: `total per GPU against ${gpu.memoryGiB} GiB`,
    value: memTotal,
    unit: "B",
    formula: `model states${zeroBuffer ? " + gathered parameters" : ""} + activations at the peak${activations === null ? " (activations unknown)" : ""}: ${fits ? "fits" : "does NOT fit"}`,
  });
  if (!fits) {
    const ideas = [
      zero < 3 && dp > 1 ? `--zero ${zero + 1}` : "",
      "more --tp (inside a node) or --pp",
      activations !== null && recompute !== "full" ? "--recompute full" : "",
      activations !== null && microBatch > 1 ? "a smaller --micro-batch" : "",
    ].filter(Boolean);
    w.warn(`does not fit: ${fmtBytes(memTotal)} per GPU against ${gpu.memoryGiB} GiB; try ${ideas.join(", ")}`);
  }
  return { psi, states, zeroBuffer, activations, held, logitsBytes, memTotal, gpuBytes, fits };
}
