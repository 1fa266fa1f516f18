import { NCCL_ENV_URL } from "../../catalog/nccl-env.js";
import type { EnvVar } from "../../model/env.js";
import { podNetworks } from "../../model/rdma.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { groupFacts, whereSet } from "./_intent.js";
import { isDependentValue, parseIfaceList } from "./_nccl.js";

export default defineRule({
  id: "network/socket-ifname-missing",
  category: "network",
  severity: "warning",
  summary: "NCCL_SOCKET_IFNAME selects no interface the pod has",
  rationale:
    "A pod that does not use the host network has eth0 (the cluster network, named by the container runtime), lo, and one interface per Multus network: net1, net2, … in annotation order, or the name given with @ifname or \"interface\". An NCCL_SOCKET_IFNAME copied from bare metal (ib0, ens*, bond0) matches none of them, and NCCL fails at bootstrap ('no socket interface found') or hangs; an exclusion list that leaves only lo makes ranks on different nodes unreachable. NCCL_SOCKET_IFNAME entries are prefixes unless the list starts with '='.",
  remediation:
    "Use eth0 for the pod network, or the name of the Multus interface (net1, or the @ifname you gave), or attach the network that provides the interface.",
  links: [
    { title: "NCCL_SOCKET_IFNAME", url: `${NCCL_ENV_URL}#nccl-socket-ifname` },
    {
      title: "Multus: how to use (interface names)",
      url: "https://github.com/k8snetworkplumbingwg/multus-cni/blob/master/docs/how-to-use.md",
    },
  ],
  examples: {
    valid: [
      {
        title: "the Multus interface by its default name",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
            annotations:
              k8s.v1.cni.cncf.io/networks: rdma-net
          spec:
            containers:
            - name: c
              image: x
              env: [{name: NCCL_SOCKET_IFNAME, value: net1}]
        `,
      },
      {
        title: "host network: the node's interfaces are not known here",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            hostNetwork: true
            containers:
            - name: c
              image: x
              env: [{name: NCCL_SOCKET_IFNAME, value: ib0}]
        `,
      },
    ],
    invalid: [
      {
        title: "an MPIJob launcher exports an interface the Worker pods do not have",
        yaml: dedent`
          apiVersion: kubeflow.org/v2beta1
          kind: MPIJob
          metadata:
            name: nccl-tests
          spec:
            mpiReplicaSpecs:
              Launcher:
                replicas: 1
                template:
                  spec:
                    containers:
                    - name: launcher
                      image: x
                      command: [mpirun, -np, "16", -x, NCCL_SOCKET_IFNAME=ib0, /opt/nccl-tests/build/all_reduce_perf]
              Worker:
                replicas: 2
                template:
                  spec:
                    containers:
                    - name: worker
                      image: x
                      securityContext: {capabilities: {add: [IPC_LOCK]}}
                      resources: {limits: {nvidia.com/gpu: 8}}
        `,
        findings: [
          {
            line: 14,
            column: 65,
            message:
              /NCCL_SOCKET_IFNAME=ib0 exported by the launcher's mpirun to the ranks in the Worker pods matches none of the pod's interfaces \(eth0, lo\)/,
          },
        ],
      },
      {
        title: "a bare-metal interface name in a pod with only eth0",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
            - name: c
              image: x
              env:
              - name: NCCL_SOCKET_IFNAME
                value: ib0
        `,
        findings: [
          {
            line: 11,
            column: 14,
            message: /NCCL_SOCKET_IFNAME=ib0 in container .* matches none of the pod's interfaces \(eth0, lo\)/,
          },
        ],
      },
      {
        title: "an exact name that differs from the Multus interface",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
            annotations:
              k8s.v1.cni.cncf.io/networks: default/ib-net@ib1
          spec:
            containers:
            - name: c
              image: x
              env:
              - name: NCCL_SOCKET_IFNAME
                value: =net1
        `,
        findings: [{ line: 13, message: /\(eth0, lo, ib1\)/ }],
      },
    ],
  },
  workload(w, ctx) {
    for (const g of w.podGroups) {
      if (g.podSpec?.hostNetwork === true) continue;
      const nets = podNetworks(g);
      if (nets?.error) continue;
      const ifaces = ["eth0", "lo", ...(nets?.networks.map((n) => n.interface) ?? [])];
      const f = groupFacts(g, w, ctx.set);
      const check = (v: EnvVar | undefined, container?: string) => {
        if (!v?.valueAt || v.value === undefined || isDependentValue(v.value)) return;
        const list = parseIfaceList(v.value, false);
        if (list.problems.length > 0 || list.items.length === 0) return; // network/nccl-invalid-value reports these
        const matches = (iface: string) =>
          list.items.some((it) => (list.exact ? iface === it.name : iface.startsWith(it.name)));
        const selected = list.exclude ? ifaces.filter((x) => !matches(x)) : ifaces.filter(matches);
        let message: string | undefined;
        if (selected.length === 0)
          message = `NCCL_SOCKET_IFNAME=${v.value} ${whereSet(v, g, container)} matches none of the pod's interfaces (${ifaces.join(", ")}): NCCL finds no socket interface and fails or hangs at bootstrap`;
        else if (selected.every((x) => x === "lo"))
          message = `NCCL_SOCKET_IFNAME=${v.value} ${whereSet(v, g, container)} leaves only lo of the pod's interfaces (${ifaces.join(", ")}): ranks on other nodes cannot reach this one`;
        if (message) ctx.report({ resource: v.valueAt.resource, path: v.valueAt.path, span: v.valueAt.span, message });
      };
      g.containers.forEach((c, i) => {
        check(f.env[i]?.get("NCCL_SOCKET_IFNAME"), c.name);
      });
      check(f.exported.get("NCCL_SOCKET_IFNAME"));
    }
  },
});
