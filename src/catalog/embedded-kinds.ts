/**
 * Kinds that carry another Kubernetes object inside them, written without its own `apiVersion`
 * and `kind`, which the wrapping controller creates after merging its own fields in. An embedded
 * object that does write `apiVersion` and `kind` (a Katib `trialSpec`) needs no entry: it is
 * recognised by those fields.
 *
 * Sources (read 2026-12-04):
 * - Kaiwo (silogen/kaiwo@067a6db8e714, apis/kaiwo/v1alpha1/kaiwojob_types.go and
 *   kaiwoservice_types.go): `spec.rayJob` is a full `rayv1.RayJob`, `spec.job` a `batchv1.Job`,
 *   `spec.rayService` a `rayv1.RayService`, `spec.deployment` an `appsv1.Deployment`; "common
 *   fields like image, resources, gpus, replicas … will be merged into this spec", and the
 *   RayService is wrapped in an AppWrapper for Kueue.
 */

export interface EmbeddedKind {
  /** Path of the embedded object inside the wrapping resource. */
  path: readonly string[];
  apiVersion: string;
  kind: string;
  /**
   * The controller merges its own fields (image, resources, replicas, scheduling) into the
   * embedded object, so only what it writes can be judged, not what it lacks or how it scales.
   */
  merged: boolean;
}

/** `group/Kind` of the wrapping resource → the objects it embeds. */
export const EMBEDDED_KINDS: Readonly<Record<string, readonly EmbeddedKind[]>> = {
  "kaiwo.silogen.ai/KaiwoJob": [
    { path: ["spec", "rayJob"], apiVersion: "ray.io/v1", kind: "RayJob", merged: true },
    { path: ["spec", "job"], apiVersion: "batch/v1", kind: "Job", merged: true },
  ],
  "kaiwo.silogen.ai/KaiwoService": [
    { path: ["spec", "rayService"], apiVersion: "ray.io/v1", kind: "RayService", merged: true },
    { path: ["spec", "deployment"], apiVersion: "apps/v1", kind: "Deployment", merged: true },
  ],
};
