import { KNOWN_GROUPS, UNMODELLED_POD_KINDS } from "../../model/kinds.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "schema/unknown-kind",
  category: "schema",
  severity: "info",
  summary: "mlgate does not recognise this apiVersion, or does not model the pods this kind creates",
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
      {
        title: "a kind whose pods are built per run from a template of any kind",
        yaml: "apiVersion: kubeflow.org/v1beta1\nkind: Experiment\nmetadata:\n  name: a\nspec:\n  trialTemplate: {}\n",
        findings: [{ line: 2, column: 7, message: /creates pods that mlgate does not model/ }],
      },
    ],
  },
  resource(r, ctx) {
    if (!r.apiVersion || !r.kind) return; // schema/required-fields reports these
    const why = UNMODELLED_POD_KINDS[`${r.group}/${r.kind}`];
    if (why) {
      ctx.report({
        resource: r,
        path: ["kind"],
        message: `${r.apiVersion} ${r.kind} creates pods that mlgate does not model (${why}); the pod rules do not check them`,
      });
      return;
    }
    if (KNOWN_GROUPS.has(r.group)) return;
    ctx.report({
      resource: r,
      path: ["apiVersion"],
      message: `${r.apiVersion} ${r.kind} is not a kind mlgate models; no rule checks its contents`,
    });
  },
});
