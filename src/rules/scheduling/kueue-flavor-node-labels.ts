import { clusterQueueOf, clusterQueueQuota, resolveKueue } from "../../model/kueue.js";
import { queueLabel } from "../../model/kueue-queue.js";
import type { Path } from "../../model/path.js";
import { describeMatch } from "../../model/refs.js";
import { asArray, asObject, asString, getIn, type JsonObject, type Resource } from "../../model/resource.js";
import { perObject } from "../../model/set-index.js";
import type { PodGroup } from "../../model/workload.js";
import { defineRule } from "../types.js";
import { describe, podRequests } from "./_util.js";

/** Where a pod group's node constraints rule out one flavor: the first field that contradicts its nodeLabels. */
interface Conflict {
  path: Path;
  /** `cloud.google.com/gke-accelerator=nvidia-h100-80gb` (the flavor's label). */
  label: string;
  /** What the pod asks for: `nvidia-a100-80gb`, `In [a, b]`. */
  wants: string;
}

function labelMap(v: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const o = asObject(v);
  if (!o) return out;
  for (const [k, x] of Object.entries(o)) {
    if (typeof x === "string" || typeof x === "number" || typeof x === "boolean") out.set(k, String(x));
  }
  return out;
}

/**
 * Whether a required node-affinity expression on a key the flavor sets is false for the flavor's
 * value. Unknown operators count as satisfied, so only a certain contradiction is reported.
 */
function expressionFails(e: JsonObject, value: string): boolean {
  const op = asString(e.operator);
  const values = asArray(e.values).map((v) => String(v));
  switch (op) {
    case "In":
      return !values.includes(value);
    case "NotIn":
      return values.includes(value);
    case "DoesNotExist":
      return true;
    case "Gt":
    case "Lt": {
      const a = Number(value);
      const b = Number(values[0]);
      if (!Number.isInteger(a) || !Number.isInteger(b) || values.length !== 1) return false;
      return op === "Gt" ? !(a > b) : !(a < b);
    }
    default:
      return false;
  }
}

/**
 * The reason a flavor can never be assigned to the pod group, replicating Kueue's flavorSelector:
 * only nodeSelector entries and required node-affinity expressions whose key is one of the flavor's
 * own nodeLabels are evaluated against those labels (older Kueue used the keys of every flavor in
 * the resource group, which rejects more; a contradiction on the flavor's own keys is rejected by both).
 */
function conflictWith(pg: PodGroup, labels: Map<string, string>): Conflict | undefined {
  const spec = pg.podSpec;
  const base = pg.podSpecPath;
  if (!spec || !base || labels.size === 0) return undefined;
  const selector = asObject(spec.nodeSelector);
  if (selector) {
    for (const k of Object.keys(selector)) {
      const x = selector[k];
      if (typeof x !== "string" && typeof x !== "number" && typeof x !== "boolean") continue;
      const want = String(x);
      const have = labels.get(k);
      if (have !== undefined && have !== want) {
        return { path: [...base, "nodeSelector", k], label: `${k}=${have}`, wants: `${k}=${want}` };
      }
    }
  }
  const terms = asArray(getIn(spec, TERMS_PATH));
  if (terms.length === 0) return undefined;
  let first: Conflict | undefined;
  for (let i = 0; i < terms.length; i++) {
    const exprs = asArray(asObject(terms[i])?.matchExpressions);
    let relevant = 0;
    let failing: Conflict | undefined;
    for (let j = 0; j < exprs.length; j++) {
      const e = asObject(exprs[j]);
      const key = asString(e?.key);
      const have = key === undefined ? undefined : labels.get(key);
      if (!e || key === undefined || have === undefined) continue;
      relevant++;
      if (!failing && expressionFails(e, have)) {
        const values = asArray(e.values).map((v) => String(v));
        failing = {
          path: [...base, ...TERMS_PATH, i, "matchExpressions", j],
          label: `${key}=${have}`,
          wants: `${key} ${asString(e.operator)}${values.length > 0 ? ` [${values.join(", ")}]` : ""}`,
        };
      }
    }
    // A term with no expression on the flavor's keys matches any flavor (terms are ORed).
    if (relevant === 0 || !failing) return undefined;
    first ??= failing;
  }
  return first;
}

/** Required node-affinity terms, relative to the pod spec. */
const TERMS_PATH: Path = [
  "affinity",
  "nodeAffinity",
  "requiredDuringSchedulingIgnoredDuringExecution",
  "nodeSelectorTerms",
];

/** A ResourceFlavor's nodeLabels, read once per flavor rather than once per pod set that asks. */
const flavorLabels = perObject((flavor: Resource) => labelMap(getIn(flavor.value, ["spec", "nodeLabels"])));

const EXAMPLE_QUEUES = [
  "apiVersion: kueue.x-k8s.io/v1beta2",
  "kind: ResourceFlavor",
  "metadata:",
  "  name: h100",
  "spec:",
  "  nodeLabels: {cloud.google.com/gke-accelerator: nvidia-h100-80gb}",
  "---",
  "apiVersion: kueue.x-k8s.io/v1beta2",
  "kind: ClusterQueue",
  "metadata:",
  "  name: gpu-cq",
  "spec:",
  "  resourceGroups:",
  "    - coveredResources: [cpu, nvidia.com/gpu]",
  "      flavors:",
  "        - name: h100",
  "          resources:",
  "            - {name: cpu, nominalQuota: 96}",
  "            - {name: nvidia.com/gpu, nominalQuota: 16}",
  "---",
  "apiVersion: kueue.x-k8s.io/v1beta2",
  "kind: LocalQueue",
  "metadata:",
  "  name: team-a",
  "spec:",
  "  clusterQueue: gpu-cq",
  "---",
];

function job(selector: string[]): string {
  return [
    ...EXAMPLE_QUEUES,
    "apiVersion: batch/v1",
    "kind: Job",
    "metadata:",
    "  name: finetune",
    "  labels: {kueue.x-k8s.io/queue-name: team-a}",
    "spec:",
    "  template:",
    "    spec:",
    "      restartPolicy: Never",
    ...selector,
    "      containers:",
    "        - name: train",
    "          image: ghcr.io/example/train:1.0",
    "          resources: {limits: {cpu: 8, nvidia.com/gpu: 8}}",
    "",
  ].join("\n");
}

export default defineRule({
  id: "scheduling/kueue-flavor-node-labels",
  category: "scheduling",
  severity: "error",
  summary:
    "A workload's nodeSelector or required node affinity contradicts the nodeLabels of every flavor its Kueue ClusterQueue offers for its resources",
  rationale:
    "Before admitting a workload Kueue evaluates each pod set's `nodeSelector` and required node affinity against the `nodeLabels` of the ResourceFlavors of its ClusterQueue, and skips every flavor that does not match (`flavor … doesn't match node affinity`); after admission it injects the chosen flavor's labels as node selectors. A pod that asks for `gke-accelerator: nvidia-a100-80gb` in a queue whose only GPU flavor is labelled `nvidia-h100-80gb` can therefore never be admitted: it stays suspended, whatever the free quota. mlgate checks only the flavor's own label keys, as current Kueue does (older releases also rejected selectors on keys of other flavors in the group), and only when every flavor of the resource group is in the set.",
  remediation:
    "Make the pod's nodeSelector/affinity agree with a flavor's nodeLabels (or drop the selector and let Kueue inject the flavor's labels), or add a flavor with the labels the job needs to the ClusterQueue.",
  links: [
    {
      title: "Kueue: ResourceFlavor labels (matching against nodeSelector and node affinity)",
      url: "https://kueue.sigs.k8s.io/docs/concepts/resource_flavor/",
    },
    {
      title: "Kueue flavor assignment (flavorassigner.go, flavorSelector)",
      url: "https://github.com/kubernetes-sigs/kueue/blob/main/pkg/scheduler/flavorassigner/flavorassigner.go",
    },
  ],
  examples: {
    valid: [
      {
        title: "the selector agrees with the flavor's label",
        yaml: job(["      nodeSelector: {cloud.google.com/gke-accelerator: nvidia-h100-80gb}"]),
      },
      {
        title: "a selector on a key the flavor does not set is not Kueue's concern",
        yaml: job(["      nodeSelector: {cloud.google.com/gke-spot: 'true'}"]),
      },
    ],
    invalid: [
      {
        title: "the pod asks for A100 nodes, the queue's only GPU flavor is H100",
        yaml: job(["      nodeSelector: {cloud.google.com/gke-accelerator: nvidia-a100-80gb}"]),
        findings: [
          {
            line: 37,
            column: 56,
            message:
              /Job finetune.*cloud.google.com\/gke-accelerator=nvidia-a100-80gb.*every flavor of ClusterQueue gpu-cq.*h100 \(cloud.google.com\/gke-accelerator=nvidia-h100-80gb\).*never admitted/,
          },
        ],
      },
      {
        title: "required node affinity that excludes the flavor",
        yaml: job([
          "      affinity:",
          "        nodeAffinity:",
          "          requiredDuringSchedulingIgnoredDuringExecution:",
          "            nodeSelectorTerms:",
          "              - matchExpressions:",
          "                  - {key: cloud.google.com/gke-accelerator, operator: In, values: [nvidia-l4]}",
        ]),
        findings: [
          {
            line: 42,
            column: 21,
            message: /gke-accelerator In \[nvidia-l4\].*every flavor of ClusterQueue \S+ \(example.yaml:\d+\)/,
          },
        ],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    const q = queueLabel(w);
    if (!q) return;
    const cq = clusterQueueOf(ctx.set.resources, r, q.name)?.clusterQueue;
    if (!cq) return;
    const groups = clusterQueueQuota(cq).groups;
    if (groups.length === 0) return;
    for (const pg of w.podGroups) {
      if (pg.replicas === 0 || !pg.podSpec) continue;
      const requested = new Set(["pods"]);
      for (const [n, v] of podRequests(pg)) if (v > 0) requested.add(n);
      let reported = false;
      for (const g of groups) {
        if (reported) break;
        if (!g.covered.some((c) => requested.has(c))) continue;
        const flavors = g.flavors.map((f) => f.name).filter((n): n is string => n !== undefined);
        if (flavors.length === 0) continue;
        const conflicts: { flavor: string; c: Conflict }[] = [];
        for (const name of flavors) {
          const defs = resolveKueue(ctx.set.resources, cq, "ResourceFlavor", name, false);
          const def = defs[0];
          if (defs.length !== 1 || !def) break; // unknown or ambiguous labels: nothing certain
          const c = conflictWith(pg, flavorLabels(def));
          if (!c) break;
          conflicts.push({ flavor: name, c });
        }
        const first = conflicts[0];
        if (conflicts.length !== flavors.length || !first) continue;
        const list = conflicts.map((x) => `${x.flavor} (${x.c.label})`).join(", ");
        ctx.report({
          resource: r,
          path: first.c.path,
          message: `${describe(r)}: pod set ${pg.role} requires ${first.c.wants}, which contradicts the nodeLabels of every flavor of ${describeMatch(cq)} that covers its resources: ${list}. Kueue skips each with "flavor … doesn't match node affinity", so the workload is never admitted; match a flavor's labels or add a flavor for these nodes`,
        });
        reported = true;
      }
    }
  },
});
