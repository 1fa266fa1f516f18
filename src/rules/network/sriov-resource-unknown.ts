import { definedResources, networkDefs, resourceSuffix } from "../../model/rdma.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "network/sriov-resource-unknown",
  category: "network",
  severity: "warning",
  summary: "A network's resourceName matches no device pool the set's SR-IOV policies or NicClusterPolicy define",
  rationale:
    "SriovNetwork, SriovIBNetwork and HostDeviceNetwork name a device pool by resourceName; the pool exists only when an SriovNetworkNodePolicy (or the NicClusterPolicy's device plugin config) defines it. A name that matches none (a typo, a renamed policy) renders a network whose pods request a resource no node advertises: they stay Pending with 'Insufficient <prefix>/<name>'. The check runs only when the set holds policies, since they often live in another repository.",
  remediation: "Use the resourceName of an existing SriovNetworkNodePolicy or NicClusterPolicy device pool.",
  links: [
    {
      title: "SR-IOV Network Operator: SriovNetwork API",
      url: "https://github.com/k8snetworkplumbingwg/sriov-network-operator/blob/master/doc/api/sriov-network-api.md",
    },
  ],
  examples: {
    valid: [
      {
        title: "network and policy agree",
        yaml: dedent`
          apiVersion: sriovnetwork.openshift.io/v1
          kind: SriovNetworkNodePolicy
          metadata: {name: p, namespace: sriov-network-operator}
          spec: {resourceName: rdma_vf, isRdma: true, numVfs: 4, nicSelector: {vendor: "15b3"}, nodeSelector: {}}
          ---
          apiVersion: sriovnetwork.openshift.io/v1
          kind: SriovNetwork
          metadata: {name: net, namespace: sriov-network-operator}
          spec: {resourceName: rdma_vf, networkNamespace: default}
        `,
      },
    ],
    invalid: [
      {
        title: "a typo in the network's resourceName",
        yaml: dedent`
          apiVersion: sriovnetwork.openshift.io/v1
          kind: SriovNetworkNodePolicy
          metadata: {name: p, namespace: sriov-network-operator}
          spec: {resourceName: rdma_vf, isRdma: true, numVfs: 4, nicSelector: {vendor: "15b3"}, nodeSelector: {}}
          ---
          apiVersion: sriovnetwork.openshift.io/v1
          kind: SriovNetwork
          metadata: {name: net, namespace: sriov-network-operator}
          spec:
            resourceName: rdma_fv
            networkNamespace: default
        `,
        findings: [{ line: 10, column: 17, message: /rdma_fv.*defined: rdma_vf/ }],
      },
    ],
  },
  set(set, ctx) {
    const pools = definedResources(set);
    if (pools.length === 0) return;
    const names = new Set(pools.map((p) => resourceSuffix(p.name)));
    for (const d of networkDefs(set)) {
      if (d.resource.kind === "NetworkAttachmentDefinition" || !d.resourceName || !d.resourceNamePath) continue;
      if (names.has(resourceSuffix(d.resourceName))) continue;
      ctx.report({
        resource: d.resource,
        path: d.resourceNamePath,
        message: `${d.resource.kind} ${d.name} uses resourceName ${d.resourceName}, which no SriovNetworkNodePolicy or NicClusterPolicy in the set defines (defined: ${[...names].sort().join(", ")}): its pods would request a resource no node advertises and stay Pending`,
      });
    }
  },
});
