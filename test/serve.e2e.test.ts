// End-to-end: `mlgate serve` from the built CLI, over real HTTPS with a certificate made here.
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, type TLSSocket } from "node:tls";
import yaml from "js-yaml";
import { generate } from "selfsigned";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./corpus.js";

const bin = join(repoRoot, "bin", "mlgate.js");
const payload = (name: string) => readFileSync(join(repoRoot, "bench", "admission", `${name}.json`), "utf8");

interface Pair {
  cert: string;
  key: string;
  fingerprint: string;
}

async function makeCert(): Promise<Pair> {
  const p = await generate([{ name: "commonName", value: "localhost" }], {
    keyType: "ec",
    algorithm: "sha256",
    notAfterDate: new Date(Date.now() + 86_400_000),
  });
  return { cert: p.cert, key: p.private, fingerprint: p.fingerprint };
}

interface Server {
  proc: ChildProcess;
  port: number;
  log: () => string;
}

/** Starts `mlgate serve` on a free port and waits for its "listening" line. */
async function startServe(args: string[]): Promise<Server> {
  const proc = spawn(process.execPath, [bin, "serve", "--host", "127.0.0.1", "--port", "0", ...args], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  proc.stderr?.on("data", (d: Buffer) => {
    log += d.toString();
  });
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const m = /"url":"https:\/\/127\.0\.0\.1:(\d+)\/validate"/.exec(log);
    if (m) return { proc, port: Number(m[1]), log: () => log };
    if (proc.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  proc.kill();
  throw new Error(`mlgate serve did not start:\n${log}`);
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(
  s: Server,
  ca: string,
  method: string,
  path: string,
  body?: string | Buffer,
  headers: Record<string, string> = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", servername: "localhost", port: s.port, method, path, ca, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

const review = async (s: Server, ca: string, body: string) => {
  const r = await call(s, ca, "POST", "/validate", body, { "content-type": "application/json" });
  expect(r.status).toBe(200);
  return JSON.parse(r.body) as {
    apiVersion: string;
    kind: string;
    response: { uid: string; allowed: boolean; status?: { code: number; message: string }; warnings?: string[] };
  };
};

/** The certificate a fresh TLS connection is served. */
async function servedFingerprint(port: number): Promise<string> {
  const socket: TLSSocket = connect({ host: "127.0.0.1", port, servername: "localhost", rejectUnauthorized: false });
  await once(socket, "secureConnect");
  const fp = socket.getPeerCertificate().fingerprint;
  socket.destroy();
  return fp;
}

let dir: string;
let pair: Pair;

beforeAll(async () => {
  try {
    readFileSync(join(repoRoot, "dist", "cli.js"));
  } catch {
    execFileSync("npx", ["tsup"], { cwd: repoRoot, stdio: "ignore" });
  }
  dir = mkdtempSync(join(tmpdir(), "mlgate-serve-"));
  pair = await makeCert();
  writeFileSync(join(dir, "tls.crt"), pair.cert);
  writeFileSync(join(dir, "tls.key"), pair.key);
});

describe("mlgate serve --crd", () => {
  let s: Server;
  beforeAll(async () => {
    s = await startServe([
      "--tls-cert",
      join(dir, "tls.crt"),
      "--tls-key",
      join(dir, "tls.key"),
      "--crd",
      "test/fixtures/crd/argo-workflow-crd.yaml",
    ]);
  });
  afterAll(() => {
    s.proc.kill("SIGTERM");
  });

  it("validates a custom resource against the user's CRD, as check does", async () => {
    const object = yaml.load(readFileSync(join(repoRoot, "test/fixtures/crd/fine-tune-workflow.yaml"), "utf8"));
    const body = {
      apiVersion: "admission.k8s.io/v1",
      kind: "AdmissionReview",
      request: {
        uid: "6b0c7f5e-0000-4000-8000-000000000019",
        kind: { group: "argoproj.io", version: "v1alpha1", kind: "Workflow" },
        resource: { group: "argoproj.io", version: "v1alpha1", resource: "workflows" },
        namespace: "ml",
        operation: "CREATE",
        object,
      },
    };
    const r = await review(s, pair.cert, JSON.stringify(body));
    expect(r.response.allowed).toBe(false);
    const message = r.response.status?.message ?? "";
    expect(message).toMatch(/- schema\/unknown-field at spec\.entrypont: unknown field "entrypont"/);
    expect(message).toMatch(/- schema\/crd-validation at spec\.activeDeadlineSeconds: /);
    expect(message).toMatch(/- schema\/unsupported-value at spec\.podGC\.strategy: /);
  });
});

describe("mlgate serve: decisions", () => {
  let s: Server;
  beforeAll(async () => {
    s = await startServe(["--tls-cert", join(dir, "tls.crt"), "--tls-key", join(dir, "tls.key")]);
  });
  afterAll(() => {
    s.proc.kill("SIGTERM");
  });

  it("answers /healthz and /readyz", async () => {
    expect((await call(s, pair.cert, "GET", "/healthz")).status).toBe(200);
    expect((await call(s, pair.cert, "GET", "/readyz")).status).toBe(200);
    expect((await call(s, pair.cert, "GET", "/nope")).status).toBe(404);
    expect((await call(s, pair.cert, "GET", "/validate")).status).toBe(405);
  });

  it.each(["pytorchjob-ok", "raycluster-ok", "vllm-ok"])("allows %s with its uid and no warnings", async (name) => {
    const r = await review(s, pair.cert, payload(name));
    expect(r.apiVersion).toBe("admission.k8s.io/v1");
    expect(r.kind).toBe("AdmissionReview");
    expect(r.response.uid).toBe(JSON.parse(payload(name)).request.uid);
    expect(r.response.allowed).toBe(true);
    expect(r.response.warnings).toBeUndefined();
  });

  it.each([
    ["pytorchjob-bad", ["schema/pytorchjob-replicas", "network/nccl-invalid-value", "gpu/limits-equal-requests"]],
    ["raycluster-bad", ["schema/duplicate-name", "gpu/limits-equal-requests"]],
    ["vllm-bad", ["gpu/launcher-gpu-count"]],
  ])("denies %s, naming each rule, path and fix", async (name, rules) => {
    const r = await review(s, pair.cert, payload(name));
    expect(r.response.allowed).toBe(false);
    expect(r.response.status?.code).toBe(403);
    const message = r.response.status?.message ?? "";
    for (const id of rules) expect(message).toMatch(new RegExp(`- ${id} at spec\\.\\S+: .+ \\(fix: .+\\)`));
    expect(message.split("\n")).toHaveLength(rules.length + 1);
  });

  it("returns warnings, and allows, when only warnings are found", async () => {
    const body = JSON.parse(payload("pytorchjob-ok"));
    delete body.request.object.metadata.labels; // no Kueue queue: no gang scheduling
    const r = await review(s, pair.cert, JSON.stringify(body));
    expect(r.response.allowed).toBe(true);
    expect(r.response.warnings).toEqual([
      expect.stringMatching(/^scheduling\/no-gang \(spec\.pytorchReplicaSpecs\): /),
    ]);
    for (const w of r.response.warnings ?? []) expect(w.length).toBeLessThanOrEqual(256);
  });

  it("warns on an UPDATE that removes a running server's probes (review's change rules)", async () => {
    const r = await review(s, pair.cert, payload("vllm-update-probes-removed"));
    expect(r.response.allowed).toBe(true);
    const warnings = (r.response.warnings ?? []).join("\n");
    for (const p of ["livenessProbe", "readinessProbe", "startupProbe"]) {
      expect(warnings).toMatch(
        new RegExp(`reliability/safeguard-removed \\([^)]*\\): container "vllm" loses its ${p}`),
      );
    }
    // The same object as a CREATE has no old version to compare: only the rules speak.
    const create = JSON.parse(payload("vllm-update-probes-removed"));
    create.request.operation = "CREATE";
    create.request.oldObject = null;
    const c = await review(s, pair.cert, JSON.stringify(create));
    expect(c.response.allowed).toBe(true);
    expect(c.response.warnings?.join("\n")).toMatch(/reliability\/serving-readiness-probe/);
  });

  it("admits DELETE and skipped operations without checking", async () => {
    const body = JSON.parse(payload("pytorchjob-bad"));
    body.request.operation = "DELETE";
    body.request.oldObject = body.request.object;
    body.request.object = null;
    const r = await review(s, pair.cert, JSON.stringify(body));
    expect(r.response).toEqual({ uid: body.request.uid, allowed: true });
  });

  it.each([
    ["malformed JSON", '{"apiVersion": "admission.k8s.io/v1", "kind": ', /not JSON/],
    [
      "a wrong kind",
      JSON.stringify({ ...JSON.parse(payload("vllm-ok")), kind: "Deployment" }),
      /expected kind AdmissionReview/,
    ],
    [
      "a wrong apiVersion",
      JSON.stringify({ ...JSON.parse(payload("vllm-ok")), apiVersion: "admission.k8s.io/v1beta1" }),
      /apiVersion admission\.k8s\.io\/v1; got .*v1beta1/,
    ],
    [
      "a missing request.uid",
      (() => {
        const b = JSON.parse(payload("vllm-ok"));
        delete b.request.uid;
        return JSON.stringify(b);
      })(),
      /request\.uid: missing/,
    ],
  ])("answers 400 to %s, with a message", async (_what, body, message) => {
    const r = await call(s, pair.cert, "POST", "/validate", body);
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error).toMatch(message);
  });

  it("answers 400 to a body over 3 MiB, declared or streamed, and lives on", async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 1, 0x20);
    const declared = await call(s, pair.cert, "POST", "/validate", big);
    expect(declared.status).toBe(400);
    expect(JSON.parse(declared.body).error).toMatch(/over the 3145728-byte limit/);
    const streamed = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          servername: "localhost",
          port: s.port,
          method: "POST",
          path: "/validate",
          ca: pair.cert,
          agent: false,
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      // Chunked, with no Content-Length: the limit is counted as the body arrives.
      for (let i = 0; i < 4; i++) req.write(Buffer.alloc(1024 * 1024, 0x20));
      req.end();
    });
    expect(streamed).toBe(400);
    expect((await review(s, pair.cert, payload("vllm-ok"))).response.allowed).toBe(true);
  });

  it("serves Prometheus metrics named mlgate_*", async () => {
    const r = await call(s, pair.cert, "GET", "/metrics");
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = r.body.split("\n").filter((l) => l !== "" && !l.startsWith("#"));
    for (const l of samples) expect(l).toMatch(/^mlgate_[a-z_]+(\{[^}]*\})? [0-9.e+-]+$/);
    for (const l of r.body.split("\n").filter((l) => l.startsWith("# TYPE"))) expect(l).toMatch(/^# TYPE mlgate_/);
    expect(r.body).toMatch(
      /mlgate_admission_requests_total\{kind="kubeflow\.org\/PyTorchJob",operation="CREATE",verdict="denied"\} [1-9]/,
    );
    expect(r.body).toMatch(
      /mlgate_admission_requests_total\{kind="apps\/Deployment",operation="UPDATE",verdict="warned"\} 1\n/,
    );
    expect(r.body).toMatch(/mlgate_admission_warnings_total\{rule="reliability\/safeguard-removed"\} 1\n/);
    expect(r.body).toMatch(/mlgate_admission_denials_total\{rule="gpu\/launcher-gpu-count"\} 1\n/);
    expect(r.body).toMatch(/mlgate_admission_warnings_total\{rule="scheduling\/no-gang"\} [1-9]/);
    expect(r.body).toMatch(/mlgate_http_bad_requests_total\{reason="too-large"\} 2\n/);
    expect(r.body).toMatch(/mlgate_http_bad_requests_total\{reason="invalid-review"\} 4\n/);
    expect(r.body).toMatch(/mlgate_admission_in_flight 0\n/);
    expect(r.body).toMatch(/mlgate_admission_duration_seconds_bucket\{le="\+Inf"\} (\d+)\n/);
    const count = Number(/mlgate_admission_duration_seconds_count (\d+)/.exec(r.body)?.[1]);
    const decided = [...r.body.matchAll(/mlgate_admission_requests_total\{[^}]*\} (\d+)/g)].reduce(
      (n, m) => n + Number(m[1]),
      0,
    );
    expect(count).toBe(decided + 4); // the 400s for bad reviews are timed too; the over-size ones are not
    expect(r.body).toMatch(/mlgate_process_resident_memory_bytes \d{6,}/);
  });

  it("closes the connection of a client too slow to send its request", async () => {
    const slow = await startServe([
      "--tls-cert",
      join(dir, "tls.crt"),
      "--tls-key",
      join(dir, "tls.key"),
      "--request-timeout",
      "500",
    ]);
    try {
      const socket = connect({ host: "127.0.0.1", port: slow.port, servername: "localhost", ca: pair.cert });
      await once(socket, "secureConnect");
      socket.write("POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{");
      const started = Date.now();
      let answer = "";
      socket.on("data", (d: Buffer) => {
        answer += d.toString();
      });
      await once(socket, "close");
      expect(Date.now() - started).toBeLessThan(5000);
      expect(answer === "" || answer.startsWith("HTTP/1.1 408")).toBe(true);
    } finally {
      slow.proc.kill("SIGTERM");
    }
  });

  it("answers 503 past the budget of bodies held at once, and frees it when they end", async () => {
    const tight = await startServe([
      "--tls-cert",
      join(dir, "tls.crt"),
      "--tls-key",
      join(dir, "tls.key"),
      "--max-buffered-bytes",
      "1000000",
    ]);
    try {
      const open = () => {
        const req = request({
          host: "127.0.0.1",
          servername: "localhost",
          port: tight.port,
          method: "POST",
          path: "/validate",
          ca: pair.cert,
          agent: false,
        });
        const status = new Promise<number>((resolve) => {
          req.on("response", (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on("error", () => resolve(-1));
        });
        req.write(Buffer.alloc(600_000, 0x20));
        return { req, status };
      };
      const first = open();
      await new Promise((r) => setTimeout(r, 300));
      const second = open();
      // The refusal is answered once the refused body has arrived (answering earlier closes the connection
      // with bytes unread, and the client can get a reset instead of the 503); the first body is still held.
      second.req.end();
      expect(await second.status).toBe(503);
      first.req.end("{}");
      expect(await first.status).toBe(400);
      expect((await review(tight, pair.cert, payload("vllm-ok"))).response.allowed).toBe(true);
      const m = await call(tight, pair.cert, "GET", "/metrics");
      expect(m.body).toMatch(/mlgate_http_bad_requests_total\{reason="busy"\} 1\n/);
    } finally {
      tight.proc.kill("SIGTERM");
    }
  });

  it("exits 0 on SIGTERM after answering what is in flight", async () => {
    const t = await startServe(["--tls-cert", join(dir, "tls.crt"), "--tls-key", join(dir, "tls.key")]);
    t.proc.kill("SIGTERM");
    const [code] = await once(t.proc, "exit");
    expect(code).toBe(0);
    expect(t.log()).toMatch(/"msg":"shutting down","signal":"SIGTERM"/);
  });
});

describe("mlgate serve: --dry-run", () => {
  it("allows what it would deny, and says so in warnings and metrics", async () => {
    const s = await startServe(["--tls-cert", join(dir, "tls.crt"), "--tls-key", join(dir, "tls.key"), "--dry-run"]);
    try {
      const r = await review(s, pair.cert, payload("vllm-bad"));
      expect(r.response.allowed).toBe(true);
      expect(r.response.status).toBeUndefined();
      expect(r.response.warnings?.[0]).toMatch(
        /^would deny: gpu\/launcher-gpu-count \(spec\.template\.spec\.containers\[0\]\.args\[3\]\): /,
      );
      const m = await call(s, pair.cert, "GET", "/metrics");
      expect(m.body).toMatch(/mlgate_admission_denials_total\{rule="gpu\/launcher-gpu-count"\} 1\n/);
      expect(m.body).toMatch(/verdict="warned"\} 1\n/);
    } finally {
      s.proc.kill("SIGTERM");
    }
  });
});

describe("mlgate serve: certificates", () => {
  it("serves a new certificate once the files change, without a restart", async () => {
    const d = mkdtempSync(join(tmpdir(), "mlgate-serve-reload-"));
    const first = await makeCert();
    writeFileSync(join(d, "tls.crt"), first.cert);
    writeFileSync(join(d, "tls.key"), first.key);
    const s = await startServe([
      "--tls-cert",
      join(d, "tls.crt"),
      "--tls-key",
      join(d, "tls.key"),
      "--reload-interval",
      "100",
    ]);
    try {
      expect(await servedFingerprint(s.port)).toBe(first.fingerprint.toUpperCase());
      const second = await makeCert();
      // A key that does not match the certificate is refused: the old pair keeps serving.
      writeFileSync(join(d, "tls.key.new"), second.key);
      renameSync(join(d, "tls.key.new"), join(d, "tls.key"));
      await new Promise((r) => setTimeout(r, 400));
      expect(await servedFingerprint(s.port)).toBe(first.fingerprint.toUpperCase());
      writeFileSync(join(d, "tls.crt.new"), second.cert);
      renameSync(join(d, "tls.crt.new"), join(d, "tls.crt"));
      const deadline = Date.now() + 5000;
      let served = "";
      while (Date.now() < deadline) {
        served = await servedFingerprint(s.port);
        if (served === second.fingerprint.toUpperCase()) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(served).toBe(second.fingerprint.toUpperCase());
      const r = await review(s, second.cert, payload("vllm-ok"));
      expect(r.response.allowed).toBe(true);
      const m = await call(s, second.cert, "GET", "/metrics");
      expect(m.body).toMatch(/mlgate_tls_reloads_total\{result="failed"\} 1\n/);
      expect(m.body).toMatch(/mlgate_tls_reloads_total\{result="ok"\} 1\n/);
      expect(s.log()).toMatch(/"msg":"certificate reloaded"/);
    } finally {
      s.proc.kill("SIGTERM");
    }
  });

  it("refuses to start without a usable certificate and key, exit 2", () => {
    const run = (args: string[]) =>
      spawnSync(process.execPath, [bin, "serve", ...args], { cwd: repoRoot, encoding: "utf8" });
    const none = run([]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/give --tls-cert FILE and --tls-key FILE/);
    const missing = run(["--tls-cert", join(dir, "nope.crt"), "--tls-key", join(dir, "tls.key")]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^mlgate: serve: --tls-cert .*nope\.crt: ENOENT/);
    const garbage = join(dir, "garbage.crt");
    writeFileSync(garbage, "not a certificate\n");
    const bad = run(["--tls-cert", garbage, "--tls-key", join(dir, "tls.key")]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/not a usable PEM certificate and private key pair/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const port = run(["--tls-cert", join(dir, "tls.crt"), "--tls-key", join(dir, "tls.key"), "--port", "99999"]);
    expect(port.status).toBe(2);
    expect(port.stderr).toMatch(/--port: "99999" is not a whole number from 0 to 65535/);
  });
});
