// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} is HCL interpolation syntax, not a JS template

import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { tf, tfInvalid } from "./_util.js";

// Reported by the loader (src/load/hcl.ts); this module holds the rule's metadata and examples.
export default defineRule({
  id: "terraform/hcl-syntax",
  category: "terraform",
  severity: "error",
  summary: "A Terraform file (.tf, .tfvars) is not valid HCL",
  rationale:
    "`terraform init`, `plan` and `apply` refuse a configuration that does not parse, so the change cannot be applied at all. mlgate reports the error at its position, skips the broken line and still checks the rest of the file and the other files.",
  remediation: "Fix the syntax at the reported line and column (run `terraform fmt` to see HashiCorp's own message).",
  links: [
    {
      title: "HCL native syntax specification",
      url: "https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md",
    },
    {
      title: "Terraform configuration syntax",
      url: "https://developer.hashicorp.com/terraform/language/syntax/configuration",
    },
  ],
  examples: {
    valid: [
      tf(
        "a resource with nested blocks, a heredoc and interpolation",
        dedent`
          resource "aws_instance" "a" {
            ami  = "ami-123"
            tags = { Name = "gpu-\${var.env}" }
            user_data = <<-EOT
              #!/bin/bash
              echo hi
            EOT
            root_block_device { volume_size = 100 }
          }
        `,
      ),
    ],
    invalid: [
      tfInvalid(
        "an attribute without a value, and a block never closed",
        dedent`
          resource "aws_instance" "a" {
            ami =
            tags = {}
        `,
        [
          { line: 1, column: 29, message: /never closed/ },
          { line: 2, column: 8, message: /expected an expression/ },
        ],
      ),
      tfInvalid(
        "a string never closed",
        dedent`
        variable "x" {
          default = "abc
        }
      `,
        [{ line: 2, column: 13, message: /never closed/ }],
      ),
    ],
  },
});
