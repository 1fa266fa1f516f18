// What operators add to the pods they build, beyond the pod template a manifest writes. A rule that
// judges a pod template must count what the operator injects (a /dev/shm the template lacks is not
// missing when the operator mounts one), so the facts live here, as data, with their sources.
import type { Path } from "./path.js";
import { belonging, placeOf, resolveRef } from "./refs.js";
import { asArray, asObject, asString, getIn, isObject, type Resource } from "./resource.js";
import { indexResources } from "./set-index.js";
import type { ContainerView, PodGroup, Workload } from "./workload.js";

const KSERVE = "serving.kserve.io";

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

/**
 * KServe builds an InferenceService predictor's pod from its ServingRuntime (named by
 * `predictor.model.runtime`, looked up as a namespaced ServingRuntime, then a
 * ClusterServingRuntime; without a name, the first runtime whose `supportedModelFormats` has the
 * model's format with `autoSelect`): the runtime's `kserve-container` is merged with the
 * predictor's model block and the runtime's pod fields, volumes among them, become the pod's. A
 * runtime that mounts a memory-backed emptyDir at /dev/shm supplies it to every InferenceService
 * that uses it.
 */
export const KSERVE_RUNTIME_SHARED_MEMORY: Injection = {
  operator: "KServe",
  kinds: ["serving.kserve.io/InferenceService"],
  what: "the /dev/shm emptyDir its (Cluster)ServingRuntime mounts in kserve-container",
  when: "when the runtime the predictor uses, found in the checked set, mounts a memory-backed emptyDir at /dev/shm",
  source: {
    title:
      "KServe pkg/controller/v1beta1/inferenceservice/utils/utils.go (GetServingRuntime), components/predictor.go, pkg/utils/container_merge.go @aaac4e294dae",
    url: "https://github.com/kserve/kserve/blob/aaac4e294dae2c7b1aa1886447793f3aa1c30912/pkg/controller/v1beta1/inferenceservice/components/predictor.go",
    read: "2026-12-04",
  },
};

/** Whether a pod spec mounts a memory-backed emptyDir at /dev/shm in the container `containerName` (any container when undefined). */
function mountsMemoryShm(podSpec: unknown, containerName: string | undefined): boolean {
  const memoryVolumes = new Set(
    asArray(getIn(podSpec, ["volumes"]))
      .filter((v) => getIn(v, ["emptyDir", "medium"]) === "Memory")
      .map((v) => asString(asObject(v)?.name)),
  );
  return asArray(getIn(podSpec, ["containers"])).some((c) => {
    const co = asObject(c);
    if (containerName !== undefined && co?.name !== containerName) return false;
    return asArray(co?.volumeMounts).some(
      (m) => asObject(m)?.mountPath === SHM_PATH && memoryVolumes.has(asString(asObject(m)?.name)),
    );
  });
}

/**
 * The (Cluster)ServingRuntime an InferenceService's predictor runs on, when the set holds it among
 * the objects that belong with the InferenceService (`model/refs.ts`): a namespaced runtime before a
 * cluster one, as KServe picks them; by name, else the runtime that auto-selects the model format.
 */
export function servingRuntimeOf(isvc: Resource, resources: readonly Resource[]): Resource | undefined {
  const model = asObject(getIn(isvc.value, ["spec", "predictor", "model"]));
  if (!model) return undefined;
  const name = asString(model.runtime);
  const kinds = [
    ["ServingRuntime", true],
    ["ClusterServingRuntime", false],
  ] as const;
  if (name) {
    for (const [kind, namespaced] of kinds) {
      const found = resolveRef(resources, isvc, { group: KSERVE, kind, name, namespaced }).objects[0];
      if (found) return found;
    }
    return undefined;
  }
  const format = asString(getIn(model, ["modelFormat", "name"]));
  if (!format) return undefined;
  const index = indexResources(resources);
  for (const [kind, namespaced] of kinds) {
    const candidates = index
      .ofKind(KSERVE, kind)
      .filter(
        (x) =>
          (!namespaced || (x.namespace ?? "") === (isvc.namespace ?? "")) &&
          asArray(getIn(x.value, ["spec", "supportedModelFormats"])).some(
            (f) => asString(asObject(f)?.name) === format && asObject(f)?.autoSelect === true,
          ),
      );
    const found = belonging(placeOf(isvc), candidates, placeOf).objects[0];
    if (found) return found;
  }
  return undefined;
}

/** The injection that gives this container a memory-backed /dev/shm its template does not write, if any. */
export function injectedSharedMemory(
  w: Workload,
  g: PodGroup,
  c: ContainerView,
  resources: readonly Resource[] = [],
): Injection | undefined {
  const r = w.resource;
  if (r.group === "serving.kserve.io" && r.kind === "InferenceService") {
    if (g.role !== "predictor" || c.role !== "model") return undefined;
    const runtime = servingRuntimeOf(r, resources);
    return runtime && mountsMemoryShm(runtime.value.spec, "kserve-container")
      ? KSERVE_RUNTIME_SHARED_MEMORY
      : undefined;
  }
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
