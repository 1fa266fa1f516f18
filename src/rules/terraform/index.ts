// The Terraform rules. Add a new module here; src/rules/rules.test.ts fails if one is missing.
import type { Rule } from "../types.js";
import efaMultiNode from "./efa-multi-node.js";
import gpuNodeImage from "./gpu-node-image.js";
import gpuPoolTaint from "./gpu-pool-taint.js";
import hclSyntax from "./hcl-syntax.js";
import nodePoolReplaced from "./node-pool-replaced.js";

export const terraformRules: readonly Rule[] = [hclSyntax, gpuNodeImage, gpuPoolTaint, efaMultiNode, nodePoolReplaced];
