/**
 * IP addresses and CIDR prefixes for the Kubernetes CEL IP library
 * (k8s.io/apiserver/pkg/cel/library/ip.go, cidr.go), which reads them with Go's net/netip:
 * IPv4 without leading zeros, IPv6 with at most one `::`; zones and IPv4-mapped IPv6 addresses
 * are refused, as the library refuses them. Canonical text is netip's (RFC 5952).
 */
export interface IpAddress {
  readonly family: 4 | 6;
  readonly bytes: readonly number[];
}

export interface IpPrefix {
  readonly addr: IpAddress;
  readonly bits: number;
}

function parseV4(text: string): number[] | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function parseV6(text: string): number[] | undefined {
  let head = text;
  let tailV4: number[] = [];
  const lastColon = text.lastIndexOf(":");
  if (text.includes(".", lastColon)) {
    const v4 = parseV4(text.slice(lastColon + 1));
    if (!v4) return undefined;
    tailV4 = v4;
    head = text.slice(0, lastColon + 1);
    if (head.endsWith(":") && !head.endsWith("::")) head = head.slice(0, -1);
  }
  const halves = head.split("::");
  if (halves.length > 2) return undefined;
  const groups = (s: string): number[] | undefined => {
    if (s === "") return [];
    const out: number[] = [];
    for (const g of s.split(":")) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      const n = Number.parseInt(g, 16);
      out.push(n >> 8, n & 0xff);
    }
    return out;
  };
  const left = groups(halves[0] ?? "");
  const right = halves.length === 2 ? groups(halves[1] ?? "") : [];
  if (!left || !right) return undefined;
  const given = left.length + right.length + tailV4.length;
  if (halves.length === 2) {
    if (given > 14) return undefined;
    return [...left, ...new Array<number>(16 - given).fill(0), ...right, ...tailV4];
  }
  return given === 16 ? [...left, ...tailV4] : undefined;
}

function isV4Mapped(b: readonly number[]): boolean {
  return b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
}

/** An address, or an error message saying why the text is not one the library accepts. */
export function parseIp(text: string): IpAddress | string {
  if (text.includes("%")) return "IP address with zone value is not allowed";
  if (!text.includes(":")) {
    const v4 = parseV4(text);
    return v4 ? { family: 4, bytes: v4 } : `IP Address "${text}" parse error`;
  }
  const v6 = parseV6(text);
  if (!v6) return `IP Address "${text}" parse error`;
  if (isV4Mapped(v6)) return "IPv4-mapped IPv6 address is not allowed";
  return { family: 6, bytes: v6 };
}

export function formatIp(ip: IpAddress): string {
  const b = ip.bytes;
  if (ip.family === 4) return b.join(".");
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((b[i] ?? 0) << 8) | (b[i + 1] ?? 0));
  // The longest run of two or more zero groups (the first of equal runs) becomes "::".
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(":");
  if (best < 0) return hex(groups);
  return `${hex(groups.slice(0, best))}::${hex(groups.slice(best + bestLen))}`;
}

export function parsePrefix(text: string): IpPrefix | string {
  const slash = text.indexOf("/");
  if (slash < 0) return `network address "${text}" parse error: no '/'`;
  const addr = parseIp(text.slice(0, slash));
  if (typeof addr === "string") return addr;
  const bitsText = text.slice(slash + 1);
  if (!/^(0|[1-9][0-9]*)$/.test(bitsText)) return `network address "${text}" parse error: bad bits`;
  const bits = Number(bitsText);
  if (bits > (addr.family === 4 ? 32 : 128)) return `network address "${text}" parse error: bad bits`;
  return { addr, bits };
}

export function formatPrefix(p: IpPrefix): string {
  return `${formatIp(p.addr)}/${p.bits}`;
}

export function maskPrefix(p: IpPrefix): IpPrefix {
  const bytes = p.addr.bytes.map((byte, i) => {
    const keep = Math.max(0, Math.min(8, p.bits - i * 8));
    return byte & ((0xff << (8 - keep)) & 0xff);
  });
  return { addr: { family: p.addr.family, bytes }, bits: p.bits };
}

export function prefixContainsIp(p: IpPrefix, ip: IpAddress): boolean {
  if (p.addr.family !== ip.family) return false;
  const net = maskPrefix(p).addr.bytes;
  const masked = maskPrefix({ addr: ip, bits: p.bits }).addr.bytes;
  return net.every((b, i) => b === masked[i]);
}

export function prefixContainsPrefix(p: IpPrefix, other: IpPrefix): boolean {
  return other.bits >= p.bits && prefixContainsIp(p, other.addr);
}

const ipIs = {
  unspecified: (ip: IpAddress) => ip.bytes.every((b) => b === 0),
  loopback: (ip: IpAddress) =>
    ip.family === 4 ? ip.bytes[0] === 127 : ip.bytes.slice(0, 15).every((b) => b === 0) && ip.bytes[15] === 1,
  linkLocalMulticast: (ip: IpAddress) =>
    ip.family === 4
      ? ip.bytes[0] === 224 && ip.bytes[1] === 0 && ip.bytes[2] === 0
      : ip.bytes[0] === 0xff && ((ip.bytes[1] ?? 0) & 0x0f) === 0x02,
  linkLocalUnicast: (ip: IpAddress) =>
    ip.family === 4
      ? ip.bytes[0] === 169 && ip.bytes[1] === 254
      : ip.bytes[0] === 0xfe && ((ip.bytes[1] ?? 0) & 0xc0) === 0x80,
  multicast: (ip: IpAddress) => (ip.family === 4 ? ((ip.bytes[0] ?? 0) & 0xf0) === 0xe0 : ip.bytes[0] === 0xff),
};

export const ipPredicates = {
  isUnspecified: ipIs.unspecified,
  isLoopback: ipIs.loopback,
  isLinkLocalMulticast: ipIs.linkLocalMulticast,
  isLinkLocalUnicast: ipIs.linkLocalUnicast,
  /** netip's IsGlobalUnicast: none of the above, not multicast, not the IPv4 broadcast address. */
  isGlobalUnicast: (ip: IpAddress) =>
    !(ip.family === 4 && ip.bytes.every((b) => b === 255)) &&
    !ipIs.unspecified(ip) &&
    !ipIs.loopback(ip) &&
    !ipIs.multicast(ip) &&
    !ipIs.linkLocalUnicast(ip),
};
