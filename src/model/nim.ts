// NVIDIA NIM operator's NIMCache (`apps.nvidia.com/v1alpha1`; NVIDIA/k8s-nim-operator@f63f74d7ad22
// api/apps/v1alpha1/nimcache_types.go, read 2026-12-04): a Job that downloads a model into a PVC,
// which NIMServices mount by naming the cache (`spec.storage.nimCache.name`, resolved here through
// refs.ts). What the cache says about its model: the NGC model puller image (`nvcr.io/nim/<org>/<model>:<tag>`,
// whose last path segment names the model) or a Hugging Face `modelName`, the precision and
// tensor parallelism of the profiles it selects, and the size of the PVC it creates.
import type { Path } from "./path.js";
import { parseQuantity } from "./quantity.js";
import { type Resolution, resolveRef } from "./refs.js";
import { asArray, asObject, asString, getIn, type Resource } from "./resource.js";

export const NIM_GROUP = "apps.nvidia.com";

export interface NimValue<T> {
  value: T;
  path: Path;
}

export function isNimCache(r: Resource): boolean {
  return r.group === NIM_GROUP && r.kind === "NIMCache";
}

/** The model a NIMCache downloads, as a name the model catalog can look up. */
export function nimCacheModel(cache: Resource): NimValue<string> | undefined {
  const ngc: Path = ["spec", "source", "ngc", "modelPuller"];
  const puller = asString(getIn(cache.value, ngc));
  if (puller) {
    // nvcr.io/nim/meta/llama-3.1-8b-instruct:1.3.3 → llama-3.1-8b-instruct
    const name = puller
      .replace(/@.*$/, "")
      .replace(/:[^/:]*$/, "")
      .split("/")
      .pop();
    return name ? { value: name, path: ngc } : undefined;
  }
  const hf: Path = ["spec", "source", "hf", "modelName"];
  const model = asString(getIn(cache.value, hf));
  return model ? { value: model, path: hf } : undefined;
}

/** The PVC a NIMCache creates (`storage.pvc.create: true` with a size), in bytes. */
export function nimCacheCreatedSize(cache: Resource): NimValue<number> | undefined {
  const pvc = asObject(getIn(cache.value, ["spec", "storage", "pvc"]));
  if (pvc?.create !== true) return undefined;
  const bytes = parseQuantity(pvc.size);
  return bytes !== undefined && bytes > 0 ? { value: bytes, path: ["spec", "storage", "pvc", "size"] } : undefined;
}

/** `source.ngc.model.precision` (fp8, bf16, int4_awq …), lower-cased, when written. */
export function nimCachePrecision(cache: Resource): string | undefined {
  return asString(getIn(cache.value, ["spec", "source", "ngc", "model", "precision"]))?.toLowerCase();
}

/** `source.ngc.model.tensorParallelism` as a whole number, when written. */
export function nimCacheTensorParallelism(cache: Resource): NimValue<number> | undefined {
  const path: Path = ["spec", "source", "ngc", "model", "tensorParallelism"];
  const v = getIn(cache.value, path);
  const n = typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : undefined;
  return n !== undefined && n > 0 ? { value: n, path } : undefined;
}

/** The NIMCache a NIMService names (`spec.storage.nimCache.name`) and how it resolves; undefined when it names none. */
export function nimServiceCache(
  service: Resource,
  resources: readonly Resource[],
): { name: string; path: Path; resolution: Resolution } | undefined {
  if (service.group !== NIM_GROUP || service.kind !== "NIMService") return undefined;
  const path: Path = ["spec", "storage", "nimCache", "name"];
  const name = asString(getIn(service.value, path));
  if (!name) return undefined;
  return {
    name,
    path,
    resolution: resolveRef(resources, service, { group: NIM_GROUP, kind: "NIMCache", name, namespaced: true }),
  };
}

/** The GPU products a NIMCache selects its profiles for (`source.ngc.model.gpus[].product`), as written. */
export function nimCacheGpuProducts(cache: Resource): Array<NimValue<string>> {
  const out: Array<NimValue<string>> = [];
  asArray(getIn(cache.value, ["spec", "source", "ngc", "model", "gpus"])).forEach((g, i) => {
    const product = asString(asObject(g)?.product);
    if (product) out.push({ value: product, path: ["spec", "source", "ngc", "model", "gpus", i, "product"] });
  });
  return out;
}
