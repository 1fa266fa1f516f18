/**
 * Reading a cluster inventory: `kubectl get nodes -o json` (a NodeList), `kubectl get pods -A -o json`
 * (a PodList) for what already runs, or a hand-written list of node pools (docs/cluster.md) for a
 * cluster that does not exist yet. Pure: callers pass the text and the name to use in messages.
 */
import yaml from "js-yaml";
import { parseQuantity } from "../model/quantity.js";
import { asArray, asObject, asString, isObject, type JsonObject } from "../model/resource.js";
import { didYouMean } from "../util/suggest.js";
import {
  cudaRuntimeFromLabels,
  driverFromLabels,
  GPU_COUNT_LABEL,
  GPU_MEMORY_LABEL,
  GPU_PRODUCT_LABEL,
  parseDriverVersion,
} from "./labels.js";
import { runningPodRequests } from "./requirements.js";
import { type ClusterInventory, type ClusterNode, InventoryError, type Taint, type TaintEffect } from "./types.js";

const EFFECTS: ReadonlySet<string> = new Set(["NoSchedule", "PreferNoSchedule", "NoExecute"]);
/** Pods a node admits when the inventory does not say (the kubelet's default maxPods). */
const DEFAULT_MAX_PODS = 110;
/** Pools larger than this are almost certainly a typo, and would make placement slow. */
const MAX_POOL_NODES = 100_000;

function parseText(text: string, file: string): unknown {
  const trimmed = text.trim();
  if (trimmed === "") throw new InventoryError(`${file}: the file is empty`);
  try {
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) return JSON.parse(trimmed);
    return yaml.load(text);
  } catch (err) {
    const msg = (err as Error).message.split("\n")[0];
    throw new InventoryError(`${file}: not valid JSON or YAML: ${msg}`);
  }
}

function taintsOf(v: unknown, where: string): Taint[] {
  const out: Taint[] = [];
  asArray(v).forEach((t, i) => {
    if (typeof t === "string") {
      // `key=value:Effect` or `key:Effect`, as `kubectl taint` writes them.
      const m = /^([^=:\s]+)(?:=([^:\s]*))?:(\w+)$/.exec(t.trim());
      if (!m || !EFFECTS.has(m[3] as string))
        throw new InventoryError(
          `${where}.taints[${i}]: "${t}" is not a taint; write key=value:Effect with Effect NoSchedule, PreferNoSchedule or NoExecute`,
        );
      const taint: Taint = { key: m[1] as string, effect: m[3] as TaintEffect };
      if (m[2] !== undefined) taint.value = m[2];
      out.push(taint);
      return;
    }
    const o = asObject(t);
    const key = asString(o?.key);
    const effect = asString(o?.effect);
    if (!o || !key || !effect || !EFFECTS.has(effect))
      throw new InventoryError(
        `${where}.taints[${i}]: a taint needs a key and an effect of NoSchedule, PreferNoSchedule or NoExecute`,
      );
    const taint: Taint = { key, effect: effect as TaintEffect };
    if (o.value !== undefined && o.value !== null) taint.value = String(o.value);
    out.push(taint);
  });
  return out;
}

function quantities(v: unknown, where: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, q] of Object.entries(asObject(v) ?? {})) {
    const n = parseQuantity(q);
    if (n === undefined || n < 0) throw new InventoryError(`${where}.${name}: "${String(q)}" is not a quantity`);
    out[name] = n;
  }
  return out;
}

function stringLabels(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(asObject(v) ?? {})) if (x !== null && x !== undefined) out[k] = String(x);
  return out;
}

function withGpuFacts(node: Omit<ClusterNode, "driver" | "cudaRuntime">): ClusterNode {
  const out: ClusterNode = { ...node };
  const driver = driverFromLabels(node.labels);
  if (driver) out.driver = driver;
  const rt = cudaRuntimeFromLabels(node.labels);
  if (rt) out.cudaRuntime = rt;
  return out;
}

function nodeFromKubectl(item: JsonObject, i: number, file: string): ClusterNode {
  const where = `${file}: items[${i}]`;
  const meta = asObject(item.metadata);
  const name = asString(meta?.name);
  if (!name) throw new InventoryError(`${where}: a node without metadata.name`);
  const status = asObject(item.status);
  if (!status || !isObject(status.allocatable))
    throw new InventoryError(
      `${where} (${name}): no status.allocatable; give the output of \`kubectl get nodes -o json\`, which includes it`,
    );
  const allocatable = quantities(status.allocatable, `${where} (${name}) status.allocatable`);
  allocatable.pods ??= DEFAULT_MAX_PODS;
  const spec = asObject(item.spec) ?? {};
  return withGpuFacts({
    name,
    labels: stringLabels(meta?.labels),
    allocatable,
    used: {},
    taints: withConditionTaint(taintsOf(spec.taints, `${where} (${name}) spec`), status),
    unschedulable: spec.unschedulable === true,
  });
}

/**
 * A node whose Ready condition is False or Unknown carries the taint the node lifecycle controller
 * gives it (TaintNodesByCondition), node.kubernetes.io/not-ready or unreachable, NoSchedule: only
 * pods that tolerate it are placed there. Added when the node list does not already show it.
 * https://kubernetes.io/docs/reference/labels-annotations-taints/#node-kubernetes-io-not-ready
 */
function withConditionTaint(taints: Taint[], status: JsonObject): Taint[] {
  const ready = asArray(status.conditions)
    .map(asObject)
    .find((c) => asString(c?.type) === "Ready");
  const state = asString(ready?.status);
  if (!ready || state === "True") return taints;
  const key = state === "False" ? "node.kubernetes.io/not-ready" : "node.kubernetes.io/unreachable";
  if (taints.some((t) => t.key === key && t.effect === "NoSchedule")) return taints;
  return [...taints, { key, effect: "NoSchedule" }];
}

/** A hand-written pool: `{name, count, gpus, gpuProduct, gpuResource, cpu, memory, driver, labels, taints, resources}`. */
function nodesFromPool(p: unknown, i: number, file: string): ClusterNode[] {
  const where = `${file}: pools[${i}]`;
  const pool = asObject(p);
  if (!pool)
    throw new InventoryError(`${where}: a pool is a mapping with name, count, cpu, memory and optionally gpus`);
  const name = asString(pool.name);
  if (!name) throw new InventoryError(`${where}: a pool needs a name`);
  const at = `${where} (${name})`;
  const known = new Set([
    "name",
    "count",
    "gpus",
    "gpuProduct",
    "gpuResource",
    "gpuMemory",
    "cpu",
    "memory",
    "pods",
    "driver",
    "cudaVersion",
    "labels",
    "taints",
    "resources",
  ]);
  for (const k of Object.keys(pool))
    if (!known.has(k)) {
      const hint = didYouMean(k, known);
      throw new InventoryError(
        `${at}: unknown field "${k}"${hint ? `; did you mean "${hint}"?` : ""} (known: ${[...known].join(", ")})`,
      );
    }
  const count = pool.count ?? 1;
  if (typeof count !== "number" || !Number.isInteger(count) || count < 0 || count > MAX_POOL_NODES)
    throw new InventoryError(`${at}.count: "${String(pool.count)}" is not a whole number of nodes`);
  const cpu = parseQuantity(pool.cpu);
  if (cpu === undefined) throw new InventoryError(`${at}.cpu: give the allocatable CPUs per node, e.g. "96"`);
  const memory = parseQuantity(pool.memory);
  if (memory === undefined) throw new InventoryError(`${at}.memory: give the allocatable memory per node, e.g. "1Ti"`);
  const gpus = pool.gpus ?? 0;
  if (typeof gpus !== "number" || !Number.isInteger(gpus) || gpus < 0)
    throw new InventoryError(`${at}.gpus: "${String(pool.gpus)}" is not a whole number of GPUs per node`);
  const gpuResource = asString(pool.gpuResource) ?? "nvidia.com/gpu";
  const allocatable: Record<string, number> = { cpu, memory, pods: DEFAULT_MAX_PODS };
  if (pool.pods !== undefined) {
    if (typeof pool.pods !== "number" || pool.pods < 1)
      throw new InventoryError(`${at}.pods: "${String(pool.pods)}" is not a number of pods per node`);
    allocatable.pods = pool.pods;
  }
  if (gpus > 0) allocatable[gpuResource] = gpus;
  Object.assign(allocatable, quantities(pool.resources, `${at}.resources`));
  const labels = stringLabels(pool.labels);
  if (gpus > 0 && gpuResource === "nvidia.com/gpu") {
    labels[GPU_COUNT_LABEL] ??= String(gpus);
    labels["nvidia.com/gpu.present"] ??= "true";
  }
  if (pool.gpuProduct !== undefined) {
    const product = String(pool.gpuProduct);
    labels[gpuResource.startsWith("amd.com/") ? "amd.com/gpu.product-name" : GPU_PRODUCT_LABEL] ??= product;
  }
  if (pool.gpuMemory !== undefined) labels[GPU_MEMORY_LABEL] ??= String(pool.gpuMemory);
  if (pool.driver !== undefined) {
    const d = parseDriverVersion(String(pool.driver));
    if (!d)
      throw new InventoryError(`${at}.driver: "${String(pool.driver)}" is not a driver version such as 550.54.15`);
    labels["nvidia.com/cuda.driver-version.major"] ??= String(d.major);
    labels["nvidia.com/cuda.driver-version.minor"] ??= String(d.minor);
    labels["nvidia.com/cuda.driver-version.revision"] ??= String(d.revision);
  }
  if (pool.cudaVersion !== undefined) {
    const m = /^(\d+)\.(\d+)$/.exec(String(pool.cudaVersion));
    if (!m)
      throw new InventoryError(`${at}.cudaVersion: "${String(pool.cudaVersion)}" is not a CUDA version such as 12.4`);
    labels["nvidia.com/cuda.runtime-version.major"] ??= m[1] as string;
    labels["nvidia.com/cuda.runtime-version.minor"] ??= m[2] as string;
  }
  const taints = taintsOf(pool.taints, at);
  const out: ClusterNode[] = [];
  for (let n = 0; n < count; n++) {
    out.push(
      withGpuFacts({
        name: `${name}-${n}`,
        pool: name,
        labels: { ...labels, "kubernetes.io/hostname": `${name}-${n}` },
        allocatable,
        used: {},
        taints,
        unschedulable: false,
      }),
    );
  }
  return out;
}

/**
 * Parses an inventory: a NodeList (JSON or YAML, as kubectl prints it) or a pool list
 * (`pools:`; docs/cluster.md). Throws InventoryError naming the file and the place.
 */
export function parseInventory(text: string, file: string): ClusterInventory {
  const doc = parseText(text, file);
  const root = asObject(doc);
  if (!root)
    throw new InventoryError(
      `${file}: expected the output of \`kubectl get nodes -o json\` (kind: List or NodeList) or a pool inventory (pools: [...])`,
    );
  if (Array.isArray(root.pools)) {
    if (root.kind !== undefined && root.kind !== "NodePools")
      throw new InventoryError(`${file}: kind "${String(root.kind)}" with pools; a pool inventory has kind: NodePools`);
    const nodes = root.pools.flatMap((p, i) => nodesFromPool(p, i, file));
    if (nodes.length === 0) throw new InventoryError(`${file}: the pools hold no nodes`);
    return { source: file, nodes, hasPods: false };
  }
  const kind = asString(root.kind);
  if (kind === "Node") return { source: file, nodes: [nodeFromKubectl(root, 0, file)], hasPods: false };
  if ((kind === "NodeList" || kind === "List") && Array.isArray(root.items)) {
    const nodes: ClusterNode[] = [];
    const seen = new Set<string>();
    root.items.forEach((it, i) => {
      const item = asObject(it);
      if (!item) throw new InventoryError(`${file}: items[${i}] is not an object`);
      if (item.kind !== undefined && item.kind !== "Node")
        throw new InventoryError(
          `${file}: items[${i}] is a ${String(item.kind)}, not a Node; give \`kubectl get nodes -o json\` to --cluster`,
        );
      const node = nodeFromKubectl(item, i, file);
      if (seen.has(node.name)) throw new InventoryError(`${file}: items[${i}]: node "${node.name}" appears twice`);
      seen.add(node.name);
      nodes.push(node);
    });
    if (nodes.length === 0) throw new InventoryError(`${file}: the node list is empty`);
    return { source: file, nodes, hasPods: false };
  }
  throw new InventoryError(
    `${file}: kind ${kind ? `"${kind}"` : "missing"}; expected the output of \`kubectl get nodes -o json\` (a NodeList) or a pool inventory (pools: [...])`,
  );
}

/**
 * Adds what running pods request (`kubectl get pods -A -o json`) to their nodes' `used`.
 * Pods that finished (Succeeded, Failed) or are not bound to a node take nothing.
 */
export function withRunningPods(inv: ClusterInventory, text: string, file: string): ClusterInventory {
  const root = asObject(parseText(text, file));
  if (!root || !Array.isArray(root.items) || (root.kind !== "List" && root.kind !== "PodList"))
    throw new InventoryError(`${file}: expected the output of \`kubectl get pods -A -o json\` (kind: List of Pods)`);
  const nodes = inv.nodes.map((n) => ({ ...n, used: { ...n.used } }));
  const byName = new Map(nodes.map((n) => [n.name, n]));
  root.items.forEach((it, i) => {
    const item = asObject(it);
    if (!item) throw new InventoryError(`${file}: items[${i}] is not an object`);
    if (item.kind !== undefined && item.kind !== "Pod")
      throw new InventoryError(`${file}: items[${i}] is a ${String(item.kind)}, not a Pod`);
    const phase = asString(asObject(item.status)?.phase);
    if (phase === "Succeeded" || phase === "Failed") return;
    const spec = asObject(item.spec);
    const node = byName.get(asString(spec?.nodeName) ?? "");
    if (!spec || !node) return;
    for (const [r, v] of Object.entries(runningPodRequests(spec))) node.used[r] = (node.used[r] ?? 0) + v;
  });
  return { source: `${inv.source} + ${file}`, nodes, hasPods: true };
}
