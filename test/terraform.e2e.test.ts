// End-to-end for Terraform: the built CLI on the hand-written fixtures (test/fixtures/terraform).
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, type JsonFinding, mlgate } from "./e2e.js";
import { expectValid } from "./schemas.js";

const fixtures = "test/fixtures/terraform";

type TfFinding = JsonFinding & { path: string };

function findings(args: string[]): TfFinding[] {
  const r = mlgate(["check", "-f", "json", ...args]);
  expect(r.stderr).toBe("");
  const out = JSON.parse(r.stdout) as { findings: TfFinding[] };
  expectValid("check.schema.json", out);
  return out.findings;
}

beforeAll(ensureBuilt);

describe("mlgate check on Terraform", () => {
  it("reports each mistake of infra/ (HCL per cloud and a plan) at its exact position", () => {
    const got = findings([`${fixtures}/infra`]).map(
      (f) => `${f.file.slice(`${fixtures}/infra/`.length)}:${f.line}:${f.column} ${f.ruleId}`,
    );
    expect(got).toEqual([
      "aws-child/modules/gpu-pool/main.tf:24:20 cost/gpu-pool-idle-minimum",
      "aws-json/main.tf.json:11:26 terraform/efa-multi-node",
      "aws-module/main.tf:17:28 security/public-cluster-endpoint",
      "aws-module/main.tf:27:16 terraform/gpu-pool-taint",
      "aws-module/main.tf:28:24 terraform/efa-multi-node",
      "aws-module/main.tf:28:24 terraform/gpu-node-image",
      "aws-module/main.tf:29:24 cost/gpu-pool-idle-minimum",
      "aws-module/main.tf:35:17 terraform/gpu-pool-taint",
      "aws-module/main.tf:36:24 cost/gpu-pool-idle-minimum",
      "aws-module/main.tf:61:20 security/open-ml-ingress",
      "aws-resources/addons.tf:3:18 terraform/hcl-syntax",
      "aws-resources/main.tf:10:19 terraform/efa-multi-node",
      "aws-resources/main.tf:16:26 terraform/efa-multi-node",
      "aws-resources/main.tf:28:1 terraform/gpu-pool-taint",
      "aws-resources/main.tf:33:21 terraform/gpu-node-image",
      "aws-resources/main.tf:63:23 security/open-ml-ingress",
      "azure/main.tf:20:1 terraform/gpu-pool-taint",
      "azure/main.tf:25:27 cost/gpu-pool-idle-minimum",
      "azure/main.tf:28:27 terraform/gpu-node-image",
      "azure/main.tf:47:34 security/open-ml-ingress",
      "gcp/main.tf:9:1 terraform/gpu-pool-taint",
      "gcp/main.tf:15:28 cost/gpu-pool-idle-minimum",
      "gcp/main.tf:25:30 terraform/gpu-node-image",
      "gcp/main.tf:62:20 security/open-ml-ingress",
      "karpenter/gpu-nodepool.yaml:18:1 reliability/karpenter-consolidation",
      "plan.json:88:18 terraform/gpu-pool-taint",
      "plan.json:89:23 terraform/gpu-node-image",
      "plan.json:104:27 cost/gpu-pool-idle-minimum",
    ]);
  });

  it("reads var defaults overridden by terraform.tfvars, and names Terraform objects in `resource`", () => {
    const idle = findings([`${fixtures}/infra/aws-module`]).find((f) => f.ruleId === "cost/gpu-pool-idle-minimum");
    // training_min defaults to 1; terraform.tfvars sets 2.
    expect(idle?.message).toMatch(/keeps 2 p5\.48xlarge nodes \(16 × NVIDIA H100 80GB\).*\$80,358 a month/);
    expect(idle?.resource).toEqual({ apiVersion: "terraform", kind: "module", name: "module.eks" });
    expect(idle?.path).toBe("eks_managed_node_groups.training.min_size");
  });

  it("reports nothing on the clean twins, and exits 0", () => {
    const r = mlgate(["check", `${fixtures}/clean`]);
    expect(r.stdout).toMatch(/0 errors, 0 warnings, 0 info in 13 documents from 12 files/);
    expect(r.code).toBe(0);
  });

  it("with --estimate, prices every GPU pool at its minimum, desired and maximum size, in text and JSON", () => {
    const text = mlgate(["check", "--estimate", `${fixtures}/clean/aws-module`]);
    expect(text.stdout).toMatch(
      /module\.eks\.eks_managed_node_groups\["training"\]: p5\.48xlarge, 8 × NVIDIA H100 80GB per node: nodes min 0: \$0, desired 0: \$0, max 8: \$321,434 a month on demand \(\$55\.04\/h per node, us-east-1, price of 2026-07-20\)/,
    );
    const json = findings(["--estimate", `${fixtures}/clean`]).filter((f) => f.ruleId === "cost/gpu-pool-cost");
    expect(json.map((f) => `${f.file.slice(fixtures.length + 7)}:${f.line}`)).toEqual([
      "aws-child/modules/gpu-pool/main.tf:15",
      "aws-json/main.tf.json:35",
      "aws-module/main.tf:31",
      "aws-module/main.tf:42",
      "aws-resources/main.tf:24",
      "azure/main.tf:21",
      "gcp/main.tf:10",
      "karpenter/gpu-nodepool.yaml:44",
      "plan.json:88",
    ]);
    expect(json.find((f) => f.file.endsWith("azure/main.tf"))?.message).toMatch(/max 2: \$143,547 a month on demand/);
  });

  it("points a syntax error at its line and column, and still checks the rest", () => {
    const r = mlgate(["check", `${fixtures}/infra/aws-resources`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/addons\.tf:3:18 +error +this string is never closed/);
    expect(r.stdout).toMatch(/main\.tf:33:21 +error/);
  });

  it("review: a Terraform change shows each GPU pool's monthly cost before and after, and its verdict", () => {
    const r = mlgate([
      "review",
      "--base",
      `${fixtures}/clean/aws-module`,
      "--head",
      `${fixtures}/infra/aws-module`,
      "--format",
      "json",
    ]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as {
      verdict: string;
      reasons: Array<{ code: string; message: string }>;
      pools: Array<{ pool: string; action: string; after: { monthlyUsd: { min: number } } }>;
    };
    expect(out.verdict).toBe("block");
    expect(out.reasons.find((x) => x.code === "cost-increase")?.message).toMatch(
      /GPU node pools: \$0\.00 a month → \$88,018\.00 a month at their desired size/,
    );
    // Both groups change ami_type, which EKS cannot change in place: the change replaces them.
    expect(out.pools.map((p) => `${p.action} ${p.pool} ${p.after.monthlyUsd.min}`)).toEqual([
      'replaced module.eks.eks_managed_node_groups["inference"] 7659.6',
      'replaced module.eks.eks_managed_node_groups["training"] 80358.4',
    ]);
    expectValid("review.schema.json", out);
    const text = mlgate(["review", "--base", `${fixtures}/clean/aws-module`, "--head", `${fixtures}/infra/aws-module`]);
    expect(text.stdout).toMatch(
      /replaced module\.eks\.eks_managed_node_groups\["training"\] \(\.\): p5\.48xlarge 0\/0\/8 nodes \$0\.00\/\$0\.00\/\$321,433\.60 → p5\.48xlarge 2\/2\/8 nodes .*; replaced: image AL2023_x86_64_NVIDIA → AL2023_x86_64_STANDARD/,
    );
  });

  it("review of a plan: the plan against its own `before`, a replaced node group is a change risk, the cost delta and the verdict", () => {
    const r = mlgate([
      "review",
      "--base",
      `${fixtures}/clean`,
      "--head",
      `${fixtures}/infra`,
      "--format",
      "json",
      "plan.json",
    ]);
    const out = JSON.parse(r.stdout) as {
      verdict: string;
      reasons: Array<{ code: string; message: string }>;
      findings: TfFinding[];
      pools: Array<{
        pool: string;
        action: string;
        replacedBecause?: string;
        before: { instanceType: string; monthlyUsd: { desired: number } };
        after: { instanceType: string; monthlyUsd: { desired: number } };
      }>;
    };
    expectValid("review.schema.json", out);
    expect(out.verdict).toBe("block");
    expect(
      out.pools.map((p) => [
        p.action,
        p.before.instanceType,
        p.after.instanceType,
        p.before.monthlyUsd.desired,
        p.after.monthlyUsd.desired,
      ]),
    ).toEqual([["replaced", "g5.48xlarge", "g6e.48xlarge", 23780.48, 43991.55]]);
    expect(out.pools[0]?.replacedBecause).toBe(
      "the plan's actions are delete, create (replace_because_cannot_update; forced by ami_type, instance_types)",
    );
    expect(out.reasons.find((x) => x.code === "cost-increase")?.message).toMatch(
      /\$23,780\.48 a month → \$43,991\.55 a month at their desired size/,
    );
    const replaced = out.findings.find((f) => f.ruleId === "terraform/node-pool-replaced");
    expect(`${replaced?.line}:${replaced?.column} ${replaced?.path}`).toBe("61:20 change.actions");
    expect(replaced?.message).toMatch(/its 2 nodes \(16 × NVIDIA A10G 24GB\) are destroyed and new ones created/);
  });

  it("check's JSON carries every GPU pool's nodes and monthly cost at min/desired/max, and the totals", () => {
    const r = mlgate(["check", "-f", "json", `${fixtures}/infra/aws-module`]);
    const out = JSON.parse(r.stdout) as {
      gpuPools: {
        pools: Array<{ pool: string; nodes: object; monthlyUsd: object; capacity: string }>;
        totalMonthlyUsd: object;
      };
    };
    expectValid("check.schema.json", out);
    expect(out.gpuPools.pools.map((p) => [p.pool, p.capacity, p.nodes, p.monthlyUsd])).toEqual([
      [
        'module.eks.eks_managed_node_groups["training"]',
        "on-demand",
        { min: 2, desired: 2, max: 8 },
        { min: 80358.4, desired: 80358.4, max: 321433.6 },
      ],
      [
        'module.eks.eks_managed_node_groups["inference"]',
        "spot",
        { min: 1, desired: 1, max: 6 },
        { min: 7659.6, desired: 7659.6, max: 45957.59 },
      ],
    ]);
    expect(out.gpuPools.totalMonthlyUsd).toEqual({ min: 88018, desired: 88018, max: 367391.19 });
    const text = mlgate(["check", "--estimate", `${fixtures}/infra/aws-module`]);
    expect(text.stdout).toMatch(
      /GPU node pools \(Terraform, Karpenter\): 2 pools, \$88,018 a month at their minimum, \$88,018 at their desired size, up to \$367,391 at their maximum/,
    );
  });

  it("a budget in the configuration: pools whose maximum can cost more are reported", () => {
    const r = mlgate(["check", "--config", `${fixtures}/budget.mlgate.yaml`, `${fixtures}/clean`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /clean\/gcp\/main\.tf:\d+:\d+ +warning google_container_node_pool\.h100 can grow to 4 a3-highgpu-8g nodes .*\$258,391 a month .*above the budget of \$200,000 a month/,
    );
  });
});
