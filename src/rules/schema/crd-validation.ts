import { compileCel } from "../../cel/index.js";
import { parseFieldPath } from "../../model/crd.js";
import { formatPath } from "../../model/path.js";
import { checkShape } from "../../model/shape.js";
import { dedent } from "../../util/dedent.js";
import { type CheckedSet, defineRule } from "../types.js";

/** Expressions already reported as not evaluated in a run: each is said once. */
const skipped = new WeakMap<CheckedSet, Set<string>>();

const CRD = dedent`
    apiVersion: apiextensions.k8s.io/v1
    kind: CustomResourceDefinition
    metadata:
      name: inferencepools.example.com
    spec:
      group: example.com
      names: {kind: InferencePool, plural: inferencepools}
      scope: Namespaced
      versions:
        - name: v1
          served: true
          storage: true
          schema:
            openAPIV3Schema:
              type: object
              properties:
                spec:
                  type: object
                  x-kubernetes-validations:
                    - rule: self.minReplicas <= self.maxReplicas
                      message: minReplicas must not exceed maxReplicas
                    - rule: self.model.startsWith('hf://') || self.model.startsWith('s3://')
                      fieldPath: .model
                  properties:
                    model: {type: string}
                    minReplicas: {type: integer}
                    maxReplicas: {type: integer}
  `;

export default defineRule({
  id: "schema/crd-validation",
  category: "schema",
  severity: "error",
  summary: "A custom resource breaks a CEL rule (x-kubernetes-validations) of its CRD",
  rationale:
    "A CRD's schema may carry CEL rules (`x-kubernetes-validations`) that the API server evaluates on every create and update, rejecting the object with the rule's message when one is false: a minimum above its maximum, a URI without its scheme, two fields set together. mlgate evaluates them offline with the CEL evaluator in src/cel, for the CRDs given with `--crd` (or `crds:` in .mlgate.yaml) and those in the checked set. Transition rules (those reading `oldSelf`) apply only to updates and are left out; an expression that calls a function mlgate does not implement is reported once, at info, as not evaluated — never as a pass or a failure. A rule that fails to evaluate (no such key, no matching overload) is a warning: the API server rejects the object then too, but the cause may be in the rule.",
  remediation:
    "Change the value so the rule holds; the message is the CRD author's. Where a rule was not evaluated, check it with `kubectl apply --dry-run=server`.",
  links: [
    {
      title: "Validation rules (x-kubernetes-validations)",
      url: "https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#validation-rules",
    },
    { title: "CEL in Kubernetes", url: "https://kubernetes.io/docs/reference/using-api/cel/" },
  ],
  examples: {
    valid: [
      {
        title: "a custom resource that keeps its CRD's rules, with the CRD beside it",
        yaml: dedent`
          ${CRD}---
          apiVersion: example.com/v1
          kind: InferencePool
          metadata:
            name: llama
          spec:
            model: hf://meta-llama/Llama-3.1-8B
            minReplicas: 1
            maxReplicas: 4
        `,
      },
    ],
    invalid: [
      {
        title: "a minimum above the maximum, and a model URI without a known scheme",
        yaml: dedent`
          ${CRD}---
          apiVersion: example.com/v1
          kind: InferencePool
          metadata:
            name: llama
          spec:
            model: meta-llama/Llama-3.1-8B
            minReplicas: 4
            maxReplicas: 2
        `,
        findings: [
          { line: 34, column: 3, message: /minReplicas must not exceed maxReplicas/ },
          { line: 34, column: 10, message: /failed rule: self.model.startsWith/ },
        ],
      },
    ],
  },
  resource(r, ctx) {
    const checks = checkShape(r, ctx.options.kubeVersion, ctx.set.crds).cel;
    for (const c of checks)
      for (const rule of c.rules) {
        const compiled = compileCel(rule.rule);
        if (compiled.kind !== "program") {
          let seen = skipped.get(ctx.set);
          if (!seen) {
            seen = new Set();
            skipped.set(ctx.set, seen);
          }
          if (seen.has(rule.rule)) continue;
          seen.add(rule.rule);
          ctx.report({
            resource: r,
            path: c.path,
            severity: "info",
            message: `CRD rule not evaluated (${compiled.message}): ${rule.rule}`,
          });
          continue;
        }
        const out = compiled.program.run({ self: c.value });
        if (out.kind === "value" && out.value === true) continue;
        const extra = rule.fieldPath ? parseFieldPath(rule.fieldPath) : undefined;
        const path = extra ? [...c.path, ...extra] : c.path;
        const where = c.path.length ? formatPath(c.path) : r.kind;
        if (out.kind === "error") {
          ctx.report({
            resource: r,
            path,
            severity: "warning",
            message: `the CRD rule on ${where} fails to evaluate (${out.message}), which the API server also rejects: ${rule.rule}`,
          });
          continue;
        }
        ctx.report({
          resource: r,
          path,
          message: rule.message ? `${rule.message} (CRD rule on ${where})` : `failed rule: ${rule.rule} (on ${where})`,
        });
      }
  },
});
