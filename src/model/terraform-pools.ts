import { EFA_INTERFACE_TYPE } from "../catalog/efa.js";
import {
  type AcceleratorStack,
  acceleratorStack,
  type Cloud,
  EKS_MODULE_DEFAULT_AMI_TYPE,
  type InstanceType,
  instanceType,
} from "../catalog/instance-types.js";
import { perSet } from "./set-index.js";
import { bool, num, str, type TerraformSet, type TfLocation, type TfNode, type TfObject } from "./terraform.js";
import { isUnknown } from "./terraform-eval.js";

/**
 * GPU capacity as one shape across clouds: every node pool, node group or Karpenter-less scaling
 * group that Terraform declares, with its instance type → accelerators, sizes, taints, image,
 * capacity type and network. Read from (research: ../shared/research/terraform-gpu.md §1-4):
 * - AWS `aws_eks_node_group` (+ the `aws_launch_template` it names) and the node groups of the
 *   terraform-aws-modules/eks module (`eks_managed_node_groups`, `self_managed_node_groups`) or its
 *   `//modules/eks-managed-node-group` submodule;
 * - GCP `google_container_node_pool`;
 * - Azure `azurerm_kubernetes_cluster_node_pool` and the `default_node_pool` of `azurerm_kubernetes_cluster`.
 * Pools whose instance type is not known here, or carries no accelerator, are listed with `stack` undefined.
 */

export interface SizeValue {
  node: TfNode | undefined;
  value: number | undefined;
}

export interface PoolTaint {
  key: string | undefined;
  effect: string | undefined;
}

export interface GpuPool {
  object: TfObject;
  /** `aws_eks_node_group.gpu`, `module.eks.eks_managed_node_groups["gpu"]`. */
  name: string;
  cloud: Cloud;
  /** Where a finding about the pool as a whole points. */
  at: TfLocation;
  body: TfNode;
  /** The node that names the instance/machine/VM type(s). */
  typeNode: TfNode | undefined;
  /** Known instance types, in order. */
  types: string[];
  /** Accelerator stack the first known type needs; undefined: not an accelerator pool (or not known). */
  stack: AcceleratorStack | undefined;
  /** Catalog row of the first known accelerated type. */
  row: InstanceType | undefined;
  /** Accelerators per node (catalog, or GKE guest_accelerator count). */
  perNode: number | undefined;
  /** The image the nodes boot: EKS ami_type, GKE image_type; `defaulted` when the module's default applies. */
  image: { value: string; node: TfNode | undefined; defaulted: boolean } | undefined;
  /** The driver installation is switched off (GKE INSTALLATION_DISABLED, AKS gpu_driver = None). */
  driverDisabled: TfNode | undefined;
  min: SizeValue;
  desired: SizeValue;
  max: SizeValue;
  /** Sizes count per zone (GKE min/max_node_count, node_count). */
  perZone: boolean;
  /** Known taints; undefined when they cannot be known here. */
  taints: PoolTaint[] | undefined;
  capacity: "on-demand" | "spot" | "capacity-block" | undefined;
  /** AWS EFA: whether the pool's nodes get EFA interfaces; undefined: not known. */
  efa: boolean | undefined;
  /** Whether nodes are placed in a cluster placement group (AWS) or COMPACT policy (GCP). */
  placement: boolean | undefined;
  /** GKE: the cluster the pool joins (its address), to see the other pools. */
  cluster?: string;
  /**
   * AWS, a launch template with EFA interfaces: the security groups those interfaces (or the
   * template) name, and the node that names them; undefined when none is named or one is not a
   * `aws_security_group` of the same module (not known here).
   */
  efaSecurityGroups?: { node: TfNode; addresses: string[] };
}

const MODULE_EKS = /(^|\/)terraform-aws-modules\/eks\/aws$|terraform-aws-eks(\.git)?(\?|$)/;
const MODULE_EKS_MNG =
  /terraform-aws-modules\/eks\/aws\/\/modules\/eks-managed-node-group|terraform-aws-eks(\.git)?\/\/modules\/eks-managed-node-group/;

function size(node: TfNode | undefined, fallback?: number): SizeValue {
  if (!node) return { node: undefined, value: fallback };
  return { node, value: num(node) };
}

function stringsOf(n: TfNode | undefined): string[] {
  if (!n) return [];
  const v = n.value;
  if (typeof v === "string") return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

function accel(types: string[]): { stack: AcceleratorStack | undefined; row: InstanceType | undefined } {
  for (const t of types) {
    const stack = acceleratorStack(t);
    if (stack) return { stack, row: instanceType(t) };
  }
  return { stack: undefined, row: undefined };
}

/** EKS/GKE taint blocks (`taint { key effect }`) or the module's map/list of taint objects. */
function taintsOf(nodes: TfNode[], attr: TfNode | undefined): PoolTaint[] | undefined {
  const out: PoolTaint[] = [];
  for (const t of nodes) {
    if (isUnknown(t.value)) return undefined;
    out.push({ key: str(t.get("key")), effect: str(t.get("effect")) });
  }
  if (attr) {
    const v = attr.value;
    if (isUnknown(v)) return undefined;
    const list = Array.isArray(v) ? attr.items() : attr.entries().map(([, n]) => n);
    for (const t of list) {
      if (isUnknown(t.value)) return undefined;
      out.push({ key: str(t.get("key")), effect: str(t.get("effect")) });
    }
  }
  return out;
}

function capacityOf(v: string | undefined): GpuPool["capacity"] {
  if (v === undefined) return undefined;
  const u = v.toUpperCase();
  if (u === "SPOT") return "spot";
  if (u === "CAPACITY_BLOCK") return "capacity-block";
  if (u === "ON_DEMAND" || u === "REGULAR") return "on-demand";
  return undefined;
}

function byAddress(set: TerraformSet): Map<string, TfObject> {
  const m = new Map<string, TfObject>();
  for (const o of set.objects) m.set(`${o.module}\u0000${o.address}`, o);
  return m;
}

/** The launch template a block names (HCL: `launch_template { id = aws_launch_template.x.id }`). */
function launchTemplate(set: TerraformSet, o: TfObject, lt: TfNode | undefined): TfObject | undefined {
  const ref =
    lt?.get("id")?.ref() ??
    lt?.get("name")?.ref() ??
    lt?.get("launch_template_id")?.ref() ??
    lt?.get("launch_template_name")?.ref();
  if (!ref?.startsWith("aws_launch_template.")) return undefined;
  return byAddressOf(set).get(`${o.module}\u0000${ref}`);
}

/** What a launch template says about EFA: interfaces, a placement group, the security groups of the EFA interfaces. */
function launchTemplateNetwork(
  set: TerraformSet,
  o: TfObject,
  lt: TfObject,
): Pick<GpuPool, "efa" | "placement" | "efaSecurityGroups"> {
  const efaIfs = lt.body
    .blocks("network_interfaces")
    .filter((n) => EFA_INTERFACE_TYPE.test(str(n.get("interface_type")) ?? ""));
  const placement = lt.body.blocks("placement").some((p) => p.get("group_name") !== undefined);
  let efaSecurityGroups: GpuPool["efaSecurityGroups"];
  if (efaIfs.length > 0) {
    const node =
      efaIfs.map((n) => n.get("security_groups")).find((n) => n !== undefined) ?? lt.body.get("vpc_security_group_ids");
    const refs = node?.items().map((i) => i.ref());
    const index = byAddressOf(set);
    if (
      node &&
      refs &&
      refs.length > 0 &&
      refs.every((r) => r?.startsWith("aws_security_group.") && index.has(`${o.module}\u0000${r}`))
    )
      efaSecurityGroups = { node, addresses: refs as string[] };
  }
  return { efa: efaIfs.length > 0, placement, ...(efaSecurityGroups ? { efaSecurityGroups } : {}) };
}

const byAddressOf = perSet(byAddress);

function eksNodeGroup(set: TerraformSet, o: TfObject): GpuPool {
  const b = o.body;
  const lt = launchTemplate(set, o, b.blocks("launch_template")[0]);
  let typeNode = b.get("instance_types");
  let types = stringsOf(typeNode);
  if (types.length === 0 && lt) {
    typeNode = lt.body.get("instance_type");
    types = stringsOf(typeNode);
  }
  const sc = b.blocks("scaling_config")[0];
  const ami = b.get("ami_type");
  const net = lt ? launchTemplateNetwork(set, o, lt) : undefined;
  return {
    object: o,
    name: o.address,
    cloud: "aws",
    at: b.at,
    body: b,
    typeNode,
    types,
    ...accel(types),
    perNode: accel(types).row?.count,
    image: str(ami) !== undefined ? { value: str(ami) as string, node: ami, defaulted: false } : undefined,
    driverDisabled: undefined,
    min: size(sc?.get("min_size")),
    desired: size(sc?.get("desired_size")),
    max: size(sc?.get("max_size")),
    perZone: false,
    taints: taintsOf(b.blocks("taint"), undefined),
    capacity: capacityOf(str(b.get("capacity_type"))) ?? (b.get("capacity_type") ? undefined : "on-demand"),
    efa: net ? net.efa : o.origin === "hcl" ? false : undefined,
    placement: net ? net.placement : o.origin === "hcl" ? false : undefined,
    ...(net?.efaSecurityGroups ? { efaSecurityGroups: net.efaSecurityGroups } : {}),
  };
}

/**
 * A self-managed pool: `aws_autoscaling_group` with a launch template (`launch_template {}` or
 * `mixed_instances_policy.launch_template`), sizes `min_size`/`desired_capacity`/`max_size`. Its
 * taints and image are set in the node bootstrap and the AMI, which are not read: not known here.
 */
function autoscalingGroup(set: TerraformSet, o: TfObject): GpuPool {
  const b = o.body;
  const mip = b.blocks("mixed_instances_policy")[0];
  const mipLt = mip?.blocks("launch_template")[0];
  const lt = launchTemplate(
    set,
    o,
    b.blocks("launch_template")[0] ?? mipLt?.blocks("launch_template_specification")[0],
  );
  const overrides = mipLt?.blocks("override") ?? [];
  let typeNode: TfNode | undefined = overrides[0]?.get("instance_type");
  let types = overrides.flatMap((ov) => stringsOf(ov.get("instance_type")));
  if (types.length === 0 && lt) {
    typeNode = lt.body.get("instance_type");
    types = stringsOf(typeNode);
  }
  const net = lt ? launchTemplateNetwork(set, o, lt) : undefined;
  const dist = mip?.blocks("instances_distribution")[0];
  const market = lt?.body.blocks("instance_market_options")[0];
  const marketType = str(market?.get("market_type"));
  const onDemandPct = num(dist?.get("on_demand_percentage_above_base_capacity"));
  const onDemandBase = num(dist?.get("on_demand_base_capacity"));
  // The template's market type wins; a mixed-instances policy with no on-demand share is Spot;
  // a market or share written but not known here leaves the capacity unknown.
  let capacity: GpuPool["capacity"] = "on-demand";
  if (marketType === "spot" || (onDemandPct === 0 && (onDemandBase ?? 0) === 0)) capacity = "spot";
  else if (marketType === "capacity-block") capacity = "capacity-block";
  else if (
    market?.get("market_type") ||
    (onDemandPct === undefined && dist?.get("on_demand_percentage_above_base_capacity"))
  )
    capacity = undefined;
  const a = accel(types);
  const min = size(b.get("min_size"));
  return {
    object: o,
    name: o.address,
    cloud: "aws",
    at: b.at,
    body: b,
    typeNode,
    types,
    ...a,
    perNode: a.row?.count,
    image: undefined,
    driverDisabled: undefined,
    min,
    desired: b.get("desired_capacity") ? size(b.get("desired_capacity")) : min,
    max: size(b.get("max_size")),
    perZone: false,
    taints: undefined,
    capacity,
    efa: net ? net.efa : o.origin === "hcl" ? false : undefined,
    // The group's own `placement_group`, else the template's `placement {}`.
    placement:
      b.get("placement_group") !== undefined || net?.placement === true
        ? true
        : net || o.origin === "hcl"
          ? false
          : undefined,
    ...(net?.efaSecurityGroups ? { efaSecurityGroups: net.efaSecurityGroups } : {}),
  };
}

/** One entry of the EKS module's `eks_managed_node_groups` (v21 inputs and defaults, A4). */
function moduleNodeGroup(
  o: TfObject,
  key: string,
  g: TfNode,
  defaults: TfNode | undefined,
  selfManaged: boolean,
): GpuPool {
  const get = (name: string): TfNode | undefined => g.get(name) ?? defaults?.get(name);
  const typeNode = selfManaged ? get("instance_type") : get("instance_types");
  const types = stringsOf(typeNode);
  const ami = get("ami_type");
  const amiValue = str(ami);
  const efaNode = get("enable_efa_support");
  const efa = bool(efaNode);
  const a = accel(types);
  const capacity = get("capacity_type");
  return {
    object: o,
    name: `${o.address}.${selfManaged ? "self_managed_node_groups" : "eks_managed_node_groups"}["${key}"]`,
    cloud: "aws",
    at: g.at,
    body: g,
    typeNode,
    types,
    ...a,
    perNode: a.row?.count,
    image:
      amiValue !== undefined
        ? { value: amiValue, node: ami, defaulted: false }
        : ami === undefined
          ? { value: EKS_MODULE_DEFAULT_AMI_TYPE, node: undefined, defaulted: true }
          : undefined,
    driverDisabled: undefined,
    min: size(get("min_size"), get("min_size") ? undefined : 1),
    desired: size(get("desired_size"), get("desired_size") ? undefined : 1),
    max: size(get("max_size"), get("max_size") ? undefined : 3),
    perZone: false,
    taints: selfManaged ? undefined : taintsOf([], get("taints")),
    capacity: capacity ? capacityOf(str(capacity)) : "on-demand",
    efa: efaNode ? efa : false,
    // v21 creates a cluster placement group whenever EFA support is on.
    placement: efaNode ? efa : false,
  };
}

function eksModule(o: TfObject): GpuPool[] {
  const out: GpuPool[] = [];
  if (MODULE_EKS_MNG.test(o.type)) {
    out.push({ ...moduleNodeGroup(o, o.name, o.body, undefined, false), name: o.address });
    return out;
  }
  if (!MODULE_EKS.test(o.type)) return out;
  for (const [attr, self] of [
    ["eks_managed_node_groups", false],
    ["self_managed_node_groups", true],
  ] as const) {
    const groups = o.body.get(attr);
    const defaults = o.body.get(
      attr === "eks_managed_node_groups" ? "eks_managed_node_group_defaults" : "self_managed_node_group_defaults",
    );
    for (const [key, g] of groups?.entries() ?? [])
      if (!isUnknown(g.value)) out.push(moduleNodeGroup(o, key, g, defaults, self));
  }
  return out;
}

function gkeNodePool(o: TfObject, b: TfNode, name: string, cluster: string | undefined): GpuPool {
  const nc = b.blocks("node_config")[0];
  const typeNode = nc?.get("machine_type");
  const types = stringsOf(typeNode);
  const ga = nc?.blocks("guest_accelerator") ?? [];
  const gaCount = ga.reduce((n, g) => n + (num(g.get("count")) ?? 0), 0);
  const a = accel(types);
  // N1 machines take attached GPUs: a guest_accelerator makes the pool a GPU pool.
  const stack = a.stack ?? (gaCount > 0 ? "nvidia" : undefined);
  const driverNode = ga
    .flatMap((g) => g.blocks("gpu_driver_installation_config"))
    .map((c) => c.get("gpu_driver_version"))
    .find((d) => str(d) === "INSTALLATION_DISABLED");
  const as = b.blocks("autoscaling")[0];
  const total = as?.get("total_min_node_count") !== undefined || as?.get("total_max_node_count") !== undefined;
  const count = b.get("node_count") ?? b.get("initial_node_count");
  const minN = as ? (as.get("total_min_node_count") ?? as.get("min_node_count")) : count;
  const maxN = as ? (as.get("total_max_node_count") ?? as.get("max_node_count")) : count;
  const placement = b.blocks("placement_policy").some((p) => str(p.get("type")) === "COMPACT");
  return {
    object: o,
    name,
    cloud: "gcp",
    at: b.at,
    body: b,
    typeNode,
    types,
    stack,
    row: a.row,
    perNode: gaCount > 0 ? gaCount : a.row?.count,
    image: str(nc?.get("image_type"))
      ? { value: str(nc?.get("image_type")) as string, node: nc?.get("image_type"), defaulted: false }
      : undefined,
    driverDisabled: driverNode,
    min: size(minN),
    desired: size(count ?? minN),
    max: size(maxN),
    perZone: !total,
    taints: nc ? taintsOf(nc.blocks("taint"), undefined) : [],
    capacity: bool(nc?.get("spot")) || bool(nc?.get("preemptible")) ? "spot" : "on-demand",
    efa: undefined,
    placement,
    ...(cluster ? { cluster } : {}),
  };
}

function aksPool(o: TfObject, b: TfNode, name: string): GpuPool {
  const typeNode = b.get("vm_size");
  const types = stringsOf(typeNode);
  const a = accel(types);
  const auto = bool(b.get("auto_scaling_enabled") ?? b.get("enable_auto_scaling")) === true;
  const count = b.get("node_count");
  const taintNode = b.get("node_taints");
  let taints: PoolTaint[] | undefined = [];
  if (taintNode) {
    const v = taintNode.value;
    if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) taints = undefined;
    else
      taints = (v as string[]).map((t) => {
        const m = /^([^=:]+)(?:=[^:]*)?:(\w+)$/.exec(t);
        return { key: m?.[1], effect: m?.[2] };
      });
  }
  if (bool(b.get("only_critical_addons_enabled"))) taints?.push({ key: "CriticalAddonsOnly", effect: "NoSchedule" });
  const driver = b.get("gpu_driver");
  return {
    object: o,
    name,
    cloud: "azure",
    at: b.at,
    body: b,
    typeNode,
    types,
    ...a,
    perNode: a.row?.count,
    image: undefined,
    driverDisabled: str(driver) === "None" ? driver : undefined,
    min: size(auto ? b.get("min_count") : count),
    desired: size(count ?? (auto ? b.get("min_count") : undefined)),
    max: size(auto ? b.get("max_count") : count),
    perZone: false,
    taints,
    capacity: str(b.get("priority")) === "Spot" ? "spot" : "on-demand",
    efa: undefined,
    placement: undefined,
  };
}

/** Every node pool Terraform declares in the set, GPU or not. */
export const nodePools = perSet((set: TerraformSet): GpuPool[] => {
  const out: GpuPool[] = [];
  for (const o of set.objects) {
    if (o.mode === "module") out.push(...eksModule(o));
    if (o.mode !== "resource") continue;
    if (o.actions && !o.actions.includes("create") && !o.actions.includes("update") && !o.actions.includes("no-op"))
      continue;
    switch (o.type) {
      case "aws_eks_node_group":
        out.push(eksNodeGroup(set, o));
        break;
      case "aws_autoscaling_group":
        out.push(autoscalingGroup(set, o));
        break;
      case "google_container_node_pool":
        out.push(gkeNodePool(o, o.body, o.address, o.body.get("cluster")?.ref() ?? str(o.body.get("cluster"))));
        break;
      case "azurerm_kubernetes_cluster_node_pool":
        out.push(aksPool(o, o.body, o.address));
        break;
      case "azurerm_kubernetes_cluster": {
        const d = o.body.blocks("default_node_pool")[0];
        if (d) out.push(aksPool(o, d, `${o.address}.default_node_pool`));
        break;
      }
    }
  }
  return out;
});

/** The pools whose nodes carry accelerators. */
export function gpuPools(set: TerraformSet): GpuPool[] {
  return nodePools(set).filter((p) => p.stack !== undefined);
}
