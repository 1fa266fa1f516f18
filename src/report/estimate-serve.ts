/** Text and JSON for `mlgate estimate --serve` (docs/schema/estimate-serve.schema.json). */

import type { ServePlan } from "../estimate/serve-plan.js";
import { formatGiB as gib, type ServingFit } from "../estimate/serving.js";
import { VERSION } from "../version.js";

const SERVER_NAMES = { vllm: "vLLM", sglang: "SGLang", tgi: "TGI" } as const;
const int = (n: number) => Math.floor(n).toLocaleString("en-US");

/** `l4 (L4 24GB)`: the --gpu value and the product without its vendor. */
function shortName(id: string, name: string): string {
  return `${id} (${name.replace(/^(NVIDIA|AMD Instinct|AMD|Intel|AWS|Google) /, "").replace(/ \(.*\)$/, "")})`;
}

function layoutText(tp: number, pp: number): string {
  return `tp ${tp}${pp > 1 ? ` × pp ${pp}` : ""}`;
}

function verdict(f: ServingFit, server: string): string {
  if (f.weightsExceedGpu)
    return `does not fit: ${gib(f.weightBytesPerGpu)} of weights per GPU exceed its ${gib(f.gpuBytes)}; ${server} runs out of memory loading them`;
  if (f.noKvRoom) return `does not fit: the weights and reserve leave no memory for the KV cache`;
  if (f.sequences < 1)
    return `does not fit: one sequence of ${int(f.maxModelLen)} tokens needs more KV cache than the ${int(f.kvTokens)} tokens left`;
  return `fits: ${int(f.kvTokens)} tokens of KV cache, ${int(f.sequences)} sequence${f.sequences === 1 ? "" : "s"} of ${int(f.maxModelLen)} tokens at once`;
}

export function formatServePlanText(p: ServePlan): string {
  const server = SERVER_NAMES[p.server];
  const out: string[] = [];
  out.push(
    `mlgate estimate --serve: ${p.modelRef} (${p.model.name}, ${(p.model.params / 1e9).toFixed(2)}B parameters) on ${server}, max-model-len ${int(p.maxModelLen)}${p.maxModelLen === p.model.contextLength ? " (the model's context length)" : ""}`,
  );
  out.push(`  model: ${p.model.source}`);
  if (p.fit) {
    const f = p.fit;
    out.push("");
    out.push(`${f.tp * f.pp} × ${f.gpu} (${layoutText(f.tp, f.pp)})`);
    const width = Math.max(...f.steps.map((s) => s.label.length));
    for (const s of f.steps) out.push(`  ${s.label.padEnd(width)}  ${s.formula}`);
    if (p.layoutProblem) out.push(`  does not start: ${p.layoutProblem}`);
    else out.push(`  ${verdict(f, server)}`);
    for (const a of f.assumptions) out.push(`  note: ${a}`);
  }
  out.push("");
  out.push(
    `Smallest layout of each GPU product that holds the weights and one sequence of ${int(p.maxModelLen)} tokens (tp within one node of 8, up to ${p.maxGpus} GPUs):`,
  );
  const rows: string[][] = [
    ["GPU", "GPUs", "layout", "weights/GPU", "KV tokens", "sequences", "$/h on demand (cheapest listed instances)"],
  ];
  for (const r of p.products) {
    const l = r.layout;
    const price = r.price
      ? `$${r.price.perHour.toFixed(2)} (${r.price.instances > 1 ? `${r.price.instances} × ` : ""}${r.price.offer}, ${r.price.observed})`
      : "—";
    rows.push(
      l
        ? [
            shortName(r.gpu, r.name),
            String(l.gpus),
            layoutText(l.tp, l.pp),
            gib(l.fit.weightBytesPerGpu),
            int(l.fit.kvTokens),
            int(l.fit.sequences),
            price,
          ]
        : [shortName(r.gpu, r.name), `> ${p.maxGpus}`, "—", "—", "—", "—", "—"],
    );
  }
  const widths = (rows[0] as string[]).map((_, i) => Math.max(...rows.map((r) => (r[i] as string).length)));
  for (const r of rows)
    out.push(
      `  ${r
        .map((c, i) =>
          i === 0 || i === r.length - 1 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number),
        )
        .join("  ")
        .trimEnd()}`,
    );
  out.push("");
  out.push(
    "Method, sources and limits (CUDA graphs, prefix caching, LoRA adapters): docs/serving.md. Prices: whole instances holding each tensor-parallel group, on demand, as listed on the date shown (src/catalog/prices.ts); — where no listed offer has the GPU.",
  );
  return `${out.join("\n")}\n`;
}

function fitJson(f: ServingFit) {
  return {
    gpu: f.gpu,
    tp: f.tp,
    pp: f.pp,
    weightFormat: f.weightFormat,
    weightFormatWhy: f.weightFormatWhy,
    gpuBytes: f.gpuBytes,
    gpuBytesSource: f.gpuBytesSource,
    memoryUtilization: f.memoryUtilization,
    budgetBytes: f.budgetBytes,
    weightBytesPerGpu: f.weightBytesPerGpu,
    reserveBytes: f.reserveBytes,
    kvBytes: f.kvBytes,
    kvBytesPerToken: f.kvBytesPerToken,
    kvTokens: f.kvTokens,
    maxModelLen: f.maxModelLen,
    sequences: f.sequences,
    weightsExceedGpu: f.weightsExceedGpu,
    noKvRoom: f.noKvRoom,
    steps: f.steps,
    assumptions: f.assumptions,
  };
}

export function servePlanJson(p: ServePlan): unknown {
  return {
    version: 1,
    tool: { name: "mlgate", version: VERSION },
    server: p.server,
    model: {
      ref: p.modelRef,
      name: p.model.name,
      params: p.model.params,
      contextLength: p.model.contextLength,
      source: p.model.source,
    },
    maxModelLen: p.maxModelLen,
    layout: p.fit
      ? {
          gpus: p.fit.tp * p.fit.pp,
          fits: p.fits === true,
          ...(p.layoutProblem ? { problem: p.layoutProblem } : {}),
          fit: fitJson(p.fit),
        }
      : null,
    maxGpus: p.maxGpus,
    products: p.products.map((r) => ({
      gpu: r.gpu,
      name: r.name,
      gpus: r.layout ? r.layout.gpus : null,
      tp: r.layout ? r.layout.tp : null,
      pp: r.layout ? r.layout.pp : null,
      weightBytesPerGpu: r.layout ? r.layout.fit.weightBytesPerGpu : null,
      kvTokens: r.layout ? r.layout.fit.kvTokens : null,
      sequences: r.layout ? r.layout.fit.sequences : null,
      price: r.price
        ? {
            perHour: r.price.perHour,
            perGpuHour: r.price.perGpuHour,
            offer: r.price.offer,
            instances: r.price.instances,
            observed: r.price.observed,
            source: r.price.source,
          }
        : null,
    })),
  };
}
