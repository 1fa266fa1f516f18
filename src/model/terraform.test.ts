// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} is HCL interpolation syntax, not a JS template
import { describe, expect, it } from "vitest";
import { buildSet } from "../check.js";
import { SourceFile } from "../load/types.js";
import type { TerraformSet } from "./terraform.js";
import { UNKNOWN } from "./terraform-eval.js";
import { nodePools } from "./terraform-pools.js";

function tfSet(files: Record<string, string>): TerraformSet {
  const { set } = buildSet(Object.entries(files).map(([p, t]) => new SourceFile(p, t)));
  if (!set.terraform) throw new Error("no terraform");
  return set.terraform;
}

/** The value of `out` in a `locals` block evaluated with the given other files. */
function value(expr: string, extra: Record<string, string> = {}): unknown {
  const set = tfSet({
    "infra/main.tf": `resource "x" "y" {\n  out = ${expr}\n}\n`,
    ...extra,
  });
  return set.objects[0]?.body.get("out")?.value;
}

describe("Terraform evaluation", () => {
  it("evaluates literals, operators, conditionals and templates", () => {
    expect(value('"p5.${48}xlarge"')).toBe("p5.48xlarge");
    expect(value("2 * 3 + 1 >= 7 && !false")).toBe(true);
    expect(value('1 > 2 ? "a" : "b"')).toBe("b");
    expect(value("-4 % 3")).toBe(-1);
  });

  it("reads var.* from defaults, overridden by terraform.tfvars and *.auto.tfvars but not other .tfvars", () => {
    const vars = { "infra/vars.tf": 'variable "n" {\n  default = 1\n}\nvariable "m" {\n  default = 5\n}\n' };
    expect(value("var.n", vars)).toBe(1);
    expect(value("var.n", { ...vars, "infra/terraform.tfvars": "n = 3\n" })).toBe(3);
    expect(value("var.m", { ...vars, "infra/gpu.auto.tfvars": "m = 7\n" })).toBe(7);
    expect(value("var.n", { ...vars, "infra/prod.tfvars": "n = 9\n" })).toBe(1);
    // tfvars of another directory (module) do not apply.
    expect(value("var.n", { ...vars, "other/terraform.tfvars": "n = 9\n" })).toBe(1);
  });

  it("leaves a variable without default or value unknown", () => {
    expect(value("var.n", { "infra/vars.tf": 'variable "n" {}\n' })).toBe(UNKNOWN);
    expect(value("var.undeclared")).toBe(UNKNOWN);
  });

  it("evaluates locals that use vars and other locals, and stops on cycles", () => {
    const extra = {
      "infra/l.tf":
        'variable "env" {\n  default = "prod"\n}\nlocals {\n  a = "${var.env}-gpu"\n  b = upper(local.a)\n  c = local.d\n  d = local.c\n}\n',
    };
    expect(value("local.b", extra)).toBe("PROD-GPU");
    expect(value("local.c", extra)).toBe(UNKNOWN);
  });

  it("evaluates merge, concat, lookup, try, coalesce, length, element, flatten, keys", () => {
    expect(value("merge({a = 1, b = 2}, {b = 3})")).toEqual({ a: 1, b: 3 });
    expect(value('concat(["a"], ["b", "c"])')).toEqual(["a", "b", "c"]);
    expect(value('lookup({a = 1}, "b", 5)')).toBe(5);
    expect(value('try({a = 1}.b, "fallback")')).toBe("fallback");
    expect(value('coalesce(null, "", "x")')).toBe("x");
    expect(value('length(["a", "b"])')).toBe(2);
    expect(value('element(["a", "b"], 3)')).toBe("b");
    expect(value("flatten([[1], [2, [3]]])")).toEqual([1, 2, 3]);
    expect(value("keys({b = 1, a = 2})")).toEqual(["a", "b"]);
  });

  it("keeps what it cannot know unknown, also inside known structures", () => {
    expect(value("aws_vpc.main.id")).toBe(UNKNOWN);
    expect(value("[for s in [1] : s]")).toBe(UNKNOWN);
    expect(value("timestamp()")).toBe(UNKNOWN);
    expect(value("{ a = 1, b = aws_vpc.main.id }")).toEqual({ a: 1, b: UNKNOWN });
    expect(value("merge({a = 1}, var.x)")).toBe(UNKNOWN);
    expect(value("data.x.y.z > 1 ? 4 : 0")).toBe(UNKNOWN);
    expect(value('"${aws_vpc.main.id}-x"')).toBe(UNKNOWN);
  });
});

describe("child modules", () => {
  const child = {
    "infra/modules/gpu/variables.tf":
      'variable "instance_type" {\n  default = "g5.xlarge"\n}\nvariable "max" {\n  default = 1\n}\n',
    "infra/modules/gpu/terraform.tfvars": "max = 99\n",
    "infra/modules/gpu/main.tf":
      'resource "aws_eks_node_group" "g" {\n  instance_types = [var.instance_type]\n  scaling_config {\n    min_size = 0\n    desired_size = 0\n    max_size = var.max\n  }\n}\n',
  };

  it("binds a local module's variables to the inputs of the module block that calls it, in the caller's scope", () => {
    const set = tfSet({
      ...child,
      "infra/main.tf":
        'locals {\n  type = "p5.48xlarge"\n}\nmodule "train" {\n  source        = "./modules/gpu"\n  instance_type = local.type\n}\n',
    });
    const [pool] = nodePools(set);
    // The input wins over the default; the child's own terraform.tfvars is not read, as in Terraform.
    expect(pool).toMatchObject({ types: ["p5.48xlarge"], max: { value: 1 } });
  });

  it("leaves a variable unknown when two callers pass different values, and reads defaults when none calls it", () => {
    const two = tfSet({
      ...child,
      "infra/a/main.tf": 'module "a" {\n  source        = "../modules/gpu"\n  instance_type = "p5.48xlarge"\n}\n',
      "infra/b/main.tf": 'module "b" {\n  source        = "../modules/gpu"\n  instance_type = "g6e.xlarge"\n}\n',
    });
    expect(nodePools(two)[0]?.types).toEqual([]);
    expect(nodePools(tfSet(child))[0]).toMatchObject({ types: ["g5.xlarge"], max: { value: 99 } });
  });
});

describe("Terraform JSON syntax (.tf.json)", () => {
  it("reads resources, modules, variables, locals and ${} templates, located in the JSON text", () => {
    const text = `{
  "variable": { "gpu_type": { "default": "p5.48xlarge" } },
  "locals": { "pool": "train-\${var.gpu_type}" },
  "resource": {
    "aws_eks_node_group": {
      "train": {
        "node_group_name": "\${local.pool}",
        "instance_types": ["\${var.gpu_type}"],
        "ami_type": "AL2023_x86_64_STANDARD",
        "scaling_config": [{ "min_size": 1, "desired_size": 1, "max_size": 4 }],
        "taint": [{ "key": "nvidia.com/gpu", "value": "present", "effect": "NO_SCHEDULE" }]
      }
    }
  }
}
`;
    const set = tfSet({ "infra/main.tf.json": text, "infra/terraform.tfvars.json": '{ "gpu_type": "p4d.24xlarge" }' });
    const [pool] = nodePools(set);
    expect(pool).toMatchObject({
      types: ["p4d.24xlarge"],
      min: { value: 1 },
      max: { value: 4 },
      taints: [{ key: "nvidia.com/gpu", effect: "NO_SCHEDULE" }],
    });
    expect(pool?.object.body.get("node_group_name")?.value).toBe("train-p4d.24xlarge");
    const span = pool?.image?.node?.at.span;
    expect(text.slice(span?.start, span?.end)).toBe('"AL2023_x86_64_STANDARD"');
  });

  it("reports a JSON syntax error as terraform/hcl-syntax at its offset", () => {
    const { problems } = buildSet([new SourceFile("infra/main.tf.json", '{ "resource": { ]\n')]);
    expect(problems.map((p) => [p.ruleId, p.offset])).toEqual([["terraform/hcl-syntax", 16]]);
  });
});

describe("plan JSON", () => {
  const plan = (after: unknown, afterUnknown: unknown, actions = ["create"]) =>
    JSON.stringify({
      format_version: "1.2",
      resource_changes: [
        {
          address: "aws_eks_node_group.gpu",
          mode: "managed",
          type: "aws_eks_node_group",
          name: "gpu",
          change: { actions, after, after_unknown: afterUnknown },
        },
      ],
    });

  it("reads change.after and masks what after_unknown says is known only at apply", () => {
    const set = tfSet({
      "plan.json": plan({ ami_type: "X", instance_types: ["p5.48xlarge"] }, { ami_type: true, arn: true }),
    });
    const o = set.objects[0];
    expect(o?.actions).toEqual(["create"]);
    expect(o?.body.get("ami_type")?.value).toBe(UNKNOWN);
    expect(o?.body.get("arn")?.value).toBe(UNKNOWN);
    expect(o?.body.get("instance_types")?.value).toEqual(["p5.48xlarge"]);
  });

  it("drops pools that the plan deletes", () => {
    const set = tfSet({ "plan.json": plan(null, {}, ["delete"]) });
    expect(nodePools(set)).toEqual([]);
  });

  it("is not taken for a Kubernetes manifest", () => {
    const { set } = buildSet([new SourceFile("plan.json", plan({}, {}))]);
    expect(set.resources).toEqual([]);
    expect(set.terraform?.objects).toHaveLength(1);
  });
});

describe("GPU node pools", () => {
  it("reads the EKS module's node groups with its defaults (ami_type, sizes) and taints map", () => {
    const set = tfSet({
      "main.tf": `module "eks" {
  source = "terraform-aws-modules/eks/aws"
  eks_managed_node_groups = {
    gpu = {
      instance_types = ["p5.48xlarge"]
      taints = { gpu = { key = "nvidia.com/gpu", effect = "NO_SCHEDULE" } }
    }
  }
}
`,
    });
    const [p] = nodePools(set);
    expect(p).toMatchObject({
      name: 'module.eks.eks_managed_node_groups["gpu"]',
      cloud: "aws",
      stack: "nvidia",
      perNode: 8,
      image: { value: "AL2023_x86_64_STANDARD", defaulted: true },
      min: { value: 1 },
      desired: { value: 1 },
      max: { value: 3 },
      taints: [{ key: "nvidia.com/gpu", effect: "NO_SCHEDULE" }],
      efa: false,
    });
  });

  it("reads GKE guest accelerators on N1 machines and per-zone autoscaling", () => {
    const set = tfSet({
      "main.tf": `resource "google_container_node_pool" "t4" {
  autoscaling {
    min_node_count = 1
    max_node_count = 3
  }
  node_config {
    machine_type = "n1-standard-8"
    guest_accelerator {
      type  = "nvidia-tesla-t4"
      count = 2
    }
  }
}
`,
    });
    expect(nodePools(set)[0]).toMatchObject({
      cloud: "gcp",
      stack: "nvidia",
      perNode: 2,
      perZone: true,
      min: { value: 1 },
      max: { value: 3 },
    });
  });

  it("reads AKS taint strings and the default node pool", () => {
    const set = tfSet({
      "main.tf": `resource "azurerm_kubernetes_cluster" "ml" {
  default_node_pool {
    name       = "system"
    vm_size    = "Standard_D4s_v5"
    node_count = 2
    only_critical_addons_enabled = true
  }
}
resource "azurerm_kubernetes_cluster_node_pool" "gpu" {
  vm_size     = "Standard_ND96isr_H100_v5"
  node_count  = 1
  node_taints = ["sku=gpu:NoSchedule"]
}
`,
    });
    const [system, gpu] = nodePools(set);
    expect(system).toMatchObject({ stack: undefined, taints: [{ key: "CriticalAddonsOnly", effect: "NoSchedule" }] });
    expect(gpu).toMatchObject({
      stack: "nvidia",
      perNode: 8,
      min: { value: 1 },
      max: { value: 1 },
      taints: [{ key: "sku", effect: "NoSchedule" }],
    });
  });
});
