// What the serving-memory rules share (not a rule: the leading underscore keeps it out of the registry):
// each LLM server of a workload with its model, GPU and, when both are known, its memory fit.
import { GPUS, type GpuId, type GpuSpec, gpuFromProductLabel } from "../../catalog/gpus.js";
import { findModel, type ModelMatch } from "../../catalog/models.js";
import { SERVER_FLAGS } from "../../catalog/serving.js";
import type { ClusterInventory } from "../../cluster/types.js";
import { type ServingFit, servingFit } from "../../estimate/serving.js";
import type { Path } from "../../model/path.js";
import { type ServingConfig, type ServingValue, servingConfigs, servingNumber } from "../../model/serving.js";
import type { Workload } from "../../model/workload.js";
import type { RuleContext } from "../types.js";

export interface ServingAnalysis {
  cfg: ServingConfig;
  /** The model as written, when the server names one. */
  modelRef: string | undefined;
  match: ModelMatch | undefined;
  gpu: { spec: GpuSpec; evidence: string } | undefined;
  /** Tensor- and pipeline-parallel sizes; undefined when written in a way that cannot be read (`$(…)`). */
  tp: number | undefined;
  pp: number | undefined;
  /** The fit, when the model, the GPU and every number are known. */
  fit: ServingFit | undefined;
}

/** The server's flag for a setting, for messages (`--max-model-len`, `env MAX_TOTAL_TOKENS`). */
export function via(a: ServingAnalysis, setting: keyof ServingConfig["settings"], fallback: string): string {
  return a.cfg.settings[setting]?.via ?? fallback;
}

/** Where a finding about a setting goes: the value, else the model, else where the server starts. */
export function at(a: ServingAnalysis, ...settings: (keyof ServingConfig["settings"])[]): Path {
  for (const s of settings) {
    const v = a.cfg.settings[s];
    if (v) return v.path;
  }
  return a.cfg.settings.model?.path ?? a.cfg.path;
}

/** The one GPU product every GPU node of the inventory has, if they agree. */
function inventoryProduct(cluster: ClusterInventory | undefined): { id: GpuId; evidence: string } | undefined {
  if (!cluster) return undefined;
  const ids = new Set<GpuId>();
  for (const n of cluster.nodes) {
    if (!((n.allocatable["nvidia.com/gpu"] ?? 0) > 0 || (n.allocatable["amd.com/gpu"] ?? 0) > 0)) continue;
    const label = n.labels["nvidia.com/gpu.product"] ?? n.labels["cloud.google.com/gke-accelerator"];
    const id = label ? gpuFromProductLabel(label) : undefined;
    if (!id) return undefined;
    ids.add(id);
  }
  const [only] = ids;
  return ids.size === 1 && only ? { id: only, evidence: `every GPU node in ${cluster.source}` } : undefined;
}

function whole(v: ServingValue | undefined, fallback: number | undefined): number | undefined {
  if (!v) return fallback;
  const n = servingNumber(v);
  return n !== undefined && Number.isInteger(n) && n > 0 ? n : undefined;
}

function analyse(cfg: ServingConfig, ctx: RuleContext): ServingAnalysis {
  const s = cfg.settings;
  const modelRef = s.model?.text || undefined;
  const match = modelRef ? findModel(modelRef, ctx.options.models ?? []) : undefined;
  let gpu: ServingAnalysis["gpu"];
  if (cfg.gpuProduct) gpu = { spec: GPUS[cfg.gpuProduct.gpu], evidence: cfg.gpuProduct.evidence };
  else {
    const inv = inventoryProduct(ctx.options.cluster);
    if (inv) gpu = { spec: GPUS[inv.id], evidence: inv.evidence };
  }
  // TPUs and Neuron chips: their serving stacks account memory in a way this arithmetic does not describe.
  if (gpu?.spec.servingNotSized) gpu = undefined;
  // TGI shards over every GPU it sees unless --num-shard says otherwise.
  const tp = whole(s.tp, cfg.server === "tgi" ? Math.max(1, cfg.gpus ?? 1) : 1);
  const pp = whole(s.pp, 1);
  let fit: ServingFit | undefined;
  const num = (v: ServingValue | undefined) => (v ? servingNumber(v) : undefined);
  const util = num(s.memoryUtilization);
  const maxLen = s.maxModelLen ? whole(s.maxModelLen, undefined) : undefined;
  const numbersKnown =
    (!s.memoryUtilization || (util !== undefined && util > 0 && util <= 1)) &&
    (!s.maxModelLen || maxLen !== undefined) &&
    (!s.maxNumSeqs || whole(s.maxNumSeqs, undefined) !== undefined) &&
    (!s.maxNumBatchedTokens || whole(s.maxNumBatchedTokens, undefined) !== undefined);
  if (match && gpu && tp !== undefined && pp !== undefined && numbersKnown) {
    fit = servingFit({
      server: cfg.server,
      model: match.model,
      modelRef: modelRef as string,
      ...(match.quantization ? { idQuantization: match.quantization } : {}),
      gpu: gpu.spec,
      tp,
      pp,
      ...(s.dtype ? { dtype: s.dtype.text } : {}),
      ...(s.quantization ? { quantization: s.quantization.text } : {}),
      ...(s.kvCacheDtype ? { kvCacheDtype: s.kvCacheDtype.text } : {}),
      ...(maxLen !== undefined ? { maxModelLen: maxLen } : {}),
      ...(s.maxNumSeqs ? { maxNumSeqs: whole(s.maxNumSeqs, undefined) as number } : {}),
      ...(s.maxNumBatchedTokens ? { maxNumBatchedTokens: whole(s.maxNumBatchedTokens, undefined) as number } : {}),
      ...(util !== undefined ? { memoryUtilization: util } : {}),
    });
  }
  return { cfg, modelRef, match, gpu, tp, pp, fit };
}

const CACHE = new WeakMap<ServingConfig, { models: unknown; cluster: unknown; a: ServingAnalysis }>();

/** Every LLM server of a workload, analysed once per run (the cache is keyed on the model's objects). */
export function servingAnalyses(w: Workload, ctx: RuleContext): ServingAnalysis[] {
  return servingConfigs(w).map((cfg) => {
    const hit = CACHE.get(cfg);
    if (hit && hit.models === ctx.options.models && hit.cluster === ctx.options.cluster) return hit.a;
    const a = analyse(cfg, ctx);
    CACHE.set(cfg, { models: ctx.options.models, cluster: ctx.options.cluster, a });
    return a;
  });
}

/** `vLLM`, `SGLang`, `TGI`: the server's name in messages. */
export function serverName(a: ServingAnalysis): string {
  return a.cfg.server === "vllm" ? "vLLM" : a.cfg.server === "sglang" ? "SGLang" : "TGI";
}

/** `--gpu-memory-utilization`, `--max-model-len` … in the server's own words. */
export function flagName(a: ServingAnalysis, which: "memory" | "length"): string {
  const f = SERVER_FLAGS[a.cfg.server];
  return which === "memory" ? f.memoryFlag : f.lengthFlag;
}

/** `meta-llama/Llama-3.1-70B-Instruct (Llama 3.1 / 3.3 70B)` for messages. */
export function modelLabel(a: ServingAnalysis): string {
  return a.modelRef ?? "the model";
}
