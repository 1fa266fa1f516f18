/**
 * Kubernetes resource quantities as exact values, for the CEL quantity library
 * (k8s.io/apiserver/pkg/cel/library/quantity.go). A quantity is `num × 10^exp` with `num` a
 * bigint, so `1.5Gi`, `100m` and `1e3` are exact and comparisons and sums never round.
 * Grammar: https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */
export interface ExactQuantity {
  readonly num: bigint;
  readonly exp: number;
}

const QUANTITY = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;
const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** Removes trailing zeros, so that equal values have equal representations. */
export function normalize(num: bigint, exp: number): ExactQuantity {
  if (num === 0n) return { num: 0n, exp: 0 };
  let n = num;
  let e = exp;
  while (n % 10n === 0n) {
    n /= 10n;
    e += 1;
  }
  return { num: n, exp: e };
}

/** The exact value of a quantity text, or undefined when it is not one. */
export function parseExactQuantity(text: string): ExactQuantity | undefined {
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  const sign = m[1] === "-" ? -1n : 1n;
  const [whole = "", frac = ""] = (m[2] ?? "").split(".");
  let num = BigInt(`${whole}${frac}` || "0") * sign;
  let exp = -frac.length;
  const suffix = m[3] ?? "";
  const binary = BINARY[suffix];
  if (binary !== undefined) num *= 2n ** BigInt(binary);
  else if (suffix in DECIMAL) exp += DECIMAL[suffix] ?? 0;
  else {
    const e = Number(suffix.slice(1));
    if (!Number.isSafeInteger(e) || Math.abs(e) > 1000) return undefined;
    exp += e;
  }
  return normalize(num, exp);
}

function align(a: ExactQuantity, b: ExactQuantity): [bigint, bigint, number] {
  const exp = Math.min(a.exp, b.exp);
  return [a.num * 10n ** BigInt(a.exp - exp), b.num * 10n ** BigInt(b.exp - exp), exp];
}

export function compareQuantity(a: ExactQuantity, b: ExactQuantity): -1 | 0 | 1 {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function addQuantity(a: ExactQuantity, b: ExactQuantity): ExactQuantity {
  const [x, y, exp] = align(a, b);
  return normalize(x + y, exp);
}

export function negateQuantity(a: ExactQuantity): ExactQuantity {
  return { num: -a.num, exp: a.exp };
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** The value as an int64, or undefined when it has a fraction or does not fit. */
export function quantityAsInt64(q: ExactQuantity): bigint | undefined {
  if (q.exp < 0) return undefined;
  const v = q.num * 10n ** BigInt(q.exp);
  return v > INT64_MAX || v < INT64_MIN ? undefined : v;
}

export function quantityAsFloat(q: ExactQuantity): number {
  return Number(`${q.num}e${q.exp}`);
}

/** The canonical text of an exact value (`<num>e<exp>`), used as the CEL value's identity. */
export function quantityKey(q: ExactQuantity): string {
  return `${q.num}e${q.exp}`;
}

export function quantityFromKey(key: string): ExactQuantity {
  const i = key.indexOf("e");
  return { num: BigInt(key.slice(0, i)), exp: Number(key.slice(i + 1)) };
}
