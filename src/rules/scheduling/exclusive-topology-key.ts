import { EXCLUSIVE_TOPOLOGY_ANNOTATIONS, WELL_KNOWN_TOPOLOGY_KEYS } from "../../catalog/schedulers.js";
import { KUEUE_GROUP } from "../../model/kueue.js";
import { asArray, asObject, asString, getIn, type Resource } from "../../model/resource.js";
import { indexResources, perSet } from "../../model/set-index.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { describe } from "./_util.js";

/** The node labels the run's Kueue Topology levels and ResourceFlavors use, and the well-known ones: read once per run. */
const knownKeys = perSet((resources: readonly Resource[]): ReadonlySet<string> => {
  const known = new Set(WELL_KNOWN_TOPOLOGY_KEYS);
  const index = indexResources(resources);
  for (const r of index.ofKind(KUEUE_GROUP, "Topology"))
    for (const l of asArray(getIn(r.value, ["spec", "levels"]))) {
      const k = asString(asObject(l)?.nodeLabel);
      if (k) known.add(k);
    }
  for (const r of index.ofKind(KUEUE_GROUP, "ResourceFlavor"))
    for (const k of Object.keys(asObject(getIn(r.value, ["spec", "nodeLabels"])) ?? {})) known.add(k);
  return known;
});

export default defineRule({
  id: "scheduling/exclusive-topology-key",
  category: "scheduling",
  severity: "info",
  summary:
    "An exclusive-topology annotation names a node label that is neither well known nor used elsewhere in the set",
  rationale:
    "JobSet and LeaderWorkerSet implement exclusive placement with pod affinity and anti-affinity on the named node label. Nodes without that label match no topology domain, so a misspelt or cluster-specific key leaves every pod of the job Pending. mlgate knows the labels Kubernetes and the major clouds set and the keys used by Kueue Topology levels and ResourceFlavors in the set; anything else is worth a second look.",
  remediation:
    "Use a node label your nodes carry, e.g. `kubernetes.io/hostname`, `cloud.google.com/gke-nodepool` or a rack/block label your cluster sets.",
  links: [
    {
      title: "JobSet: exclusive placement",
      url: "https://jobset.sigs.k8s.io/docs/tasks/exclusive-placement/",
    },
    {
      title: "Kubernetes well-known labels",
      url: "https://kubernetes.io/docs/reference/labels-annotations-taints/",
    },
  ],
  examples: {
    valid: [
      {
        title: "one job per node pool",
        yaml: dedent`
          apiVersion: jobset.x-k8s.io/v1alpha2
          kind: JobSet
          metadata:
            name: js
            annotations:
              alpha.jobset.sigs.k8s.io/exclusive-topology: cloud.google.com/gke-nodepool
          spec:
            replicatedJobs: []
        `,
      },
    ],
    invalid: [
      {
        title: "a misspelt topology key",
        yaml: dedent`
          apiVersion: jobset.x-k8s.io/v1alpha2
          kind: JobSet
          metadata:
            name: js
            annotations:
              alpha.jobset.sigs.k8s.io/exclusive-topology: cloud.google.com/gke-node-pool
          spec:
            replicatedJobs: []
        `,
        findings: [{ line: 6, column: 50, severity: "info", message: /cloud.google.com\/gke-node-pool/ }],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    const places: { annotations: Record<string, unknown>; base: readonly (string | number)[] }[] = [
      { annotations: r.annotations, base: ["metadata", "annotations"] },
    ];
    for (const g of w.podGroups) {
      if (g.templatePath)
        places.push({ annotations: g.podAnnotations, base: [...g.templatePath, "metadata", "annotations"] });
    }
    const seen = new Set<string>();
    for (const { annotations, base } of places) {
      for (const key of EXCLUSIVE_TOPOLOGY_ANNOTATIONS) {
        const v = asString(annotations[key]);
        if (!v || knownKeys(ctx.set.resources).has(v) || seen.has(`${key}=${v}`)) continue;
        seen.add(`${key}=${v}`);
        ctx.report({
          resource: r,
          path: [...base, key],
          message: `${describe(r)} asks for exclusive placement per ${v}, a node label mlgate does not know: nodes without it match no topology domain and the pods stay Pending; check that your nodes carry it`,
        });
      }
    }
  },
});
