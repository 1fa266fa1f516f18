/** A path into a document: mapping keys and sequence indexes, from the document root. */
export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** `spec.containers[0].resources` — the form paths take in messages and in the JSON `path` field. */
export function formatPath(path: Path): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}
