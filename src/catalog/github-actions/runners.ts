// Actions and runners: outdated popular action versions (actionlint's OutdatedPopularActionSpecs),
// first-party owners, GitHub-hosted and self-hosted runner labels, GPU label words, and the limits
// GitHub sets on jobs. Sources: see ../github-actions.ts (read 2026-11-29).

/**
 * Popular actions whose listed major versions run on a Node.js runtime GitHub no longer supports
 * (actionlint's OutdatedPopularActionSpecs); the next major version is the first supported one.
 */
export const OUTDATED_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  "actions/checkout": ["v1", "v2", "v3"],
  "actions/setup-node": ["v1", "v2", "v3"],
  "actions/setup-java": ["v1", "v2", "v3"],
  "actions/cache": ["v1", "v2", "v3"],
  "actions/upload-artifact": ["v1", "v2", "v3"],
  "actions/download-artifact": ["v1", "v2", "v3"],
  "actions/setup-python": ["v1", "v2", "v3", "v4"],
  "actions/setup-go": ["v1", "v2", "v3", "v4"],
};

/** Owners whose actions GitHub itself publishes. */
export const FIRST_PARTY_OWNERS = ["actions", "github"];

/** GitHub-hosted runner labels (standard and arm64; retired images kept so old workflows read as known). */
export const GITHUB_HOSTED_LABELS = [
  "ubuntu-latest",
  "ubuntu-24.04",
  "ubuntu-22.04",
  "ubuntu-20.04",
  "ubuntu-18.04",
  "ubuntu-slim",
  "ubuntu-24.04-arm",
  "ubuntu-22.04-arm",
  "windows-latest",
  "windows-2025",
  "windows-2022",
  "windows-2019",
  "windows-11-arm",
  "macos-latest",
  "macos-26",
  "macos-15",
  "macos-15-intel",
  "macos-14",
  "macos-13",
  "macos-12",
  "macos-11",
  "macos-latest-large",
  "macos-26-large",
  "macos-15-large",
  "macos-14-large",
  "macos-13-large",
  "macos-latest-xlarge",
  "macos-26-xlarge",
  "macos-15-xlarge",
  "macos-14-xlarge",
  "macos-13-xlarge",
];

/** Labels a self-hosted runner carries by default. */
export const SELF_HOSTED_DEFAULT_LABELS = ["self-hosted", "linux", "windows", "macos", "x64", "arm", "arm64"];

/**
 * Label words that mark a GPU runner: generic words and accelerator models. Matched against each
 * `-`/`_`-separated word of a label, case-insensitively.
 */
export const GPU_LABEL_WORDS = [
  "gpu",
  "gpus",
  "cuda",
  "nvidia",
  "rocm",
  "a100",
  "a10",
  "a10g",
  "a40",
  "a6000",
  "h100",
  "h200",
  "h20",
  "b200",
  "b300",
  "gb200",
  "l4",
  "l40",
  "l40s",
  "t4",
  "v100",
  "p100",
  "k80",
  "rtx",
  "mi250",
  "mi300",
  "mi300x",
  "tpu",
];

/** Maximum number of jobs a matrix may generate per workflow run. */
export const MAX_MATRIX_JOBS = 256;

/** Default job timeout when `timeout-minutes` is not set. */
export const DEFAULT_JOB_TIMEOUT_MINUTES = 360;
