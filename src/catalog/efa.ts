/**
 * What multi-node training over EFA needs on AWS, as data for terraform/efa-multi-node and the
 * Terraform model. Read 2026-12-04 (../shared/research/terraform-gpu.md §2):
 * - EFA interfaces per instance type: `vpc.amazonaws.com/efa` in aws/karpenter-provider-aws@1d927085dd81
 *   docs/reference/instance-types.md (EC2 EfaInfo.MaximumEfaInterfaces), kept per type in instance-types.ts.
 * - Interfaces: one `network_interfaces {}` per network card with `interface_type = "efa"` in the
 *   launch template (hashicorp/terraform-provider-aws launch_template docs; terraform-aws-modules/eks
 *   modules/eks-managed-node-group/main.tf).
 * - Placement: AWS places EFA training nodes in a `cluster` placement group (awsdocs/amazon-eks-user-guide
 *   latest/ug/ml/node-efa.adoc).
 * - Security group: "must allow all inbound and outbound traffic to and from the security group
 *   itself" (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/efa-start.html#efa-start-security);
 *   Terraform removes the default allow-all egress rule of an `aws_security_group` it creates
 *   (hashicorp/terraform-provider-aws security_group docs), so the outbound rule must be written too.
 * - terraform-aws-modules/eks v21 (@bef29c4d9523): a node group with `enable_efa_support = true`
 *   gets the EFA interfaces, a cluster placement group and the self-referencing rules by itself.
 */

/**
 * The fewest EFA interfaces of the instance types treated as multi-node training types: p4d/p4de
 * and g6e.48xlarge have 4, p6-b200 and trn1 8, p5en and trn1n 16, p5 32. Types with one or two
 * (g5, g6, g6e up to 24xlarge) are mostly used for inference and are left alone.
 */
export const MIN_TRAINING_EFA_INTERFACES = 4;

/** The interface types that carry EFA traffic (`efa`, and `efa-only` on cards other than 0). */
export const EFA_INTERFACE_TYPE = /^efa(-only)?$/;

/** Protocol values that mean all traffic in AWS security-group rules. */
export const ALL_PROTOCOLS: ReadonlySet<string> = new Set(["-1", "all"]);
