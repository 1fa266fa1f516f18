import { type Endpoint, ML_PORTS } from "../../catalog/ml-endpoints.js";
import { num, str, type TfNode, type TfObject } from "../../model/terraform.js";
import { dedent } from "../../util/dedent.js";
import { reportAt, tf, tfInvalid } from "../terraform/_util.js";
import { defineRule } from "../types.js";

/** Source ranges that mean "anyone on the internet". */
const ANYWHERE = new Set(["0.0.0.0/0", "::/0", "*", "Internet", "Any", "any", "internet"]);

interface IngressRule {
  /** Inclusive port ranges; [[0, 65535]] for all ports. */
  ports: Array<[number, number]>;
  /** The node of the source range that is open to everyone. */
  open: TfNode;
}

function isAllProtocols(p: string | undefined): boolean {
  return p === "-1" || p === "all" || p === "*" || p === "Any";
}

function tcpOrAll(p: string | undefined): boolean {
  return p === undefined || isAllProtocols(p) || p.toLowerCase() === "tcp" || p === "6";
}

/** The source-range nodes of a list (or single string) that are open to anyone. */
function openSources(...lists: Array<TfNode | undefined>): TfNode[] {
  const out: TfNode[] = [];
  for (const l of lists) {
    if (!l) continue;
    if (typeof l.value === "string") {
      if (ANYWHERE.has(l.value)) out.push(l);
      continue;
    }
    for (const i of l.items()) if (typeof i.value === "string" && ANYWHERE.has(i.value)) out.push(i);
  }
  return out;
}

/** `"8265"`, `"8000-8100"`, `"*"` → a port range. */
function rangeOf(s: unknown): [number, number] | undefined {
  if (typeof s === "number") return [s, s];
  if (typeof s !== "string") return undefined;
  if (s === "*") return [0, 65535];
  const m = /^(\d+)(?:-(\d+))?$/.exec(s.trim());
  return m ? [Number(m[1]), Number(m[2] ?? m[1])] : undefined;
}

/** AWS: `ingress {}` of aws_security_group, aws_security_group_rule, aws_vpc_security_group_ingress_rule. */
function awsRule(b: TfNode, protocolKey: string, cidrKeys: string[]): IngressRule[] {
  const protocol = str(b.get(protocolKey));
  if (!tcpOrAll(protocol)) return [];
  const from = num(b.get("from_port"));
  const to = num(b.get("to_port"));
  const ports: Array<[number, number]> = isAllProtocols(protocol)
    ? [[0, 65535]]
    : from !== undefined && to !== undefined
      ? [[from, to]]
      : [];
  return openSources(...cidrKeys.map((k) => b.get(k))).map((open) => ({ ports, open }));
}

function gcpRule(o: TfObject): IngressRule[] {
  const b = o.body;
  if ((str(b.get("direction")) ?? "INGRESS") !== "INGRESS") return [];
  const open = openSources(b.get("source_ranges"));
  if (open.length === 0) return [];
  const ports: Array<[number, number]> = [];
  for (const a of b.blocks("allow")) {
    const protocol = str(a.get("protocol"));
    if (!tcpOrAll(protocol)) continue;
    const list = a.get("ports");
    const v = list?.value;
    if (!list || (Array.isArray(v) && v.length === 0)) ports.push([0, 65535]);
    else if (Array.isArray(v))
      for (const p of v) {
        const r = rangeOf(p);
        if (r) ports.push(r);
      }
  }
  return open.map((n) => ({ ports, open: n }));
}

function azureRule(b: TfNode): IngressRule[] {
  if (str(b.get("direction")) !== "Inbound" || str(b.get("access")) !== "Allow") return [];
  if (!tcpOrAll(str(b.get("protocol")))) return [];
  const open = openSources(b.get("source_address_prefix"), b.get("source_address_prefixes"));
  if (open.length === 0) return [];
  const ports: Array<[number, number]> = [];
  for (const p of [
    b.get("destination_port_range")?.value,
    ...((b.get("destination_port_ranges")?.value as unknown[]) ?? []),
  ]) {
    const r = rangeOf(p);
    if (r) ports.push(r);
  }
  return open.map((n) => ({ ports, open: n }));
}

function ingressRules(o: TfObject): IngressRule[] {
  switch (o.type) {
    case "aws_security_group":
      return o.body.blocks("ingress").flatMap((b) => awsRule(b, "protocol", ["cidr_blocks", "ipv6_cidr_blocks"]));
    case "aws_security_group_rule":
      return str(o.body.get("type")) === "ingress"
        ? awsRule(o.body, "protocol", ["cidr_blocks", "ipv6_cidr_blocks"])
        : [];
    case "aws_vpc_security_group_ingress_rule":
      return awsRule(o.body, "ip_protocol", ["cidr_ipv4", "cidr_ipv6"]);
    case "google_compute_firewall":
      return gcpRule(o);
    case "azurerm_network_security_rule":
      return azureRule(o.body);
    case "azurerm_network_security_group":
      return o.body.blocks("security_rule").flatMap(azureRule);
    default:
      return [];
  }
}

export default defineRule({
  id: "security/open-ml-ingress",
  category: "security",
  severity: "error",
  summary:
    "A cloud firewall rule in Terraform opens an ML tool's port (Ray dashboard 8265, Ray client 10001, Jupyter 8888, MLflow 5000, model servers 8000/8001, TensorBoard 6006) to the whole internet",
  rationale:
    "ML tools ship without authentication and assume a trusted network: the Ray dashboard's job API and the Ray client run any code on the cluster (exploited in the wild as ShadowRay, CVE-2023-48022), Jupyter runs code, MLflow serves and overwrites models, an OpenAI-compatible server without an API key spends its GPUs for anyone. A security group, VPC firewall or network security group that admits 0.0.0.0/0 (or ::/0, `*`, `Internet`) on their default ports, or on all ports, puts them on the internet the moment a node or load balancer listens there. Kubernetes Services that expose them are security/exposed-ml-endpoint's.",
  remediation:
    "Admit only the networks that need the port (a VPN or office range, the load balancer's security group), or reach the tool through `kubectl port-forward` or an authenticating proxy (IAP, oauth2-proxy).",
  links: [
    {
      title: "Ray security: do not expose Ray to untrusted networks",
      url: "https://docs.ray.io/en/latest/ray-security/index.html",
    },
    { title: "CVE-2023-48022 (ShadowRay)", url: "https://nvd.nist.gov/vuln/detail/CVE-2023-48022" },
    {
      title: "aws_security_group: ingress blocks",
      url: "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group",
    },
  ],
  examples: {
    valid: [
      tf(
        "the Ray dashboard open to the office range only, HTTPS open to all",
        dedent`
          resource "aws_security_group" "ray" {
            name = "ray"
            ingress {
              from_port   = 8265
              to_port     = 8265
              protocol    = "tcp"
              cidr_blocks = ["10.20.0.0/16"]
            }
            ingress {
              from_port   = 443
              to_port     = 443
              protocol    = "tcp"
              cidr_blocks = ["0.0.0.0/0"]
            }
          }
        `,
      ),
      tf(
        "a range from a variable that cannot be known here",
        dedent`
          variable "admin_cidrs" {}

          resource "aws_vpc_security_group_ingress_rule" "jupyter" {
            security_group_id = aws_security_group.nb.id
            ip_protocol       = "tcp"
            from_port         = 8888
            to_port           = 8888
            cidr_ipv4         = var.admin_cidrs
          }
        `,
      ),
    ],
    invalid: [
      tfInvalid(
        "the Ray dashboard and Jupyter open to the internet",
        dedent`
          resource "aws_security_group" "ray" {
            name = "ray"
            ingress {
              from_port   = 8265
              to_port     = 8265
              protocol    = "tcp"
              cidr_blocks = ["10.0.0.0/8", "0.0.0.0/0"]
            }
          }

          resource "aws_vpc_security_group_ingress_rule" "jupyter" {
            security_group_id = aws_security_group.ray.id
            ip_protocol       = "tcp"
            from_port         = 8888
            to_port           = 8888
            cidr_ipv4         = "0.0.0.0/0"
          }
        `,
        [
          { line: 7, column: 34, message: /port 8265 \(the Ray dashboard\) to 0\.0\.0\.0\/0/ },
          { line: 16, column: 23, message: /port 8888 \(a Jupyter server\)/ },
        ],
      ),
      tfInvalid(
        "GCP: a firewall allowing the MLflow and vLLM ports from anywhere",
        dedent`
          resource "google_compute_firewall" "ml" {
            name          = "ml"
            network       = "default"
            source_ranges = ["0.0.0.0/0"]
            allow {
              protocol = "tcp"
              ports    = ["5000", "8000-8001"]
            }
          }
        `,
        [{ line: 4, column: 20, message: /ports 5000 \(an MLflow tracking server\), 8000.*8001/, severity: "warning" }],
      ),
      tfInvalid(
        "Azure: an inbound rule for every port from the internet",
        dedent`
          resource "azurerm_network_security_rule" "all" {
            name                        = "all"
            direction                   = "Inbound"
            access                      = "Allow"
            protocol                    = "*"
            source_address_prefix       = "Internet"
            destination_port_range      = "*"
            priority                    = 100
          }
        `,
        [{ line: 6, column: 33, message: /all ports, among them .*8265 \(the Ray dashboard\)/ }],
      ),
    ],
  },
  set(set, ctx) {
    if (!set.terraform) return;
    for (const o of set.terraform.objects) {
      if (o.mode !== "resource") continue;
      for (const r of ingressRules(o)) {
        const all = r.ports.some(([a, b]) => a <= 1 && b >= 65535);
        const hit = ML_PORTS.filter(({ port }) => r.ports.some(([a, b]) => a <= port && port <= b));
        if (hit.length === 0) continue;
        const severity: Endpoint["severity"] = hit.some((h) => h.endpoint.severity === "error") ? "error" : "warning";
        const names = hit.map((h) => `${h.port} (${h.endpoint.what})`).join(", ");
        const what = all ? `all ports, among them ${names},` : `port${hit.length > 1 ? "s" : ""} ${names}`;
        const why = hit.length === 1 ? `: ${(hit[0] as (typeof hit)[number]).endpoint.why}` : "";
        reportAt(
          ctx,
          r.open,
          `${o.address} opens ${what} to ${String(r.open.value)}${why}; admit only the networks that need it`,
          {
            severity,
          },
        );
      }
    }
  },
});
