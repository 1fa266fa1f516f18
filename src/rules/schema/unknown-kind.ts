import { KNOWN_GROUPS } from "../../model/kinds.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "schema/unknown-kind",
  category: "schema",
  severity: "info",
  summary: "mlgate does not recognise this apiVersion, so no rule looks inside it",
  rationale:
    "A kind from an API group mlgate does not model is passed over silently by every rule. Saying so keeps a clean report from being mistaken for a clean bill of health, and catches a misspelt apiVersion group.",
  remediation:
    "Nothing to do if the kind is third-party and outside mlgate's scope; otherwise check the apiVersion spelling. Silence it for a file with `ignore:` in .mlgate.yaml.",
  links: [{ title: "Kubernetes API groups", url: "https://kubernetes.io/docs/reference/using-api/#api-groups" }],
  examples: {
    valid: [{ title: "a core kind", yaml: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n" }],
    invalid: [
      {
        title: "a workflow engine's kind",
        yaml: "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: a\n",
        findings: [{ line: 1, column: 13, message: /argoproj.io\/v1alpha1 Workflow/ }],
      },
    ],
  },
  resource(r, ctx) {
    if (!r.apiVersion || !r.kind) return; // schema/required-fields reports these
    if (KNOWN_GROUPS.has(r.group)) return;
    ctx.report({
      resource: r,
      path: ["apiVersion"],
      message: `${r.apiVersion} ${r.kind} is not a kind mlgate models; no rule checks its contents`,
    });
  },
});
