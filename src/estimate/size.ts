/**
 * Counts as people write them: 7e9, 7B, 175B, 1.4T, 300M, 8k, 1_000_000, 2,048. Suffixes are
 * decimal (K = 1e3, M = 1e6, B or G = 1e9, T = 1e12), case-insensitive.
 */
const SIZE = /^([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:e([+-]?[0-9]+))?\s*([kmbgt])?$/i;
const SUFFIX: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9, g: 1e9, t: 1e12 };

export function parseSize(text: string): number | undefined {
  const t = text.trim().replace(/[_,]/g, "");
  const m = SIZE.exec(t);
  if (!m) return undefined;
  let n = Number.parseFloat(m[1] as string);
  if (m[2]) n *= 10 ** Number.parseInt(m[2], 10);
  if (m[3]) n *= SUFFIX[m[3].toLowerCase()] as number;
  return Number.isFinite(n) ? n : undefined;
}

/** 175000000000 → "175B", 1.4e12 → "1.4T": for output. */
export function formatSize(n: number): string {
  const units: [number, string][] = [
    [1e12, "T"],
    [1e9, "B"],
    [1e6, "M"],
    [1e3, "K"],
  ];
  for (const [v, u] of units) if (Math.abs(n) >= v) return `${trim(n / v)}${u}`;
  return trim(n);
}

function trim(n: number): string {
  return Number(n.toPrecision(4)).toString();
}
