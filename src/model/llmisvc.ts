/**
 * What KServe's LLMInferenceService controller does with a service's parallelism block, as data the
 * rules and the serving estimate share. Source: kserve/kserve@aaac4e29 (v0.20.0-rc0+104, read
 * 2026-12-04): the well-known presets config/llmisvcconfig/config-llm-template.yaml (single node:
 * `vllm serve … --tensor-parallel-size <tensor>` when tensor is set) and
 * config-llm-worker-data-parallel.yaml (leader and workers: `--tensor-parallel-size <tensor>`,
 * `--data-parallel-size <data or 1>`, `--data-parallel-size-local <dataLocal or 1>`), chosen by
 * pkg/controller/v1alpha2/llmisvc/config_merge.go (combineBaseRefsConfig); group sizes from
 * pkg/apis/serving/v1alpha2/llm_inference_service_types_func.go (ParallelismSpec.GetSize).
 */
import type { Path } from "./path.js";
import { asArray, asObject, asString, getIn, type Resource } from "./resource.js";
import type { PodGroup } from "./workload.js";

export const LLM_SERVICE_KINDS: ReadonlySet<string> = new Set(["LLMInferenceService", "LLMInferenceServiceConfig"]);

export function isLlmService(r: Resource): boolean {
  return r.group === "serving.kserve.io" && LLM_SERVICE_KINDS.has(r.kind);
}

export interface LlmParallelism {
  tensor: number | undefined;
  pipeline: number | undefined;
  data: number | undefined;
  dataLocal: number | undefined;
  expert: boolean;
  /** Path of the parallelism block, relative to the resource. */
  path: Path;
}

/** The workload block (`spec` or `spec.prefill`) a model-server pod group of an LLMInferenceService belongs to. */
export function llmBlockPath(g: PodGroup): Path | undefined {
  if (g.role === "template" || g.role === "worker") return ["spec"];
  if (g.role === "prefill-template" || g.role === "prefill-worker") return ["spec", "prefill"];
  return undefined; // scheduler, tokenizer: no model server
}

const num = (v: unknown) => (typeof v === "number" && Number.isInteger(v) && v > 0 ? v : undefined);

/** The parallelism of a model-server group's block; undefined for the scheduler and tokenizer. */
export function llmParallelism(r: Resource, g: PodGroup): LlmParallelism | undefined {
  const block = llmBlockPath(g);
  if (!block) return undefined;
  const path = [...block, "parallelism"];
  const p = asObject(getIn(r.value, path)) ?? {};
  return {
    tensor: num(p.tensor),
    pipeline: num(p.pipeline),
    data: num(p.data),
    dataLocal: num(p.dataLocal),
    expert: p.expert === true,
    path,
  };
}

/** Whether the block runs as a LeaderWorkerSet (its `worker` is set). */
export function llmMultiNode(r: Resource, g: PodGroup): boolean {
  const block = llmBlockPath(g);
  return block !== undefined && asObject(getIn(r.value, [...block, "worker"])) !== undefined;
}

/**
 * GPUs each model-server pod of the group drives when the preset's vLLM command runs: tensor ×
 * dataLocal on a data-parallel LeaderWorkerSet, tensor otherwise (vLLM's default is 1). The preset
 * appends `${VLLM_ADDITIONAL_ARGS}` and the container's args after its own flags, so a
 * `--tensor-parallel-size`, `--pipeline-parallel-size` or `--data-parallel-size-local` written
 * there wins (argparse keeps the last). Undefined when the user's own command replaces the
 * preset's, a size there cannot be read, or the group is not a model server.
 */
export function llmGpusPerPod(r: Resource, g: PodGroup): { n: number; formula: string; path: Path } | undefined {
  const p = llmParallelism(r, g);
  if (!p) return undefined;
  const main = g.containers.find((c) => c.role === "container" && c.name === "main");
  if (main?.value.command !== undefined) return undefined;
  const dataParallel = llmMultiNode(r, g) && (p.data !== undefined || p.dataLocal !== undefined);
  let tp: { n: number; label: string; path: Path } = {
    n: p.tensor ?? 1,
    label: `parallelism.tensor ${p.tensor ?? "unset (1)"}`,
    path: p.tensor !== undefined ? [...p.path, "tensor"] : p.path,
  };
  type Part = { n: number; label: string; path: Path };
  let local: Part | undefined = dataParallel
    ? {
        n: p.dataLocal ?? 1,
        label: `parallelism.dataLocal ${p.dataLocal ?? "unset (1)"}`,
        path: [...p.path, "dataLocal"],
      }
    : undefined;
  let pp: { n: number; label: string; path: Path } | undefined;
  if (main) {
    const texts: { text: string; path: Path }[] = [];
    asArray(main.value.env).forEach((e, i) => {
      const o = asObject(e);
      const v = asString(o?.value);
      if (o?.name === "VLLM_ADDITIONAL_ARGS" && v)
        texts.push({ text: v, path: [...main.path, "env", i, "value"] as Path });
    });
    asArray(main.value.args).forEach((a, i) => {
      const v = asString(a);
      if (v) texts.push({ text: v, path: [...main.path, "args", i] as Path });
    });
    for (const { text, path } of texts) {
      for (const m of text.matchAll(/--(tensor|pipeline|data)[-_]parallel[-_]size([-_]local)?(?:=|\s+)(\S+)/g)) {
        const n = Number(m[3]);
        if (!Number.isInteger(n) || n < 1) return undefined;
        const label = `${m[0].split(/[=\s]/)[0]} ${n}`;
        if (m[1] === "tensor" && !m[2]) tp = { n, label, path };
        else if (m[1] === "pipeline" && !m[2]) pp = { n, label, path };
        else if (m[1] === "data" && m[2] && local) local = { n, label, path };
      }
    }
  }
  const parts = [tp, ...(pp ? [pp] : []), ...(local ? [local] : [])];
  return {
    n: parts.reduce((x, q) => x * q.n, 1),
    formula: parts.map((q) => q.label).join(" × "),
    path: parts.find((q) => q.path !== p.path)?.path ?? p.path,
  };
}
