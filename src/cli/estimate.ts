import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { type Command, Option } from "commander";
import { GPU_IDS, type GpuId, isGpuId } from "../catalog/gpus.js";
import { INTERCONNECT_IDS, type InterconnectId } from "../catalog/interconnects.js";
import { findModel, MODELS } from "../catalog/models.js";
import { type InstancePrice, validatePriceRows } from "../catalog/prices.js";
import { buildSet } from "../check.js";
import { estimate, suggestFit } from "../estimate/estimate.js";
import type { Recompute, ZeroStage } from "../estimate/formulas.js";
import { jobsFromWorkloads, type ManifestJob } from "../estimate/manifest.js";
import { modelInput } from "../estimate/model.js";
import { planLayouts } from "../estimate/plan.js";
import { planServing } from "../estimate/serve-plan.js";
import { quantizationFormat } from "../estimate/serving.js";
import { formatSize, parseSize } from "../estimate/size.js";
import type { Attention } from "../estimate/transformer.js";
import type { Estimate, EstimateInput } from "../estimate/types.js";
import { DEFAULT_MAX_FILE_SIZE, readSources } from "../load/sources.js";
import { formatEstimateJson, formatEstimateText, formatPlanText, planJson } from "../report/estimate.js";
import { formatServePlanText, servePlanJson } from "../report/estimate-serve.js";
import { formatEstimateHtml, formatPlanHtml, formatServePlanHtml } from "../report/html-estimate.js";
import { didYouMean } from "../util/suggest.js";
import { type CliIo, EXIT_OK, loadCliConfig, runCommand, UsageError } from "./usage.js";

/** A flag value the user must fix; printed as `mlgate: estimate: …`, exit 2. */

type Flags = Record<string, string | boolean | undefined>;

/** Numeric flags: commander name → EstimateInput field. All accept 7e9, 7B, 1.4T, 8k. */
const NUMERIC: [flag: string, key: keyof EstimateInput, description: string][] = [
  ["params", "params", "parameters (7e9, 7B, 175B, 1.4T); computed from --layers/--hidden when absent"],
  ["tokens", "tokens", "training tokens (300B, 1.4T)"],
  ["gpus", "gpus", "number of GPUs (default: as the manifests request)"],
  ["gpusPerNode", "gpusPerNode", "GPUs per node (default 8)"],
  ["tflops", "tflops", "achieved TFLOP/s per GPU, counted with recomputation as SC21 does"],
  ["layers", "layers", "transformer layers (l)"],
  ["hidden", "hidden", "hidden size (h)"],
  ["heads", "heads", "attention heads (a)"],
  ["kvHeads", "kvHeads", "key/value heads (grouped-query attention; default = heads)"],
  ["headDim", "headDim", "size of one attention head (default hidden/heads)"],
  ["ffnHidden", "ffnHidden", "MLP hidden size f (default 4h; required with --mlp swiglu)"],
  ["experts", "experts", "mixture-of-experts: routed experts per MoE layer"],
  ["expertsPerToken", "expertsPerToken", "mixture-of-experts: experts each token is routed to (top-k)"],
  ["sharedExperts", "sharedExperts", "mixture-of-experts: shared experts every token passes (default 0)"],
  ["expertFfnHidden", "expertFfnHidden", "mixture-of-experts: one expert's MLP hidden size (default --ffn-hidden)"],
  ["denseLayers", "denseLayers", "mixture-of-experts: leading layers with a dense MLP (default 0)"],
  ["ep", "ep", "expert-parallel size, divides dp (default 1)"],
  ["seq", "seq", "sequence length (s, default 2048)"],
  ["vocab", "vocab", "vocabulary size (V, default 51200)"],
  ["globalBatch", "globalBatch", "global batch, in sequences"],
  ["microBatch", "microBatch", "micro-batch per GPU, in sequences (default 1)"],
  ["tp", "tp", "tensor-parallel size (default 1)"],
  ["pp", "pp", "pipeline-parallel size (default 1)"],
  ["dp", "dp", "data-parallel size (default gpus/(tp·pp))"],
  ["nicsPerNode", "nicsPerNode", "network ports per node (default: per interconnect)"],
  ["pricePerGpuHour", "pricePerGpuHour", "cloud price per GPU-hour, USD (overrides --cloud)"],
  ["serverPrice", "serverPrice", "bare metal: purchase price per server, USD"],
  ["amortizeYears", "amortizeYears", "bare metal: amortisation period, years (default 3)"],
  ["serverKw", "serverKw", "bare metal: power per server, kW"],
  ["pue", "pue", "bare metal: power usage effectiveness (default 1.1)"],
  ["kwhPrice", "kwhPrice", "bare metal: electricity, USD per kWh (default 0.10)"],
  ["coloPerMonth", "coloPerMonth", "bare metal: colocation per server per month, USD"],
];

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function num(flag: string, v: string): number {
  const n = parseSize(v);
  if (n === undefined) throw new UsageError(`--${kebab(flag)}: "${v}" is not a number (examples: 7e9, 7B, 1.4T, 0.4)`);
  return n;
}

/** A fraction; "40%" is 0.4. */
function fraction(flag: string, v: string): number {
  const pct = /^\s*([0-9.]+)\s*%\s*$/.exec(v);
  const n = pct ? Number(pct[1]) / 100 : num(flag, v);
  if (!(n > 0 && n <= 1))
    throw new UsageError(`--${kebab(flag)}: "${v}" must be a fraction in (0, 1], e.g. 0.4 or 40%`);
  return n;
}

/** The catalog model `--model` names, as architecture flags; undefined without --model. */
function modelFlags(f: Flags): Partial<EstimateInput> | undefined {
  if (typeof f.model !== "string") return undefined;
  const match = findModel(f.model);
  if (!match) {
    const names = MODELS.flatMap((m) => m.ids);
    const hint = didYouMean(f.model, names);
    throw new UsageError(
      `--model ${f.model}: not in the model catalog${hint ? `; did you mean "${hint}"?` : ""} (give the architecture with --layers --hidden --heads --kv-heads --ffn-hidden --mlp swiglu instead; known: ${MODELS.map((m) => m.ids[0]).join(", ")})`,
    );
  }
  return modelInput(match.model);
}

function inputFromFlags(f: Flags, io: CliIo): Partial<EstimateInput> {
  // Flags given explicitly win over the model's architecture.
  const input: Partial<EstimateInput> = { ...modelFlags(f) };
  for (const [flag, key] of NUMERIC) {
    const v = f[flag];
    if (typeof v === "string") (input as Record<string, unknown>)[key] = num(flag, v);
  }
  if (typeof f.mfu === "string") input.mfu = fraction("mfu", f.mfu);
  if (typeof f.utilization === "string") input.utilization = fraction("utilization", f.utilization);
  if (typeof f.networkShare === "string") {
    const n = num("networkShare", f.networkShare);
    if (!(n >= 0 && n < 1)) throw new UsageError("--network-share must be a fraction in [0, 1)");
    input.networkShare = n;
  }
  if (typeof f.gpu === "string") input.gpu = f.gpu as GpuId;
  if (typeof f.zero === "string") input.zero = Number(f.zero) as ZeroStage;
  if (typeof f.recompute === "string") input.recompute = f.recompute as Recompute;
  if (typeof f.attention === "string") input.attention = f.attention as Attention;
  if (typeof f.dropout === "string") {
    const n = num("dropout", f.dropout);
    if (!(n >= 0 && n < 1)) throw new UsageError(`--dropout: "${f.dropout}" must be a probability in [0, 1), e.g. 0.1`);
    input.dropout = n;
  }
  if (typeof f.mlp === "string") input.mlp = f.mlp as EstimateInput["mlp"];
  if (typeof f.embeddings === "string") input.tiedEmbeddings = f.embeddings === "tied";
  if (typeof f.positions === "string") input.positions = f.positions as EstimateInput["positions"];
  if (typeof f.norm === "string") input.norm = f.norm as EstimateInput["norm"];
  if (f.sequenceParallel === true) input.sequenceParallel = true;
  if (typeof f.interconnect === "string") input.interconnect = f.interconnect as InterconnectId;
  if (typeof f.cloud === "string") input.cloud = f.cloud;
  if (typeof f.commitment === "string") input.commitment = f.commitment as EstimateInput["commitment"];
  if (typeof f.priceFile === "string") input.prices = readPriceFile(resolve(io.cwd, f.priceFile), f.priceFile);
  return input;
}

function readPriceFile(abs: string, shown: string): InstancePrice[] {
  let rows: unknown;
  try {
    rows = JSON.parse(readFileSync(abs, "utf8"));
  } catch (err) {
    throw new UsageError(`--price-file ${shown}: ${(err as Error).message}`);
  }
  const checked = validatePriceRows(rows);
  if (typeof checked === "string") throw new UsageError(`--price-file ${shown}: ${checked}`);
  return checked;
}

function complete(partial: Partial<EstimateInput>, what: string): EstimateInput {
  if (partial.tokens === undefined) throw new UsageError("--tokens is required (e.g. --tokens 300B)");
  if (partial.gpu === undefined) throw new UsageError(`${what}: give --gpu (one of ${GPU_IDS.join(", ")})`);
  if (partial.gpus === undefined) throw new UsageError(`${what}: give --gpus`);
  return partial as EstimateInput;
}

/** The estimate, with the smallest layout change that fits when it does not. */
function withAdvice(input: EstimateInput): Estimate {
  const e = estimate(input);
  if (!e.memory.fits) {
    const fit = suggestFit(input);
    e.warnings.push(fit ? `smallest change that fits: ${fit}` : "no ZeRO / tp / pp layout on these GPUs fits");
  }
  return e;
}

function fromManifests(paths: string[], f: Flags, io: CliIo, base: Partial<EstimateInput>) {
  const read = readSources(paths, {
    cwd: io.cwd,
    exclude: [],
    maxFileSize: DEFAULT_MAX_FILE_SIZE,
    readStdin: io.readStdin,
  });
  if (read.missing.length > 0)
    throw new UsageError(read.missing.map((m) => `${m}: no such file or directory`).join("\n"));
  const { set } = buildSet(read.files);
  let jobs = jobsFromWorkloads(set.workloads);
  if (typeof f.workload === "string") {
    const want = f.workload;
    const all = jobs;
    jobs = jobs.filter((j) => j.name === want || `${j.namespace}/${j.name}` === want);
    if (jobs.length === 0) {
      const hint = didYouMean(
        want,
        all.map((j) => j.name),
      );
      throw new UsageError(
        `--workload ${want}: no GPU workload of that name${hint ? `; did you mean "${hint}"?` : ""} (found: ${all.map((j) => j.name).join(", ") || "none"})`,
      );
    }
  }
  if (jobs.length === 0)
    throw new UsageError(
      `no workload in ${paths.join(", ")} requests GPUs (nvidia.com/gpu, amd.com/gpu, google.com/tpu)`,
    );
  return jobs.map((job) => {
    const label = `${job.file}: ${job.kind} ${job.name}`;
    const input: Partial<EstimateInput> = { ...base };
    input.gpus ??= job.gpus;
    if (base.gpusPerNode === undefined && job.gpusPerNode !== undefined)
      input.gpusPerNode = Math.min(job.gpusPerNode, job.gpus);
    if (base.gpu === undefined) {
      if (!job.gpu)
        throw new UsageError(
          `${label}: the manifests do not name the GPU product (no nvidia.com/gpu.product or cloud.google.com/gke-accelerator node selector); give --gpu`,
        );
      input.gpu = job.gpu;
    }
    if (base.interconnect === undefined && job.interconnect) input.interconnect = job.interconnect;
    if (base.cloud === undefined && base.pricePerGpuHour === undefined && job.cloud && !base.prices)
      input.cloud = job.cloud;
    const est = withAdvice(complete(input, label));
    if (base.gpus !== undefined && base.gpus !== job.gpus)
      est.warnings.unshift(`--gpus ${base.gpus} overrides the ${job.gpus} GPUs the manifests request`);
    return { estimate: est, job };
  });
}

function runPlan(f: Flags, io: CliIo, base: Partial<EstimateInput>): number {
  if (base.gpu !== undefined && !isGpuId(base.gpu)) throw new UsageError(`unknown --gpu ${base.gpu}`);
  const input = complete(base, "estimate --plan");
  for (const k of ["tp", "pp", "dp", "zero", "recompute", "tflops"] as const)
    if (input[k] !== undefined) throw new UsageError(`--plan chooses --${k} itself: leave it out`);
  let top = 5;
  if (typeof f.top === "string") {
    top = num("top", f.top);
    if (!(Number.isInteger(top) && top > 0)) throw new UsageError(`--top: "${f.top}" must be a whole number ≥ 1`);
  }
  const p = planLayouts(input);
  const json = f.json === true || f.format === "json";
  const what = `${input.model ? input.model.name : input.params !== undefined ? `${formatSize(input.params)} parameters` : `${input.layers} layers × ${input.hidden}`}, ${formatSize(input.tokens)} tokens on ${input.gpus} × ${input.gpu}`;
  io.stdout(
    json
      ? `${JSON.stringify(planJson(p, top), null, 2)}\n`
      : f.format === "html"
        ? formatPlanHtml(p, top, what)
        : formatPlanText(p, top, what),
  );
  return EXIT_OK;
}

/** Flags that size training and mean nothing to `--serve`. */
const TRAINING_ONLY = NUMERIC.map(([flag]) => flag).filter((f) => f !== "gpus" && f !== "tp" && f !== "gpusPerNode");
/** Flags that belong to `--serve` only. */
const SERVE_ONLY = ["maxModelLen", "dtype", "kvDtype", "quantization", "server", "gpuMemoryUtilization"];

function whole(flag: string, v: string): number {
  const n = num(flag, v);
  if (!(Number.isInteger(n) && n >= 1)) throw new UsageError(`--${kebab(flag)}: "${v}" must be a whole number ≥ 1`);
  return n;
}

/** `--max-model-len` as vLLM reads it: 1k = 1,000 and 1K = 1,024 (likewise m/M). */
function tokenCount(v: string): number {
  const m = /^\s*([0-9]+(?:\.[0-9]+)?)\s*([kKmM]?)\s*$/.exec(v.replace(/[_,]/g, ""));
  const unit = { "": 1, k: 1e3, K: 1024, m: 1e6, M: 1024 * 1024 }[m?.[2] ?? ""] ?? 1;
  const n = m ? Number(m[1]) * unit : Number.NaN;
  if (!(Number.isInteger(n) && n >= 1))
    throw new UsageError(`--max-model-len: "${v}" must be a whole number of tokens (8192, 8K = 8,192, 8k = 8,000)`);
  return n;
}

/** `estimate --serve`: the serving fit of a model on a layout, and the smallest layout of each GPU product. */
function runServe(paths: string[], f: Flags, io: CliIo): number {
  if (paths.length > 0)
    throw new UsageError(
      "--serve takes the plan from flags; for manifests, run mlgate check (the gpu/serving-* rules)",
    );
  for (const flag of [...TRAINING_ONLY, "plan", "mfu", "zero", "recompute", "cloud", "priceFile"])
    if (f[flag] !== undefined && flag !== "model")
      throw new UsageError(`--${kebab(flag)} sizes a training job; it does not go with --serve`);
  if (typeof f.model !== "string")
    throw new UsageError("--serve needs --model (a Hugging Face id such as meta-llama/Llama-3.1-8B-Instruct)");
  const { config } = loadCliConfig(undefined, io.cwd);
  const match = findModel(f.model, config.models);
  if (!match) {
    const hint = didYouMean(
      f.model,
      MODELS.flatMap((m) => m.ids),
    );
    throw new UsageError(
      `--model ${f.model}: not in the model catalog${hint ? `; did you mean "${hint}"?` : ""}; describe it under models: in .mlgate.yaml (docs/serving.md)`,
    );
  }
  const gpus = typeof f.gpus === "string" ? whole("gpus", f.gpus) : undefined;
  const tp = typeof f.tp === "string" ? whole("tp", f.tp) : undefined;
  const gpu = typeof f.gpu === "string" ? (f.gpu as GpuId) : undefined;
  if (gpu === undefined && (gpus !== undefined || tp !== undefined))
    throw new UsageError("--gpus and --tp size a layout of one GPU product: give --gpu too");
  if (gpus !== undefined && tp !== undefined && gpus % tp !== 0)
    throw new UsageError(`--gpus ${gpus} is not a multiple of --tp ${tp} (the rest is pipeline parallelism)`);
  const maxModelLen = typeof f.maxModelLen === "string" ? tokenCount(f.maxModelLen) : undefined;
  const quantization = typeof f.quantization === "string" ? f.quantization : undefined;
  if (quantization !== undefined && quantizationFormat(quantization) === undefined)
    throw new UsageError(
      `--quantization ${quantization}: not a format mlgate sizes (awq, gptq, fp8, int8, bitsandbytes …)`,
    );
  const kvDtype = typeof f.kvDtype === "string" ? f.kvDtype : undefined;
  const dtype = typeof f.dtype === "string" ? f.dtype : undefined;
  const utilization =
    typeof f.gpuMemoryUtilization === "string" ? fraction("gpuMemoryUtilization", f.gpuMemoryUtilization) : undefined;
  const plan = planServing({
    server: (typeof f.server === "string" ? f.server : "vllm") as "vllm" | "sglang" | "tgi",
    model: match.model,
    modelRef: f.model,
    ...(match.quantization ? { idQuantization: match.quantization } : {}),
    ...(gpu !== undefined ? { gpu } : {}),
    ...(gpus !== undefined ? { gpus } : {}),
    ...(tp !== undefined ? { tp } : {}),
    ...(dtype !== undefined ? { dtype } : {}),
    ...(quantization !== undefined ? { quantization } : {}),
    ...(kvDtype !== undefined ? { kvCacheDtype: kvDtype } : {}),
    ...(maxModelLen !== undefined ? { maxModelLen } : {}),
    ...(utilization !== undefined ? { memoryUtilization: utilization } : {}),
    ...(typeof f.gpusPerNode === "string" ? { gpusPerNode: whole("gpusPerNode", f.gpusPerNode) } : {}),
  });
  const json = f.json === true || f.format === "json";
  io.stdout(
    json
      ? `${JSON.stringify(servePlanJson(plan), null, 2)}\n`
      : f.format === "html"
        ? formatServePlanHtml(plan)
        : formatServePlanText(plan),
  );
  return EXIT_OK;
}

function run(paths: string[], f: Flags, io: CliIo): number {
  if (f.serve === true) return runServe(paths, f, io);
  for (const flag of SERVE_ONLY) if (f[flag] !== undefined) throw new UsageError(`--${kebab(flag)} goes with --serve`);
  const base = inputFromFlags(f, io);
  if (f.plan === true) {
    if (paths.length > 0) throw new UsageError("--plan takes the job from flags, not from manifests");
    return runPlan(f, io, base);
  }
  if (typeof f.top === "string") throw new UsageError("--top goes with --plan");
  let items: { estimate: Estimate; job?: ManifestJob }[];
  if (paths.length > 0) items = fromManifests(paths, f, io, base);
  else {
    if (base.gpu !== undefined && !isGpuId(base.gpu)) throw new UsageError(`unknown --gpu ${base.gpu}`);
    items = [{ estimate: withAdvice(complete(base, "estimate")) }];
  }
  const json = f.json === true || f.format === "json";
  if (json) io.stdout(formatEstimateJson(items));
  else if (f.format === "html") io.stdout(formatEstimateHtml(items));
  else io.stdout(items.map((i) => formatEstimateText(i.estimate, i.job)).join("\n"));
  return EXIT_OK;
}

/** Adds `mlgate estimate` to the program. */
export function registerEstimate(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const cmd = program
    .command("estimate")
    .description(
      "size a training job: memory per GPU, compute and communication time, GPU-hours, cloud vs bare-metal cost (from flags, or from the manifests given)",
    )
    .argument("[paths...]", "manifests of a training workload (files, directories, - for stdin); optional");
  for (const [flag, , description] of NUMERIC) {
    const placeholder = flag === "gpus" || flag === "tp" || flag === "pp" || flag === "dp" ? "n" : "value";
    cmd.option(`--${kebab(flag)} <${placeholder}>`, description);
  }
  cmd
    .addOption(new Option("--gpu <id>", "accelerator").choices(GPU_IDS))
    .option(
      "--mfu <fraction>",
      "model FLOPs utilisation, 0.4 or 40% (default 0.40); used with the GPU's dense BF16 peak",
    )
    .addOption(new Option("--zero <stage>", "ZeRO stage (default 0)").choices(["0", "1", "2", "3"]))
    .addOption(
      new Option("--recompute <policy>", "activation recomputation (default full)").choices([
        "none",
        "selective",
        "full",
      ]),
    )
    .option("--sequence-parallel", "Megatron sequence parallelism (activations split over tp)")
    .addOption(
      new Option("--attention <kind>", "attention kernel: flash keeps no s×s matrix (default flash)").choices([
        "flash",
        "eager",
      ]),
    )
    .option("--dropout <p>", "dropout probability; its masks are kept for backward (default 0)")
    .addOption(
      new Option("--mlp <kind>", "MLP: gelu (two matrices) or swiglu (three; Llama)").choices(["gelu", "swiglu"]),
    )
    .addOption(
      new Option(
        "--embeddings <kind>",
        "input and output embeddings shared or not (default tied; untied with swiglu)",
      ).choices(["tied", "untied"]),
    )
    .addOption(
      new Option("--positions <kind>", "learned position table or RoPE (default learned; rope with swiglu)").choices([
        "learned",
        "rope",
      ]),
    )
    .addOption(
      new Option("--norm <kind>", "layernorm or rmsnorm (default layernorm; rmsnorm with swiglu)").choices([
        "layernorm",
        "rmsnorm",
      ]),
    )
    .option(
      "--model <name>",
      "an open model from the catalog (Llama 3/3.1/3.3, Qwen 2.5, Mistral, Mixtral, Gemma, DeepSeek-V3): its published architecture",
    )
    .option(
      "--serve",
      "size a model server instead: weights, KV cache and sequences per GPU, and the smallest GPU count of each product (with --model; optional --gpu --gpus --tp)",
    )
    .addOption(
      new Option(
        "--server <name>",
        "with --serve: the model server whose memory accounting is used (default vllm)",
      ).choices(["vllm", "sglang", "tgi"]),
    )
    .option("--max-model-len <tokens>", "with --serve: longest sequence served (default: the model's context length)")
    .addOption(
      new Option("--dtype <dtype>", "with --serve: weight and activation dtype (default: the checkpoint's)").choices([
        "auto",
        "half",
        "float16",
        "bfloat16",
        "float",
        "float32",
      ]),
    )
    .addOption(
      new Option("--kv-dtype <dtype>", "with --serve: KV-cache dtype (default auto: as the activations)").choices([
        "auto",
        "fp8",
        "fp8_e4m3",
        "fp8_e5m2",
        "bfloat16",
        "float16",
      ]),
    )
    .option(
      "--quantization <method>",
      "with --serve: awq, gptq, fp8, int8, bitsandbytes … (default: from the model id)",
    )
    .option("--gpu-memory-utilization <fraction>", "with --serve: the server's memory fraction (default: the server's)")
    .option("--plan", "rank the TP × PP × DP × ZeRO × recompute layouts that fit, by step time")
    .option("--top <n>", "with --plan: how many of the fastest layouts to show (default 5)")
    .addOption(new Option("--interconnect <id>", "network between nodes (default ndr)").choices(INTERCONNECT_IDS))
    .option("--cloud <provider:instance>", "priced cloud offer, e.g. aws:p5.48xlarge")
    .addOption(
      new Option("--commitment <term>", "cloud price term (default on-demand)").choices(["on-demand", "1y", "3y"]),
    )
    .option("--price-file <file>", "JSON array of instance prices that replaces the built-in table")
    .option("--utilization <fraction>", "bare metal: share of hours the servers are busy (default 0.75)")
    .option("--network-share <fraction>", "bare metal: cluster network as a share of cluster cost (default 0.19)")
    .option("--workload <name>", "with manifests: estimate only this workload")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json", "html"]).default("text"))
    .option("--json", "same as --format json")
    .action((paths: string[], flags: Flags) => runCommand("estimate", io, setExit, () => run(paths, flags, io)));
}
