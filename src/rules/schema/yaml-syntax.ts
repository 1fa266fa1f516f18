import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

// Reported by the loader (src/load/parse.ts); this module holds the rule's metadata and examples.
export default defineRule({
  id: "schema/yaml-syntax",
  category: "schema",
  severity: "error",
  summary: "The document is not valid YAML, repeats a key, nests absurdly deep or is an alias bomb",
  rationale:
    "kubectl and the API server refuse a document that does not parse, and sigs.k8s.io/yaml rejects a mapping that repeats a key. Parsers disagree on which of two duplicate keys wins, so what a reviewer reads may not be what is applied. The other documents of the file are still checked.",
  remediation:
    "Fix the syntax at the reported line and column; remove the repeated key. For Helm charts, check the rendered output (`helm template … | mlgate check -`).",
  links: [
    { title: "YAML 1.1 specification", url: "https://yaml.org/spec/1.1/" },
    { title: "sigs.k8s.io/yaml strict decoding", url: "https://github.com/kubernetes-sigs/yaml" },
  ],
  examples: {
    valid: [
      {
        title: "well-formed document",
        yaml: dedent`
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: a
    `,
      },
    ],
    invalid: [
      {
        title: "a flow sequence left open",
        yaml: dedent`
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: a
          data:
            x: [1, 2
        `,
        findings: [{ line: 7, message: /unexpected end|flow collection/ }],
      },
      {
        title: "a key given twice",
        yaml: dedent`
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: a
            name: b
        `,
        findings: [{ line: 5, message: /duplicate key/ }],
      },
    ],
  },
});
