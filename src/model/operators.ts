// What operators add to the pods they build, beyond the pod template a manifest writes. A rule that
// judges a pod template must count what the operator injects (a /dev/shm the template lacks is not
// missing when the operator mounts one), so the facts live here, as data, with their sources.
import type { Path } from "./path.js";
import { asArray, asObject, getIn, isObject } from "./resource.js";
import type { ContainerView, PodGroup, Workload } from "./workload.js";

export interface Injection {
  operator: string;
  /** `group/Kind` of the custom resources whose pods get it. */
  kinds: readonly string[];
  /** What is injected, in words. */
  what: string;
  /** When it is injected, in words (the condition read from the operator's source). */
  when: string;
  source: { title: string; url: string; read: string };
}

/**
 * KubeRay's pod builder (`BuildPod`, for every head and worker pod of a RayCluster, and so of a
 * RayJob's and RayService's cluster) adds an emptyDir `shared-mem` with medium Memory, its
 * sizeLimit the Ray container's memory limit (else its request), mounted at /dev/shm in the Ray
 * container, which is `containers[0]` (`utils.RayContainerIndex`). It skips this when
 * `rayStartParams` sets `plasma-directory`, and when that container already mounts something at
 * /dev/shm (`addEmptyDir` → `checkIfVolumeMounted`).
 */
export const KUBERAY_SHARED_MEMORY: Injection = {
  operator: "KubeRay",
  kinds: ["ray.io/RayCluster", "ray.io/RayJob", "ray.io/RayService"],
  what: "a memory-backed emptyDir at /dev/shm in the Ray container (containers[0]), sized to its memory limit or request",
  when: "in every head and worker pod, unless rayStartParams sets plasma-directory or the container already mounts /dev/shm",
  source: {
    title: "KubeRay ray-operator/controllers/ray/common/pod.go (BuildPod, addEmptyDir) @feeaf72facab",
    url: "https://github.com/ray-project/kuberay/blob/feeaf72facab4881ba2b179248bb67315634e229/ray-operator/controllers/ray/common/pod.go",
    read: "2026-12-04",
  },
};

const SHM_PATH = "/dev/shm";

/** The injection that gives this container a memory-backed /dev/shm its template does not write, if any. */
export function injectedSharedMemory(w: Workload, g: PodGroup, c: ContainerView): Injection | undefined {
  const r = w.resource;
  if (!KUBERAY_SHARED_MEMORY.kinds.includes(`${r.group}/${r.kind}`)) return undefined;
  // Head and worker groups only: a RayJob's submitter pod is a plain Job pod.
  if (g.role === "submitter" || !g.templatePath || !g.podSpecPath) return undefined;
  const first: Path = [...g.podSpecPath, "containers", 0];
  if (c.role !== "container" || c.path.length !== first.length || c.path.some((s, i) => s !== first[i]))
    return undefined;
  const params = getIn(r.value, [...g.templatePath.slice(0, -1), "rayStartParams"]);
  if (isObject(params) && "plasma-directory" in params) return undefined;
  const mounted = asArray(c.value.volumeMounts).some((m) => asObject(m)?.mountPath === SHM_PATH);
  return mounted ? undefined : KUBERAY_SHARED_MEMORY;
}
