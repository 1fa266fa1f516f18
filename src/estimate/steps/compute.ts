// Steps 5-6 of the estimate: the training FLOPs (executed, and the model FLOPs MFU counts), then
// the compute time at the rate given or the GPU's measured efficiency.
import type { GpuSpec } from "../../catalog/gpus.js";
import { CITATIONS, type Citation } from "../citations.js";
import { trainingFlops } from "../formulas.js";
import { formatSize } from "../size.js";
import { hardwareFlopsPerToken, modelFlopsPerToken } from "../transformer.js";
import type { Estimate, EstimateInput } from "../types.js";
import { fmt, type Working } from "../working.js";
import type { Batch, Layout } from "./layout.js";
import type { ModelSize } from "./parameters.js";
import { flopsMatmul, isGptShape } from "./shape.js";

const DEFAULT_MFU = 0.4;

export interface Flops {
  flopsTotal: number;
  modelFlops: number;
  method: string;
}

export function flopsOf(input: EstimateInput, j: Layout & Batch & ModelSize, w: Working): Flops {
  const { shape, seq, recompute, attention, stepsCount, activeParams, params } = j;
  let flopsTotal: number;
  let modelFlops: number;
  let method: string;
  let modelFormula: string;
  let modelCite: Citation = CITATIONS.modelFlops;
  // The architecture's own FLOP count when the parameters come from it (for the GPT shape this is
  // SC21 Eq. 3 and Korthikanti's model FLOPs term for term); with --params given, 6·P·D / 8·P·D
  // from the active parameters (SC21 Eq. 4's approximation).
  if (shape && input.params === undefined) {
    flopsTotal = hardwareFlopsPerToken(shape, seq, recompute, attention) * input.tokens;
    modelFlops = modelFlopsPerToken(shape, seq) * input.tokens;
    method = recompute === "none" ? "model-flops" : `model-flops+recompute-${recompute}`;
    const gpt = isGptShape(shape);
    const extra =
      recompute === "full"
        ? " + one more forward of every layer (full recomputation)"
        : recompute === "selective" && attention === "eager"
          ? " + the attention core's forward again (selective recomputation)"
          : "";
    w.step(
      {
        section: "compute",
        label: recompute === "none" ? "training FLOPs" : "training FLOPs (hardware, incl. recomputation)",
        value: flopsTotal,
        unit: "FLOP",
        formula: gpt
          ? recompute === "full"
            ? `96·B·s·l·h²·(1 + s/(6h) + V/(16·l·h)) per iteration × ${fmt(stepsCount)} iterations`
            : `72·B·s·l·h²·(1 + s/(6h) + V/(12·h·l))${extra} per iteration × iterations`
          : `(6 × ${formatSize(flopsMatmul(shape))} weights a token multiplies through + ${shape.mla ? "6·l·s·a·(d_qk + d_v) latent" : "12·l·s·a·d"} attention) per token${extra} × ${formatSize(input.tokens)} tokens`,
      },
      recompute === "full" && gpt ? CITATIONS.sc21Flops : CITATIONS.modelFlops,
    );
    modelFormula = gpt
      ? "72·B·s·l·h²·(1 + s/(6h) + V/(12·h·l)) per iteration × iterations"
      : "the same without recomputation";
  } else {
    modelFlops = trainingFlops(activeParams, input.tokens, "none");
    const k = recompute === "full" ? 8 : 6;
    const selective = recompute === "selective" && attention === "eager" && shape ? 1 + seq / (6 * shape.hidden) : 1;
    flopsTotal = trainingFlops(activeParams, input.tokens, recompute) * selective;
    method = recompute === "full" ? "8PD" : selective > 1 ? "6PD×(1+s/6h)" : "6PD";
    if (recompute === "selective" && attention === "eager" && !shape)
      w.warn("selective recomputation counted as 6·P·D: its extra FLOPs need --hidden");
    w.step(
      {
        section: "compute",
        label: recompute === "none" ? "training FLOPs" : "training FLOPs (hardware, incl. recomputation)",
        value: flopsTotal,
        unit: "FLOP",
        formula: `${k}·P·D${selective > 1 ? "·(1 + s/(6h))" : ""} = ${k} × ${formatSize(activeParams)}${activeParams !== params ? " active" : ""} × ${formatSize(input.tokens)}${selective > 1 ? ` × ${fmt(selective)}` : ""}`,
      },
      recompute === "full" ? CITATIONS.sc21Time : selective > 1 ? CITATIONS.modelFlops : CITATIONS.compute6PD,
    );
    modelFormula = `6·P·D = 6 × ${formatSize(activeParams)} × ${formatSize(input.tokens)}`;
    modelCite = CITATIONS.compute6PD;
  }
  if (recompute !== "none")
    w.step(
      {
        section: "compute",
        label: "model FLOPs (what MFU counts)",
        value: modelFlops,
        unit: "FLOP",
        formula: modelFormula,
      },
      modelCite,
    );
  return { flopsTotal, modelFlops, method };
}

export interface ComputeTime {
  /** The GPU's dense BF16 peak, FLOP/s. */
  peak: number;
  computeSeconds: number;
  from: Estimate["throughput"]["from"];
  efficiency: number;
}

export function computeTimeOf(input: EstimateInput, gpu: GpuSpec, j: Layout & Flops, w: Working): ComputeTime {
  const { gpus, flopsTotal, method } = j;
  const peak = gpu.bf16Tflops * 1e12;
  let computeSeconds: number;
  let from: Estimate["throughput"]["from"];
  let efficiency: number;
  if (input.tflops !== undefined) {
    from = "tflops";
    efficiency = (input.tflops * 1e12) / peak;
    computeSeconds = flopsTotal / (gpus * input.tflops * 1e12);
    w.step(
      {
        section: "time",
        label: "compute time",
        value: computeSeconds,
        unit: "s",
        formula: `${method === "8PD" ? "8·T·P" : method === "6PD" ? "6·T·P" : "F"}/(n·X) with n=${gpus}, X=${input.tflops} TFLOP/s achieved end to end`,
      },
      CITATIONS.sc21Time,
    );
  } else {
    const catalog = gpu.computeEfficiency;
    const fallback = catalog
      ? { value: catalog.value, source: catalog.source }
      : { value: DEFAULT_MFU, source: `${CITATIONS.defaultMfu.title}: ${CITATIONS.defaultMfu.where}` };
    efficiency = input.mfu ?? w.assume("mfu", fallback.value, fallback.source);
    if (input.mfu === undefined) w.cite(catalog ? CITATIONS.measuredH200 : CITATIONS.defaultMfu);
    from = input.mfu === undefined ? "default-mfu" : "mfu";
    computeSeconds = flopsTotal / (gpus * efficiency * peak);
    w.step(
      {
        section: "time",
        label: "compute time",
        value: computeSeconds,
        unit: "s",
        formula: `FLOPs executed/(n·e·peak) with n=${gpus}, e=${efficiency} (the GPU's compute efficiency: its MFU with no recomputation and no communication), peak=${gpu.bf16Tflops} TFLOP/s dense BF16`,
      },
      CITATIONS.mfu,
    );
  }
  return { peak, computeSeconds, from, efficiency };
}
