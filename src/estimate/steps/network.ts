// Step 8 of the estimate: the network the job runs on (the node's interconnect, the scale-up
// link), the bandwidths and latencies the communication times use.
import type { GpuSpec } from "../../catalog/gpus.js";
import {
  INTERCONNECTS,
  type Interconnect,
  type InterconnectId,
  nodeNetworkBytesPerSecond,
} from "../../catalog/interconnects.js";
import { CITATIONS } from "../citations.js";
import { EstimateError, type EstimateInput } from "../types.js";
import type { Working } from "../working.js";
import type { Layout } from "./layout.js";

/** Small-message time of one all-reduce inside a node and across nodes (CITATIONS.latencyNvlink / latencyNetwork). */
const INTRA_NODE_LATENCY = 18e-6;
const NETWORK_LATENCY = 100e-6;
const DEFAULT_INTERCONNECT: InterconnectId = "ndr";

export interface Network {
  net: Interconnect;
  nodeNet: number;
  intraBus: number;
  intraLatency: number;
  netLatency: number;
}

export function networkOf(input: EstimateInput, gpu: GpuSpec, l: Layout, w: Working): Network {
  const { nodes, gpus } = l;
  const netId =
    input.interconnect ??
    (nodes > 1
      ? w.assume("interconnect", DEFAULT_INTERCONNECT, "InfiniBand NDR, 8 × 400 Gb/s per node (a typical H100 node)")
      : DEFAULT_INTERCONNECT);
  const net: Interconnect = INTERCONNECTS[netId];
  if (!net) throw new EstimateError(`unknown interconnect "${netId}"`);
  const ports =
    input.nicsPerNode ??
    (nodes > 1 ? w.assume("nicsPerNode", net.defaultPortsPerNode, net.source) : net.defaultPortsPerNode);
  const nodeNet = nodeNetworkBytesPerSecond(net, ports);
  const intraBus = gpu.scaleUpGBps * 1e9 * net.efficiency;
  const intraLatency = INTRA_NODE_LATENCY;
  const netLatency = NETWORK_LATENCY;
  if (gpus > 1) {
    w.assume("linkEfficiency", net.efficiency, `${CITATIONS.linkEfficiency.title}: ${CITATIONS.linkEfficiency.where}`);
    w.assume(
      "intraNodeLatencySeconds",
      intraLatency,
      `${CITATIONS.latencyNvlink.title}: ${CITATIONS.latencyNvlink.note}`,
    );
    if (nodes > 1)
      w.assume(
        "networkLatencySeconds",
        netLatency,
        `${CITATIONS.latencyNetwork.title}: ${CITATIONS.latencyNetwork.note}`,
      );
  }
  w.cite(CITATIONS.linkEfficiency);
  w.step(
    {
      section: "network",
      label: "node network bandwidth (effective)",
      value: nodeNet,
      unit: "B/s",
      formula: `${ports} × ${net.gbpsPerPort} Gb/s × ${net.efficiency} efficiency / 8 (${net.name})`,
    },
    CITATIONS.linkEfficiency,
  );
  w.step({
    section: "network",
    label: "scale-up bus bandwidth per GPU (effective)",
    value: intraBus,
    unit: "B/s",
    formula: `${gpu.scaleUpGBps} GB/s per direction × ${net.efficiency} (${gpu.scaleUpName})`,
  });
  return { net, nodeNet, intraBus, intraLatency, netLatency };
}
