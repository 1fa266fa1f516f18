/**
 * The serving configuration of the LLM servers a workload runs: model, parallel sizes, dtype and
 * quantization, KV-cache dtype, context length, batch limits, memory fraction, GPU product and
 * count. Read from
 * - vLLM, SGLang and TGI command lines (`launchersOf`: list items, `--flag=value`, shell scripts),
 *   and TGI's environment variables (its launcher reads each option from one);
 * - a KServe InferenceService whose predictor uses the Hugging Face runtime (`modelFormat: huggingface`),
 *   which passes its `args` to vLLM;
 * - a RayService running Ray Serve LLM (`serveConfigV2` → `llm_configs[].engine_kwargs`);
 * - a KServe LLMInferenceService (llm-d: vLLM started by the controller's preset), once the
 *   workload model gives it pod groups: `spec.model.uri`, `spec.parallelism`, and the vLLM flags of
 *   the `main` container's `VLLM_ADDITIONAL_ARGS` and `args`.
 * Which flag means what is data (src/catalog/serving.ts SERVER_FLAGS). Pure: never throws.
 */
import { gpuFromProductLabel } from "../catalog/gpus.js";
import { type LlmServerId, MODEL_SERVERS, SERVER_FLAGS, type ServingSetting } from "../catalog/serving.js";
import { appContainers, containerGpuCount, envValue, podGpuCount } from "./gpu.js";
import { type GpuProduct, gpuProductOf } from "./gpu-product.js";
import {
  type LauncherInvocation,
  launchersOf,
  optionOf,
  parseArguments,
  shellSplit,
  stringList,
  type Token,
} from "./launcher.js";
import type { Path } from "./path.js";
import { rayServeConfig } from "./ray-serve.js";
import { asArray, asObject, asString, getIn, isObject } from "./resource.js";
import { perObject } from "./set-index.js";
import type { ContainerView, PodGroup, Workload } from "./workload.js";

/** One setting's value and where it is written. */
export interface ServingValue {
  /** The value, with a `$VAR` reference resolved through the container's env. */
  text: string;
  /** Path of the YAML string that holds it (a list element, an env value, or a whole script). */
  path: Path;
  /** How it was given, for messages: `--max-model-len`, `env MAX_TOTAL_TOKENS`, `engine_kwargs.max_model_len`. */
  via: string;
}

export type ServingSource = "command" | "tgi-env" | "kserve-huggingface" | "ray-serve-llm" | "llm-inference-service";

export interface ServingConfig {
  server: LlmServerId;
  /** How the server is started, for messages. */
  label: string;
  source: ServingSource;
  /** Where it starts: the launcher word, the image, the predictor, or serveConfigV2. */
  path: Path;
  group: PodGroup;
  container: ContainerView | undefined;
  settings: Partial<Record<ServingSetting, ServingValue>>;
  /** The container lets the context exceed the model's (VLLM_ALLOW_LONG_MAX_MODEL_LEN, SGLANG_ALLOW_OVERWRITE_LONGER_CONTEXT_LEN). */
  allowLongContext: boolean;
  /** The GPU product the pods select (or Ray's accelerator_type), path relative to the resource. */
  gpuProduct: GpuProduct | undefined;
  /** GPUs one server instance can use: the container's, or a LeaderWorkerSet group's; undefined under Ray's placement. */
  gpus: number | undefined;
}

const LONG_CONTEXT_ENV = ["VLLM_ALLOW_LONG_MAX_MODEL_LEN", "SGLANG_ALLOW_OVERWRITE_LONGER_CONTEXT_LEN"];
const REF = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|\(([A-Za-z_][A-Za-z0-9_]*)\)|([A-Za-z_][A-Za-z0-9_]*))$/;

function resolveRef(text: string, env: (name: string) => string | undefined): string | undefined {
  const m = REF.exec(text.trim());
  if (!m) return text.includes("$") ? undefined : text;
  return env((m[1] ?? m[2] ?? m[3]) as string);
}

/** Numbers as the servers parse them: `0.9`, `8192`, `"4"`; undefined for anything else. */
export function servingNumber(v: ServingValue | undefined): number | undefined {
  if (!v) return undefined;
  const t = v.text.trim();
  if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)(e[+-]?[0-9]+)?$/i.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

function envLookup(c: ContainerView): (name: string) => string | undefined {
  return (name) => envValue(c.value, name)?.value;
}

function envIndexPath(c: ContainerView, name: string): Path | undefined {
  const e = envValue(c.value, name);
  return e ? [...c.path, "env", e.index, "value"] : undefined;
}

/** Settings from an invocation's options (and TGI's env vars), per SERVER_FLAGS. */
function settingsOf(
  server: LlmServerId,
  inv: Pick<LauncherInvocation, "options" | "positionals"> | undefined,
  c: ContainerView,
): Partial<Record<ServingSetting, ServingValue>> {
  const flags = SERVER_FLAGS[server];
  const env = envLookup(c);
  const out: Partial<Record<ServingSetting, ServingValue>> = {};
  for (const [setting, names] of Object.entries(flags.options) as [ServingSetting, readonly string[]][]) {
    const o = inv ? optionOf(inv, ...names) : undefined;
    if (o) {
      const text = o.value === undefined ? "" : resolveRef(o.value, env);
      if (text !== undefined) out[setting] = { text, path: o.path, via: o.raw };
      continue;
    }
    const name = flags.env[setting];
    const path = name ? envIndexPath(c, name) : undefined;
    const value = name ? env(name) : undefined;
    if (name && path && value !== undefined) out[setting] = { text: value, path, via: `env ${name}` };
  }
  // `vllm serve MODEL`: the model is the first word that is not an option.
  const first = inv?.positionals[0];
  if (!out.model && server === "vllm" && first) {
    const text = resolveRef(first.text, env);
    if (text !== undefined) out.model = { text, path: first.path, via: "the model argument" };
  }
  return out;
}

function allowsLong(c: ContainerView): boolean {
  return LONG_CONTEXT_ENV.some((n) => {
    const v = envValue(c.value, n)?.value.toLowerCase();
    return v === "1" || v === "true";
  });
}

function productOf(_w: Workload, g: PodGroup): GpuProduct | undefined {
  const p = gpuProductOf(g.podSpec);
  return p && g.podSpecPath ? { ...p, path: [...g.podSpecPath, ...p.path] } : undefined;
}

/** GPUs a server started in container `c` of group `g` can use (a LeaderWorkerSet leader spans its group). */
function gpusOf(w: Workload, g: PodGroup, c: ContainerView): number {
  const own = containerGpuCount(c);
  const r = w.resource;
  if (r.group === "leaderworkerset.x-k8s.io" && g.role === "leader") {
    const size = Number(getIn(r.value, ["spec", "leaderWorkerTemplate", "size"]) ?? 1);
    const worker = w.podGroups.find((p) => p.role === "worker");
    if (Number.isInteger(size) && size > 1 && worker) return own + podGpuCount(worker) * (size - 1);
  }
  return own;
}

const TGI_IMAGES = MODEL_SERVERS.find((s) => s.id === "tgi")?.entrypointImages ?? [];

function fromContainers(w: Workload): ServingConfig[] {
  const out: ServingConfig[] = [];
  for (const g of w.podGroups) {
    // A LeaderWorkerSet's workers join the leader's server; a KServe worker spec joins the predictor's.
    if (g.role === "worker" && w.resource.group === "leaderworkerset.x-k8s.io") continue;
    for (const c of appContainers(g)) {
      const base = {
        group: g,
        container: c,
        allowLongContext: allowsLong(c),
        gpuProduct: productOf(w, g),
        gpus: gpusOf(w, g, c),
      };
      let found = false;
      for (const inv of launchersOf(c)) {
        if (inv.kind !== "vllm" && inv.kind !== "sglang" && inv.kind !== "tgi") continue;
        found = true;
        out.push({
          ...base,
          server: inv.kind,
          label: inv.label,
          source: "command",
          path: inv.path,
          settings: settingsOf(inv.kind, inv, c),
        });
      }
      if (found) continue;
      if (c.role === "model") {
        const kserve = kserveHuggingFace(c);
        if (kserve) out.push({ ...base, ...kserve });
        continue;
      }
      // TGI's image configured by env vars alone (MODEL_ID, NUM_SHARD …).
      const image = asString(c.value.image) ?? "";
      const noCommand = c.value.command === undefined && (asArray(c.value.args).length === 0 || !c.value.args);
      if (noCommand && TGI_IMAGES.some((p) => p.test(image)) && envValue(c.value, "MODEL_ID")) {
        out.push({
          ...base,
          server: "tgi",
          label: "text-generation-launcher (the image's entrypoint)",
          source: "tgi-env",
          path: [...c.path, "image"],
          settings: settingsOf("tgi", undefined, c),
        });
      }
    }
  }
  return out;
}

/**
 * KServe's Hugging Face serving runtime (kserve/huggingfaceserver): `--model_id` or an `hf://`
 * storageUri names the model, and every vLLM engine argument in `args` is passed to vLLM, its
 * default backend on GPUs (`--backend huggingface` switches to Transformers, which is not sized here).
 * https://kserve.github.io/website/docs/model-serving/generative-inference/overview
 */
function kserveHuggingFace(
  c: ContainerView,
): Pick<ServingConfig, "server" | "label" | "source" | "path" | "settings"> | undefined {
  const format = asString(getIn(c.value, ["modelFormat", "name"]))?.toLowerCase();
  const isHf = format === "huggingface" || c.path.at(-1) === "huggingface";
  if (!isHf) return undefined;
  const args = stringList(c.value.args, c.path, "args") ?? [];
  const parsed = parseArguments("vllm", args);
  const backend = optionOf(parsed, "backend")?.value?.toLowerCase();
  if (backend && backend !== "vllm" && backend !== "auto") return undefined;
  const settings = settingsOf("vllm", parsed, c);
  const id = optionOf(parsed, "model-id");
  if (id?.value) settings.model = { text: id.value, path: id.path, via: id.raw };
  else {
    const uri = asString(c.value.storageUri);
    if (uri?.startsWith("hf://"))
      settings.model = { text: uri.slice("hf://".length), path: [...c.path, "storageUri"], via: "storageUri" };
    else delete settings.model;
  }
  return {
    server: "vllm",
    label: "the KServe Hugging Face runtime (vLLM)",
    source: "kserve-huggingface",
    path: c.path,
    settings,
  };
}

/** Ray Serve LLM's engine_kwargs, named as vLLM's Python arguments. */
const RAY_KWARGS: Readonly<Partial<Record<ServingSetting, string>>> = {
  tp: "tensor_parallel_size",
  pp: "pipeline_parallel_size",
  dtype: "dtype",
  quantization: "quantization",
  kvCacheDtype: "kv_cache_dtype",
  maxModelLen: "max_model_len",
  maxNumSeqs: "max_num_seqs",
  maxNumBatchedTokens: "max_num_batched_tokens",
  memoryUtilization: "gpu_memory_utilization",
  ropeOverride: "rope_scaling",
};

/**
 * A RayService's Ray Serve LLM applications (`import_path: ray.serve.llm:build_openai_app`): each
 * `llm_configs` entry runs vLLM with its `engine_kwargs`, on GPUs of `accelerator_type`.
 * https://docs.ray.io/en/latest/serve/llm/index.html
 */
function fromRayServeLlm(w: Workload): ServingConfig[] {
  const r = w.resource;
  if (r.group !== "ray.io" || r.kind !== "RayService") return [];
  if (!asString(getIn(r.value, ["spec", "serveConfigV2"]))?.includes("llm_configs")) return [];
  const doc = rayServeConfig(r);
  const path: Path = ["spec", "serveConfigV2"];
  const group = w.podGroups.find((g) => podGpuCount(g) > 0) ?? w.podGroups[0];
  if (!group) return [];
  const out: ServingConfig[] = [];
  for (const app of asArray(asObject(doc)?.applications)) {
    for (const [i, cfg] of asArray(getIn(asObject(app) ?? {}, ["args", "llm_configs"])).entries()) {
      const llm = asObject(cfg);
      if (!llm) continue;
      const settings: Partial<Record<ServingSetting, ServingValue>> = {};
      const loading = asObject(llm.model_loading_config) ?? {};
      const model = asString(loading.model_source) ?? asString(loading.model_id);
      if (model) settings.model = { text: model, path, via: `llm_configs[${i}].model_loading_config` };
      const kwargs = asObject(llm.engine_kwargs) ?? {};
      for (const [setting, key] of Object.entries(RAY_KWARGS) as [ServingSetting, string][]) {
        const v = kwargs[key];
        if (v === undefined || v === null || isObject(v)) {
          if (isObject(v)) settings[setting] = { text: "set", path, via: `engine_kwargs.${key}` };
          continue;
        }
        settings[setting] = { text: String(v), path, via: `engine_kwargs.${key}` };
      }
      const accelerator = asString(llm.accelerator_type);
      const gpu = accelerator ? gpuFromProductLabel(accelerator) : undefined;
      const env = asObject(getIn(llm, ["runtime_env", "env_vars"])) ?? {};
      out.push({
        server: "vllm",
        label: "Ray Serve LLM (vLLM)",
        source: "ray-serve-llm",
        path,
        group,
        container: undefined,
        settings,
        allowLongContext: LONG_CONTEXT_ENV.some((n) => ["1", "true"].includes(String(env[n]).toLowerCase())),
        gpuProduct: gpu
          ? { gpu, evidence: `accelerator_type: ${accelerator}`, path }
          : w.podGroups.map((g) => productOf(w, g)).find((p) => p !== undefined),
        gpus: undefined,
      });
    }
  }
  return out;
}

/**
 * A KServe LLMInferenceService (serving.kserve.io, llm-d): the controller starts vLLM in the
 * `main` container from its LLMInferenceServiceConfig preset (`vllm serve /mnt/models …`), with
 * `spec.parallelism.tensor`/`pipeline` as --tensor-parallel-size/--pipeline-parallel-size and the
 * words of the container's `VLLM_ADDITIONAL_ARGS` environment variable (and its `args`) appended.
 * The model is `spec.model.uri` (`hf://org/name`). Data- and expert-parallel deployments
 * (`parallelism.data`, `expert`) shard experts across pods, which the serving arithmetic does not
 * size: they are not read. Flags: kserve/kserve config/llmisvc presets (read 2026-12-04).
 */
function fromLlmInferenceService(w: Workload): ServingConfig[] {
  const r = w.resource;
  if (r.group !== "serving.kserve.io" || r.kind !== "LLMInferenceService") return [];
  const spec = asObject(r.value.spec) ?? {};
  const parallelism = asObject(spec.parallelism) ?? {};
  if (parallelism.data !== undefined || parallelism.dataLocal !== undefined || parallelism.expert === true) return [];
  const out: ServingConfig[] = [];
  for (const [block, blockPath] of [
    [spec, ["spec"]],
    [asObject(spec.prefill), ["spec", "prefill"]],
  ] as const) {
    if (!block) continue;
    const templatePath: Path = [...blockPath, "template"];
    const group = w.podGroups.find((g) => JSON.stringify(g.podSpecPath) === JSON.stringify(templatePath));
    if (!group) continue;
    // A container that starts a server itself (`vllm serve …` as its command) is read as written.
    const explicit = fromContainers({ ...w, podGroups: [group] });
    if (explicit.length > 0) {
      out.push(...explicit);
      continue;
    }
    const c = group.containers.find((x) => x.name === "main") ?? appContainers(group)[0];
    if (!c) continue;
    const words: Token[] = [];
    const extra = envValue(c.value, "VLLM_ADDITIONAL_ARGS");
    if (extra)
      for (const cmd of shellSplit(extra.value))
        for (const text of cmd) words.push({ text, path: [...c.path, "env", extra.index, "value"] });
    words.push(...(stringList(c.value.args, c.path, "args") ?? []));
    const settings = settingsOf("vllm", parseArguments("vllm", words), c);
    // The preset's positional is /mnt/models, where the storage initializer puts spec.model.uri.
    delete settings.model;
    const uri = asString(getIn(r.value, ["spec", "model", "uri"]));
    if (uri?.startsWith("hf://"))
      settings.model = { text: uri.slice("hf://".length), path: ["spec", "model", "uri"], via: "spec.model.uri" };
    for (const [setting, key] of [
      ["tp", "tensor"],
      ["pp", "pipeline"],
    ] as const) {
      const v = parallelism[key];
      if (typeof v === "number" || typeof v === "string")
        settings[setting] = { text: String(v), path: ["spec", "parallelism", key], via: `spec.parallelism.${key}` };
    }
    const own = containerGpuCount(c);
    const worker = w.podGroups.find((g) => JSON.stringify(g.podSpecPath) === JSON.stringify([...blockPath, "worker"]));
    const pp = servingNumber(settings.pp) ?? 1;
    out.push({
      server: "vllm",
      label: "the LLMInferenceService's vLLM",
      source: "llm-inference-service",
      path: templatePath,
      group,
      container: c,
      settings,
      allowLongContext: allowsLong(c),
      gpuProduct: productOf(w, group),
      // Multi-node (a LeaderWorkerSet of `parallelism.pipeline` pods): the leader's GPUs and its workers'.
      gpus: worker && pp > 1 ? own + podGpuCount(worker) * (pp - 1) : own,
    });
  }
  return out;
}

/** Every LLM server a workload runs, with its settings; memoised per workload. */
export const servingConfigs = perObject((w: Workload): ServingConfig[] => [
  ...(w.resource.kind === "LLMInferenceService" ? [] : fromContainers(w)),
  ...fromRayServeLlm(w),
  ...fromLlmInferenceService(w),
]);
