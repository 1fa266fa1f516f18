import { annotationIgnores, IGNORE_ANNOTATION, IGNORE_REASON_ANNOTATION } from "../../model/ignore.js";
import { dedent } from "../../util/dedent.js";
import { didYouMean } from "../../util/suggest.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "schema/invalid-ignore",
  category: "schema",
  severity: "error",
  summary: "An mlgate.io/ignore annotation names an unknown rule, or gives no reason",
  rationale:
    "A suppression for a misspelt rule id silences nothing and hides that fact; a suppression without a reason leaves the next reviewer guessing whether it still applies.",
  remediation: `Name rules by their ids (\`mlgate rules\`) and say why in the ${IGNORE_REASON_ANNOTATION} annotation.`,
  links: [
    {
      title: "Kubernetes annotations (where mlgate.io/ignore lives)",
      url: "https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations/",
    },
  ],
  examples: {
    valid: [
      {
        title: "a known rule with a reason",
        yaml: dedent`
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: c
            annotations:
              ${IGNORE_ANNOTATION}: schema/unknown-kind
              ${IGNORE_REASON_ANNOTATION}: vendor chart
        `,
      },
    ],
    invalid: [
      {
        title: "a misspelt rule id",
        yaml: dedent`
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: c
            annotations:
              ${IGNORE_ANNOTATION}: schema/unknown-kinds
              ${IGNORE_REASON_ANNOTATION}: vendor chart
        `,
        findings: [
          { line: 6, column: 23, message: /unknown rule "schema\/unknown-kinds"; did you mean "schema\/unknown-kind"/ },
        ],
      },
      {
        title: "no reason",
        yaml: dedent`
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: c
            annotations:
              ${IGNORE_ANNOTATION}: schema/unknown-kind
        `,
        findings: [{ line: 6, column: 23, severity: "warning", message: /reason/ }],
      },
    ],
  },
  resource(r, ctx) {
    const ids = annotationIgnores(r.annotations);
    if (ids.length === 0) return;
    const path = ["metadata", "annotations", IGNORE_ANNOTATION];
    for (const id of ids) {
      if (!ctx.knownRuleIds.has(id)) {
        const hint = didYouMean(id, ctx.knownRuleIds);
        ctx.report({ resource: r, path, message: `unknown rule "${id}"${hint ? `; did you mean "${hint}"?` : ""}` });
      }
    }
    if (typeof r.annotations[IGNORE_REASON_ANNOTATION] !== "string") {
      ctx.report({
        resource: r,
        path,
        severity: "warning",
        message: `suppression without a reason: add ${IGNORE_REASON_ANNOTATION}`,
      });
    }
  },
});
