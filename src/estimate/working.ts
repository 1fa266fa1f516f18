// The one record the estimate's steps share (src/estimate/steps/): each step adds the lines of the
// working it computes, the assumptions it makes for inputs not given, the citations it rests on
// and its warnings, in the order the steps run; the estimate returns them as they are.
import type { Citation } from "./citations.js";
import type { Assumption, Step } from "./types.js";

export class Working {
  readonly assumptions: Assumption[] = [];
  readonly steps: Step[] = [];
  readonly warnings: string[] = [];
  /** The citations used, in the order first used. */
  readonly used = new Set<Citation>();

  /** Records an input the user did not give and the value used instead; returns the value. */
  assume<T extends string | number | boolean>(name: string, value: T, source: string): T {
    this.assumptions.push({ name, value, source });
    return value;
  }

  /** Adds a line of the working, citing its source. */
  step(s: Step, c?: Citation): void {
    if (c) {
      this.used.add(c);
      s.cite = c.id;
    }
    this.steps.push(s);
  }

  cite(c: Citation): void {
    this.used.add(c);
  }

  warn(message: string): void {
    this.warnings.push(message);
  }
}

export const fmt = (n: number, digits = 4) => Number(n.toPrecision(digits)).toLocaleString("en-US");

export function fmtBytes(b: number): string {
  if (b >= 1e12) return `${(b / 1e12).toFixed(2)} TB`;
  if (b >= 1e9) return `${(b / 1e9).toFixed(2)} GB`;
  if (b >= 1e6) return `${(b / 1e6).toFixed(1)} MB`;
  return `${Math.round(b / 1e3)} kB`;
}

export function fmtSeconds(s: number): string {
  if (s >= 86400 * 365.25) return `${(s / (86400 * 365.25)).toFixed(1)} years`;
  if (s >= 86400) return `${(s / 86400).toFixed(1)} days`;
  if (s >= 3600) return `${(s / 3600).toFixed(1)} h`;
  if (s >= 1) return `${s.toFixed(2)} s`;
  return `${(s * 1000).toFixed(1)} ms`;
}
