// Paths are produced by the loader's node table and read by every stage; the type lives in
// src/util/path.ts (below all layers). Re-exported here, where the model's users look for it.

export type { Path, PathSegment } from "../util/path.js";
export { formatPath } from "../util/path.js";
