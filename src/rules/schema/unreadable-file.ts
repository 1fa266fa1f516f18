import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

// Reported by the loader (src/load/sources.ts); this module holds the rule's metadata and examples.
export default defineRule({
  id: "schema/unreadable-file",
  category: "schema",
  severity: "error",
  summary: "The file cannot be read as a manifest: binary, not UTF-8, or over the size limit",
  rationale:
    "A binary or non-UTF-8 file among the manifests is usually a mistake in the path given, and kubectl would refuse it. Files above the size limit are refused so one stray dump cannot stall a CI run.",
  remediation:
    "Exclude the file (`--exclude` or `exclude:` in .mlgate.yaml), re-encode it as UTF-8, or raise `--max-file-size`.",
  links: [
    {
      title: "Kubernetes object management",
      url: "https://kubernetes.io/docs/concepts/overview/working-with-objects/object-management/",
    },
  ],
  examples: {
    valid: [
      {
        title: "a small UTF-8 manifest",
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
        title: "a file over the size limit",
        yaml: dedent`
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: a
        `,
        options: { maxFileSize: 10 },
        findings: [{ line: 1, column: 1, message: /over the 10-byte limit/ }],
      },
    ],
  },
});
