// The network rules. Add a new module here; src/rules/rules.test.ts fails if one is missing.
import type { Rule } from "../types.js";
import networkGpudirectWithoutRdma from "./gpudirect-without-rdma.js";
import networkHostNetwork from "./host-network.js";
import networkIbDisabledWithRdma from "./ib-disabled-with-rdma.js";
import networkInferencePoolEndpoints from "./inference-pool-endpoints.js";
import networkIpcLockNonRoot from "./ipc-lock-non-root.js";
import networkMultusNetworks from "./multus-networks.js";
import networkNadResourceNotRequested from "./nad-resource-not-requested.js";
import networkNcclDebugInProduction from "./nccl-debug-in-production.js";
import networkNcclDeprecatedVariable from "./nccl-deprecated-variable.js";
import networkNcclInvalidValue from "./nccl-invalid-value.js";
import networkNcclNotExported from "./nccl-not-exported.js";
import networkNcclUnknownVariable from "./nccl-unknown-variable.js";
import networkRdmaWithoutIpcLock from "./rdma-without-ipc-lock.js";
import networkSocketIfnameMissing from "./socket-ifname-missing.js";
import networkSriovPolicy from "./sriov-policy.js";
import networkSriovResourceUnknown from "./sriov-resource-unknown.js";
import networkTcpFallback from "./tcp-fallback.js";

export const networkRules: readonly Rule[] = [
  networkHostNetwork,
  networkGpudirectWithoutRdma,
  networkIbDisabledWithRdma,
  networkInferencePoolEndpoints,
  networkIpcLockNonRoot,
  networkMultusNetworks,
  networkNadResourceNotRequested,
  networkNcclDebugInProduction,
  networkNcclDeprecatedVariable,
  networkNcclInvalidValue,
  networkNcclNotExported,
  networkNcclUnknownVariable,
  networkRdmaWithoutIpcLock,
  networkSocketIfnameMissing,
  networkSriovPolicy,
  networkSriovResourceUnknown,
  networkTcpFallback,
];
