import { kindTraits } from "../../model/kind-traits.js";
import type { Path } from "../../model/path.js";
import { asObject, getIn, isObject } from "../../model/resource.js";
import { type SelectorProblem, selectorIsEmpty, selectorProblems } from "../../model/selector.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

function describe(p: SelectorProblem): string {
  if (p.kind === "label")
    return p.got === undefined
      ? `${p.key}=${p.want} (the template has no ${p.key} label)`
      : `${p.key}=${p.want} (the template has ${p.key}=${p.got})`;
  if (p.kind === "expression") return `matchExpressions[${p.index}] ${p.text}`;
  return "an unreadable selector";
}

export default defineRule({
  id: "schema/selector-mismatch",
  category: "schema",
  severity: "error",
  summary: "A controller's selector is missing, empty, or does not select its own pod template's labels",
  rationale:
    'A Deployment, ReplicaSet, StatefulSet or DaemonSet finds the pods it owns by its spec.selector. The API server rejects one whose selector is missing (required since apps/v1), empty, or does not match spec.template.metadata.labels ("`selector` does not match template `labels`"), since the controller could never see the pods it creates. A Job with `manualSelector: true` is held to the same rule, and so is a ReplicationController that sets a selector. Generated manifests rename an app label in one place and not the other; the apply fails on the spot.',
  remediation:
    "Make every key of spec.selector.matchLabels (and every matchExpressions requirement) hold for spec.template.metadata.labels, usually by giving both the same `app:` label. The selector cannot be changed on an existing apps/v1 object, so change the template's labels, or delete and recreate the object.",
  links: [
    {
      title: "Kubernetes apps validation: ValidateDeploymentSpec, ValidateStatefulSetSpec, ValidateDaemonSetSpec",
      url: "https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/apps/validation/validation.go",
    },
    {
      title: "Kubernetes batch validation: a manual Job selector must match its template",
      url: "https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/batch/validation/validation.go",
    },
    {
      title: "Deployments: Selector",
      url: "https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#selector",
    },
  ],
  supersedes: [
    {
      rule: "schema/required-fields",
      cause: "an apps/v1 controller without spec.selector, which its schema requires too",
    },
  ],
  examples: {
    valid: [
      {
        title: "a selector that is a subset of the template's labels, with a matchExpressions requirement",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: vllm
          spec:
            selector:
              matchLabels: {app: vllm}
              matchExpressions:
                - {key: tier, operator: In, values: [serve, batch]}
            template:
              metadata:
                labels: {app: vllm, tier: serve, version: v2}
              spec:
                containers: [{name: vllm, image: vllm/vllm-openai:v0.6.0}]
        `,
      },
      {
        title: "a Job with a generated selector (no manualSelector)",
        yaml: dedent`
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: train
          spec:
            template:
              spec:
                restartPolicy: Never
                containers: [{name: t, image: t:1}]
        `,
      },
    ],
    invalid: [
      {
        title: "a Deployment whose selector names another app",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: vllm
          spec:
            selector:
              matchLabels: {app: vllm}
            template:
              metadata:
                labels: {app: vllm-server}
              spec:
                containers: [{name: vllm, image: vllm/vllm-openai:v0.6.0}]
        `,
        findings: [{ line: 10, column: 15, message: /does not select.*app=vllm \(the template has app=vllm-server\)/ }],
      },
      {
        title: "a StatefulSet with no selector, and a DaemonSet with an empty one",
        yaml: dedent`
          apiVersion: apps/v1
          kind: StatefulSet
          metadata:
            name: db
          spec:
            serviceName: db
            template:
              metadata:
                labels: {app: db}
              spec:
                containers: [{name: db, image: db:1}]
          ---
          apiVersion: apps/v1
          kind: DaemonSet
          metadata:
            name: agent
          spec:
            selector: {}
            template:
              metadata:
                labels: {app: agent}
              spec:
                containers: [{name: a, image: a:1}]
        `,
        findings: [
          { line: 6, column: 3, message: /spec.selector is required/ },
          { line: 18, column: 13, message: /empty selector/ },
        ],
      },
      {
        title: "a Job with manualSelector whose matchExpressions rules its template out",
        yaml: dedent`
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: train
          spec:
            manualSelector: true
            selector:
              matchExpressions:
                - {key: run, operator: In, values: [a, b]}
            template:
              metadata:
                labels: {run: c}
              spec:
                restartPolicy: Never
                containers: [{name: t, image: t:1}]
        `,
        findings: [{ line: 12, column: 15, message: /matchExpressions\[0\] run In \(a, b\)/ }],
      },
    ],
  },
  resource(r, ctx) {
    // Which kinds must select their own template, and when, is kind data (model/kind-traits.ts).
    const rule = kindTraits(r).selector;
    const spec = asObject(r.value.spec);
    if (!spec) return;
    const selectorPath: Path = ["spec", "selector"];
    let selector: unknown = spec.selector;
    if (rule === "required") {
      if (selector === undefined || selector === null) {
        ctx.report({
          resource: r,
          path: ["spec"],
          message: `spec.selector is required for ${r.kind} (${r.apiVersion}); give it the matchLabels of the pod template`,
        });
        return;
      }
      if (selectorIsEmpty(selector)) {
        ctx.report({
          resource: r,
          path: selectorPath,
          message: `an empty selector is invalid for a ${r.kind}: it would select every pod in the namespace`,
        });
        return;
      }
    } else if (rule === "manual") {
      if (spec.manualSelector !== true || !isObject(selector)) return;
    } else if (r.group === "" && r.kind === "ReplicationController") {
      // A plain map; when absent or empty the API server defaults it from the template's labels.
      if (!isObject(selector) || Object.keys(selector).length === 0) return;
      selector = { matchLabels: selector };
    } else return;
    const template = asObject(spec.template);
    if (!template) return;
    const labels = asObject(getIn(template, ["metadata", "labels"])) ?? {};
    const problems = selectorProblems(selector, labels);
    if (problems.length === 0 || problems.some((p) => p.kind === "unreadable")) return;
    const labelsPath: Path = isObject(getIn(template, ["metadata", "labels"]))
      ? ["spec", "template", "metadata", "labels"]
      : isObject(template.metadata)
        ? ["spec", "template", "metadata"]
        : ["spec", "template"];
    ctx.report({
      resource: r,
      path: labelsPath,
      message: `spec.selector does not select the pod template's labels, so the API server rejects the ${r.kind}: it wants ${problems.map(describe).join("; ")}`,
    });
  },
});
