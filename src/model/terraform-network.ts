import { ALL_PROTOCOLS } from "../catalog/efa.js";
import { isObject } from "./resource.js";
import { perSet } from "./set-index.js";
import { bool, str, type TerraformSet, type TfNode, type TfObject } from "./terraform.js";
import { isUnknown } from "./terraform-eval.js";

/**
 * Whether an AWS security group lets all traffic in from itself and out to itself: what EFA needs
 * between the instances it connects ("the security group must allow all inbound and outbound
 * traffic to and from the security group itself", EC2 user guide, EFA; EKS node-efa docs; the
 * terraform-aws-modules/eks module adds both rules, `ip_protocol = "-1"`, `self = true`, for an
 * EFA node group). Terraform removes the default allow-all egress rule of an `aws_security_group`
 * it creates (hashicorp/aws `aws_security_group` docs), so the outbound rule must be written too;
 * an egress rule to 0.0.0.0/0 on all protocols includes the group itself.
 *
 * The rules are read from the group's inline `ingress {}`/`egress {}` blocks and from
 * `aws_security_group_rule`, `aws_vpc_security_group_ingress_rule` and
 * `aws_vpc_security_group_egress_rule` resources of the same module. `undefined`: not known here
 * (a `dynamic` block, a rule whose group or protocol is not known).
 */
export interface SelfTraffic {
  ingress: boolean | undefined;
  egress: boolean | undefined;
}

const ANYWHERE = new Set(["0.0.0.0/0"]);

type Verdict = boolean | undefined;

/** true if any is true, else undefined if any is unknown, else false. */
function any(vs: Verdict[]): Verdict {
  if (vs.includes(true)) return true;
  return vs.includes(undefined) ? undefined : false;
}

function allProtocols(n: TfNode | undefined): Verdict {
  if (!n) return false;
  if (isUnknown(n.value)) return undefined;
  const p = str(n);
  return p !== undefined && ALL_PROTOCOLS.has(p);
}

function listHas(n: TfNode | undefined, test: (item: TfNode) => Verdict): Verdict {
  if (!n) return false;
  if (isUnknown(n.value)) return undefined;
  return any(n.items().map(test));
}

/** An inline `ingress {}`/`egress {}` block of the group itself. */
function inlineRule(b: TfNode, direction: "ingress" | "egress"): Verdict {
  if (isUnknown(b.value)) return undefined; // dynamic "ingress" { … }
  const proto = allProtocols(b.get("protocol"));
  if (proto === false) return false;
  const self = bool(b.get("self"));
  const selfV: Verdict = b.get("self") && self === undefined ? undefined : self === true;
  const open =
    direction === "egress"
      ? listHas(b.get("cidr_blocks"), (i) => (isUnknown(i.value) ? undefined : ANYWHERE.has(String(i.value))))
      : false;
  const r = any([selfV, open]);
  return r === true && proto === undefined ? undefined : r;
}

/** The groups a rule resource's `security_group_id` names: its reference, or undefined when not a plain reference. */
function groupOf(n: TfNode | undefined): string | undefined {
  return n?.ref();
}

function standaloneRule(o: TfObject, sg: string, direction: "ingress" | "egress"): Verdict | "other" {
  const b = o.body;
  if (o.type === "aws_security_group_rule") {
    const type = str(b.get("type"));
    if (type === undefined) return isUnknown(b.get("type")?.value) ? undefined : "other";
    if (type !== direction) return "other";
  } else if (o.type !== `aws_vpc_security_group_${direction}_rule`) return "other";
  const target = groupOf(b.get("security_group_id"));
  if (target === undefined) return b.get("security_group_id") ? undefined : "other";
  if (target !== sg) return "other";
  const proto = allProtocols(b.get(o.type === "aws_security_group_rule" ? "protocol" : "ip_protocol"));
  if (proto === false) return false;
  const peerKey = o.type === "aws_security_group_rule" ? "source_security_group_id" : "referenced_security_group_id";
  const peer = b.get(peerKey);
  const selfFlag = bool(b.get("self")) === true;
  const selfV: Verdict = selfFlag || peer?.ref() === sg ? true : peer && peer.ref() === undefined ? undefined : false;
  const cidrKey = o.type === "aws_security_group_rule" ? "cidr_blocks" : "cidr_ipv4";
  const cidr = b.get(cidrKey);
  const open: Verdict =
    direction === "egress" && cidr
      ? isUnknown(cidr.value)
        ? undefined
        : typeof cidr.value === "string"
          ? ANYWHERE.has(cidr.value)
          : listHas(cidr, (i) => (isUnknown(i.value) ? undefined : ANYWHERE.has(String(i.value))))
      : false;
  const r = any([selfV, open]);
  return r === true && proto === undefined ? undefined : r;
}

const objectsByModule = perSet((set: TerraformSet): Map<string, TfObject[]> => {
  const m = new Map<string, TfObject[]>();
  for (const o of set.objects) {
    if (o.mode !== "resource") continue;
    const list = m.get(o.module) ?? [];
    list.push(o);
    m.set(o.module, list);
  }
  return m;
});

/** Whether the security group `sg` (an `aws_security_group.NAME` address) of `module` admits and sends all traffic to itself. */
export function selfTraffic(set: TerraformSet, module: string, sg: string): SelfTraffic {
  const objects = objectsByModule(set).get(module) ?? [];
  const group = objects.find((o) => o.address === sg);
  const out: SelfTraffic = { ingress: false, egress: false };
  for (const direction of ["ingress", "egress"] as const) {
    const vs: Verdict[] = [];
    if (group) {
      if (!isObject(group.body.value) && isUnknown(group.body.value)) vs.push(undefined);
      for (const b of group.body.blocks(direction)) vs.push(inlineRule(b, direction));
    }
    for (const o of objects) {
      const v = standaloneRule(o, sg, direction);
      if (v !== "other") vs.push(v);
    }
    out[direction] = any(vs);
  }
  return out;
}
