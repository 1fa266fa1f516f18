/**
 * CUDA versions and the NVIDIA driver each needs; the CUDA version of NGC framework containers.
 * Data only, with sources; logic that reads images lives in src/cluster/cuda-image.ts.
 *
 * Sources (read 2026-11-29):
 * - NVIDIA CUDA Toolkit Release Notes (CUDA 13.2 Update 2 edition),
 *   https://docs.nvidia.com/cuda/cuda-toolkit-release-notes/index.html — Table 3 "CUDA Toolkit and
 *   Corresponding Driver Versions" (Linux x86_64, the GA release of each minor version) and Table 2
 *   "CUDA Toolkit and Minimum Required Driver Version for CUDA Minor Version Compatibility"
 *   (13.x ≥ 580, 12.x ≥ 525, 11.x ≥ 450).
 * - NVIDIA Optimized Frameworks release notes, "Driver Requirements" of each monthly release
 *   (the same CUDA release across the PyTorch, TensorFlow, MXNet and PaddlePaddle containers of a month),
 *   https://docs.nvidia.com/deeplearning/frameworks/pytorch-release-notes/ — only releases whose page was
 *   read are listed; an NGC tag not listed here is not checked.
 */

export interface CudaDriverRow {
  /** `major.minor`. */
  cuda: string;
  /** Minimum Linux x86_64 driver of the toolkit's GA release. */
  driver: string;
}

/** Toolkit driver of each CUDA minor version's GA release (Linux x86_64). */
export const CUDA_TOOLKIT_DRIVER: readonly CudaDriverRow[] = [
  { cuda: "13.2", driver: "595.45.04" },
  { cuda: "13.1", driver: "590.44.01" },
  { cuda: "13.0", driver: "580.65.06" },
  { cuda: "12.9", driver: "575.51.03" },
  { cuda: "12.8", driver: "570.26" },
  { cuda: "12.6", driver: "560.28.03" },
  { cuda: "12.5", driver: "555.42.02" },
  { cuda: "12.4", driver: "550.54.14" },
  { cuda: "12.3", driver: "545.23.06" },
  { cuda: "12.2", driver: "535.54.03" },
  { cuda: "12.1", driver: "530.30.02" },
  { cuda: "12.0", driver: "525.60.13" },
  { cuda: "11.8", driver: "520.61.05" },
  { cuda: "11.7", driver: "515.43.04" },
  { cuda: "11.6", driver: "510.39.01" },
  { cuda: "11.5", driver: "495.29.05" },
  { cuda: "11.4", driver: "470.42.01" },
  { cuda: "11.3", driver: "465.19.01" },
  { cuda: "11.2", driver: "460.27.03" },
  { cuda: "11.1", driver: "455.23" },
  { cuda: "11.0", driver: "450.36.06" },
  { cuda: "10.2", driver: "440.33" },
  { cuda: "10.1", driver: "418.39" },
  { cuda: "10.0", driver: "410.48" },
];

/**
 * Lowest driver branch that runs any release of a CUDA major version through minor version
 * compatibility (features that need a newer driver, and PTX JIT, still fail below the toolkit driver).
 */
export const CUDA_MINOR_COMPAT_DRIVER: Readonly<Record<number, number>> = { 13: 580, 12: 525, 11: 450 };

/** CUDA release of NGC framework containers (`nvcr.io/nvidia/<framework>:<yy.mm>-…`), by release. */
export const NGC_RELEASE_CUDA: Readonly<Record<string, string>> = {
  "20.02": "10.2.89",
  "20.03": "10.2.89",
  "20.06": "11.0.167",
  "21.03": "11.2.1",
  "21.04": "11.3.0",
  "21.06": "11.3.1",
  "22.03": "11.6.1",
  "22.05": "11.7.0",
  "22.11": "11.8.0",
  "24.05": "12.4.1",
  "24.06": "12.4.1",
  "25.12": "13.1.0",
};

/** NGC repositories whose `yy.mm` tags follow the monthly framework releases above. */
export const NGC_FRAMEWORK_REPOS: readonly string[] = [
  "nvcr.io/nvidia/pytorch",
  "nvcr.io/nvidia/tensorflow",
  "nvcr.io/nvidia/mxnet",
  "nvcr.io/nvidia/paddlepaddle",
];
