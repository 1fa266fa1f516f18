/**
 * A small Prometheus registry: counters and gauges with labels, one histogram, and the text
 * exposition format 0.0.4. Every name starts `mlgate_`. Label sets are bounded: past
 * `MAX_SERIES` per metric, new label values are counted under `other`, so a caller sending
 * made-up kinds cannot grow memory without end.
 */

export const MAX_SERIES = 200;

type Labels = Record<string, string>;

function escapeLabel(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function labelText(labels: Labels): string {
  const keys = Object.keys(labels);
  if (keys.length === 0) return "";
  return `{${keys.map((k) => `${k}="${escapeLabel(labels[k] ?? "")}"`).join(",")}}`;
}

class Family {
  private readonly series = new Map<string, number>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: "counter" | "gauge",
  ) {}

  private key(labels: Labels): string {
    const text = labelText(labels);
    if (this.series.has(text) || this.series.size < MAX_SERIES) return text;
    return labelText(Object.fromEntries(Object.keys(labels).map((k) => [k, "other"])));
  }

  add(labels: Labels = {}, n = 1): void {
    const k = this.key(labels);
    this.series.set(k, (this.series.get(k) ?? 0) + n);
  }

  set(labels: Labels, v: number): void {
    this.series.set(this.key(labels), v);
  }

  get(labels: Labels = {}): number {
    return this.series.get(labelText(labels)) ?? 0;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.type}`];
    for (const [k, v] of this.series) lines.push(`${this.name}${k} ${v}`);
    return lines.join("\n");
  }
}

/** Latency buckets in seconds: a webhook's budget is milliseconds, its hard limit `timeoutSeconds`. */
export const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

class Histogram {
  private readonly counts = new Array<number>(LATENCY_BUCKETS.length).fill(0);
  private sum = 0;
  private count = 0;

  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  observe(seconds: number): void {
    for (let i = 0; i < LATENCY_BUCKETS.length; i++) {
      if (seconds <= (LATENCY_BUCKETS[i] as number)) this.counts[i] = (this.counts[i] as number) + 1;
    }
    this.sum += seconds;
    this.count++;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    LATENCY_BUCKETS.forEach((le, i) => {
      lines.push(`${this.name}_bucket{le="${le}"} ${this.counts[i]}`);
    });
    lines.push(`${this.name}_bucket{le="+Inf"} ${this.count}`);
    lines.push(`${this.name}_sum ${this.sum}`);
    lines.push(`${this.name}_count ${this.count}`);
    return lines.join("\n");
  }
}

/** Everything `mlgate serve` counts. */
export class ServeMetrics {
  readonly requests = new Family(
    "mlgate_admission_requests_total",
    "Admission reviews answered, by kind, operation and verdict (allowed, warned, denied, skipped).",
    "counter",
  );
  readonly denials = new Family(
    "mlgate_admission_denials_total",
    "Rule findings that denied an admission (or would have, with --dry-run), by rule.",
    "counter",
  );
  readonly warnings = new Family(
    "mlgate_admission_warnings_total",
    "Rule findings returned as admission warnings, by rule.",
    "counter",
  );
  readonly ruleErrors = new Family(
    "mlgate_rule_errors_total",
    "Rules that threw while checking an object (never a denial), by rule.",
    "counter",
  );
  readonly badRequests = new Family(
    "mlgate_http_bad_requests_total",
    "Requests refused before a decision, by reason.",
    "counter",
  );
  readonly inFlight = new Family("mlgate_admission_in_flight", "Admission reviews being read or decided now.", "gauge");
  readonly tlsReloads = new Family(
    "mlgate_tls_reloads_total",
    "Certificate reloads after the files changed, by result (ok, failed).",
    "counter",
  );
  readonly rss = new Family("mlgate_process_resident_memory_bytes", "Resident set size of the process.", "gauge");
  readonly latency = new Histogram(
    "mlgate_admission_duration_seconds",
    "Time from the whole request body read to the response written, in seconds.",
  );

  constructor() {
    this.inFlight.set({}, 0);
  }

  /** The exposition text for `GET /metrics`. */
  render(rssBytes: number): string {
    this.rss.set({}, rssBytes);
    const families = [
      this.requests,
      this.denials,
      this.warnings,
      this.ruleErrors,
      this.badRequests,
      this.inFlight,
      this.tlsReloads,
      this.rss,
    ];
    return `${[...families.map((f) => f.render()), this.latency.render()].join("\n")}\n`;
  }
}
