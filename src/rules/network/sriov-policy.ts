import { asArray, asObject, asString, getIn } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { didYouMean } from "../../util/suggest.js";
import { defineRule } from "../types.js";

/** SriovNetworkNicSelector fields: sriov-network-operator@249e2001 config/crd/bases/sriovnetwork.openshift.io_sriovnetworknodepolicies.yaml. */
const NIC_SELECTOR_FIELDS = ["deviceID", "netFilter", "pfNames", "rootDevices", "vendor"];

const JSON_CONFIGS = [
  ["rdmaSharedDevicePlugin", "configList"],
  ["sriovDevicePlugin", "resourceList"],
] as const;

export default defineRule({
  id: "network/sriov-policy",
  category: "network",
  severity: "error",
  summary: "An SriovNetworkNodePolicy or NicClusterPolicy that the operator rejects or cannot use",
  rationale:
    "The SR-IOV Network Operator's admission webhook rejects a policy that selects no NIC (none of vendor, deviceID, pfNames, rootDevices, netFilter), asks for RDMA on vfio-pci VFs, sets linkType ib without isRdma, or has a pfNames VF range beyond numVfs; numVfs 0 creates no VF. A NicClusterPolicy's device plugin config is a JSON string: when it does not parse, or has no resourceName, the device plugin advertises no resource and every pod that requests it stays Pending.",
  remediation: "Fix the field the message names; validate the config JSON.",
  links: [
    {
      title: "SR-IOV Network Operator: SriovNetworkNodePolicy API",
      url: "https://github.com/k8snetworkplumbingwg/sriov-network-operator/blob/master/doc/api/node-policies-api.md",
    },
    { title: "NVIDIA Network Operator: NicClusterPolicy", url: "https://github.com/Mellanox/network-operator" },
  ],
  supersedes: [
    {
      rule: "schema/unknown-field",
      cause:
        "a nicSelector key the SR-IOV operator does not know (pfName for pfNames): this rule also says what the policy then selects",
    },
  ],
  examples: {
    valid: [
      {
        title: "an RDMA netdevice policy",
        yaml: dedent`
          apiVersion: sriovnetwork.openshift.io/v1
          kind: SriovNetworkNodePolicy
          metadata: {name: p, namespace: sriov-network-operator}
          spec:
            resourceName: rdma_vf
            deviceType: netdevice
            isRdma: true
            numVfs: 8
            nicSelector: {vendor: "15b3", pfNames: ["ens1f0#0-3"]}
            nodeSelector: {}
        `,
      },
    ],
    invalid: [
      {
        title: "RDMA on vfio-pci, and a VF range beyond numVfs",
        yaml: dedent`
          apiVersion: sriovnetwork.openshift.io/v1
          kind: SriovNetworkNodePolicy
          metadata: {name: p, namespace: sriov-network-operator}
          spec:
            resourceName: rdma_vf
            deviceType: vfio-pci
            isRdma: true
            numVfs: 4
            nicSelector: {vendor: "15b3", pfNames: ["ens1f0#0-7"]}
            nodeSelector: {}
        `,
        findings: [
          { line: 6, message: /vfio-pci.*isRdma/ },
          { line: 9, message: /ens1f0#0-7.*numVfs 4/ },
        ],
      },
      {
        title:
          "an InfiniBand policy without isRdma, and no NIC selected because pfName is misspelt: one finding for the misspelling",
        yaml: dedent`
          apiVersion: sriovnetwork.openshift.io/v1
          kind: SriovNetworkNodePolicy
          metadata: {name: p, namespace: sriov-network-operator}
          spec:
            resourceName: ib_vf
            linkType: ib
            numVfs: 0
            nicSelector:
              pfName: ["ib0"]
            nodeSelector: {}
        `,
        findings: [
          { line: 6, message: /linkType ib requires isRdma/ },
          { line: 7, message: /numVfs 0/ },
          {
            line: 9,
            column: 5,
            message: /pfName is not a nicSelector field \(did you mean pfNames\?\).*webhook rejects the policy/,
            severity: "error",
          },
        ],
      },
      {
        title: "a policy whose nicSelector selects nothing",
        yaml: dedent`
          apiVersion: sriovnetwork.openshift.io/v1
          kind: SriovNetworkNodePolicy
          metadata: {name: p, namespace: sriov-network-operator}
          spec:
            resourceName: vf
            numVfs: 4
            nicSelector: {}
            nodeSelector: {}
        `,
        findings: [{ line: 7, column: 3, message: /selects no NIC/ }],
      },
      {
        title: "a NicClusterPolicy device plugin config that is not JSON",
        yaml: dedent`
          apiVersion: mellanox.com/v1alpha1
          kind: NicClusterPolicy
          metadata: {name: nic-cluster-policy}
          spec:
            rdmaSharedDevicePlugin:
              image: k8s-rdma-shared-dev-plugin
              config: |
                {"configList": [{"resourceName": "rdma_shared_device_a",}]}
        `,
        findings: [{ line: 7, message: /not valid JSON/ }],
      },
    ],
  },
  resource(r, ctx) {
    if (r.group === "sriovnetwork.openshift.io" && r.kind === "SriovNetworkNodePolicy") {
      const spec = asObject(r.value.spec);
      if (!spec) return;
      const sel = asObject(spec.nicSelector) ?? {};
      if (spec.deviceType === "vfio-pci" && spec.isRdma === true)
        ctx.report({
          resource: r,
          path: ["spec", "deviceType"],
          message:
            "deviceType vfio-pci conflicts with isRdma: true (vfio-pci VFs have no kernel netdevice or RDMA device): the operator's webhook rejects the policy; use deviceType netdevice for RDMA",
        });
      if (typeof spec.linkType === "string" && spec.linkType.toLowerCase() === "ib" && spec.isRdma !== true)
        ctx.report({
          resource: r,
          path: ["spec", "linkType"],
          message: "linkType ib requires isRdma: true; the operator's webhook rejects the policy",
        });
      if (spec.numVfs === 0)
        ctx.report({
          resource: r,
          path: ["spec", "numVfs"],
          message: "numVfs 0 creates no virtual function: the operator rejects it for any policy but its default one",
        });
      const chosen = ["vendor", "deviceID", "pfNames", "rootDevices", "netFilter"].some((k) => {
        const v = sel[k];
        return Array.isArray(v) ? v.length > 0 : typeof v === "string" && v !== "";
      });
      const unknown = Object.keys(sel).filter((k) => !NIC_SELECTOR_FIELDS.includes(k));
      // A misspelt selector (pfName) is why nothing is selected: one finding, on the misspelt key.
      const misspeltSelector = !chosen && unknown.some((k) => didYouMean(k, NIC_SELECTOR_FIELDS) !== undefined);
      if (!chosen && !misspeltSelector)
        ctx.report({
          resource: r,
          path: ["spec", "nicSelector"],
          at: "key",
          message:
            "nicSelector sets none of vendor, deviceID, pfNames, rootDevices or netFilter: the operator's webhook rejects a policy that selects no NIC",
        });
      for (const key of unknown) {
        const guess = didYouMean(key, NIC_SELECTOR_FIELDS);
        ctx.report({
          resource: r,
          path: ["spec", "nicSelector", key],
          at: "key",
          message: `${key} is not a nicSelector field${guess ? ` (did you mean ${guess}?)` : ""}: kubectl's strict field validation rejects it, and clients that skip validation have it pruned, so the policy selects NICs without it${!chosen && guess ? "; as nothing else selects a NIC, the operator's webhook rejects the policy" : ""}`,
        });
      }
      const numVfs = typeof spec.numVfs === "number" ? spec.numVfs : undefined;
      asArray(sel.pfNames).forEach((pf, i) => {
        const m = typeof pf === "string" ? /^[^#]+#(\d+)-(\d+)$/.exec(pf) : null;
        if (typeof pf === "string" && pf.includes("#") && !m) {
          ctx.report({
            resource: r,
            path: ["spec", "nicSelector", "pfNames", i],
            message: `pfNames entry "${pf}" is not <pf>#<first>-<last>: the operator's webhook rejects it`,
          });
          return;
        }
        if (!m || numVfs === undefined) return;
        const first = Number(m[1]);
        const last = Number(m[2]);
        if (last < first || last >= numVfs)
          ctx.report({
            resource: r,
            path: ["spec", "nicSelector", "pfNames", i],
            message:
              last < first
                ? `pfNames entry "${pf}": the VF range ends before it starts`
                : `pfNames entry "${pf}" reaches VF ${last}, but numVfs ${numVfs} creates VFs 0-${numVfs - 1}: the operator's webhook rejects the policy`,
          });
      });
      return;
    }
    if (r.group === "mellanox.com" && r.kind === "NicClusterPolicy") {
      for (const [plugin, listField] of JSON_CONFIGS) {
        const path = ["spec", plugin, "config"];
        const raw = getIn(r.value, path);
        if (typeof raw !== "string") continue;
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw);
        } catch (err) {
          ctx.report({
            resource: r,
            path,
            message: `${plugin}.config is not valid JSON (${(err as Error).message}): the device plugin cannot start and advertises no resource, so pods requesting it stay Pending`,
          });
          continue;
        }
        asArray(asObject(parsed)?.[listField]).forEach((e, i) => {
          if (!asString(asObject(e)?.resourceName))
            ctx.report({
              resource: r,
              path,
              message: `${plugin}.config ${listField}[${i}] has no resourceName: that device pool is never advertised`,
            });
        });
      }
    }
  },
});
