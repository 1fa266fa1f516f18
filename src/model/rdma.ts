import {
  COMMON_DEVICE_RESOURCES,
  type DeviceResourceInfo,
  MELLANOX_VENDOR_ID,
  RDMA_CNI_TYPES,
  RDMA_SHARED_DEFAULT_PREFIX,
  SRIOV_PREFIXES,
} from "../catalog/rdma-resources.js";
import type { CheckedSet } from "./checked-set.js";
import { effectiveEnv } from "./env.js";
import type { Path } from "./path.js";
import { belonging, describeMatch, placeOf } from "./refs.js";
import { asArray, asObject, asString, getIn, type JsonObject, type Resource } from "./resource.js";
import { indexSet, perObject, perSet, perValue } from "./set-index.js";
import type { PodGroup, Workload } from "./workload.js";

/** The Multus pod annotation that attaches secondary networks. multus-cni@95a09323 docs/how-to-use.md. */
export const NETWORKS_ANNOTATION = "k8s.v1.cni.cncf.io/networks";
/** The NetworkAttachmentDefinition annotation naming the device resource its pods must request. */
export const RESOURCE_NAME_ANNOTATION = "k8s.v1.cni.cncf.io/resourceName";

// ---------------------------------------------------------------------------------------------
// Multus networks annotation

export interface NetworkRef {
  name: string;
  namespace: string | undefined;
  /** Interface name in the pod: `@ifname` / "interface", else net<N> by position (Multus default). */
  interface: string;
  explicitInterface: boolean;
}

export interface ParsedNetworks {
  networks: NetworkRef[];
  /** Why the annotation cannot be read, in Multus' terms; undefined when it parses. */
  error: string | undefined;
}

/**
 * Parses the networks annotation as Multus does (multus-cni@95a09323 pkg/k8sclient
 * parsePodNetworkAnnotation): a value holding any of `[ { "` is a JSON list of
 * {name, namespace, interface, …}; otherwise a comma list of `[namespace/]name[@interface]`.
 */
export function parseNetworksAnnotation(text: string): ParsedNetworks {
  const networks: NetworkRef[] = [];
  if (/[[{"]/.test(text)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      return { networks, error: `not valid JSON (${(err as Error).message})` };
    }
    if (!Array.isArray(parsed)) return { networks, error: "JSON form must be a list of network objects" };
    for (const [i, item] of parsed.entries()) {
      const o = asObject(item);
      const name = asString(o?.name);
      if (!o || !name) return { networks, error: `element ${i} has no "name"` };
      const iface = asString(o.interface);
      networks.push({
        name,
        namespace: asString(o.namespace) || undefined,
        interface: iface || `net${i + 1}`,
        explicitInterface: Boolean(iface),
      });
    }
    return { networks, error: undefined };
  }
  const items = text.split(",").map((s) => s.trim());
  if (items.length === 1 && items[0] === "") return { networks, error: undefined };
  for (const [i, item] of items.entries()) {
    if (item === "") return { networks, error: `empty element ${i + 1} in the comma list` };
    const slash = item.split("/");
    if (slash.length > 2) return { networks, error: `"${item}" has more than one "/"` };
    const rest = slash[slash.length - 1] as string;
    const at = rest.split("@");
    if (at.length > 2) return { networks, error: `"${item}" has more than one "@"` };
    const name = at[0] as string;
    if (name === "") return { networks, error: `"${item}" has no network name` };
    const iface = at[1];
    networks.push({
      name,
      namespace: slash.length === 2 ? slash[0] || undefined : undefined,
      interface: iface || `net${i + 1}`,
      explicitInterface: Boolean(iface),
    });
  }
  return { networks, error: undefined };
}

/** Path (relative to the resource) of a pod group's annotations map. */
export function podAnnotationsPath(group: PodGroup): Path {
  return group.templatePath ? [...group.templatePath, "metadata", "annotations"] : ["metadata", "annotations"];
}

/** The networks a pod group attaches, with the annotation's path; undefined when it has none. */
export function podNetworks(group: PodGroup): (ParsedNetworks & { path: Path; text: string }) | undefined {
  const text = asString(group.podAnnotations[NETWORKS_ANNOTATION]);
  if (text === undefined) return undefined;
  return { ...parseNetworksAnnotation(text), path: [...podAnnotationsPath(group), NETWORKS_ANNOTATION], text };
}

// ---------------------------------------------------------------------------------------------
// Network definitions in the set

/** A NetworkAttachmentDefinition, or an operator object that renders one. */
export interface NetworkDef {
  resource: Resource;
  /** Name and namespace of the NAD pods reference. */
  name: string;
  namespace: string | undefined;
  /** Device resource the network needs: full name (NAD annotation) or only the suffix (operator CRs). */
  resourceName: string | undefined;
  resourceNamePath: Path | undefined;
  /** CNI plugin types in the config (NAD), or the kind's own type. */
  cniTypes: string[];
  rdma: boolean;
  /** Why `rdma` is true. */
  rdmaReason: string | undefined;
}

function cniTypesOf(config: unknown): string[] {
  let o: unknown = config;
  if (typeof config === "string") {
    try {
      o = JSON.parse(config);
    } catch {
      return [];
    }
  }
  const obj = asObject(o);
  if (!obj) return [];
  const types: string[] = [];
  const t = asString(obj.type);
  if (t) types.push(t);
  for (const p of asArray(obj.plugins)) {
    const pt = asString(asObject(p)?.type);
    if (pt) types.push(pt);
  }
  return types;
}

function isNad(r: Resource): boolean {
  return r.group === "k8s.cni.cncf.io" && r.kind === "NetworkAttachmentDefinition";
}

/** The last segment of a resource name: `nvidia.com/hostdev` → `hostdev`. */
export function resourceSuffix(name: string): string {
  const i = name.lastIndexOf("/");
  return i >= 0 ? name.slice(i + 1) : name;
}

/** Every network definition of the set. */
export const networkDefs = perSet((set: CheckedSet): NetworkDef[] => networkDefsOf(set));

function networkDefsOf(set: CheckedSet): NetworkDef[] {
  const out: NetworkDef[] = [];
  for (const r of set.resources) {
    const spec = asObject(r.value.spec) ?? {};
    if (isNad(r)) {
      if (!r.name) continue;
      const types = cniTypesOf(spec.config);
      const res = asString(r.annotations[RESOURCE_NAME_ANNOTATION]);
      const rdmaType = types.find((t) => RDMA_CNI_TYPES.includes(t));
      const info = res ? classifyResource(res, set) : undefined;
      out.push({
        resource: r,
        name: r.name,
        namespace: r.namespace,
        resourceName: res,
        resourceNamePath: res ? ["metadata", "annotations", RESOURCE_NAME_ANNOTATION] : undefined,
        cniTypes: types,
        rdma: Boolean(rdmaType) || Boolean(info?.rdma),
        rdmaReason: rdmaType ? `CNI type ${rdmaType}` : info?.rdma ? `device resource ${res}` : undefined,
      });
      continue;
    }
    const sriov = r.group === "sriovnetwork.openshift.io" && (r.kind === "SriovNetwork" || r.kind === "SriovIBNetwork");
    const mellanox =
      r.group === "mellanox.com" &&
      (r.kind === "HostDeviceNetwork" || r.kind === "IPoIBNetwork" || r.kind === "MacvlanNetwork");
    if (!(sriov || mellanox) || !r.name) continue;
    const res = asString(spec.resourceName);
    let rdma = false;
    let rdmaReason: string | undefined;
    if (r.kind === "SriovIBNetwork" || r.kind === "IPoIBNetwork") {
      rdma = true;
      rdmaReason = `${r.kind} (InfiniBand)`;
    } else if (r.kind === "SriovNetwork" && cniTypesOf(spec.metaPluginsConfig).includes("rdma")) {
      rdma = true;
      rdmaReason = "SriovNetwork with the rdma meta plugin";
    } else if (res) {
      const info = classifyResource(res, set);
      if (info?.rdma) {
        rdma = true;
        rdmaReason = `device resource ${res} is RDMA-capable`;
      }
    }
    const nsField = asString(spec.networkNamespace);
    out.push({
      resource: r,
      name: r.name,
      // Operator CRs render the NAD in spec.networkNamespace, else in their own namespace.
      namespace: nsField || r.namespace,
      resourceName: res,
      resourceNamePath: res ? ["spec", "resourceName"] : undefined,
      cniTypes:
        r.kind === "SriovIBNetwork"
          ? ["ib-sriov"]
          : r.kind === "SriovNetwork"
            ? ["sriov"]
            : r.kind === "HostDeviceNetwork"
              ? ["host-device"]
              : r.kind === "IPoIBNetwork"
                ? ["ipoib"]
                : ["macvlan"],
      rdma,
      rdmaReason,
    });
  }
  return out;
}

/** Every definition of the network a pod's reference names, in any file of the run. */
function networkMatches(defs: readonly NetworkDef[], ref: NetworkRef, podNamespace: string | undefined) {
  const ns = ref.namespace ?? podNamespace;
  return defs.filter(
    (d) => d.name === ref.name && (ns === undefined || d.namespace === undefined || d.namespace === ns),
  );
}

/** Whether the run defines the network a pod's reference names (in any file: the run applies them all). */
export function networkDefined(defs: readonly NetworkDef[], ref: NetworkRef, podNamespace: string | undefined) {
  return networkMatches(defs, ref, podNamespace).length > 0;
}

/**
 * The definition a pod's network reference resolves to among the objects that belong with the pod
 * (`model/refs.ts`: a network of the same name in another example is not its), preferring a NAD
 * over the CR that renders it.
 */
export function findNetwork(defs: readonly NetworkDef[], ref: NetworkRef, from: Resource): NetworkDef | undefined {
  const matches = belonging(placeOf(from), networkMatches(defs, ref, from.namespace), (d) =>
    placeOf(d.resource),
  ).objects;
  return matches.find((d) => isNad(d.resource)) ?? matches[0];
}

// ---------------------------------------------------------------------------------------------
// Device resources

export interface DefinedResource extends DeviceResourceInfo {
  /** Full resource name when the prefix is known; else only the suffix (SR-IOV operator policies). */
  name: string;
  prefixKnown: boolean;
  resource: Resource;
  path: Path;
}

function parseJsonObject(v: unknown): JsonObject | undefined {
  if (typeof v !== "string") return asObject(v);
  try {
    return asObject(JSON.parse(v));
  } catch {
    return undefined;
  }
}

/** Device resources the set defines: NicClusterPolicy device plugin configs and SriovNetworkNodePolicies. */
export const definedResources = perSet((set: CheckedSet): DefinedResource[] => definedResourcesOf(set));

function definedResourcesOf(set: CheckedSet): DefinedResource[] {
  const out: DefinedResource[] = [];
  for (const r of set.resources) {
    if (r.group === "mellanox.com" && r.kind === "NicClusterPolicy") {
      const shared = parseJsonObject(getIn(r.value, ["spec", "rdmaSharedDevicePlugin", "config"]));
      for (const e of asArray(shared?.configList)) {
        const o = asObject(e);
        const name = asString(o?.resourceName);
        if (!o || !name) continue;
        const prefix = asString(o.resourcePrefix) || RDMA_SHARED_DEFAULT_PREFIX;
        out.push({
          name: `${prefix}/${name}`,
          prefixKnown: true,
          kind: "rdma-shared",
          rdma: true,
          source: "NicClusterPolicy rdmaSharedDevicePlugin",
          resource: r,
          path: ["spec", "rdmaSharedDevicePlugin", "config"],
        });
      }
      const sriov = parseJsonObject(getIn(r.value, ["spec", "sriovDevicePlugin", "config"]));
      for (const e of asArray(sriov?.resourceList)) {
        const o = asObject(e);
        const name = asString(o?.resourceName);
        if (!o || !name) continue;
        const sel = asObject(o.selectors) ?? {};
        const rdma = sel.isRdma === true || asArray(sel.vendors).includes(MELLANOX_VENDOR_ID);
        const prefix = asString(o.resourcePrefix);
        out.push({
          name: prefix ? `${prefix}/${name}` : name,
          prefixKnown: Boolean(prefix),
          kind: "sriov-vf",
          rdma,
          source: "NicClusterPolicy sriovDevicePlugin",
          resource: r,
          path: ["spec", "sriovDevicePlugin", "config"],
        });
      }
    }
    if (r.group === "sriovnetwork.openshift.io" && r.kind === "SriovNetworkNodePolicy") {
      const spec = asObject(r.value.spec) ?? {};
      const name = asString(spec.resourceName);
      if (!name) continue;
      const vendor = asString(asObject(spec.nicSelector)?.vendor);
      out.push({
        name,
        prefixKnown: false,
        kind: spec.deviceType === "vfio-pci" ? "host-device" : "sriov-vf",
        rdma: spec.isRdma === true || (vendor === MELLANOX_VENDOR_ID && spec.linkType === "ib"),
        source: "SriovNetworkNodePolicy",
        resource: r,
        path: ["spec", "resourceName"],
      });
    }
  }
  return out;
}

/**
 * Answers per list of definitions and resource name: every container asks about its cpu, memory
 * and GPU requests, from three rules, and a run has a handful of distinct names.
 */
const classified = new WeakMap<readonly DefinedResource[], Map<string, DeviceResourceInfo | undefined>>();

/** What a requested resource name is, from the set's definitions first, then the common-name catalog. */
export function classifyResource(
  name: string,
  set: CheckedSet,
  defined: readonly DefinedResource[] = definedResources(set),
): DeviceResourceInfo | undefined {
  let byName = classified.get(defined);
  if (!byName) {
    byName = new Map();
    classified.set(defined, byName);
  }
  const hit = byName.get(name);
  if (hit !== undefined || byName.has(name)) return hit;
  const info = classifyUncached(name, defined);
  byName.set(name, info);
  return info;
}

function classifyUncached(name: string, defined: readonly DefinedResource[]): DeviceResourceInfo | undefined {
  const suffix = resourceSuffix(name);
  const d =
    defined.find((x) => x.prefixKnown && x.name === name) ??
    defined.find((x) => !x.prefixKnown && x.name === suffix && name.includes("/"));
  if (d) return { kind: d.kind, rdma: d.rdma, source: d.source };
  const common = COMMON_DEVICE_RESOURCES[name];
  if (common) return common;
  const prefix = name.slice(0, Math.max(0, name.lastIndexOf("/")));
  if (prefix === RDMA_SHARED_DEFAULT_PREFIX)
    return { kind: "rdma-shared", rdma: true, source: "rdma/ prefix of the RDMA shared device plugin" };
  if (SRIOV_PREFIXES.includes(prefix))
    return { kind: "sriov-vf", rdma: /rdma|roce|_ib\b|^ib|mlnx|mellanox/i.test(suffix), source: `${prefix}/ prefix` };
  return undefined;
}

/** The resource names a container asks for (requests and limits), with their paths. */
function containerDeviceRequestsUncached(container: JsonObject): Array<{ name: string; path: Path; amount: unknown }> {
  const out: Array<{ name: string; path: Path; amount: unknown }> = [];
  const seen = new Set<string>();
  for (const field of ["limits", "requests"] as const) {
    const m = asObject(getIn(container, ["resources", field]));
    if (!m) continue;
    for (const [name, amount] of Object.entries(m)) {
      if (seen.has(name)) continue;
      seen.add(name);
      out.push({ name, path: ["resources", field, name], amount });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// RDMA intent

/** Variables that only matter to NCCL's IB/RoCE verbs transport or GPUDirect RDMA. */
export function isRdmaNcclVariable(name: string, value: string | undefined): boolean {
  if (name === "NCCL_IB_DISABLE") return value?.trim() === "0";
  if (name === "NCCL_NET") return value?.trim().toUpperCase() === "IB";
  return name.startsWith("NCCL_IB_") || name.startsWith("NCCL_NET_GDR_") || name === "NCCL_GDR_FLUSH_DISABLE";
}

export interface RdmaEvidence {
  /** RDMA, SR-IOV or host device resources the group's containers request. */
  devices: Array<{ container: number; name: string; info: DeviceResourceInfo }>;
  /** Attached Multus networks of an RDMA kind. */
  networks: Array<{ ref: NetworkRef; def: NetworkDef | undefined; reason: string }>;
  /** NCCL IB / GDR variables set. */
  env: string[];
  /** hostPath volumes exposing /dev/infiniband. */
  hostPaths: string[];
}

/** The workload a pod group belongs to, for its namespace. */
function ownerOf(group: PodGroup, set: CheckedSet): Workload | undefined {
  return indexSet(set).ownerOf(group);
}

/** Everything in a pod group that says it uses RDMA. */
function rdmaEvidenceUncached(group: PodGroup, set: CheckedSet): RdmaEvidence {
  const ev: RdmaEvidence = { devices: [], networks: [], env: [], hostPaths: [] };
  const defined = definedResources(set);
  group.containers.forEach((c, i) => {
    for (const req of containerDeviceRequests(c.value)) {
      const info = classifyResource(req.name, set, defined);
      if (info) ev.devices.push({ container: i, name: req.name, info });
    }
  });
  const owner = ownerOf(group, set);
  const nets = podNetworks(group);
  if (nets) {
    const defs = networkDefs(set);
    for (const ref of nets.networks) {
      const def = owner ? findNetwork(defs, ref, owner.resource) : undefined;
      // Only a definition says what a network is: a name that sounds like RDMA is not evidence.
      if (def?.rdma) ev.networks.push({ ref, def, reason: def.rdmaReason ?? "RDMA network" });
    }
  }
  if (owner) {
    const names = new Set<string>();
    for (const c of group.containers) {
      for (const v of effectiveEnv(c, owner.resource, set).values()) {
        if (isRdmaNcclVariable(v.name, v.value)) names.add(v.value === undefined ? v.name : `${v.name}=${v.value}`);
      }
    }
    ev.env.push(...names);
  }
  for (const v of asArray(group.podSpec?.volumes)) {
    const p = asString(getIn(v, ["hostPath", "path"]));
    if (p && /^\/dev\/infiniband(\/|$)/.test(p)) ev.hostPaths.push(p);
  }
  return ev;
}

/**
 * Whether a pod group means to use RDMA: it requests an RDMA / SR-IOV / host-device resource,
 * attaches a Multus network of an RDMA kind, mounts /dev/infiniband, or sets NCCL IB/GDR variables.
 * The security rules use it to treat IPC_LOCK, hostNetwork and /dev/infiniband as expected.
 */
export function rdmaIntent(group: PodGroup, set: CheckedSet): { rdma: boolean; reasons: string[] } {
  const ev = rdmaEvidence(group, set);
  const reasons: string[] = [];
  for (const d of ev.devices) reasons.push(`requests ${d.name} (${d.info.kind})`);
  for (const n of ev.networks)
    reasons.push(`attaches network ${n.ref.name}: ${n.reason}${n.def ? ` (${describeMatch(n.def.resource)})` : ""}`);
  if (ev.env.length > 0) reasons.push(`sets NCCL RDMA variables ${ev.env.join(", ")}`);
  for (const p of ev.hostPaths) reasons.push(`mounts hostPath ${p}`);
  return { rdma: reasons.length > 0, reasons: [...new Set(reasons)] };
}

export const containerDeviceRequests = perValue(containerDeviceRequestsUncached);

export const rdmaEvidence = perObject(rdmaEvidenceUncached);
