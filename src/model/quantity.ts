/**
 * Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource): a signed decimal number
 * with an optional binary-SI suffix (Ki Mi Gi Ti Pi Ei), decimal-SI suffix (n u m k M G T P E) or
 * decimal exponent (e3, E-2). Parsed to a number in base units.
 * https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */
const QUANTITY = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;

const MULTIPLIER: Record<string, number> = {
  "": 1,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/**
 * Parsed quantity texts. A run reads the same few spellings ("8", "32Gi", "500m") tens of
 * thousands of times, from many rules; a lookup is cheaper than the regex and its match array.
 * Cleared when full, so a run of unusual values cannot grow it without bound.
 */
const PARSED = new Map<string, number | undefined>();
const PARSED_MAX = 4096;

/** The value in base units, or undefined when the text is not a valid quantity. */
export function parseQuantity(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v !== "string") return undefined;
  const hit = PARSED.get(v);
  if (hit !== undefined || PARSED.has(v)) return hit;
  if (PARSED.size >= PARSED_MAX) PARSED.clear();
  const q = parseQuantityText(v);
  PARSED.set(v, q);
  return q;
}

function parseQuantityText(v: string): number | undefined {
  const m = QUANTITY.exec(v);
  if (!m) return undefined;
  const n = Number.parseFloat(m[1] as string);
  const suffix = m[2] ?? "";
  if (suffix[0] === "e" || suffix[0] === "E") return n * 10 ** Number.parseInt(suffix.slice(1), 10);
  return n * (MULTIPLIER[suffix] as number);
}

/** A likely intended spelling for a malformed quantity ("2Gb" → "2Gi"), or undefined. */
export function suggestQuantity(v: string): string | undefined {
  const t = v.trim().replace(/\s+/g, "");
  if (t !== v && parseQuantity(t) !== undefined) return t;
  const m = /^([0-9.]+)\s*([kKmMgGtTpPeE])(i?)[bB]$/.exec(v.trim());
  if (m) return `${m[1]}${(m[2] as string).toUpperCase()}i`;
  const lower = /^([0-9.]+)\s*(ki|mi|gi|ti|pi|ei)$/i.exec(v.trim());
  if (lower) {
    const s = lower[2] as string;
    return `${lower[1]}${(s[0] as string).toUpperCase()}i`;
  }
  return undefined;
}

/**
 * Resources other than the native ones (cpu, memory, ephemeral-storage, hugepages-*) are extended
 * resources: the API server accepts only whole numbers for them.
 * https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#extended-resources
 */
export function isExtendedResource(name: string): boolean {
  if (name === "cpu" || name === "memory" || name === "ephemeral-storage" || name === "storage") return false;
  if (name.startsWith("hugepages-")) return false;
  if (name.startsWith("requests.") || name.startsWith("limits.")) return false;
  return name.includes("/") && !name.startsWith("kubernetes.io/");
}
