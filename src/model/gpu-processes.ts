// How many processes share a container's GPUs. Processes on one node that pass data between GPUs
// (NCCL's intra-node transport, PyTorch DataLoader workers, tensor-parallel servers) do it through
// /dev/shm; one process that drives every GPU it is given (a JAX program, a bandwidth benchmark
// that is not NCCL) does not, and needs no more than the runtime's default /dev/shm.

import { isStandIn } from "./idle.js";
import type { Token } from "./launcher.js";
import { containerCommands, launchersOf } from "./launcher.js";
import { type ContainerView, mpiRanks, type PodGroup, type Workload } from "./workload.js";

/**
 * GPU programs that use every GPU of their container from one process, or move data between
 * GPUs through CUDA/HIP peer copies rather than NCCL: NVIDIA's nvbandwidth and CUDA samples,
 * gpu-burn, DCGM's load generator, AMD's rocm-bandwidth-test and ROCm Validation Suite.
 */
export const SINGLE_PROCESS_GPU_PROGRAMS: ReadonlySet<string> = new Set([
  "nvbandwidth",
  "gpu_burn",
  "gpu-burn",
  "deviceQuery",
  "bandwidthTest",
  "p2pBandwidthLatencyTest",
  "vectorAdd",
  "nbody",
  "dcgmproftester10",
  "dcgmproftester11",
  "dcgmproftester12",
  "rocm-bandwidth-test",
  "rvs",
]);

/** A Python program that imports JAX: one process per host drives all of the host's devices. */
const JAX_IMPORT = /(^|[\s;])(import\s+jax\b|from\s+jax\b)/m;
/** NCCL/RCCL and the nccl-tests binaries (all_reduce_perf …): processes that share /dev/shm. */
const NCCL_WORD = /nccl|rccl|_perf$/i;
const SSHD = /(^|\/)sshd$/;

const basename = (s: string) => s.replace(/^.*\//, "");

/**
 * What runs on the container's GPUs: its own command lines, or, for an MPIJob worker that only
 * runs sshd, those of the job's launcher, whose `mpirun` starts the ranks there.
 */
function gpuCommands(w: Workload, g: PodGroup, c: ContainerView): Token[][] {
  const own = containerCommands(c).commands;
  const mpi = mpiRanks(w);
  if (mpi?.ranks.includes(g) && (own.length === 0 || own.every((cmd) => SSHD.test(cmd[0]?.text ?? "")))) {
    return mpi.launchers.flatMap((l) => l.containers.flatMap((lc) => containerCommands(lc).commands));
  }
  return own;
}

/**
 * True when the container's GPUs are driven by one process, or by programs that exchange nothing
 * through /dev/shm: it only waits or prints, or it runs a JAX program or a known single-process
 * GPU benchmark, and no multi-process launcher (torchrun, DeepSpeed, vLLM …) or NCCL program.
 * False when unknown.
 */
export function drivesGpusFromOneProcess(w: Workload, g: PodGroup, c: ContainerView): boolean {
  if (launchersOf(c).length > 0) return false;
  if (isStandIn(c)) return true;
  const commands = gpuCommands(w, g, c);
  if (commands.length === 0) return false;
  const words = commands.flat().map((t) => t.text);
  if (words.some((t) => NCCL_WORD.test(basename(t)))) return false;
  if (words.some((t) => SINGLE_PROCESS_GPU_PROGRAMS.has(basename(t)))) return true;
  return words.some((t) => JAX_IMPORT.test(t)) && !words.some((t) => /\btorch\b/.test(t));
}
