/** The encoding of a shape (what a kind's fields accept): see src/model/shape.ts, which reads it. */
export type Shape = string | ShapeObject;

export interface ShapeObject {
  p?: Record<string, Shape>;
  /** Required properties (of `p`). */
  r?: string[];
  m?: Shape;
  a?: Shape;
  /** The values a string may take. */
  v?: readonly string[];
  /** A scalar (`t`, one of the leaf letters) that carries CEL rules (`c`). */
  t?: string;
  /** CEL rules on this value (a CRD's x-kubernetes-validations; src/model/crd.ts). */
  c?: CelRule[];
  open?: 1;
  e?: string[];
}

/** One x-kubernetes-validations entry. */
export interface CelRule {
  rule: string;
  message?: string;
  fieldPath?: string;
}
