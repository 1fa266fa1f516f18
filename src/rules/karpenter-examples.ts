import { dedent } from "../util/dedent.js";
// Karpenter NodePools for the examples of the rules that read them (cost, reliability). Not a rule.

/** A `karpenter.sh/v1` NodePool on the `gpu` EC2NodeClass with the given requirement entries, template taints and spec fields. */
export function nodePoolExample(o: { name: string; requirements: string; taints?: string; spec?: string }): string {
  return dedent`
    apiVersion: karpenter.sh/v1
    kind: NodePool
    metadata:
      name: ${o.name}
    spec:
      template:
        spec:
          nodeClassRef:
            group: karpenter.k8s.aws
            kind: EC2NodeClass
            name: gpu
          requirements:
    ${o.requirements}${o.taints ?? ""}${o.spec ?? ""}`;
}

/** The requirement entry of a pool of p5.48xlarge nodes only. */
export const P5_ONLY = `        - key: node.kubernetes.io/instance-type
          operator: In
          values: ["p5.48xlarge"]
`;
