/** The encoding of a shape (what a kind's fields accept): see src/model/shape.ts, which reads it. */
export type Shape = string | ShapeObject;

export interface ShapeObject {
  p?: Record<string, Shape>;
  m?: Shape;
  a?: Shape;
  open?: 1;
  e?: string[];
}
