/**
 * Where a model object (resource, workload, pod group, container view) keeps the facts derived
 * from it: one array slot per memoised helper, created on the first fact. Reading a slot costs a
 * fraction of a WeakMap lookup, and helpers are asked about 400,000 times on 10,000 documents.
 */
export type Memo = unknown[] | null;
