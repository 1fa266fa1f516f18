import { asString } from "./resource.js";

// Per-resource suppression: the annotations a resource carries to silence rules on itself. The
// findings stage applies them (src/findings/resolve.ts); schema/invalid-ignore checks them.
export const IGNORE_ANNOTATION = "mlgate.io/ignore";
export const IGNORE_REASON_ANNOTATION = "mlgate.io/ignore-reason";

/** Rule ids a resource's `mlgate.io/ignore` annotation names. */
export function annotationIgnores(annotations: Record<string, unknown>): string[] {
  const v = asString(annotations[IGNORE_ANNOTATION]);
  if (!v) return [];
  return v
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
