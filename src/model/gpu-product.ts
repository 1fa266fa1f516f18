/**
 * Which GPU product a pod asks for, as far as its node selector and required node affinity say:
 * a product label (GPU Feature Discovery, GKE, AMD, Karpenter) or an instance type the price catalog
 * knows. Used by `estimate` from manifests and by the serving-memory rules.
 */
import { type GpuId, gpuFromProductLabel } from "../catalog/gpus.js";
import { INSTANCE_GPU } from "../catalog/prices.js";
import type { Path } from "./path.js";
import { asArray, asObject, asString, type JsonObject } from "./resource.js";

export const PRODUCT_LABELS = [
  "nvidia.com/gpu.product",
  "cloud.google.com/gke-accelerator",
  "cloud.google.com/gke-tpu-accelerator",
  "amd.com/gpu.product-name",
  "karpenter.k8s.aws/instance-gpu-name",
];
export const INSTANCE_LABELS = ["node.kubernetes.io/instance-type", "beta.kubernetes.io/instance-type"];

export interface SelectorValue {
  value: string;
  /** Path of the value, relative to the pod spec. */
  path: Path;
}

/** Node-selector values by key: nodeSelector plus required node-affinity `In` terms. */
export function selectorValues(podSpec: JsonObject | undefined): Map<string, SelectorValue[]> {
  const out = new Map<string, SelectorValue[]>();
  const add = (k: string, v: unknown, path: Path) => {
    const s = asString(v) ?? (typeof v === "number" ? String(v) : undefined);
    if (s !== undefined) out.set(k, [...(out.get(k) ?? []), { value: s, path }]);
  };
  for (const [k, v] of Object.entries(asObject(podSpec?.nodeSelector) ?? {})) add(k, v, ["nodeSelector", k]);
  const requiredPath = ["affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution"];
  const required = asObject(
    asObject(asObject(podSpec?.affinity)?.nodeAffinity)?.requiredDuringSchedulingIgnoredDuringExecution,
  );
  for (const [t, term] of asArray(required?.nodeSelectorTerms).entries()) {
    for (const [x, expr] of asArray(asObject(term)?.matchExpressions).entries()) {
      const e = asObject(expr);
      if (e && asString(e.key) && e.operator === "In")
        for (const [j, v] of asArray(e.values).entries())
          add(e.key as string, v, [...requiredPath, "nodeSelectorTerms", t, "matchExpressions", x, "values", j]);
    }
  }
  return out;
}

export interface GpuProduct {
  gpu: GpuId;
  /** `label=value`, for messages. */
  evidence: string;
  /** Path of the selector value, relative to the pod spec. */
  path: Path;
  /** The instance type selected, when that is where the product came from. */
  instance?: string;
}

/** The first GPU product a pod spec's selectors name, if any. */
export function gpuProductOf(podSpec: JsonObject | undefined): GpuProduct | undefined {
  const sel = selectorValues(podSpec);
  for (const label of PRODUCT_LABELS)
    for (const v of sel.get(label) ?? []) {
      const gpu = gpuFromProductLabel(v.value);
      if (gpu) return { gpu, evidence: `${label}=${v.value}`, path: v.path };
    }
  for (const label of INSTANCE_LABELS)
    for (const v of sel.get(label) ?? []) {
      const gpu = INSTANCE_GPU[v.value];
      if (gpu) return { gpu, evidence: `${label}=${v.value}`, path: v.path, instance: v.value };
    }
  return undefined;
}
