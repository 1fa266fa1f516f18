// Helpers shared by the gpu rules (not a rule: the leading underscore keeps it out of the registry).

import { envValue } from "../../model/gpu.js";
import { intValue, type LauncherInvocation, optionOf } from "../../model/launcher.js";
import type { Path } from "../../model/path.js";
import { asArray, asObject, asString, type JsonObject, locateInResource, type Resource } from "../../model/resource.js";
import type { ContainerView, PodGroup, Workload } from "../../model/workload.js";

/** 1-based line of a value in the resource's file, for messages that name a second position. */
export function lineOf(r: Resource, path: Path): number | undefined {
  const located = locateInResource(r, path);
  if (!located?.exact) return undefined;
  return r.doc.file.position(located.value.start).line;
}

export { containerLabel } from "../../model/workload.js";

/** Looks up a container's literal env vars, for `$VAR` references in launcher options. */
export function envLookup(c: ContainerView): (name: string) => string | undefined {
  return (name) => envValue(c.value, name)?.value;
}

/** `4`, `"4"` → 4; anything else undefined. */
export function wholeNumber(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "string" && /^\s*[0-9]+\s*$/.test(v)) return Number.parseInt(v, 10);
  return undefined;
}

export interface ShmMount {
  volumeIndex: number | undefined;
  volume: JsonObject | undefined;
  /** `memory`: emptyDir medium Memory; `host`: hostPath; `other`: any other volume type. */
  kind: "memory" | "host" | "other" | "missing-volume";
}

/** `/dev/shm` with any trailing slashes; a test, where stripping them would allocate per mount. */
const SHM_PATH = /^\/dev\/shm\/*$/;

/** How a container gets a /dev/shm bigger than the runtime's 64 MiB, if at all. */
export function shmMount(g: PodGroup, c: ContainerView): ShmMount | undefined {
  const mount = asArray(c.value.volumeMounts)
    .map(asObject)
    .find((m) => m && typeof m.mountPath === "string" && SHM_PATH.test(m.mountPath));
  if (!mount) return undefined;
  const name = asString(mount.name);
  const volumes = asArray(g.podSpec?.volumes);
  const volumeIndex = volumes.findIndex((v) => asObject(v)?.name === name);
  if (volumeIndex < 0) return { volumeIndex: undefined, volume: undefined, kind: "missing-volume" };
  const volume = asObject(volumes[volumeIndex]) ?? {};
  if (isObject(volume.hostPath)) return { volumeIndex, volume, kind: "host" };
  const emptyDir = asObject(volume.emptyDir);
  if (emptyDir && emptyDir.medium === "Memory") return { volumeIndex, volume, kind: "memory" };
  return { volumeIndex, volume, kind: "other" };
}

function isObject(v: unknown): boolean {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** A readable `Master 1 + Worker 2` for messages. */
export function groupsSummary(w: Workload): string {
  return w.podGroups.map((g) => `${g.role} ${g.replicas ?? "?"}`).join(" + ");
}

/** Processes (or GPUs) a launcher runs in one pod, when its options say; 1 for a single-process server. */
export function launcherWidth(inv: LauncherInvocation, env: (name: string) => string | undefined): number | undefined {
  const n = (...names: string[]) => intValue(optionOf(inv, ...names)?.value, env);
  switch (inv.kind) {
    case "torchrun":
      return n("nproc-per-node");
    case "deepspeed":
      return n("num-gpus", "num-accelerators");
    case "accelerate":
      return n("num-processes");
    case "vllm":
      return (n("tensor-parallel-size", "tp") ?? 1) * (n("pipeline-parallel-size", "pp") ?? 1);
    case "sglang":
      return (n("tp-size", "tp") ?? 1) * (n("pp-size") ?? 1);
    case "tgi":
      return n("num-shard") ?? intValue(env("NUM_SHARD"), env);
  }
}
