/**
 * Scale-out networks between nodes for `mlgate estimate`, with the share of the advertised speed
 * an application sees. Data only; read 2026-11-29 from the sources named per row (quoted and
 * checked in ../shared/research/training-math.md §5–6).
 *
 * Scale-up links (NVLink, xGMI, ICI, PCIe) are per GPU in src/catalog/gpus.ts; the generations are
 * listed here too so the docs can show them in one table.
 */

export type InterconnectId = "xdr" | "ndr" | "hdr" | "roce-400" | "roce-200" | "efa" | "eth-100" | "eth-25";

export interface Interconnect {
  id: InterconnectId;
  name: string;
  /** Signalling rate of one port (NIC), Gbit/s, one direction. */
  gbpsPerPort: number;
  /** NICs per node when the manifests or flags do not say. */
  defaultPortsPerNode: number;
  /** Fraction of the advertised rate seen by NCCL collectives. */
  efficiency: number;
  rdma: boolean;
  source: string;
  read: string;
}

const READ = "2026-11-29";
const STAS_NET = "stas00/ml-engineering network/README.md";
/** ~80% of advertised link speed at application level (stas00 network/README.md rule of thumb). */
export const DEFAULT_LINK_EFFICIENCY = 0.8;

export const INTERCONNECTS: Readonly<Record<InterconnectId, Interconnect>> = {
  xdr: {
    id: "xdr",
    name: "InfiniBand XDR (800 Gb/s per port)",
    gbpsPerPort: 800,
    defaultPortsPerNode: 8,
    efficiency: DEFAULT_LINK_EFFICIENCY,
    rdma: true,
    source: `${STAS_NET}: IB per 4x link EDR 100, HDR 200, NDR 400, XDR 800 Gb/s; one NIC per GPU (rail-optimised) as in DGX systems`,
    read: READ,
  },
  ndr: {
    id: "ndr",
    name: "InfiniBand NDR (400 Gb/s per port)",
    gbpsPerPort: 400,
    defaultPortsPerNode: 8,
    efficiency: DEFAULT_LINK_EFFICIENCY,
    rdma: true,
    source: `${STAS_NET}: "Typical node: 8× 400 Gb/s Quantum-2 (H100) = 400 GB/s/node"`,
    read: READ,
  },
  hdr: {
    id: "hdr",
    name: "InfiniBand HDR (200 Gb/s per port)",
    gbpsPerPort: 200,
    defaultPortsPerNode: 8,
    efficiency: DEFAULT_LINK_EFFICIENCY,
    rdma: true,
    source: 'Narayanan et al. SC21 §5 (Selene: "eight NVIDIA Mellanox 200Gbps HDR Infiniband HCAs" per DGX A100)',
    read: READ,
  },
  "roce-400": {
    id: "roce-400",
    name: "RoCE v2, 400 GbE per port",
    gbpsPerPort: 400,
    defaultPortsPerNode: 8,
    efficiency: DEFAULT_LINK_EFFICIENCY,
    rdma: true,
    source: `${STAS_NET}; Llama 3 405B trained on a RoCE fabric (Llama 3 paper); one NIC per GPU assumed`,
    read: READ,
  },
  "roce-200": {
    id: "roce-200",
    name: "RoCE v2, 200 GbE per port",
    gbpsPerPort: 200,
    defaultPortsPerNode: 8,
    efficiency: DEFAULT_LINK_EFFICIENCY,
    rdma: true,
    source: `${STAS_NET} (MosaicML: "1600 Gbps node-node interconnect (RoCE)" = 8 × 200 GbE)`,
    read: READ,
  },
  efa: {
    id: "efa",
    name: "AWS Elastic Fabric Adapter v2 (p5: 3,200 Gb/s per node)",
    gbpsPerPort: 100,
    defaultPortsPerNode: 32,
    efficiency: DEFAULT_LINK_EFFICIENCY,
    rdma: true,
    source: `${STAS_NET}: EFA v2 3.2 Tbps/node on P5 (32 NICs); EFA v1 0.4 Tbps/node on P4 ("effective 340 Gbps for all_reduce tests")`,
    read: READ,
  },
  "eth-100": {
    id: "eth-100",
    name: "Ethernet 100 Gb/s, TCP sockets (no RDMA)",
    gbpsPerPort: 100,
    defaultPortsPerNode: 1,
    efficiency: DEFAULT_LINK_EFFICIENCY,
    rdma: false,
    source: `${STAS_NET} (link speed; one NIC per node assumed for a plain pod network)`,
    read: READ,
  },
  "eth-25": {
    id: "eth-25",
    name: "Ethernet 25 Gb/s, TCP sockets (no RDMA)",
    gbpsPerPort: 25,
    defaultPortsPerNode: 1,
    efficiency: DEFAULT_LINK_EFFICIENCY,
    rdma: false,
    source: `${STAS_NET} (link speed; one NIC per node assumed for a plain pod network)`,
    read: READ,
  },
};

export const INTERCONNECT_IDS = Object.keys(INTERCONNECTS) as InterconnectId[];

/** Bytes per second a node can send into the network, after the efficiency factor. */
export function nodeNetworkBytesPerSecond(net: Interconnect, portsPerNode = net.defaultPortsPerNode): number {
  return (net.gbpsPerPort * 1e9 * portsPerNode * net.efficiency) / 8;
}

/** Scale-up and host links, for reference (per GPU, GB/s one direction / duplex). stas00 network/README.md. */
export const SCALE_UP_LINKS = [
  { name: "NVLink 2 (V100)", uniGBps: 150, duplexGBps: 300 },
  { name: "NVLink 3 (A100)", uniGBps: 300, duplexGBps: 600 },
  { name: "NVLink 4 (H100, H200)", uniGBps: 450, duplexGBps: 900 },
  { name: "NVLink 5 (B200, GB200)", uniGBps: 900, duplexGBps: 1800 },
  { name: "PCIe Gen4 x16", uniGBps: 31, duplexGBps: 62 },
  { name: "PCIe Gen5 x16", uniGBps: 63, duplexGBps: 126 },
  { name: "PCIe Gen6 x16", uniGBps: 121, duplexGBps: 242 },
] as const;
