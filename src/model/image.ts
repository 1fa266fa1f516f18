// Container image references, parsed the way the container runtimes read them (distribution/reference):
// [registry[:port]/]path[:tag][@digest]; a first component without "." or ":" (and not localhost)
// is a Docker Hub path. Read by the reproducibility and security rules and by the cluster's CUDA
// reading (src/cluster/cuda-image.ts).

export interface ImageRef {
  /** As written. */
  raw: string;
  /** Registry host, `docker.io` when none is written. */
  registry: string;
  /** Repository path inside the registry (`library/nginx` for Docker Hub official images). */
  repository: string;
  tag: string | undefined;
  digest: string | undefined;
}

/**
 * References already parsed: a run names a few images from thousands of containers. Shared
 * answers, so callers must not mutate them; cleared when full.
 */
const PARSED = new Map<string, ImageRef | undefined>();
const PARSED_MAX = 2048;

/** Parses an image reference; undefined for empty or templated values (`$(IMAGE)`, `{{ .image }}`). */
export function parseImage(raw: string): ImageRef | undefined {
  const hit = PARSED.get(raw);
  if (hit !== undefined || PARSED.has(raw)) return hit;
  if (PARSED.size >= PARSED_MAX) PARSED.clear();
  const ref = parseImageUncached(raw);
  PARSED.set(raw, ref);
  return ref;
}

function parseImageUncached(raw: string): ImageRef | undefined {
  const s = raw.trim();
  if (s === "" || /[$\s{}<>]/.test(s)) return undefined;
  const at = s.indexOf("@");
  const digest = at >= 0 ? s.slice(at + 1) : undefined;
  const nameTag = at >= 0 ? s.slice(0, at) : s;
  const lastSlash = nameTag.lastIndexOf("/");
  const colon = nameTag.lastIndexOf(":");
  const tag = colon > lastSlash ? nameTag.slice(colon + 1) : undefined;
  const name = colon > lastSlash ? nameTag.slice(0, colon) : nameTag;
  const first = name.split("/")[0] as string;
  const hasRegistry = name.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
  const registry = hasRegistry ? first : "docker.io";
  let repository = hasRegistry ? name.slice(first.length + 1) : name;
  // Repository names are lowercase: an uppercase one is a placeholder (FILLED_BY_THE_VALIDATOR), not an image.
  if (repository === "" || /[A-Z]/.test(repository)) return undefined;
  if (registry === "docker.io" && !repository.includes("/")) repository = `library/${repository}`;
  return { raw: s, registry: registry === "index.docker.io" ? "docker.io" : registry, repository, tag, digest };
}
