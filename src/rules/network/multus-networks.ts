import { NETWORKS_ANNOTATION, networkDefined, networkDefs, podNetworks } from "../../model/rdma.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "network/multus-networks",
  category: "network",
  severity: "error",
  summary: "The Multus networks annotation cannot be parsed, or names a network that is not in the checked set",
  rationale:
    "Multus reads k8s.v1.cni.cncf.io/networks as either a comma list of [namespace/]name[@interface] or a JSON list of {name, namespace, interface, …}. A value it cannot parse, or a NetworkAttachmentDefinition that does not exist in the pod's namespace, fails the pod sandbox: the pod stays in ContainerCreating with a CNI error. A network missing from the checked set may exist in the cluster, so that case is information (an error with --strict-refs).",
  remediation:
    "Fix the annotation syntax; create the NetworkAttachmentDefinition (or the SriovNetwork / HostDeviceNetwork / IPoIBNetwork that renders it) in the pod's namespace, or name its namespace.",
  links: [
    {
      title: "Multus: how to use",
      url: "https://github.com/k8snetworkplumbingwg/multus-cni/blob/master/docs/how-to-use.md",
    },
  ],
  examples: {
    valid: [
      {
        title: "both forms, networks in the set",
        yaml: dedent`
          apiVersion: k8s.cni.cncf.io/v1
          kind: NetworkAttachmentDefinition
          metadata: {name: a}
          spec: {config: '{"cniVersion":"0.3.1","type":"macvlan"}'}
          ---
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
            annotations:
              k8s.v1.cni.cncf.io/networks: a@data0
          spec:
            containers: [{name: c, image: x}]
          ---
          apiVersion: v1
          kind: Pod
          metadata:
            name: q
            annotations:
              k8s.v1.cni.cncf.io/networks: '[{"name": "a", "interface": "data0"}]'
          spec:
            containers: [{name: c, image: x}]
        `,
      },
    ],
    invalid: [
      {
        title: "malformed JSON",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
            annotations:
              k8s.v1.cni.cncf.io/networks: '[{"name": "a",}]'
          spec:
            containers: [{name: c, image: x}]
        `,
        findings: [{ line: 6, column: 34, message: /cannot be parsed: not valid JSON/, severity: "error" }],
      },
      {
        title: "a network not in the set",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
            annotations:
              k8s.v1.cni.cncf.io/networks: rdma-net-ipam
          spec:
            containers: [{name: c, image: x}]
        `,
        findings: [{ line: 6, message: /rdma-net-ipam is not in the checked set/, severity: "info" }],
      },
    ],
  },
  workload(w, ctx) {
    const defs = networkDefs(ctx.set);
    const seen = new Set<string>();
    for (const g of w.podGroups) {
      const nets = podNetworks(g);
      if (!nets) continue;
      const key = nets.path.join(".");
      if (seen.has(key)) continue;
      seen.add(key);
      if (nets.error) {
        ctx.report({
          resource: w.resource,
          path: nets.path,
          message: `${NETWORKS_ANNOTATION} cannot be parsed: ${nets.error}; Multus fails the pod sandbox and the pod never starts`,
        });
        continue;
      }
      for (const ref of nets.networks) {
        if (networkDefined(defs, ref, w.resource.namespace)) continue;
        const ns = ref.namespace ?? w.resource.namespace;
        ctx.report({
          resource: w.resource,
          path: nets.path,
          severity: ctx.options.strictRefs ? "error" : "info",
          message: `network ${ns ? `${ns}/` : ""}${ref.name} is not in the checked set (no NetworkAttachmentDefinition, SriovNetwork, SriovIBNetwork, HostDeviceNetwork, IPoIBNetwork or MacvlanNetwork of that name): if it does not exist in the cluster, the pod fails to start`,
        });
      }
    }
  },
});
