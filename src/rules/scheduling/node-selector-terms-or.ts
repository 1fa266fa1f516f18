import type { Path } from "../../model/path.js";
import { asArray, asObject, asString, getIn } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

/** Labels that say where a node is, not what it is. */
const LOCATION =
  /^(topology\.kubernetes\.io\/(zone|region)|failure-domain\.beta\.kubernetes\.io\/(zone|region)|topology\.gke\.io\/zone)$/;

/** The label keys a nodeSelectorTerm tests (matchExpressions and matchFields). */
function keysOf(term: unknown): string[] {
  const t = asObject(term);
  return [...asArray(t?.matchExpressions), ...asArray(t?.matchFields)]
    .map((e) => asString(asObject(e)?.key))
    .filter((k): k is string => k !== undefined);
}

const pod = (terms: string) => dedent`
  apiVersion: v1
  kind: Pod
  metadata:
    name: train
  spec:
    affinity:
      nodeAffinity:
        requiredDuringSchedulingIgnoredDuringExecution:
          nodeSelectorTerms:
  ${terms}  containers:
      - {name: train, image: "ghcr.io/acme/train:1.4.0", resources: {limits: {nvidia.com/gpu: 8}}}
`;

export default defineRule({
  id: "scheduling/node-selector-terms-or",
  category: "scheduling",
  severity: "warning",
  summary:
    "Required node affinity splits conditions on different labels over several nodeSelectorTerms, which are ORed",
  rationale:
    'The terms of `nodeSelectorTerms` are ORed: a node that satisfies any one of them qualifies; only the expressions inside one term are ANDed. A pod meant for "an H100 node in zone a" written as two terms, one on the GPU product and one on the zone, can land on an H100 node in any zone, or on any node in zone a — a wrong GPU, or data egress across zones. Terms that test different labels with nothing in common are almost always meant as one term; alternatives (zone a or zone b) test the same label.',
  remediation:
    "Put the expressions in one term (one `matchExpressions` list), or repeat every condition in each alternative term.",
  links: [
    {
      title: "Kubernetes: node affinity (nodeSelectorTerms are ORed)",
      url: "https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#node-affinity",
    },
  ],
  podContent: true,
  examples: {
    valid: [
      {
        title: "several signals of one thing (a GPU feature label, or the GPU product label): meant as OR",
        yaml: pod(
          '          - matchExpressions: [{key: feature.node.kubernetes.io/pci-10de.present, operator: In, values: ["true"]}]\n          - matchExpressions: [{key: nvidia.com/gpu.present, operator: In, values: ["true"]}]\n',
        ),
      },
      {
        title: "alternatives on the same label: zone a or zone b",
        yaml: pod(
          "          - matchExpressions: [{key: topology.kubernetes.io/zone, operator: In, values: [us-central1-a]}]\n          - matchExpressions: [{key: topology.kubernetes.io/zone, operator: In, values: [us-central1-b]}]\n",
        ),
      },
      {
        title: "both conditions in one term",
        yaml: pod(
          "          - matchExpressions:\n              - {key: nvidia.com/gpu.product, operator: In, values: [NVIDIA-H100-80GB-HBM3]}\n              - {key: topology.kubernetes.io/zone, operator: In, values: [us-central1-a]}\n",
        ),
      },
    ],
    invalid: [
      {
        title: "a GPU product and a zone as two terms: ORed, so either alone qualifies a node",
        yaml: pod(
          "          - matchExpressions: [{key: nvidia.com/gpu.product, operator: In, values: [NVIDIA-H100-80GB-HBM3]}]\n          - matchExpressions: [{key: topology.kubernetes.io/zone, operator: In, values: [us-central1-a]}]\n",
        ),
        findings: [
          { line: 11, column: 13, message: /ORed.*nvidia.com\/gpu.product.*topology.kubernetes.io\/zone.*one term/ },
        ],
      },
    ],
  },
  workload(w, ctx) {
    for (const g of w.podGroups) {
      if (!g.podSpecPath) continue;
      const termsPath: Path = [
        ...g.podSpecPath,
        "affinity",
        "nodeAffinity",
        "requiredDuringSchedulingIgnoredDuringExecution",
        "nodeSelectorTerms",
      ];
      const terms = asArray(getIn(w.resource.value, termsPath));
      if (terms.length < 2) continue;
      const keys = terms.map(keysOf);
      if (keys.some((k) => k.length === 0)) continue;
      // A term that says only where (a zone) beside one that says only what (a machine family, a GPU)
      // reads as one condition split in two. Alternatives test the same labels; a node agent's terms
      // (an NVIDIA PCI device, or the GPU label) are different signals of one thing, meant as OR.
      const where = keys.map((k) => k.every((key) => LOCATION.test(key)));
      const what = keys.map((k) => k.every((key) => !LOCATION.test(key)));
      if (!where.some(Boolean) || !what.some(Boolean)) continue;
      ctx.report({
        resource: w.resource,
        path: [...termsPath, 1],
        message: `the ${terms.length} nodeSelectorTerms are ORed (${keys.map((k) => k.join(" + ")).join("; ")}): a node that satisfies any one of them qualifies, so the pod can land outside the zone, or in it on another kind of node; if all must hold, put the expressions in one term`,
      });
    }
  },
});
