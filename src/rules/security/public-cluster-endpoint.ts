import { bool, type TfNode, type TfObject } from "../../model/terraform.js";
import { dedent } from "../../util/dedent.js";
import { reportAt, tf, tfInvalid } from "../terraform/_util.js";
import { defineRule } from "../types.js";

const WORLD = new Set(["0.0.0.0/0", "::/0"]);

function worldEntry(list: TfNode | undefined): TfNode | undefined {
  return list?.items().find((i) => typeof i.value === "string" && WORLD.has(i.value));
}

const EKS_MODULE = /(^|\/)terraform-aws-modules\/eks\/aws$|terraform-aws-eks(\.git)?(\?|$)/;

/** The node that makes the cluster's API endpoint reachable from anywhere, and what it says. */
function openEndpoint(o: TfObject): { at: TfNode | TfObject["body"]; why: string } | undefined {
  const b = o.body;
  if (o.mode === "resource" && o.type === "aws_eks_cluster") {
    const vpc = b.blocks("vpc_config")[0];
    if (!vpc) return undefined;
    const pub = vpc.get("endpoint_public_access");
    // The EKS API's defaults: public access on, from 0.0.0.0/0.
    if (pub ? bool(pub) !== true : false) return undefined;
    const cidrs = vpc.get("public_access_cidrs");
    if (cidrs) {
      const w = worldEntry(cidrs);
      return w ? { at: w, why: `public_access_cidrs holds ${String(w.value)}` } : undefined;
    }
    return {
      at: pub ?? vpc,
      why: pub
        ? "endpoint_public_access = true without public_access_cidrs (EKS then allows 0.0.0.0/0)"
        : "vpc_config sets neither endpoint_public_access nor public_access_cidrs (EKS then serves the endpoint publicly to 0.0.0.0/0)",
    };
  }
  if (o.mode === "module" && EKS_MODULE.test(o.type)) {
    // v21 names (endpoint_*) and v20 names (cluster_endpoint_*); both default to private.
    for (const prefix of ["endpoint_", "cluster_endpoint_"]) {
      const pub = b.get(`${prefix}public_access`);
      if (bool(pub) !== true) continue;
      const cidrs = b.get(`${prefix}public_access_cidrs`);
      if (cidrs) {
        const w = worldEntry(cidrs);
        if (w) return { at: w, why: `${prefix}public_access_cidrs holds ${String(w.value)}` };
        continue;
      }
      return {
        at: pub as TfNode,
        why: `${prefix}public_access = true without ${prefix}public_access_cidrs (the module's default is 0.0.0.0/0)`,
      };
    }
    return undefined;
  }
  if (o.mode === "resource" && o.type === "google_container_cluster") {
    for (const m of b.blocks("master_authorized_networks_config"))
      for (const c of m.blocks("cidr_blocks")) {
        const w = c.get("cidr_block");
        if (typeof w?.value === "string" && WORLD.has(w.value))
          return { at: w, why: `master_authorized_networks_config authorizes ${w.value}` };
      }
    return undefined;
  }
  if (o.mode === "resource" && o.type === "azurerm_kubernetes_cluster") {
    const p = b.blocks("api_server_access_profile")[0];
    const w = worldEntry(p?.get("authorized_ip_ranges"));
    return w ? { at: w, why: `api_server_access_profile.authorized_ip_ranges holds ${String(w.value)}` } : undefined;
  }
  return undefined;
}

export default defineRule({
  id: "security/public-cluster-endpoint",
  category: "security",
  severity: "warning",
  summary:
    "A cluster's Kubernetes API endpoint (EKS, GKE, AKS in Terraform) is reachable from the whole internet (0.0.0.0/0)",
  rationale:
    "The API server of a GPU cluster controls hardware that costs tens of dollars an hour per node, and the workloads, Secrets and model weights on it. Open to 0.0.0.0/0 it is one leaked kubeconfig, token or API-server vulnerability away from cryptomining on the GPUs. An aws_eks_cluster whose vpc_config sets neither `endpoint_public_access` nor `public_access_cidrs` gets a public endpoint open to 0.0.0.0/0 (the EKS API's defaults); terraform-aws-modules/eks keeps the endpoint private unless `endpoint_public_access = true` (v20: `cluster_endpoint_public_access`), and then allows 0.0.0.0/0 unless given CIDRs. GKE's master authorized networks and AKS's authorized IP ranges restrict the endpoint only when they leave 0.0.0.0/0 out.",
  remediation:
    "Keep the endpoint private (`endpoint_public_access = false`, reach it through a VPN or bastion), or list the networks that need it: `public_access_cidrs` (aws_eks_cluster), `endpoint_public_access_cidrs` (terraform-aws-modules/eks), `master_authorized_networks_config` (GKE), `api_server_access_profile.authorized_ip_ranges` (AKS).",
  links: [
    {
      title: "Amazon EKS: cluster API server endpoint (public access defaults)",
      url: "https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html",
    },
    {
      title: "EKS API: VpcConfigRequest (endpointPublicAccess, publicAccessCidrs)",
      url: "https://docs.aws.amazon.com/eks/latest/APIReference/API_VpcConfigRequest.html",
    },
    {
      title: "terraform-aws-modules/eks: variables (endpoint_public_access, endpoint_public_access_cidrs)",
      url: "https://github.com/terraform-aws-modules/terraform-aws-eks/blob/master/variables.tf",
    },
  ],
  examples: {
    valid: [
      tf(
        "an EKS cluster with a private endpoint",
        dedent`
          resource "aws_eks_cluster" "ml" {
            name     = "ml"
            role_arn = aws_iam_role.cluster.arn
            vpc_config {
              subnet_ids              = var.subnet_ids
              endpoint_private_access = true
              endpoint_public_access  = false
            }
          }
        `,
      ),
      tf(
        "the EKS module with a public endpoint for the office only",
        dedent`
          module "eks" {
            source                       = "terraform-aws-modules/eks/aws"
            endpoint_public_access       = true
            endpoint_public_access_cidrs = ["203.0.113.0/24"]
          }
        `,
      ),
      tf(
        "the EKS module's default: a private endpoint",
        dedent`
          module "eks" {
            source = "terraform-aws-modules/eks/aws"
            name   = "ml"
          }
        `,
      ),
    ],
    invalid: [
      tfInvalid(
        "an EKS cluster whose vpc_config leaves the EKS defaults (public, 0.0.0.0/0)",
        dedent`
          resource "aws_eks_cluster" "ml" {
            name     = "ml"
            role_arn = aws_iam_role.cluster.arn
            vpc_config {
              subnet_ids = var.subnet_ids
            }
          }
        `,
        [
          {
            line: 4,
            column: 3,
            message: /aws_eks_cluster\.ml.*sets neither endpoint_public_access nor public_access_cidrs/,
          },
        ],
      ),
      tfInvalid(
        "the EKS module (v20 names) with a public endpoint and no CIDRs",
        dedent`
          module "eks" {
            source                         = "terraform-aws-modules/eks/aws"
            version                        = "20.37.2"
            cluster_endpoint_public_access = true
          }
        `,
        [{ line: 4, column: 36, message: /cluster_endpoint_public_access = true without/ }],
      ),
      tfInvalid(
        "AKS: authorized IP ranges that include everyone",
        dedent`
          resource "azurerm_kubernetes_cluster" "ml" {
            name = "ml"
            api_server_access_profile {
              authorized_ip_ranges = ["0.0.0.0/0"]
            }
          }
        `,
        [{ line: 4, column: 29, message: /authorized_ip_ranges holds 0\.0\.0\.0\/0/ }],
      ),
    ],
  },
  set(set, ctx) {
    if (!set.terraform) return;
    for (const o of set.terraform.objects) {
      const open = openEndpoint(o);
      if (!open) continue;
      reportAt(
        ctx,
        open.at,
        `${o.address}: the Kubernetes API endpoint is open to the internet: ${open.why}; keep it private or list the networks that need it`,
      );
    }
  },
});
