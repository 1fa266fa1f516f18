import { describe, expect, it } from "vitest";
import { reviewTexts } from "./review.js";

const pool = (min: number, desired: number, max: number, type = "p5.48xlarge") => `resource "aws_eks_node_group" "gpu" {
  instance_types = ["${type}"]
  ami_type       = "AL2023_x86_64_NVIDIA"
  scaling_config {
    min_size     = ${min}
    desired_size = ${desired}
    max_size     = ${max}
  }
  taint {
    key    = "nvidia.com/gpu"
    effect = "NO_SCHEDULE"
  }
}
`;

describe("review of a Terraform change: GPU node pools", () => {
  it("prices a pool's size change at min, desired and max, and asks for review when the cost rises", () => {
    const r = reviewTexts(
      [{ path: "infra/main.tf", text: pool(0, 0, 4) }],
      [{ path: "infra/main.tf", text: pool(0, 2, 8) }],
    );
    expect(r.pools).toEqual([
      {
        pool: "aws_eks_node_group.gpu",
        module: "infra",
        action: "modified",
        before: {
          instanceType: "p5.48xlarge",
          acceleratorsPerNode: 8,
          nodes: { min: 0, desired: 0, max: 4 },
          monthlyUsd: { min: 0, desired: 0, max: 160716.8 },
        },
        after: {
          instanceType: "p5.48xlarge",
          acceleratorsPerNode: 8,
          nodes: { min: 0, desired: 2, max: 8 },
          monthlyUsd: { min: 0, desired: 80358.4, max: 321433.6 },
        },
        priceUnknown: false,
      },
    ]);
    expect(r.verdict).toBe("review");
    expect(r.reasons.map((x) => x.code)).toEqual(["cost-increase"]);
    expect(r.reasons[0]?.message).toMatch(/\$0\.00 a month → \$80,358\.40 a month at their desired size/);
  });

  it("allows a change that makes a pool cheaper, and one within --max-cost-increase", () => {
    expect(
      reviewTexts([{ path: "main.tf", text: pool(2, 2, 8) }], [{ path: "main.tf", text: pool(0, 0, 8) }]).verdict,
    ).toBe("allow");
    // 1 g6.xlarge node: $0.8048/h, $19.32 a day.
    const r = reviewTexts(
      [{ path: "main.tf", text: pool(0, 0, 2, "g6.xlarge") }],
      [{ path: "main.tf", text: pool(0, 1, 2, "g6.xlarge") }],
      { maxCostIncrease: 20 },
    );
    expect(r.verdict).toBe("allow");
    expect(r.pools).toHaveLength(1);
    expect(
      reviewTexts(
        [{ path: "main.tf", text: pool(0, 0, 2, "g6.xlarge") }],
        [{ path: "main.tf", text: pool(0, 1, 2, "g6.xlarge") }],
        { maxCostIncrease: 19 },
      ).verdict,
    ).toBe("review");
  });

  it("lists added and removed pools, and nothing for an unchanged one", () => {
    const added = reviewTexts([], [{ path: "main.tf", text: pool(0, 1, 2) }]);
    expect(added.pools.map((p) => p.action)).toEqual(["added"]);
    expect(added.pools[0]?.before).toBeUndefined();
    const removed = reviewTexts([{ path: "main.tf", text: pool(0, 1, 2) }], []);
    expect(removed.pools.map((p) => p.action)).toEqual(["removed"]);
    expect(removed.verdict).toBe("allow");
    expect(
      reviewTexts([{ path: "main.tf", text: pool(0, 1, 2) }], [{ path: "main.tf", text: pool(0, 1, 2) }]).pools,
    ).toEqual([]);
  });
});
