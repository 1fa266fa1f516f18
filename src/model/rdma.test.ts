import { describe, expect, it } from "vitest";
import { buildSet } from "../check.js";
import { SourceFile } from "../load/types.js";
import { containerEnv } from "./env.js";
import { parseNetworksAnnotation, rdmaIntent } from "./rdma.js";

function setOf(yaml: string) {
  return buildSet([new SourceFile("t.yaml", yaml)]).set;
}

function firstGroup(set: ReturnType<typeof setOf>) {
  const g = set.workloads[0]?.podGroups[0];
  if (!g) throw new Error("no pod group");
  return g;
}

const pod = (extra: string, annotations = "") =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n${annotations}spec:\n  containers:\n  - name: c\n    image: x\n${extra}`;

describe("parseNetworksAnnotation", () => {
  it("reads the comma form with namespace and interface", () => {
    const p = parseNetworksAnnotation("net-a, other/net-b@ib0 ,net-c");
    expect(p.error).toBeUndefined();
    expect(p.networks).toEqual([
      { name: "net-a", namespace: undefined, interface: "net1", explicitInterface: false },
      { name: "net-b", namespace: "other", interface: "ib0", explicitInterface: true },
      { name: "net-c", namespace: undefined, interface: "net3", explicitInterface: false },
    ]);
  });
  it("reads the JSON form", () => {
    const p = parseNetworksAnnotation('[{"name":"a","interface":"eth1"},{"name":"b","namespace":"n"}]');
    expect(p.networks.map((n) => `${n.namespace ?? ""}/${n.name}@${n.interface}`)).toEqual(["/a@eth1", "n/b@net2"]);
  });
  it("reports malformed JSON and bad list items", () => {
    expect(parseNetworksAnnotation('[{"name": "a",}]').error).toMatch(/not valid JSON/);
    expect(parseNetworksAnnotation('{"name":"a"}').error).toMatch(/list/);
    expect(parseNetworksAnnotation("a/b/c").error).toMatch(/more than one "\/"/);
    expect(parseNetworksAnnotation("a,,b").error).toMatch(/empty element/);
  });
});

describe("rdmaIntent", () => {
  it("is false for a plain GPU pod", () => {
    const set = setOf(pod("    resources: {limits: {nvidia.com/gpu: 1}}\n"));
    expect(rdmaIntent(firstGroup(set), set)).toEqual({ rdma: false, reasons: [] });
  });
  it("is true for an rdma/ resource", () => {
    const set = setOf(pod("    resources: {limits: {rdma/rdma_shared_device_a: 1}}\n"));
    const r = rdmaIntent(firstGroup(set), set);
    expect(r.rdma).toBe(true);
    expect(r.reasons[0]).toMatch(/rdma\/rdma_shared_device_a/);
  });
  it("uses the SriovNetworkNodePolicy of the set for an unusual prefix", () => {
    const set = setOf(
      `apiVersion: sriovnetwork.openshift.io/v1\nkind: SriovNetworkNodePolicy\nmetadata: {name: p}\nspec: {resourceName: fastnic, isRdma: true, numVfs: 4, nicSelector: {vendor: "15b3"}, nodeSelector: {}}\n---\n${pod("    resources: {limits: {example.org/fastnic: 1}}\n")}`,
    );
    expect(rdmaIntent(firstGroup(set), set).reasons).toEqual(["requests example.org/fastnic (sriov-vf)"]);
  });
  it("is true for an attached IPoIB network of the set", () => {
    const set = setOf(
      `apiVersion: mellanox.com/v1alpha1\nkind: IPoIBNetwork\nmetadata: {name: ib}\nspec: {networkNamespace: default, master: ib0}\n---\n${pod("", "  namespace: default\n  annotations: {k8s.v1.cni.cncf.io/networks: ib}\n")}`,
    );
    expect(rdmaIntent(firstGroup(set), set).reasons[0]).toMatch(/attaches network ib/);
  });
  it("is true for NCCL IB variables, also from a ConfigMap of the set", () => {
    const set = setOf(
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: nccl}\ndata: {NCCL_IB_HCA: "=mlx5_0"}\n---\n${pod("    envFrom: [{configMapRef: {name: nccl}}]\n")}`,
    );
    const g = firstGroup(set);
    expect(rdmaIntent(g, set).reasons).toEqual(["sets NCCL RDMA variables NCCL_IB_HCA==mlx5_0"]);
    const env = containerEnv(
      g.containers[0] as (typeof g.containers)[number],
      set.workloads[0]?.resource as never,
      set,
    );
    expect(env[0]?.configMap?.name).toBe("nccl");
  });
  it("is false when NCCL_IB_DISABLE=1 is the only NCCL setting", () => {
    const set = setOf(pod('    env: [{name: NCCL_IB_DISABLE, value: "1"}]\n'));
    expect(rdmaIntent(firstGroup(set), set).rdma).toBe(false);
  });
  it("never throws on odd shapes", () => {
    const set = setOf(
      pod(
        "    resources: []\n    env: [3, {name: 4}]\n    envFrom: [null]\n",
        "  annotations: {k8s.v1.cni.cncf.io/networks: [1]}\n",
      ),
    );
    expect(rdmaIntent(firstGroup(set), set).rdma).toBe(false);
  });
});
