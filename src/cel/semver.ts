/**
 * Semantic versions for the Kubernetes CEL semver library (k8s.io/apiserver/pkg/cel/library/semverlib.go,
 * which parses with blang/semver v4): `MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]` as semver.org 2.0.0
 * defines it; with `normalize`, a leading `v`, missing minor or patch and leading zeros are accepted
 * first, as the library's normalizing overloads do.
 */
export interface Semver {
  readonly major: bigint;
  readonly minor: bigint;
  readonly patch: bigint;
  readonly pre: readonly string[];
}

const NUM = "(0|[1-9][0-9]*)";
const IDENT = "[0-9A-Za-z-]+";
const STRICT = new RegExp(
  `^${NUM}\\.${NUM}\\.${NUM}(?:-(${IDENT}(?:\\.${IDENT})*))?(?:\\+(${IDENT}(?:\\.${IDENT})*))?$`,
);

export function parseSemver(text: string, normalize = false): Semver | undefined {
  let t = text;
  if (normalize) {
    if (t.startsWith("v")) t = t.slice(1);
    const m = /^([0-9]+)(?:\.([0-9]+))?(?:\.([0-9]+))?(.*)$/.exec(t);
    if (!m) return undefined;
    const n = (x: string | undefined) => String(BigInt(x ?? "0"));
    t = `${n(m[1])}.${n(m[2])}.${n(m[3])}${m[4] ?? ""}`;
  }
  const m = STRICT.exec(t);
  if (!m) return undefined;
  const pre = m[4] ? m[4].split(".") : [];
  // Numeric pre-release identifiers must not have leading zeros.
  if (pre.some((p) => /^0[0-9]+$/.test(p))) return undefined;
  return { major: BigInt(m[1] ?? "0"), minor: BigInt(m[2] ?? "0"), patch: BigInt(m[3] ?? "0"), pre };
}

export function formatSemver(v: Semver): string {
  return `${v.major}.${v.minor}.${v.patch}${v.pre.length > 0 ? `-${v.pre.join(".")}` : ""}`;
}

/** semver.org precedence: numbers, then a pre-release sorts before the release. Build metadata is ignored. */
export function compareSemver(a: Semver, b: Semver): -1 | 0 | 1 {
  for (const k of ["major", "minor", "patch"] as const) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  if (a.pre.length === 0 || b.pre.length === 0) return a.pre.length === b.pre.length ? 0 : a.pre.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.min(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i] as string;
    const y = b.pre[i] as string;
    if (x === y) continue;
    const xn = /^[0-9]+$/.test(x);
    const yn = /^[0-9]+$/.test(y);
    if (xn && yn) return BigInt(x) < BigInt(y) ? -1 : 1;
    if (xn !== yn) return xn ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return a.pre.length === b.pre.length ? 0 : a.pre.length < b.pre.length ? -1 : 1;
}
