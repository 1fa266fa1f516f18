/**
 * URLs for the Kubernetes CEL URL library (k8s.io/apiserver/pkg/cel/library/urls.go), which reads
 * them with Go's url.ParseRequestURI: an absolute URI (`scheme:...`) or an absolute path, no
 * fragment. Accessors return what Go's url.URL fields hold.
 */
export interface ParsedUrl {
  readonly scheme: string;
  /** host[:port] as written after any userinfo; "" when there is no authority. */
  readonly host: string;
  readonly path: string;
  readonly rawQuery: string;
  readonly opaque: string;
}

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

export function parseUrl(raw: string): ParsedUrl | string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: Go refuses ASCII control characters in URLs
  if (/[\u0000-\u001f\u007f]/.test(raw)) return `URL parse error: ${JSON.stringify(raw)} has a control character`;
  if (raw === "") return "URL parse error: empty url";
  let rest = raw;
  let scheme = "";
  const m = SCHEME.exec(rest);
  if (m) {
    scheme = (m[1] ?? "").toLowerCase();
    rest = rest.slice(m[0].length);
  } else if (/^[^/?]*:/.test(rest)) return `URL parse error: ${JSON.stringify(raw)}: missing protocol scheme`;
  let rawQuery = "";
  const q = rest.indexOf("?");
  if (q >= 0) {
    rawQuery = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  if (!rest.startsWith("/")) {
    if (scheme !== "") return { scheme, host: "", path: "", rawQuery, opaque: rest };
    return `URL parse error: ${JSON.stringify(raw)}: invalid URI for request`;
  }
  let host = "";
  if (scheme !== "" && rest.startsWith("//")) {
    const end = rest.indexOf("/", 2);
    const authority = end < 0 ? rest.slice(2) : rest.slice(2, end);
    rest = end < 0 ? "" : rest.slice(end);
    host = authority.slice(authority.lastIndexOf("@") + 1);
    if (host.startsWith("[") && !/^\[[0-9a-fA-F:.%]+\](:[0-9]*)?$/.test(host))
      return `URL parse error: ${JSON.stringify(raw)}: invalid host`;
    if (!host.startsWith("[") && /:[^0-9]|:.*:/.test(host))
      return `URL parse error: ${JSON.stringify(raw)}: invalid port`;
  }
  if (/%(?![0-9a-fA-F]{2})/.test(rest)) return `URL parse error: ${JSON.stringify(raw)}: invalid URL escape`;
  return { scheme, host, path: rest, rawQuery, opaque: "" };
}

export function urlHostname(u: ParsedUrl): string {
  if (u.host.startsWith("[")) return u.host.slice(1, u.host.indexOf("]"));
  const colon = u.host.indexOf(":");
  return colon < 0 ? u.host : u.host.slice(0, colon);
}

export function urlPort(u: ParsedUrl): string {
  const close = u.host.lastIndexOf("]");
  const colon = u.host.lastIndexOf(":");
  return colon > close ? u.host.slice(colon + 1) : "";
}

// RFC 3986 path characters that Go leaves as written (url.validEncoded).
const PATH_OK = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/[\]]|%[0-9a-fA-F]{2})*$/;

/** The path as Go's EscapedPath gives it: as written when that is a valid encoding, else escaped. */
export function urlEscapedPath(u: ParsedUrl): string {
  if (PATH_OK.test(u.path)) return u.path;
  let out = "";
  for (const ch of u.path) {
    if (/[A-Za-z0-9\-._~$&+,/:;=@]/.test(ch)) out += ch;
    else if (ch === "%") out += "%25";
    else for (const byte of new TextEncoder().encode(ch)) out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

function unescapeQuery(s: string): string | undefined {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return undefined;
  }
}

/** Go's url.Values of the query: each key with its values in order; malformed pairs are dropped. */
export function urlQuery(u: ParsedUrl): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const pair of u.rawQuery.split("&")) {
    if (pair === "" || pair.includes(";")) continue;
    const eq = pair.indexOf("=");
    const key = unescapeQuery(eq < 0 ? pair : pair.slice(0, eq));
    const value = unescapeQuery(eq < 0 ? "" : pair.slice(eq + 1));
    if (key === undefined || value === undefined) continue;
    const list = out.get(key) ?? [];
    list.push(value);
    out.set(key, list);
  }
  return out;
}
