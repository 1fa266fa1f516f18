// `npm run bench:serve`: load on `mlgate serve` over loopback HTTPS (127.0.0.1 only), with the
// AdmissionReview payloads in bench/admission/ (a PyTorchJob, a RayCluster, a vLLM Deployment, a
// bad one of each, and an UPDATE that removes probes), sent round-robin.
//
// 1. Closed loop at 1, 50 and 200 connections: each connection sends its next request when the
//    last one is answered. Bounded: BENCH_REQUESTS requests (default 5000) or BENCH_SECONDS
//    seconds (default 15) a step, whichever comes first.
// 2. Open loop at BENCH_LOW_RATE requests/s (default 100) for BENCH_SECONDS, then at BENCH_RATE
//    (default 1000, the goal) for BENCH_SOAK_SECONDS (default 60): requests start on a fixed
//    schedule whether or not earlier ones were answered, latency is measured from the scheduled
//    start (no coordinated omission), and a request unanswered after BENCH_TIMEOUT_MS (default
//    3000, the deploy/ webhook's timeoutSeconds) is an error. The server's RSS is read from /proc
//    every second of the soak.
// Every response is checked: HTTP 200, the request's uid, and allowed/denied as expected; any
// other outcome is an error. Client and server share the machine: the client's CPU is not free.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "selfsigned";
import { Pool } from "undici";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const env = (name, fallback) => Number(process.env[name] ?? fallback);
const REQUESTS = env("BENCH_REQUESTS", 5000);
const SECONDS = env("BENCH_SECONDS", 10);
const RATE = env("BENCH_RATE", 1000);
const SOAK_SECONDS = env("BENCH_SOAK_SECONDS", 60);
const LOW_RATE = env("BENCH_LOW_RATE", 100);
const TIMEOUT_MS = env("BENCH_TIMEOUT_MS", 3000);
const CONNECTIONS = [1, 50, 200];

const names = [
  "pytorchjob-ok",
  "pytorchjob-bad",
  "raycluster-ok",
  "raycluster-bad",
  "vllm-ok",
  "vllm-bad",
  "vllm-update-probes-removed",
];
const payloads = names.map((name) => {
  const body = readFileSync(join(root, "bench", "admission", `${name}.json`), "utf8");
  return { name, body, uid: JSON.parse(body).request.uid, allowed: name.endsWith("-ok") };
});

const dir = mkdtempSync(join(tmpdir(), "mlgate-bench-serve-"));
const pems = await generate([{ name: "commonName", value: "localhost" }], { keyType: "ec", algorithm: "sha256" });
writeFileSync(join(dir, "tls.crt"), pems.cert);
writeFileSync(join(dir, "tls.key"), pems.private);

const server = spawn(
  process.execPath,
  [
    join(root, "bin", "mlgate.js"),
    "serve",
    "--host",
    "127.0.0.1",
    "--port",
    "0",
    "--tls-cert",
    join(dir, "tls.crt"),
    "--tls-key",
    join(dir, "tls.key"),
  ],
  { cwd: dir, stdio: ["ignore", "ignore", "pipe"] },
);
let log = "";
server.stderr.on("data", (d) => {
  log += d.toString();
});
const port = await new Promise((resolve, reject) => {
  const started = Date.now();
  const poll = setInterval(() => {
    const m = /"url":"https:\/\/127\.0\.0\.1:(\d+)\/validate"/.exec(log);
    if (m) {
      clearInterval(poll);
      resolve(Number(m[1]));
    } else if (Date.now() - started > 15_000 || server.exitCode !== null) {
      clearInterval(poll);
      reject(new Error(`mlgate serve did not start:\n${log}`));
    }
  }, 50);
});

const rssMiB = () => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : Number.NaN;
};

/** CPU time the server process has used, in ms (utime + stime, at the kernel's 100 Hz tick). */
const serverCpuMs = () => {
  const fields = readFileSync(`/proc/${server.pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

function pool(connections) {
  return new Pool(`https://127.0.0.1:${port}`, {
    connections,
    pipelining: 1,
    connect: { ca: pems.cert, servername: "localhost" },
  });
}

/** Sends one review; resolves to true when the answer is the one expected. */
async function send(p, payload, signal) {
  try {
    const res = await p.request({
      ...(signal ? { signal } : {}),
      path: "/validate",
      method: "POST",
      headers: { "content-type": "application/json" },
      body: payload.body,
    });
    const text = await res.body.text();
    if (res.statusCode !== 200) return false;
    const r = JSON.parse(text).response;
    return r.uid === payload.uid && r.allowed === payload.allowed;
  } catch {
    return false;
  }
}

const percentile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

function summary(label, latenciesMs, errors, seconds, cpuMs, extra = "") {
  const sorted = Float64Array.from(latenciesMs).sort();
  return {
    cpuPerRequest: cpuMs / Math.max(1, latenciesMs.length),
    label,
    requests: latenciesMs.length,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    rps: latenciesMs.length / seconds,
    errors,
    extra,
  };
}

async function closedLoop(connections) {
  const p = pool(connections);
  const latencies = [];
  let errors = 0;
  let next = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  const cpu0 = serverCpuMs();
  const worker = async () => {
    while (next < REQUESTS && performance.now() < deadline) {
      const payload = payloads[next++ % payloads.length];
      const t = performance.now();
      const ok = await send(p, payload);
      latencies.push(performance.now() - t);
      if (!ok) errors++;
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  await p.close();
  return summary(
    `closed loop, ${connections} connection${connections === 1 ? "" : "s"}`,
    latencies,
    errors,
    seconds,
    serverCpuMs() - cpu0,
  );
}

/**
 * Open loop: a request starts every 1/rate s whatever happened to the others; latency counts
 * from the scheduled start. A request not answered within TIMEOUT_MS (the deploy/ webhook's
 * timeoutSeconds) counts as an error, as the API server would have given up on it (and, with
 * failurePolicy Ignore, admitted the object unchecked).
 */
async function openLoop(rate, seconds, sampleRss) {
  const p = pool(256);
  const latencies = [];
  let errors = 0;
  const rss = [rssMiB()];
  const total = Math.round(rate * seconds);
  const started = performance.now();
  const cpu0 = serverCpuMs();
  const inFlight = new Set();
  const sampler = sampleRss ? setInterval(() => rss.push(rssMiB()), 1000) : undefined;
  const stopAt = started + seconds * 1000;
  for (let i = 0; i < total; i++) {
    const scheduled = started + (i * 1000) / rate;
    if (performance.now() > stopAt) {
      // Behind schedule past the step's end: what was not even sent counts as failed.
      errors += total - i;
      break;
    }
    const wait = scheduled - performance.now();
    // Yield every time, even when behind, so responses are read while requests are sent.
    await new Promise((r) => (wait > 1 ? setTimeout(r, wait) : setImmediate(r)));
    const payload = payloads[i % payloads.length];
    const pr = send(
      p,
      payload,
      AbortSignal.timeout(Math.max(1, Math.round(scheduled + TIMEOUT_MS - performance.now()))),
    ).then((ok) => {
      latencies.push(performance.now() - scheduled);
      if (!ok) errors++;
      inFlight.delete(pr);
    });
    inFlight.add(pr);
  }
  // Every request has its own timeout; this bound only guards against a hung client.
  await Promise.race([Promise.all(inFlight), new Promise((r) => setTimeout(r, TIMEOUT_MS + 2000))]);
  errors += inFlight.size;
  if (sampler) clearInterval(sampler);
  rss.push(rssMiB());
  const elapsed = (performance.now() - started) / 1000;
  await p.close();
  let note = "";
  if (sampleRss) {
    const tenth = Math.max(2, Math.ceil(rss.length / 10));
    const mean = (a) => a.reduce((x, y) => x + y, 0) / a.length;
    note = `server RSS during the ${seconds} s at ${rate} req/s: ${rss[0].toFixed(0)} MiB at the start, ${mean(rss.slice(0, tenth)).toFixed(0)} MiB over the first tenth, ${mean(rss.slice(-tenth)).toFixed(0)} MiB over the last tenth, ${Math.max(...rss).toFixed(0)} MiB at most`;
  }
  return summary(`open loop, ${rate} req/s for ${seconds} s`, latencies, errors, elapsed, serverCpuMs() - cpu0, note);
}

try {
  // Warm-up: JIT and connection set-up, not counted.
  const warm = pool(8);
  await Promise.all(
    Array.from({ length: 8 }, async (_, w) => {
      for (let i = w; i < 400; i += 8) await send(warm, payloads[i % payloads.length]);
    }),
  );
  await warm.close();
  const f = (n) => (Number.isFinite(n) ? n.toFixed(2) : "–");
  console.log(
    `mlgate serve on 127.0.0.1, ${cpus().length} CPU(s) (${cpus()[0]?.model ?? "?"}), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
  );
  console.log(`payloads: ${names.join(", ")} (round-robin)`);
  console.log(
    `load average at the start: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(", ")}\n`,
  );
  console.log("| Load | Requests | p50 ms | p99 ms | max ms | Throughput req/s | Errors | Server CPU ms/request |");
  console.log("|------|---------:|-------:|-------:|-------:|-----------------:|-------:|----------------------:|");
  const rows = [];
  const row = (r) => {
    rows.push(r);
    console.log(
      `| ${r.label} | ${r.requests} | ${f(r.p50)} | ${f(r.p99)} | ${f(r.max)} | ${r.rps.toFixed(0)} | ${r.errors} | ${f(r.cpuPerRequest)} |`,
    );
  };
  for (const c of CONNECTIONS) row(await closedLoop(c));
  row(await openLoop(LOW_RATE, SECONDS, false));
  row(await openLoop(RATE, SOAK_SECONDS, true));
  console.log(`\n${rows.at(-1).extra}`);
  process.exitCode = rows.some((r) => r.errors > 0) ? 1 : 0;
} finally {
  server.kill("SIGTERM");
}
