import { findModel } from "../../catalog/models.js";
import { formatGiB, type WeightFormat, weightBytes } from "../../estimate/serving.js";
import { isNimCache, nimCacheCreatedSize, nimCacheModel, nimCachePrecision } from "../../model/nim.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

/** The weight format a NIM profile precision names; undefined for one it does not (then the smallest is assumed). */
function formatOf(precision: string | undefined): WeightFormat | undefined {
  if (!precision) return undefined;
  if (/fp8|int8/.test(precision)) return "8-bit";
  if (/bf16|fp16/.test(precision)) return "16-bit";
  if (/int4|awq|fp4|nvfp4/.test(precision)) return "4-bit";
  return undefined;
}

export default defineRule({
  id: "reliability/nim-cache-size",
  category: "reliability",
  severity: "error",
  summary: "A NIMCache creates a volume smaller than the weights of the model it downloads",
  rationale:
    "The NIM operator runs a Job that downloads the model a NIMCache names (its NGC model puller image, or a Hugging Face model) into the PVC the cache creates, and NIMServices start only once the cache is Ready. A volume smaller than the model's weights fills up mid-download: the Job fails with no space left on device, the cache never becomes Ready, and every NIMService that uses it waits. The weights are the model's parameters (from mlgate's model catalog) times the bytes of the profile's precision; without a precision, the smallest any profile takes (4 bits a parameter, 16-bit embeddings) is assumed, so the finding holds whichever profile NIM picks.",
  remediation:
    "Size storage.pvc.size above the model's weights (leave room for more than one profile, and for the engine files NIM builds), or select a smaller precision with source.ngc.model.precision.",
  links: [
    {
      title: "NIM operator: NIMCache (api/apps/v1alpha1/nimcache_types.go)",
      url: "https://github.com/NVIDIA/k8s-nim-operator/blob/f63f74d7ad22eaea7943cc640e545f4ccdbb8077/api/apps/v1alpha1/nimcache_types.go",
    },
    {
      title: "NIM operator docs: caching models",
      url: "https://docs.nvidia.com/nim-operator/latest/cache.html",
    },
  ],
  examples: {
    valid: [
      {
        title: "Llama 3.1 8B cached on 50Gi",
        yaml: dedent`
          apiVersion: apps.nvidia.com/v1alpha1
          kind: NIMCache
          metadata:
            name: meta-llama3-8b-instruct
          spec:
            source:
              ngc:
                modelPuller: nvcr.io/nim/meta/llama-3.1-8b-instruct:1.3.3
                pullSecret: ngc-secret
                authSecret: ngc-api-secret
                model: {engine: tensorrt_llm, tensorParallelism: "1"}
            storage:
              pvc: {create: true, size: 50Gi, volumeAccessMode: ReadWriteOnce}
        `,
      },
    ],
    invalid: [
      {
        title: "DeepSeek-R1 (671B parameters) cached on 100Gi",
        yaml: dedent`
          apiVersion: apps.nvidia.com/v1alpha1
          kind: NIMCache
          metadata:
            name: deepseek-r1-nimcache
          spec:
            source:
              ngc:
                modelPuller: nvcr.io/nim/deepseek-ai/deepseek-r1:1.7.3
                pullSecret: ngc-secret
                authSecret: ngc-api-secret
            storage:
              pvc: {create: true, size: 100Gi, volumeAccessMode: ReadWriteMany}
        `,
        findings: [
          {
            line: 12,
            column: 31,
            message:
              /PVC of 100\.00 GiB, but deepseek-r1 .* at least 3\d\d\.\d\d GiB of weights even at 4 bits a parameter/,
          },
        ],
      },
      {
        title: "Llama 3.1 70B in FP8 on 50Gi",
        yaml: dedent`
          apiVersion: apps.nvidia.com/v1alpha1
          kind: NIMCache
          metadata:
            name: llama-70b
          spec:
            source:
              ngc:
                modelPuller: nvcr.io/nim/meta/llama-3.1-70b-instruct:1.8.0
                authSecret: ngc-api-secret
                model: {precision: fp8, tensorParallelism: "4"}
            storage:
              pvc: {create: true, size: 50Gi}
        `,
        findings: [{ line: 12, column: 31, message: /PVC of 50\.00 GiB, .* 6\d\.\d\d GiB of weights in fp8/ }],
      },
    ],
  },
  resource(r, ctx) {
    if (!isNimCache(r)) return;
    const size = nimCacheCreatedSize(r);
    const model = nimCacheModel(r);
    if (!size || !model) return;
    const match = findModel(model.value, ctx.options.models ?? []);
    if (!match) return;
    const precision = nimCachePrecision(r);
    const format = formatOf(precision) ?? "4-bit";
    const weights = weightBytes(match.model, format);
    if (weights <= size.value) return;
    const how = formatOf(precision) ? `in ${precision}` : "even at 4 bits a parameter";
    ctx.report({
      resource: r,
      path: size.path,
      message: `NIMCache ${r.name ?? ""} creates a PVC of ${formatGiB(size.value)}, but ${model.value} (${match.model.name}) takes at least ${formatGiB(weights)} of weights ${how}: the download Job runs out of space and the cache never becomes Ready, so the NIMServices that use it never start`,
    });
  },
});
