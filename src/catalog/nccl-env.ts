/**
 * NCCL, RCCL and PyTorch ProcessGroupNCCL environment variables: names, value types, limits and
 * deprecations, as data. Read 2026-11-29.
 *
 * Sources:
 * - NCCL: NVIDIA/nccl@0186f08dfbceff4e54d8250c005f6e89fdf666f6 docs/userguide/source/env.rst
 *   (https://docs.nvidia.com/deeplearning/nccl/user-guide/docs/env.html), condensed in
 *   ../shared/research/ml-workload-semantics.md §5.5 (read at NVIDIA/nccl@5067397c2676).
 * - RCCL: https://rocm.docs.amd.com/projects/rccl/en/latest/api-reference/env-variables.html
 *   (RCCL reads the NCCL_* names too, and widens NCCL_DEBUG with NONE, ERROR, ABORT).
 * - PyTorch: https://pytorch.org/docs/stable/torch_nccl_environment_variables.html and
 *   pytorch/pytorch torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp (the TORCH_NCCL_* names, and
 *   the NCCL_* spellings they replace, which PyTorch still reads with a deprecation warning).
 */

export const NCCL_ENV_SOURCE = "NVIDIA/nccl@0186f08d docs/userguide/source/env.rst";
export const NCCL_ENV_URL = "https://docs.nvidia.com/deeplearning/nccl/user-guide/docs/env.html";
export const RCCL_ENV_SOURCE = "https://rocm.docs.amd.com/projects/rccl/en/latest/api-reference/env-variables.html";
export const TORCH_ENV_SOURCE = "https://pytorch.org/docs/stable/torch_nccl_environment_variables.html";

/** What a variable's value must look like. */
export type NcclValueType =
  /** "0" or "1" (NCCL reads it as an integer; anything else is not a documented value). */
  | { kind: "bool" }
  /** A decimal integer within [min, max] when given. `allowed` lists the only accepted values. */
  | { kind: "int"; min?: number; max?: number; allowed?: readonly number[] }
  /** One word of a fixed set (case-insensitive), optionally with legacy integer spellings in [0, legacyMax]. */
  | { kind: "enum"; values: readonly string[]; legacyIntMax?: number; openAbove?: boolean }
  /** A comma list of words of a fixed set, optionally starting with `^` (exclude). */
  | { kind: "enum-list"; values: readonly string[]; caret: boolean; perFunction?: boolean }
  /** NCCL_SOCKET_IFNAME syntax: [^][=]prefix[,prefix…]. */
  | { kind: "iface-list"; ports?: boolean }
  /** NCCL_IB_HCA syntax: [^][=]hca[:port[:rail[:plane]]][,…]. */
  | { kind: "hca-list" }
  /** Free text (paths, plugin names, addresses, formats): only presence is checked. */
  | { kind: "string" };

export interface NcclVariable {
  type: NcclValueType;
  /** env.rst section: "system" configuration, "debug"ging (not for production), or the library it belongs to. */
  section: "system" | "debug" | "rccl" | "torch";
  since?: string;
  /** Deprecated: still read, but say what replaces it. */
  deprecated?: { in: string; replacement?: string };
  /** Removed: the library ignores it now. */
  removed?: { in: string; replacement?: string };
  /** Where the type and limits were read. */
  source: string;
}

const bool = { kind: "bool" } as const;
const str = { kind: "string" } as const;
const int = (min?: number, max?: number): NcclValueType => ({ kind: "int", min, max });
const PATH_LEVELS = ["LOC", "PIX", "PXB", "PHB", "SYS"] as const;

function sys(type: NcclValueType, since?: string, extra: Partial<NcclVariable> = {}): NcclVariable {
  return { type, section: "system", since, source: NCCL_ENV_SOURCE, ...extra };
}
function dbg(type: NcclValueType, since?: string, extra: Partial<NcclVariable> = {}): NcclVariable {
  return { type, section: "debug", since, source: NCCL_ENV_SOURCE, ...extra };
}
function rccl(type: NcclValueType): NcclVariable {
  return { type, section: "rccl", source: RCCL_ENV_SOURCE };
}
function torch(type: NcclValueType, extra: Partial<NcclVariable> = {}): NcclVariable {
  return { type, section: "torch", source: TORCH_ENV_SOURCE, ...extra };
}

/** NCCL_DEBUG levels: NCCL's VERSION, WARN, ATTN (2.32), INFO, TRACE; RCCL adds NONE, ERROR, ABORT. */
export const NCCL_DEBUG_LEVELS = ["VERSION", "WARN", "ATTN", "INFO", "TRACE", "NONE", "ERROR", "ABORT"] as const;

/** NCCL_DEBUG_SUBSYS names (env.rst). */
export const NCCL_DEBUG_SUBSYSTEMS = [
  "INIT",
  "COLL",
  "P2P",
  "SHM",
  "NET",
  "GRAPH",
  "TUNING",
  "ENV",
  "ALLOC",
  "ALLOC_HOST",
  "CALL",
  "PROXY",
  "NVLS",
  "BOOTSTRAP",
  "REG",
  "PROFILE",
  "RAS",
  "DESTROY",
  "ALL",
] as const;

/** NCCL_ALGO algorithm names across versions (env.rst table). */
export const NCCL_ALGORITHMS = ["Ring", "Tree", "Collnet", "CollnetChain", "CollnetDirect", "NVLS", "NVLSTree", "PAT"];
export const NCCL_PROTOCOLS = ["LL", "LL128", "Simple"];

export const NCCL_VARIABLES: Readonly<Record<string, NcclVariable>> = {
  // ---- System configuration (env.rst) ----
  NCCL_SOCKET_IFNAME: sys({ kind: "iface-list" }),
  NCCL_SOCKET_FAMILY: sys({ kind: "enum", values: ["AF_INET", "AF_INET6"] }),
  NCCL_SOCKET_MAGIC: sys(str),
  NCCL_SOCKET_RETRY_CNT: sys(int(1), "2.24"),
  NCCL_SOCKET_RETRY_SLEEP_MSEC: sys(int(1), "2.24"),
  NCCL_SOCKET_POLL_TIMEOUT_MSEC: sys(int(0), "2.28"),
  NCCL_PSK: sys(str),
  NCCL_SOCKET_NTHREADS: sys(int(1, 16), "2.4.8"),
  NCCL_NSOCKS_PERTHREAD: sys(int(1), "2.4.8"),
  NCCL_CROSS_NIC: sys({ kind: "int", allowed: [0, 1, 2] }),
  NCCL_IB_HCA: sys({ kind: "hca-list" }),
  NCCL_IB_RAIL_POLICY: sys({ kind: "enum", values: ["NONE", "CX9", "CX9:FLIP", "CX9:ALT", "CX9:BLOCK"] }, "2.30.5"),
  NCCL_IB_TIMEOUT: sys(int(0, 31)),
  NCCL_IB_RETRY_CNT: sys(int(0, 7), "2.1.15"),
  NCCL_IB_GID_INDEX: sys(int(-1), "2.1.4"),
  NCCL_IB_ADDR_FAMILY: sys({ kind: "enum", values: ["AF_INET", "AF_INET6"] }, "2.21"),
  NCCL_IB_ADDR_RANGE: sys(str, "2.21"),
  NCCL_IB_ROCE_VERSION_NUM: sys(int(1), "2.21"),
  NCCL_IB_PKEY: sys(int(0), "2.1.4"),
  NCCL_IB_PKEY_VALUE: sys(str, "2.31"),
  NCCL_IB_SL: sys(int(0), "2.1.4"),
  NCCL_IB_TC: sys(int(0), "2.1.15"),
  NCCL_IB_FIFO_TC: sys(int(0), "2.22.3"),
  NCCL_IB_RETURN_ASYNC_EVENTS: sys(bool, "2.23"),
  NCCL_IB_EVENT_BASED_LB: sys(bool, "2.31"),
  NCCL_OOB_NET_ENABLE: sys(bool, "2.23"),
  NCCL_OOB_NET_IFNAME: sys({ kind: "iface-list", ports: true }, "2.23"),
  NCCL_UID_STAGGER_THRESHOLD: sys(int(1), "2.23"),
  NCCL_UID_STAGGER_RATE: sys(int(1), "2.23"),
  NCCL_NET: sys(str, "2.10"),
  NCCL_NET_PLUGIN: sys(str, "2.11"),
  NCCL_GIN_PLUGIN: sys(str, "2.29.3"),
  NCCL_RMA_PLUGIN: sys(str, "2.30.7"),
  NCCL_TUNER_PLUGIN: sys(str),
  NCCL_PROFILER_PLUGIN: sys(str),
  NCCL_ENV_PLUGIN: sys(str, "2.28"),
  NCCL_IGNORE_CPU_AFFINITY: sys(bool, "2.4.6"),
  NCCL_CONF_FILE: sys(str, "2.23"),
  NCCL_DEBUG: sys({ kind: "enum", values: NCCL_DEBUG_LEVELS }),
  NCCL_DEBUG_LEVELS: sys(
    { kind: "enum-list", values: ["VERSION", "WARN", "ATTN", "INFO", "ABORT", "TRACE", "ALL"], caret: false },
    "2.32",
  ),
  NCCL_DEBUG_FILE: sys(str, "2.2.12"),
  NCCL_DEBUG_SUBSYS: sys({ kind: "enum-list", values: NCCL_DEBUG_SUBSYSTEMS, caret: true }, "2.3.4"),
  NCCL_DEBUG_TIMESTAMP_FORMAT: sys(str, "2.26"),
  NCCL_DEBUG_TIMESTAMP_LEVELS: sys(
    { kind: "enum-list", values: ["VERSION", "WARN", "ATTN", "INFO", "ABORT", "TRACE", "ALL"], caret: true },
    "2.26",
  ),
  NCCL_COLLNET_ENABLE: sys(bool, "2.6"),
  NCCL_COLLNET_NODE_THRESHOLD: sys(int(0), "2.9.9"),
  NCCL_CTA_POLICY: sys(str, "2.29"),
  NCCL_NETDEVS_POLICY: sys(str, "2.28"),
  NCCL_MULTI_RANK_GPU_ENABLE: sys(bool, "2.30"),
  NCCL_TOPO_FILE: sys(str, "2.6"),
  NCCL_TOPO_DUMP_FILE: sys(str, "2.6"),
  NCCL_SET_THREAD_NAME: sys(bool, "2.12"),
  // Named in env.rst's text (NCCL_SOCKET_MAGIC, NCCL_NET_MERGE_POLICY) without a section of their own.
  NCCL_COMM_ID: sys(str),
  NCCL_NET_MERGE_LEVEL: dbg({ kind: "enum", values: PATH_LEVELS, legacyIntMax: 4, openAbove: true }),
  // RCCL-documented NCCL_* names.
  NCCL_HOSTID: { type: str, section: "rccl", source: RCCL_ENV_SOURCE },
  NCCL_IBVERBS_LIB: { type: str, section: "rccl", source: RCCL_ENV_SOURCE },
  NCCL_BOOTSTRAP_BIDIR_ALLGATHER: { type: bool, section: "rccl", source: RCCL_ENV_SOURCE },

  // ---- Debugging (env.rst: "should not be used in production") ----
  NCCL_P2P_DISABLE: dbg(bool),
  NCCL_P2P_LEVEL: dbg(
    { kind: "enum", values: ["LOC", "NVL", "PIX", "PXB", "PHB", "SYS"], legacyIntMax: 4, openAbove: true },
    "2.3.4",
  ),
  NCCL_P2P_DIRECT_DISABLE: dbg(bool),
  NCCL_SHM_DISABLE: dbg(bool),
  NCCL_BUFFSIZE: dbg(int(1)),
  NCCL_NTHREADS: dbg({ kind: "int", allowed: [64, 128, 256, 512] }),
  NCCL_MAX_NCHANNELS: dbg(int(1), "2.5.0", { deprecated: { in: "2.17", replacement: "NCCL_MAX_CTAS" } }),
  NCCL_MIN_NCHANNELS: dbg(int(1, 32), "2.5.0", { deprecated: { in: "2.17", replacement: "NCCL_MIN_CTAS" } }),
  NCCL_MAX_NRINGS: dbg(int(1), "2.0.5", { deprecated: { in: "2.5.0", replacement: "NCCL_MAX_CTAS" } }),
  NCCL_MIN_NRINGS: dbg(int(1), "2.2.0", { deprecated: { in: "2.5.0", replacement: "NCCL_MIN_CTAS" } }),
  NCCL_CHECKS_DISABLE: dbg(bool, "2.0.5", { deprecated: { in: "2.2.12" } }),
  NCCL_CHECK_POINTERS: dbg(bool, "2.2.12", {
    deprecated: { in: "2.29.7", replacement: "NCCL_CHECK_MODE=DEBUG_LOCAL" },
  }),
  NCCL_CHECK_MODE: dbg({ kind: "enum", values: ["DEFAULT", "DEBUG_LOCAL", "DEBUG_GLOBAL"] }, "2.29.7"),
  NCCL_LAUNCH_MODE: dbg({ kind: "enum", values: ["PARALLEL", "GROUP"] }, "2.1.0"),
  NCCL_IB_DISABLE: dbg(bool),
  NCCL_IB_AR_THRESHOLD: dbg(int(0), "2.6"),
  NCCL_IB_OOO_RQ: dbg(bool, "2.30"),
  NCCL_IB_QPS_PER_CONNECTION: dbg(int(1, 128), "2.10"),
  NCCL_IB_SPLIT_DATA_ON_QPS: dbg(bool, "2.18"),
  NCCL_IB_CUDA_SUPPORT: dbg(bool, undefined, { removed: { in: "2.4.0", replacement: "NCCL_NET_GDR_LEVEL" } }),
  NCCL_IB_GDR_LEVEL: dbg({ kind: "enum", values: PATH_LEVELS, legacyIntMax: 4, openAbove: true }, "2.3.4", {
    removed: { in: "2.4.0", replacement: "NCCL_NET_GDR_LEVEL" },
  }),
  NCCL_IB_PCI_RELAXED_ORDERING: dbg({ kind: "int", allowed: [0, 1, 2] }, "2.12"),
  NCCL_IB_ADAPTIVE_ROUTING: dbg(bool, "2.16"),
  NCCL_IB_ECE_ENABLE: dbg(bool, "2.23"),
  NCCL_MEM_SYNC_DOMAIN: dbg({ kind: "int", allowed: [0, 1] }, "2.16"),
  NCCL_CUMEM_ENABLE: dbg(bool, "2.18"),
  NCCL_CUMEM_HOST_ENABLE: dbg(bool, "2.23"),
  NCCL_NET_GDR_LEVEL: dbg({ kind: "enum", values: PATH_LEVELS, legacyIntMax: 4, openAbove: true }, "2.3.4"),
  NCCL_NET_GDR_C2C: dbg(bool, "2.26"),
  NCCL_NET_GDR_READ: dbg(bool),
  NCCL_GDRCOPY_ENABLE: dbg(bool),
  NCCL_GDRCOPY_FIFO_ENABLE: dbg(bool),
  NCCL_GDRCOPY_SYNC_ENABLE: dbg(bool),
  NCCL_GDRCOPY_FLUSH_ENABLE: dbg(bool),
  NCCL_NET_SHARED_BUFFERS: dbg(bool, "2.8"),
  NCCL_NET_SHARED_COMMS: dbg(bool, "2.12"),
  NCCL_IGNORE_NET_MISMATCH: dbg(bool, "2.30"),
  NCCL_IGNORE_COLLNET_MISMATCH: dbg(bool, "2.30"),
  NCCL_SINGLE_RING_THRESHOLD: dbg(int(0), "2.1", { removed: { in: "2.3" } }),
  NCCL_LL_THRESHOLD: dbg(int(0), "2.1", { removed: { in: "2.5", replacement: "NCCL_PROTO" } }),
  NCCL_TREE_THRESHOLD: dbg(int(0), "2.4", { removed: { in: "2.5", replacement: "NCCL_ALGO" } }),
  NCCL_ALGO: dbg({ kind: "enum-list", values: NCCL_ALGORITHMS, caret: true, perFunction: true }, "2.5"),
  NCCL_PROTO: dbg({ kind: "enum-list", values: NCCL_PROTOCOLS, caret: true, perFunction: true }, "2.5"),
  NCCL_NVB_DISABLE: dbg(bool, "2.11"),
  NCCL_PXN_DISABLE: dbg(bool, "2.12"),
  NCCL_P2P_PXN_LEVEL: dbg({ kind: "int", allowed: [0, 1, 2] }, "2.12"),
  NCCL_PXN_C2C: dbg(bool, "2.27"),
  NCCL_RUNTIME_CONNECT: dbg(bool, "2.22"),
  NCCL_GRAPH_REGISTER: dbg(bool, "2.11"),
  NCCL_LOCAL_REGISTER: dbg(bool, "2.19"),
  NCCL_LEGACY_CUDA_REGISTER: dbg(bool, "2.24"),
  NCCL_WIN_ENABLE: dbg(bool, "2.27"),
  NCCL_SET_STACK_SIZE: dbg(bool, "2.9"),
  NCCL_GRAPH_MIXING_SUPPORT: dbg(bool, "2.13"),
  NCCL_GRAPH_STREAM_ORDERING: dbg(bool, "2.30"),
  NCCL_RMA_EAGER_INIT: dbg(bool, "2.31"),
  NCCL_DMABUF_ENABLE: dbg(bool, "2.13"),
  NCCL_P2P_NET_CHUNKSIZE: dbg(int(1), "2.14"),
  NCCL_P2P_LL_THRESHOLD: dbg(int(0), "2.14"),
  NCCL_ALLOC_P2P_NET_LL_BUFFERS: dbg(bool, "2.14"),
  NCCL_COMM_BLOCKING: dbg(bool, "2.14"),
  NCCL_CGA_CLUSTER_SIZE: dbg(int(0, 8), "2.16"),
  NCCL_MAX_CTAS: dbg(int(1, 64), "2.17"),
  NCCL_MIN_CTAS: dbg(int(1, 64), "2.17"),
  NCCL_NVLS_ENABLE: dbg({ kind: "int", allowed: [0, 1, 2] }, "2.17"),
  NCCL_IB_MERGE_NICS: dbg(bool, "2.20"),
  NCCL_NET_MERGE_POLICY: dbg({ kind: "enum", values: ["ALL", "RAIL"] }, "2.30.5"),
  NCCL_MNNVL_ENABLE: dbg({ kind: "int", allowed: [0, 1, 2] }, "2.21"),
  NCCL_MNNVL_UUID: dbg(str, "2.25"),
  NCCL_MNNVL_CLIQUE_ID: dbg(str, "2.25"),
  NCCL_RAS_ENABLE: dbg(bool, "2.24"),
  NCCL_RAS_ADDR: dbg(str, "2.24"),
  NCCL_RAS_TIMEOUT_FACTOR: dbg(str, "2.24"),
  NCCL_LAUNCH_ORDER_IMPLICIT: dbg(bool, "2.26"),
  NCCL_LAUNCH_RACE_FATAL: dbg(bool, "2.26"),
  NCCL_IPC_USE_ABSTRACT_SOCKET: dbg(bool, "2.29"),
  NCCL_SYM_GIN_KERNELS_ENABLE: dbg(bool, "2.29U1"),

  // ---- RCCL-only names ----
  RCCL_LOG_LEVEL: rccl(int(0)),
  RCCL_MSCCL_ENABLE: rccl(bool),
  RCCL_MSCCL_FORCE_ENABLE: rccl(bool),
  RCCL_MSCCLPP_ENABLE: rccl(bool),

  // ---- PyTorch ProcessGroupNCCL ----
  TORCH_NCCL_ASYNC_ERROR_HANDLING: torch({ kind: "int", allowed: [0, 1, 2, 3] }),
  TORCH_NCCL_HIGH_PRIORITY: torch(bool),
  TORCH_NCCL_BLOCKING_WAIT: torch(bool),
  TORCH_NCCL_DUMP_ON_TIMEOUT: torch(bool),
  TORCH_NCCL_DESYNC_DEBUG: torch(bool),
  TORCH_NCCL_ENABLE_TIMING: torch(bool),
  TORCH_NCCL_ENABLE_MONITORING: torch(bool),
  TORCH_NCCL_HEARTBEAT_TIMEOUT_SEC: torch(int(0)),
  TORCH_NCCL_TRACE_BUFFER_SIZE: torch(int(0)),
  TORCH_NCCL_WAIT_TIMEOUT_DUMP_MILSEC: torch(int(0)),
  TORCH_NCCL_COORD_CHECK_MILSEC: torch(int(0)),
  TORCH_NCCL_ABORT_IN_DESTROY_PG: torch(bool),
  TORCH_NCCL_AVOID_RECORD_STREAMS: torch(bool),
  TORCH_NCCL_USE_TENSOR_REGISTER_ALLOCATOR_HOOK: torch(bool),
  TORCH_NCCL_DEBUG_INFO_PIPE_FILE: torch(str),
  TORCH_NCCL_DEBUG_INFO_TEMP_FILE: torch(str),
  TORCH_NCCL_NAN_CHECK: torch(bool),
  TORCH_NCCL_USE_COMM_NONBLOCKING: torch(bool),
  TORCH_NCCL_CUDA_EVENT_CACHE: torch(bool),
  TORCH_NCCL_LOG_CPP_STACK_ON_UNCLEAN_SHUTDOWN: torch(bool),
  TORCH_NCCL_PROPAGATE_ERROR: torch(bool),
  TORCH_NCCL_RETHROW_CUDA_ERRORS: torch(bool),
  TORCH_NCCL_EXTRA_DUMP_ON_EXEC: torch(bool),
  // The NCCL_* spellings PyTorch still reads with a warning (ProcessGroupNCCL.hpp env alias lists).
  NCCL_ASYNC_ERROR_HANDLING: torch(
    { kind: "int", allowed: [0, 1, 2, 3] },
    { deprecated: { in: "PyTorch", replacement: "TORCH_NCCL_ASYNC_ERROR_HANDLING" } },
  ),
  NCCL_BLOCKING_WAIT: torch(bool, { deprecated: { in: "PyTorch", replacement: "TORCH_NCCL_BLOCKING_WAIT" } }),
  NCCL_DESYNC_DEBUG: torch(bool, { deprecated: { in: "PyTorch", replacement: "TORCH_NCCL_DESYNC_DEBUG" } }),
  NCCL_ENABLE_TIMING: torch(bool, { deprecated: { in: "PyTorch", replacement: "TORCH_NCCL_ENABLE_TIMING" } }),
};

/**
 * Variables NCCL reads (NCCL_PARAM / ncclGetEnv in NVIDIA/nccl src/) that env.rst does not document.
 * They are accepted as known names and their values are not checked.
 */
export const NCCL_UNDOCUMENTED: readonly string[] = [
  "NCCL_GRAPH_FILE",
  "NCCL_GRAPH_DUMP_FILE",
  "NCCL_GRAPH_DUMP_FILE_RANK",
  "NCCL_NCHANNELS_PER_NET_PEER",
  "NCCL_MIN_P2P_NCHANNELS",
  "NCCL_MAX_P2P_NCHANNELS",
  "NCCL_NVLS_NCHANNELS",
  "NCCL_NVLS_CHUNKSIZE",
  "NCCL_IB_USE_INLINE",
  "NCCL_GDR_FLUSH_DISABLE",
  "NCCL_NET_FORCE_FLUSH",
  "NCCL_NET_DISABLE_INTRA",
  "NCCL_PROXY_APPEND_BATCH_SIZE",
  "NCCL_CREATE_THREAD_CONTEXT",
  "NCCL_WORK_FIFO_DEPTH",
  "NCCL_P2P_USE_CUDA_MEMCPY",
  "NCCL_P2P_READ_ENABLE",
  "NCCL_SHM_USE_CUDA_MEMCPY",
  "NCCL_SHM_MEMCPY_MODE",
  "NCCL_SHM_LOCALITY",
  "NCCL_IGNORE_DISABLED_P2P",
  "NCCL_L1_SHARED_MEMORY_CARVEOUT",
  "NCCL_PROGRESS_APPENDOP_FREQ",
  "NCCL_PROXY_DUMP_SIGNAL",
];

/**
 * Prefixes of network-plugin variables (Google's GPUDirect-TCPX/TCPXO and FasTrak NCCL plugins):
 * the plugin reads them, not NCCL, so they are not checked.
 * https://cloud.google.com/kubernetes-engine/docs/how-to/gpu-bandwidth-gpudirect-tcpx
 */
export const NCCL_PLUGIN_PREFIXES: readonly string[] = ["NCCL_GPUDIRECTTCPX_", "NCCL_FASTRAK_", "NCCL_TCPX_"];

/** The prefixes whose variables this catalog covers; other names are not checked. */
export const NCCL_FAMILY_PREFIXES = ["NCCL_", "RCCL_", "TORCH_NCCL_"] as const;

export function isNcclFamily(name: string): boolean {
  return NCCL_FAMILY_PREFIXES.some((p) => name.startsWith(p));
}

/** NCCL_IB_HCA accepts at most this many HCAs (env.rst: "a fixed upper limit of 32"). */
export const NCCL_MAX_HCAS = 32;
/** NCCL_SOCKET_NTHREADS × NCCL_NSOCKS_PERTHREAD may not exceed this (env.rst). */
export const NCCL_MAX_SOCKETS_PER_PEER = 64;
