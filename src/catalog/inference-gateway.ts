/**
 * The Gateway API Inference Extension's InferencePool: where each served API version keeps the pod
 * selector and the target port(s). Data only; src/model/inference-pool.ts reads it. Read 2026-12-04
 * from kubernetes-sigs/gateway-api-inference-extension:
 * - `inference.networking.k8s.io/v1` (v1.0.0 on; HEAD 84436a96b9e6, v1.6.0): api/v1/inferencepool_types.go,
 *   `spec.selector.matchLabels` (the project's own LabelSelector: matchLabels only, same namespace)
 *   and `spec.targetPorts[].number` (1 to 8 ports, each "a distinctive endpoint" podIP:port).
 * - `inference.networking.x-k8s.io/v1alpha2` (v0.3 to v0.5, apix/v1alpha2 in v1.0.0):
 *   api/v1alpha2/inferencepool_types.go at v0.5.1, `spec.selector` (a map of labels) and
 *   `spec.targetPortNumber`.
 */
export interface InferencePoolLayout {
  group: string;
  /** Path under `spec` of the label map. */
  selector: readonly string[];
  /** Where the ports are: one `targetPortNumber`, or `targetPorts[].number`. */
  ports: "targetPortNumber" | "targetPorts";
}

export const INFERENCE_POOL_VERSIONS: readonly InferencePoolLayout[] = [
  { group: "inference.networking.k8s.io", selector: ["selector", "matchLabels"], ports: "targetPorts" },
  { group: "inference.networking.x-k8s.io", selector: ["selector"], ports: "targetPortNumber" },
];
