import { containerDeviceRequests, findNetwork, networkDefs, podNetworks, resourceSuffix } from "../../model/rdma.js";
import { describeMatch } from "../../model/refs.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "network/nad-resource-not-requested",
  category: "network",
  severity: "error",
  summary: "A pod attaches a network whose device resource it does not request",
  rationale:
    "A NetworkAttachmentDefinition annotated with k8s.v1.cni.cncf.io/resourceName (SR-IOV, host-device, IB SR-IOV networks; the SR-IOV and Network Operator CRs render it) hands the pod one device allocated by the device plugin. The device plugin allocates only what a container requests: without the request the CNI finds no VF for the pod and sandbox creation fails. The network-resources-injector webhook adds the request automatically where it is deployed (the SR-IOV operator enables it by default), which is why operator-rendered networks are a warning.",
  remediation: "Add the resource to the requests and limits of the container that uses the network.",
  links: [
    {
      title: "SR-IOV Network Operator: basic examples",
      url: "https://github.com/k8snetworkplumbingwg/sriov-network-operator/blob/master/doc/basic-examples.md",
    },
    { title: "network-resources-injector", url: "https://github.com/k8snetworkplumbingwg/network-resources-injector" },
  ],
  examples: {
    valid: [
      {
        title: "NAD resource requested",
        yaml: dedent`
          apiVersion: k8s.cni.cncf.io/v1
          kind: NetworkAttachmentDefinition
          metadata:
            name: sriov-net-a
            annotations: {k8s.v1.cni.cncf.io/resourceName: intel.com/sriov}
          spec: {config: '{"type": "sriov"}'}
          ---
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
            annotations: {k8s.v1.cni.cncf.io/networks: sriov-net-a}
          spec:
            containers:
            - name: c
              image: x
              resources: {limits: {intel.com/sriov: 1}}
        `,
      },
    ],
    invalid: [
      {
        title: "NAD resource not requested",
        yaml: dedent`
          apiVersion: k8s.cni.cncf.io/v1
          kind: NetworkAttachmentDefinition
          metadata:
            name: sriov-net-a
            annotations: {k8s.v1.cni.cncf.io/resourceName: intel.com/sriov}
          spec: {config: '{"type": "sriov"}'}
          ---
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
            annotations:
              k8s.v1.cni.cncf.io/networks: sriov-net-a
          spec:
            containers:
            - name: c
              image: x
        `,
        findings: [{ line: 13, message: /sriov-net-a needs device resource intel\.com\/sriov/, severity: "error" }],
      },
      {
        title: "SriovNetwork resource not requested (warning: the injector may add it)",
        yaml: dedent`
          apiVersion: sriovnetwork.openshift.io/v1
          kind: SriovNetwork
          metadata: {name: rdma-network, namespace: sriov-network-operator}
          spec: {resourceName: rdma_vf, networkNamespace: default}
          ---
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
            namespace: default
            annotations:
              k8s.v1.cni.cncf.io/networks: rdma-network
          spec:
            containers:
            - name: c
              image: x
        `,
        findings: [{ line: 12, severity: "warning", message: /<prefix>\/rdma_vf/ }],
      },
    ],
  },
  workload(w, ctx) {
    const defs = networkDefs(ctx.set);
    for (const g of w.podGroups) {
      const nets = podNetworks(g);
      if (!nets || nets.error) continue;
      const requested = g.containers.flatMap((c) => containerDeviceRequests(c.value).map((r) => r.name));
      for (const ref of nets.networks) {
        const def = findNetwork(defs, ref, w.resource);
        const res = def?.resourceName;
        if (!def || !res) continue;
        const full = res.includes("/");
        const ok = requested.some((r) => (full ? r === res : resourceSuffix(r) === res));
        if (ok) continue;
        const operator = def.resource.kind !== "NetworkAttachmentDefinition";
        const shown = full ? res : `<prefix>/${res}`;
        ctx.report({
          resource: w.resource,
          path: nets.path,
          severity: operator ? "warning" : "error",
          message: `network ${ref.name} needs device resource ${shown} (from ${describeMatch(def.resource)}), which no container of this pod requests: the device plugin allocates no VF and the pod fails to start${operator ? ", unless the network-resources-injector adds the request" : ""}`,
        });
      }
    }
  },
});
