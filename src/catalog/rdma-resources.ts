/**
 * Device-plugin resources that put an RDMA device, an SR-IOV virtual function or a whole host
 * network device into a pod. Data only; src/model/rdma.ts classifies a pod's resources with it
 * when the set holds no NicClusterPolicy / SriovNetworkNodePolicy naming them. Read 2026-11-29.
 *
 * Sources (commits as in ../shared/research/ml-workload-semantics.md §0):
 * - Mellanox/k8s-rdma-shared-dev-plugin@410b0f3262b8 README.md: configList[].resourcePrefix
 *   defaults to "rdma"; example/test-hca-pod.yaml requests rdma/hca_shared_devices_a.
 * - Mellanox/network-operator@b06827e085c5 example/rdma-gpu-test-pod1.yml (rdma/rdma_shared_device_a),
 *   example/hostdevice-network-pod1.yml (nvidia.com/hostdev), example/sriov-network/sriov-network-pod1.yaml
 *   (nvidia.com/sriovlegacy), example/sriov-network/infiniband/sriov-network-pod1.yaml (nvidia.com/mlnxnics).
 * - Azure/aks-rdma-infiniband@700dabb4fe04 configs/nicclusterpolicy/{sriov-device-plugin/sriov.yaml
 *   (rdma/ib), rdma-shared-device-plugin/rdma.yaml (rdma/shared_ib)}.
 * - k8snetworkplumbingwg/sriov-network-operator@249e20012faf doc/rdma-configuration.md
 *   (openshift.io/rdma_exclusive_device); README.md: the operator's resource prefix defaults to openshift.io.
 * - kserve/kserve@aaac4e294dae docs/samples/llmisvc/dp-ep/deepseek-r1-gpu-rdma-roce/* (rdma/roce_gdr).
 */

/** What a device resource hands the pod. */
export type DeviceResourceKind =
  /** RDMA shared device plugin: the HCA's verbs devices (/dev/infiniband), shared by up to rdmaHcaMax pods. */
  | "rdma-shared"
  /** SR-IOV network device plugin: one virtual function per unit. */
  | "sriov-vf"
  /** A whole host device moved into the pod (HostDeviceNetwork / host-device CNI). */
  | "host-device";

export interface DeviceResourceInfo {
  kind: DeviceResourceKind;
  /** True when the device carries RDMA verbs (needs IPC_LOCK to register memory). */
  rdma: boolean;
  source: string;
}

/**
 * The prefix of the RDMA shared device plugin's resources when configList[].resourcePrefix is not set:
 * every `rdma/<name>` resource is an RDMA device. Mellanox/k8s-rdma-shared-dev-plugin@410b0f3262b8 README.md.
 */
export const RDMA_SHARED_DEFAULT_PREFIX = "rdma";

/** The SR-IOV Network Operator's default resource prefix (chart value operator.resourcePrefix). sriov-network-operator@249e20012faf README.md. */
export const SRIOV_OPERATOR_DEFAULT_PREFIX = "openshift.io";

/** The SR-IOV network device plugin's own default prefix. k8snetworkplumbingwg/sriov-network-device-plugin README.md (resourcePrefix). */
export const SRIOV_DEVICE_PLUGIN_DEFAULT_PREFIX = "intel.com";

/** Common resource names seen in upstream examples, used when the set does not define them. */
export const COMMON_DEVICE_RESOURCES: Readonly<Record<string, DeviceResourceInfo>> = {
  "rdma/rdma_shared_device_a": {
    kind: "rdma-shared",
    rdma: true,
    source: "Mellanox/network-operator@b06827e085c5 example/rdma-gpu-test-pod1.yml",
  },
  "rdma/hca_shared_devices_a": {
    kind: "rdma-shared",
    rdma: true,
    source: "Mellanox/k8s-rdma-shared-dev-plugin@410b0f3262b8 example/test-hca-pod.yaml",
  },
  "rdma/shared_ib": {
    kind: "rdma-shared",
    rdma: true,
    source: "Azure/aks-rdma-infiniband@700dabb4fe04 configs/nicclusterpolicy/rdma-shared-device-plugin/rdma.yaml",
  },
  "rdma/ib": {
    kind: "sriov-vf",
    rdma: true,
    source:
      "Azure/aks-rdma-infiniband@700dabb4fe04 configs/nicclusterpolicy/sriov-device-plugin/sriov.yaml (isRdma: true)",
  },
  "rdma/roce_gdr": {
    kind: "rdma-shared",
    rdma: true,
    source: "kserve/kserve@aaac4e294dae docs/samples/llmisvc/dp-ep/deepseek-r1-gpu-rdma-roce/",
  },
  "nvidia.com/hostdev": {
    kind: "host-device",
    rdma: true,
    source:
      "Mellanox/network-operator@b06827e085c5 example/crs/mellanox.com_v1alpha1_nicclusterpolicy_cr-full.yaml (sriovDevicePlugin hostdev, isRdma: true)",
  },
  "nvidia.com/sriovlegacy": {
    kind: "sriov-vf",
    rdma: true,
    source:
      "Mellanox/network-operator@b06827e085c5 example/sriov-network/sriov-network-node-policy-legacy.yaml (isRdma: true)",
  },
  "nvidia.com/mlnxnics": {
    kind: "sriov-vf",
    rdma: true,
    source: "Mellanox/network-operator@b06827e085c5 example/sriov-network/infiniband/sriov-network-pod1.yaml",
  },
  "openshift.io/rdma_exclusive_device": {
    kind: "sriov-vf",
    rdma: true,
    source: "k8snetworkplumbingwg/sriov-network-operator@249e20012faf doc/rdma-configuration.md (isRdma: true)",
  },
};

/** Prefixes whose resources are SR-IOV VFs or host devices when nothing more is known (no RDMA assumed). */
export const SRIOV_PREFIXES: readonly string[] = [SRIOV_OPERATOR_DEFAULT_PREFIX, SRIOV_DEVICE_PLUGIN_DEFAULT_PREFIX];

/** Mellanox / NVIDIA networking PCI vendor id: its VFs carry RDMA. https://admin.pci-ids.ucw.cz/read/PC/15b3 */
export const MELLANOX_VENDOR_ID = "15b3";

/**
 * CNI plugin types whose attachment is an RDMA-capable interface: ib-sriov (InfiniBand VF),
 * ipoib, host-device (a whole NIC), and the rdma meta plugin (moves the RDMA device into the
 * pod namespace). k8snetworkplumbingwg/{ib-sriov-cni,rdma-cni}, Mellanox/ipoib-cni READMEs;
 * sriov-network-operator@249e20012faf doc/rdma-configuration.md (metaPluginsConfig {"type":"rdma"}).
 */
export const RDMA_CNI_TYPES: readonly string[] = ["ib-sriov", "ipoib", "host-device", "rdma"];
