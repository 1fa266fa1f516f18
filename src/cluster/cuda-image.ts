/** The CUDA version an image is built on, read from its name, and whether a node's driver runs it. */
import {
  CUDA_MINOR_COMPAT_DRIVER,
  CUDA_TOOLKIT_DRIVER,
  NGC_FRAMEWORK_REPOS,
  NGC_RELEASE_CUDA,
} from "../catalog/cuda.js";
import { parseImage } from "../model/image.js";
import { compareDriver, parseDriverVersion } from "./labels.js";
import type { ClusterNode, CudaVersion, DriverVersion } from "./types.js";

export interface ImageCuda {
  version: CudaVersion;
  /** As the image or the release notes spell it, e.g. `12.4.1`. */
  text: string;
  /** How it was read: from a CUDA tag, or from the NGC release notes of a `yy.mm` tag. */
  via: "tag" | "ngc";
}

/** Repository (with its registry, Docker Hub's left out) and tag of an image, from the model's parse. */
function splitImage(image: string): { repo: string; tag: string } | undefined {
  const ref = parseImage(image);
  if (!ref?.tag) return undefined;
  const repo =
    ref.registry === "docker.io" ? ref.repository.replace(/^library\//, "") : `${ref.registry}/${ref.repository}`;
  return { repo, tag: ref.tag };
}

function version(text: string): ImageCuda["version"] {
  const [major, minor] = text.split(".").map(Number);
  return { major: major as number, minor: minor ?? 0 };
}

/**
 * Reads the CUDA version from common image names: NGC framework releases
 * (`nvcr.io/nvidia/pytorch:24.05-py3`), CUDA base images (`nvidia/cuda:12.4.1-runtime-ubuntu22.04`),
 * and tags that name it (`pytorch/pytorch:2.6.0-cuda12.4-cudnn9-runtime`, `…-cu121`).
 */
export function cudaOfImage(image: string): ImageCuda | undefined {
  const parts = splitImage(image.trim());
  if (!parts) return undefined;
  const { repo, tag } = parts;
  if (NGC_FRAMEWORK_REPOS.includes(repo)) {
    const m = /^(\d\d\.\d\d)(?:$|-)/.exec(tag);
    const cuda = m ? NGC_RELEASE_CUDA[m[1] as string] : undefined;
    return cuda ? { version: version(cuda), text: cuda, via: "ngc" } : undefined;
  }
  if (repo === "cuda" || repo.endsWith("/cuda")) {
    const m = /^(\d+\.\d+(?:\.\d+)?)/.exec(tag);
    if (m) return { version: version(m[1] as string), text: m[1] as string, via: "tag" };
  }
  const named = /(?:^|[-_])cuda[-_]?(\d{2}\.\d+(?:\.\d+)?)/i.exec(tag);
  if (named) return { version: version(named[1] as string), text: named[1] as string, via: "tag" };
  const short = /(?:^|[-_.])cu(1\d)(\d)(?=$|[-_.])/.exec(tag);
  if (short) {
    const text = `${short[1]}.${short[2]}`;
    return { version: version(text), text, via: "tag" };
  }
  return undefined;
}

export interface DriverNeed {
  /** The toolkit driver of the CUDA minor version's GA release; undefined when the table lacks the version. */
  toolkit: DriverVersion | undefined;
  /** Lowest driver branch of minor version compatibility for the CUDA major version. */
  compatBranch: number | undefined;
}

export function driverNeed(cuda: CudaVersion): DriverNeed {
  const sameMajor = CUDA_TOOLKIT_DRIVER.filter((r) => Number(r.cuda.split(".")[0]) === cuda.major);
  // Rows are newest first: the newest row at or below the image's minor version.
  const row = sameMajor.find((r) => Number(r.cuda.split(".")[1]) <= cuda.minor);
  const newest = sameMajor[0];
  const known = row && newest && Number(newest.cuda.split(".")[1]) >= cuda.minor;
  return {
    toolkit: known && row ? parseDriverVersion(row.driver) : undefined,
    compatBranch: CUDA_MINOR_COMPAT_DRIVER[cuda.major],
  };
}

/**
 * `ok`: the node's driver is at least the toolkit driver (or reports a CUDA version at least the image's);
 * `compat`: same CUDA major, runs only through minor version compatibility; `old`: cannot run it;
 * `unknown`: the node does not label its driver.
 */
export function driverVerdict(
  node: ClusterNode,
  cuda: CudaVersion,
  need: DriverNeed = driverNeed(cuda),
): "ok" | "compat" | "old" | "unknown" {
  if (node.driver) {
    if (need.toolkit && compareDriver(node.driver, need.toolkit) >= 0) return "ok";
    if (need.compatBranch !== undefined && node.driver.major >= need.compatBranch)
      return need.toolkit ? "compat" : "ok";
    if (need.compatBranch === undefined && !need.toolkit) return "unknown";
    return "old";
  }
  if (node.cudaRuntime) {
    const rt = node.cudaRuntime;
    if (rt.major > cuda.major || (rt.major === cuda.major && rt.minor >= cuda.minor)) return "ok";
    return rt.major === cuda.major ? "compat" : "old";
  }
  return "unknown";
}
