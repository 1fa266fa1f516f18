// The ObjectMeta definition the CRD shapes (src/catalog/shapes/generated.ts, extra.ts) refer to
// as "@ObjectMeta" (see src/model/shape.ts for the encoding), after the Kubernetes API reference,
// https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/object-meta/. The
// built-in kinds themselves come from each release's OpenAPI document (kubernetes-*.ts).
import type { Shape } from "./types.js";

const str = { a: "s" } as const;
const strMap = { m: "s" } as const;

export const CORE_DEFS: Record<string, Shape> = {
  /** https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/object-meta/ */
  ObjectMeta: {
    p: {
      name: "s",
      generateName: "s",
      namespace: "s",
      labels: strMap,
      annotations: strMap,
      finalizers: str,
      ownerReferences: {
        a: { p: { apiVersion: "s", kind: "s", name: "s", uid: "s", controller: "b", blockOwnerDeletion: "b" } },
      },
      uid: "s",
      resourceVersion: "s",
      generation: "i",
      creationTimestamp: "*",
      deletionTimestamp: "*",
      deletionGracePeriodSeconds: "i",
      managedFields: "*",
      selfLink: "s",
    },
  },
};
