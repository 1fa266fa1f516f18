import { gpuFromProductLabel } from "../../catalog/gpus.js";
import { containerGpuCount } from "../../model/gpu.js";
import { gpuProductOf } from "../../model/gpu-product.js";
import { nimCacheGpuProducts, nimCacheTensorParallelism, nimServiceCache } from "../../model/nim.js";
import { asObject } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "gpu/nim-cache-gpus",
  category: "gpu",
  severity: "error",
  summary: "A NIMService gives its NIM fewer GPUs than the NIMCache's profiles were built for, or another GPU product",
  rationale:
    "A NIMCache downloads the model profiles its source.ngc.model selects; tensorParallelism picks profiles built for that many GPUs (a tp4 TensorRT-LLM engine is four shards, one per GPU). The NIMService that mounts the cache (spec.storage.nimCache) starts NIM with only the GPUs its resources give it: with fewer than the profile's tensor parallelism, NIM finds no cached profile it can run on the GPUs it sees and stops, or downloads another one at start if it can. mlgate resolves the cache by name among the objects that ship with the service (its file, else its directory); when the service sets no GPU count the operator fills it in from the profile, and nothing is reported.",
  remediation:
    "Give the NIMService as many GPUs as the cached profile's tensor parallelism (resources.limits nvidia.com/gpu), or cache a profile for the GPUs it has.",
  links: [
    {
      title: "NIM operator: NIMCache and NIMService types",
      url: "https://github.com/NVIDIA/k8s-nim-operator/blob/f63f74d7ad22eaea7943cc640e545f4ccdbb8077/api/apps/v1alpha1/nimcache_types.go",
    },
    {
      title: "NIM for LLMs: model profiles and their tensor parallelism",
      url: "https://docs.nvidia.com/nim/large-language-models/latest/deployment/model-profiles-and-selection.html",
    },
  ],
  examples: {
    valid: [
      {
        title: "a tp2 profile served on 2 GPUs",
        yaml: dedent`
          apiVersion: apps.nvidia.com/v1alpha1
          kind: NIMCache
          metadata:
            name: llama-8b
          spec:
            source:
              ngc:
                modelPuller: nvcr.io/nim/meta/llama-3.1-8b-instruct:1.3.3
                authSecret: ngc-api-secret
                model: {engine: tensorrt_llm, tensorParallelism: "2"}
            storage:
              pvc: {create: true, size: 50Gi}
          ---
          apiVersion: apps.nvidia.com/v1alpha1
          kind: NIMService
          metadata:
            name: llama-8b
          spec:
            image: {repository: nvcr.io/nim/meta/llama-3.1-8b-instruct, tag: 1.3.3}
            authSecret: ngc-api-secret
            storage:
              nimCache: {name: llama-8b}
            resources:
              limits: {nvidia.com/gpu: 2}
            expose:
              service: {type: ClusterIP, port: 8000}
        `,
      },
    ],
    invalid: [
      {
        title: "profiles cached for H100, the service selects A100 nodes",
        yaml: dedent`
          apiVersion: apps.nvidia.com/v1alpha1
          kind: NIMCache
          metadata:
            name: llama-8b
          spec:
            source:
              ngc:
                modelPuller: nvcr.io/nim/meta/llama-3.1-8b-instruct:1.3.3
                authSecret: ngc-api-secret
                model:
                  engine: tensorrt_llm
                  gpus: [{product: h100}]
            storage:
              pvc: {create: true, size: 50Gi}
          ---
          apiVersion: apps.nvidia.com/v1alpha1
          kind: NIMService
          metadata:
            name: llama-8b
          spec:
            image: {repository: nvcr.io/nim/meta/llama-3.1-8b-instruct, tag: 1.3.3}
            authSecret: ngc-api-secret
            storage:
              nimCache: {name: llama-8b}
            nodeSelector: {nvidia.com/gpu.product: NVIDIA-A100-SXM4-80GB}
            resources:
              limits: {nvidia.com/gpu: 1}
        `,
        findings: [
          {
            line: 25,
            column: 42,
            message:
              /runs on nvidia\.com\/gpu\.product=NVIDIA-A100-SXM4-80GB, but NIMCache llama-8b caches profiles for h100/,
          },
        ],
      },
      {
        title: "a tp4 profile served on 2 GPUs",
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
                model: {engine: tensorrt_llm, precision: fp8, tensorParallelism: "4"}
            storage:
              pvc: {create: true, size: 200Gi}
          ---
          apiVersion: apps.nvidia.com/v1alpha1
          kind: NIMService
          metadata:
            name: llama-70b
          spec:
            image: {repository: nvcr.io/nim/meta/llama-3.1-70b-instruct, tag: 1.8.0}
            authSecret: ngc-api-secret
            storage:
              nimCache: {name: llama-70b}
            resources:
              limits: {nvidia.com/gpu: 2}
        `,
        findings: [
          { line: 24, column: 30, message: /2 GPUs, but NIMCache llama-70b caches profiles for tensor parallelism 4/ },
        ],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    const ref = nimServiceCache(r, ctx.set.resources);
    if (!ref) return;
    // A multi-node NIM splits the profile's parallelism across pods.
    if (asObject(asObject(r.value.spec)?.multiNode)) return;
    const cache = ref.resolution.objects[0];
    if (!cache) return;
    // Profiles are built per GPU family (an H100 engine does not load on an A100): compare families.
    const family = (label: string) => gpuFromProductLabel(label)?.split("-")[0];
    const products = nimCacheGpuProducts(cache);
    const cached = new Set(products.map((p) => family(p.value)).filter((f) => f !== undefined));
    for (const g of w.podGroups) {
      const selected = gpuProductOf(g.podSpec);
      const fam = selected ? family(selected.evidence.split("=").pop() ?? "") : undefined;
      if (!selected || !g.podSpecPath || !fam || cached.size === 0 || cached.has(fam)) continue;
      ctx.report({
        resource: r,
        path: [...g.podSpecPath, ...selected.path],
        message: `NIMService ${r.name ?? ""} runs on ${selected.evidence}, but NIMCache ${cache.name ?? ref.name} caches profiles for ${products.map((p) => p.value).join(", ")}: NIM finds no cached profile for the GPU it sees and fails to start (or downloads another at every start)`,
      });
    }
    const tp = nimCacheTensorParallelism(cache);
    if (!tp) return;
    for (const g of w.podGroups)
      for (const c of g.containers) {
        const gpus = containerGpuCount(c);
        if (gpus === 0 || gpus >= tp.value) continue;
        ctx.report({
          resource: r,
          path: [...c.path, "resources", "limits", "nvidia.com/gpu"],
          message: `NIMService ${r.name ?? ""} gives NIM ${gpus} GPU${gpus === 1 ? "" : "s"}, but NIMCache ${cache.name ?? ref.name} caches profiles for tensor parallelism ${tp.value}: NIM finds no cached profile for the GPUs it sees and fails to start (or downloads another at every start)`,
        });
      }
  },
});
