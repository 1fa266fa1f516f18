import { kindTraits } from "../../model/kind-traits.js";
import { describeMatch } from "../../model/refs.js";
import { asObject, getIn } from "../../model/resource.js";
import { indexResources, perSet } from "../../model/set-index.js";
import { dedent } from "../../util/dedent.js";
import { defineRule, type Fact, factsAs } from "../types.js";

/**
 * Labels the Job, StatefulSet and Deployment controllers add to their pods: a selector on one of them
 * matches pods the template does not show (a headless Service for an Indexed Job selects job-name).
 */
const CONTROLLER_LABELS =
  /^(?:job-name|controller-uid|pod-template-hash|batch\.kubernetes\.io\/|statefulset\.kubernetes\.io\/|apps\.kubernetes\.io\/|controller-revision-hash)/;

/** What the rule knows of a workload: where its pods are and the labels each of its pod templates gives them. */
interface PodLabels {
  namespace: string | undefined;
  /** Its kind's pods carry exactly their template's labels. */
  asWritten: boolean;
  /** `Kind name (file:line)`, to name it in a message. */
  where: string;
  /** Per pod group. */
  labels: Array<Record<string, unknown>>;
}

/** The workloads a Service of one namespace may select, and their pod templates' labels by label value. */
interface Scope {
  /** In the set's order: those of the namespace and those without one (every workload for a Service without one). */
  workloads: PodLabels[];
  /** Whether every one of them is a kind whose pods carry exactly their template's labels. */
  asWritten: boolean;
  /** label key → value → the pod templates' labels that have it. */
  byLabel: Map<string, Map<unknown, Array<Record<string, unknown>>>>;
}

/**
 * Scopes by namespace ("" for a Service without one), built once per run: a Service is matched
 * against the pod templates that carry its first selector label, not against every workload.
 */
const scopes = perSet((facts: readonly Fact<PodLabels>[]) => {
  const all = facts.map((f) => f.value);
  const byNs = new Map<string, PodLabels[]>();
  const noNs: PodLabels[] = [];
  for (const w of all) {
    const ns = w.namespace;
    if (ns === undefined) noNs.push(w);
    else {
      const list = byNs.get(ns);
      if (list) list.push(w);
      else byNs.set(ns, [w]);
    }
  }
  const order = new Map(all.map((w, i) => [w, i]));
  const built = new Map<string, Scope>();
  return (ns: string | undefined): Scope => {
    const key = ns ?? "";
    let scope = built.get(key);
    if (!scope) {
      const workloads =
        ns === undefined
          ? all
          : [...(byNs.get(ns) ?? []), ...noNs].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
      const byLabel: Scope["byLabel"] = new Map();
      for (const w of workloads)
        for (const labels of w.labels)
          for (const [k, v] of Object.entries(labels)) {
            let values = byLabel.get(k);
            if (!values) {
              values = new Map();
              byLabel.set(k, values);
            }
            const groups = values.get(v);
            if (groups) groups.push(labels);
            else values.set(v, [labels]);
          }
      scope = { workloads, asWritten: workloads.every((w) => w.asWritten), byLabel };
      built.set(key, scope);
    }
    return scope;
  };
});

export default defineRule({
  id: "reliability/service-selector",
  category: "reliability",
  severity: "warning",
  summary: "A Service's selector matches no pod template of its namespace in the checked set",
  rationale:
    "A Service sends traffic to the pods whose labels contain every key and value of its selector. One label spelt differently (`app: vllm` against pods labelled `app: vllm-server`), or a selector copied from another workload, leaves the Service without endpoints: clients get connection refused, a readiness gate never passes, and nothing reports an error. This is judged only where the answer is in the set: the Service's namespace holds workloads, every one of them a built-in kind whose pods carry exactly their template's labels (operators such as KubeRay, LWS or the training operators add labels of their own).",
  remediation: "Make the selector a subset of the pod template's labels (the message names the closest template).",
  links: [{ title: "Kubernetes: Service", url: "https://kubernetes.io/docs/concepts/services-networking/service/" }],
  examples: {
    valid: [
      {
        title: "the selector matches the Deployment's pods",
        yaml: dedent`
          apiVersion: v1
          kind: Service
          metadata: {name: llm, namespace: ml}
          spec:
            selector: {app: vllm}
            ports: [{port: 80, targetPort: 8000}]
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: llm, namespace: ml}
          spec:
            selector: {matchLabels: {app: vllm}}
            template:
              metadata: {labels: {app: vllm, tier: serving}}
              spec:
                containers: [{name: vllm, image: vllm/vllm-openai:v0.6.4}]
        `,
      },
    ],
    invalid: [
      {
        title: "a selector one label away from the pods",
        yaml: dedent`
          apiVersion: v1
          kind: Service
          metadata: {name: llm, namespace: ml}
          spec:
            selector: {app: vllm}
            ports: [{port: 80, targetPort: 8000}]
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: llm, namespace: ml}
          spec:
            selector: {matchLabels: {app: vllm-server}}
            template:
              metadata: {labels: {app: vllm-server}}
              spec:
                containers: [{name: vllm, image: vllm/vllm-openai:v0.6.4}]
        `,
        findings: [
          {
            line: 5,
            column: 13,
            message:
              /selector app=vllm matches no pod template in namespace ml.*Deployment llm \(example.yaml:\d+\) has app=vllm-server/,
          },
        ],
      },
    ],
  },
  facts(w): PodLabels {
    return {
      namespace: w.resource.namespace,
      asWritten: kindTraits(w.resource).podLabelsAsWritten === true,
      where: describeMatch(w.resource),
      labels: w.podGroups.map((g) => g.podLabels),
    };
  },
  // Only a run with a Service reads them.
  factsWanted: (lookups) => indexResources(lookups.resources).ofKind("", "Service").length > 0,
  set(set, ctx, facts) {
    const scopeOf = scopes(factsAs<PodLabels>(facts));
    for (const svc of set.resources) {
      if (svc.group !== "" || svc.kind !== "Service") continue;
      const selector = asObject(getIn(svc.value, ["spec", "selector"]));
      if (!selector || Object.keys(selector).length === 0) continue;
      // Every pod template of its namespace in the run, not only those that belong with it
      // (model/refs.ts): a selector is wrong only when nothing the run applies could match it, and
      // pods an operator creates elsewhere in the run (kinds whose labels are not written) may.
      const scope = scopeOf(svc.namespace);
      if (scope.workloads.length === 0 || !scope.asWritten) continue;
      if (Object.keys(selector).some((k) => CONTROLLER_LABELS.test(k))) continue;
      const entries = Object.entries(selector);
      const [k0, v0] = entries[0] as [string, unknown];
      const candidates = scope.byLabel.get(k0)?.get(v0) ?? [];
      if (candidates.some((labels) => entries.every(([k, v]) => labels[k] === v))) continue;
      const groups = scope.workloads.flatMap((w) => w.labels.map((labels) => ({ w, labels })));
      // The closest template: most selector keys matched, else most keys shared.
      const score = (labels: Record<string, unknown>) =>
        Object.entries(selector).reduce((n, [k, v]) => n + (labels[k] === v ? 2 : labels[k] !== undefined ? 1 : 0), 0);
      const best = groups.sort((a, b) => score(b.labels) - score(a.labels))[0];
      const shown = Object.entries(selector)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(",");
      const theirs = best
        ? Object.keys(selector)
            .filter((k) => best.labels[k] !== undefined)
            .map((k) => `${k}=${String(best.labels[k])}`)
            .join(",")
        : "";
      ctx.report({
        resource: svc,
        path: ["spec", "selector"],
        message: `Service ${svc.name ?? ""} selector ${shown} matches no pod template in namespace ${svc.namespace ?? "(unset)"}${best ? ` (${best.w.where} has ${theirs || "none of these labels"})` : ""}: the Service has no endpoints and its clients are refused`,
      });
    }
  },
});
