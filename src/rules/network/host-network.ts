import { isNodeAgent } from "../../model/node-agent.js";
import { podNetworks } from "../../model/rdma.js";
import { asString } from "../../model/resource.js";
import { isPartial, totalPods } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "network/host-network",
  category: "network",
  severity: "warning",
  summary:
    "A hostNetwork pod without dnsPolicy ClusterFirstWithHostNet, or with Multus networks that are never attached",
  rationale:
    "A pod with `hostNetwork: true` lives in the node's network namespace. Its default DNS policy, ClusterFirst, then falls back to the node's resolver (Kubernetes documents that hostNetwork pods must set `dnsPolicy: ClusterFirstWithHostNet` to keep cluster DNS), so Service names — the master address of a training job, a headless Service for the workers — stop resolving and rendezvous fails. This is judged on workloads whose pods find each other by name (distributed jobs, StatefulSets, LeaderWorkerSets, Ray clusters), not on a server Deployment, a single Pod or a node agent. Multus attaches secondary networks through CNI, which the kubelet does not call for a hostNetwork pod: the interfaces named in `k8s.v1.cni.cncf.io/networks` never appear, and NCCL or UCX set to use them (net1, an SR-IOV VF) find nothing.",
  remediation:
    "Set `dnsPolicy: ClusterFirstWithHostNet` beside `hostNetwork: true`. For secondary networks, drop hostNetwork and let Multus attach them (the pod keeps its own namespace), or drop the networks annotation and use the node's interfaces.",
  links: [
    {
      title: "Kubernetes: DNS for Services and Pods (Pod's DNS policy)",
      url: "https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#pod-s-dns-policy",
    },
    {
      title: "multus-cni#1091: a hostNetwork pod is outside CNI, Multus does not process it",
      url: "https://github.com/k8snetworkplumbingwg/multus-cni/issues/1091",
    },
  ],
  examples: {
    valid: [
      {
        title: "a node agent on the host network: it needs no cluster DNS",
        yaml: dedent`
          apiVersion: apps/v1
          kind: DaemonSet
          metadata:
            name: driver
          spec:
            selector: {matchLabels: {app: d}}
            template:
              metadata: {labels: {app: d}}
              spec:
                hostNetwork: true
                containers: [{name: c, image: i}]
        `,
      },
      {
        title: "hostNetwork with ClusterFirstWithHostNet",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            hostNetwork: true
            dnsPolicy: ClusterFirstWithHostNet
            containers: [{name: c, image: i}]
        `,
      },
      {
        title: "Multus networks on a pod in its own network namespace",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
            annotations: {k8s.v1.cni.cncf.io/networks: rdma-net}
          spec:
            containers: [{name: c, image: i}]
        `,
      },
    ],
    invalid: [
      {
        title: "hostNetwork with the default DNS policy",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: bert
          spec:
            pytorchReplicaSpecs:
              Worker:
                replicas: 2
                template:
                  spec:
                    hostNetwork: true
                    containers: [{name: pytorch, image: i}]
        `,
        findings: [{ line: 11, column: 24, message: /hostNetwork: true without dnsPolicy: ClusterFirstWithHostNet/ }],
      },
      {
        title: "hostNetwork and a Multus network: the network is never attached",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
            annotations:
              k8s.v1.cni.cncf.io/networks: rdma-net
          spec:
            hostNetwork: true
            dnsPolicy: ClusterFirstWithHostNet
            containers: [{name: c, image: i}]
        `,
        findings: [
          { line: 6, column: 34, severity: "error", message: /Multus does not attach rdma-net to a hostNetwork pod/ },
        ],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    // Peers find each other by Service name in distributed jobs and StatefulSets; a server
    // Deployment, a single Pod or a node agent (DaemonSet) may live on the node's resolver alone.
    const pods = totalPods(w);
    const peers =
      (pods === undefined || pods > 1) &&
      !(r.group === "apps" && (r.kind === "Deployment" || r.kind === "ReplicaSet" || r.kind === "DaemonSet")) &&
      !(r.group === "" && r.kind === "Pod") &&
      !isNodeAgent(w);
    for (const g of w.podGroups) {
      if (g.podSpec?.hostNetwork !== true || !g.podSpecPath) continue;
      const dns = asString(g.podSpec.dnsPolicy);
      // An overlay may set the policy in its base; "None" means the pod brings its own dnsConfig.
      if (
        peers &&
        dns !== "ClusterFirstWithHostNet" &&
        dns !== "None" &&
        dns !== "Default" &&
        !(dns === undefined && isPartial(g))
      ) {
        ctx.report({
          resource: w.resource,
          path: dns === undefined ? [...g.podSpecPath, "hostNetwork"] : [...g.podSpecPath, "dnsPolicy"],
          message: `${g.role === "pod" ? "the pod" : `${g.role} pods`} set${g.role === "pod" ? "s" : ""} hostNetwork: true without dnsPolicy: ClusterFirstWithHostNet${dns ? ` (dnsPolicy ${dns})` : ""}: they resolve names through the node's resolver, so cluster Service names (a master address, a headless Service of the workers) do not resolve`,
        });
      }
      const nets = podNetworks(g);
      if (nets && nets.text.trim() !== "") {
        ctx.report({
          resource: w.resource,
          path: nets.path,
          severity: "error",
          message: `Multus does not attach ${nets.text.trim()} to a hostNetwork pod (the kubelet calls no CNI for the node's network namespace): the secondary interfaces never appear, and whatever is set to use them finds nothing`,
        });
      }
    }
  },
});
