/**
 * The edge of `mlgate serve`: HTTPS with Node's own `https`, body and time limits, certificate
 * reload, health, readiness and metrics. Everything it decides, it asks `decide` (pure).
 */
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { createSecureContext } from "node:tls";
import { MAX_REQUEST_BODY_BYTES } from "../catalog/admission.js";
import { BadReview, parseAdmissionReview, reviewResponse } from "./admission.js";
import { type AdmissionPolicy, decide } from "./decide.js";
import { ServeMetrics } from "./metrics.js";

export interface ServeOptions {
  host: string;
  port: number;
  certFile: string;
  keyFile: string;
  policy: AdmissionPolicy;
  /** How often the certificate and key files are read to see whether they changed. */
  reloadIntervalMs: number;
  /** Request bodies held at once, over all connections; past it, requests get 503 (memory stays bounded). */
  maxBufferedBytes: number;
  /** A request must arrive whole within this time, or the connection is closed (slow clients). */
  requestTimeoutMs: number;
  /** One structured log line (the CLI writes it to standard error as JSON). */
  log: (entry: Record<string, unknown>) => void;
}

export interface RunningServer {
  port: number;
  metrics: ServeMetrics;
  /** Stops taking requests, answers those in flight, then resolves. */
  close(): Promise<void>;
}

/** A certificate and key that cannot be read or do not match: the message says which file and why. */
export class TlsFilesError extends Error {}

interface KeyPair {
  cert: string;
  key: string;
}

/** Reads and checks the pair: a mismatched or unreadable one throws `TlsFilesError`. */
export function readKeyPair(certFile: string, keyFile: string): KeyPair {
  let cert: string;
  let key: string;
  try {
    cert = readFileSync(certFile, "utf8");
  } catch (err) {
    throw new TlsFilesError(`--tls-cert ${certFile}: ${(err as Error).message}`);
  }
  try {
    key = readFileSync(keyFile, "utf8");
  } catch (err) {
    throw new TlsFilesError(`--tls-key ${keyFile}: ${(err as Error).message}`);
  }
  try {
    createSecureContext({ cert, key });
  } catch (err) {
    throw new TlsFilesError(
      `${certFile}, ${keyFile}: not a usable PEM certificate and private key pair (${(err as Error).message})`,
    );
  }
  return { cert, key };
}

const JSON_HEADERS = { "content-type": "application/json" };

function reply(res: ServerResponse, status: number, body: string, headers: Record<string, string> = JSON_HEADERS) {
  res.writeHead(status, { ...headers, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/** How much of a refused body is read and dropped before it is answered anyway. */
const LINGER_BYTES = 2 * MAX_REQUEST_BODY_BYTES;

/**
 * Answers a refused request only once its body has been read and dropped. Node closes the connection when a
 * response ends before the request's body has arrived, and closing a socket with unread bytes makes the kernel send
 * a reset, which can reach the client before the answer and lose it: the API server would see a connection error,
 * not the 400. A client that keeps sending past LINGER_BYTES gets the answer then, and the connection is closed; a
 * slow one is cut off by the server's request timeout.
 */
function answerAfterBody(req: IncomingMessage, answer: () => void): void {
  let dropped = 0;
  let answered = false;
  const once = () => {
    if (answered) return;
    answered = true;
    answer();
  };
  req.on("data", (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > LINGER_BYTES) once();
  });
  req.on("end", once);
  if (req.complete) once();
}

/** Starts the server; resolves once it listens. */
export function startServer(opts: ServeOptions): Promise<RunningServer> {
  const metrics = new ServeMetrics();
  let pair = readKeyPair(opts.certFile, opts.keyFile);
  let ready = false;
  let inFlight = 0;
  /** Bytes of request bodies held now, over all connections (`maxBufferedBytes` bounds it). */
  let buffered = 0;
  let drained: (() => void) | undefined;

  const badRequest = (res: ServerResponse, reason: string, message: string) => {
    metrics.badRequests.add({ reason });
    opts.log({ level: "warn", msg: "bad request", reason, detail: message });
    reply(res, 400, JSON.stringify({ error: message }));
  };

  const validate = (req: IncomingMessage, res: ServerResponse) => {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > MAX_REQUEST_BODY_BYTES) {
      answerAfterBody(req, () =>
        badRequest(res, "too-large", `the body is ${declared} bytes, over the ${MAX_REQUEST_BODY_BYTES}-byte limit`),
      );
      return;
    }
    inFlight++;
    metrics.inFlight.set({}, inFlight);
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    const done = () => {
      buffered -= size;
      size = 0;
      inFlight--;
      metrics.inFlight.set({}, inFlight);
      if (inFlight === 0) drained?.();
    };
    req.on("data", (chunk: Buffer) => {
      if (refused) return;
      if (buffered + chunk.length > opts.maxBufferedBytes) {
        // Memory stays bounded however many clients send at once: past the budget, say busy.
        refused = true;
        chunks.length = 0;
        metrics.badRequests.add({ reason: "busy" });
        opts.log({ level: "warn", msg: "busy", detail: `${buffered} bytes of request bodies held` });
        answerAfterBody(req, () =>
          reply(res, 503, JSON.stringify({ error: "busy: too many request bodies held at once; retry" }), {
            ...JSON_HEADERS,
            "retry-after": "1",
          }),
        );
        done();
        return;
      }
      size += chunk.length;
      buffered += chunk.length;
      if (size > MAX_REQUEST_BODY_BYTES) {
        refused = true;
        chunks.length = 0;
        answerAfterBody(req, () =>
          badRequest(res, "too-large", `the body is over the ${MAX_REQUEST_BODY_BYTES}-byte limit`),
        );
        done();
        return;
      }
      chunks.push(chunk);
    });
    req.on("error", () => {
      if (!refused) {
        refused = true;
        done();
      }
    });
    req.on("end", () => {
      if (refused) return;
      refused = true;
      const started = performance.now();
      try {
        const review = parseAdmissionReview(Buffer.concat(chunks, size).toString("utf8"));
        const d = decide(review, opts.policy);
        const kind = review.kind.group ? `${review.kind.group}/${review.kind.kind}` : review.kind.kind;
        metrics.requests.add({ kind, operation: review.operation, verdict: d.verdict });
        for (const id of d.denyingRules) metrics.denials.add({ rule: id });
        for (const id of d.warningRules) metrics.warnings.add({ rule: id });
        for (const c of d.crashes) {
          metrics.ruleErrors.add({ rule: c.ruleId });
          opts.log({ level: "error", msg: "rule failed", rule: c.ruleId, uid: review.uid, detail: c.message });
        }
        if (d.verdict === "denied") {
          opts.log({ level: "info", msg: "denied", uid: review.uid, kind, name: review.name, rules: d.denyingRules });
        }
        reply(res, 200, reviewResponse(d.response));
      } catch (err) {
        if (err instanceof BadReview) badRequest(res, "invalid-review", err.message);
        else {
          // A bug of mlgate's own: the API server's failurePolicy decides; the server lives on.
          opts.log({ level: "error", msg: "internal error", detail: (err as Error)?.stack ?? String(err) });
          reply(res, 500, JSON.stringify({ error: "internal error; see the webhook's log" }));
        }
      } finally {
        metrics.latency.observe((performance.now() - started) / 1000);
        done();
      }
    });
  };

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = (req.url ?? "/").split("?")[0];
    if (url === "/validate") {
      if (req.method !== "POST")
        return reply(res, 405, JSON.stringify({ error: "use POST" }), { ...JSON_HEADERS, allow: "POST" });
      return validate(req, res);
    }
    if (req.method !== "GET" && req.method !== "HEAD") return reply(res, 405, JSON.stringify({ error: "use GET" }));
    if (url === "/healthz") return reply(res, 200, "ok\n", { "content-type": "text/plain" });
    if (url === "/readyz") {
      return ready
        ? reply(res, 200, "ok\n", { "content-type": "text/plain" })
        : reply(res, 503, "shutting down\n", { "content-type": "text/plain" });
    }
    if (url === "/metrics") {
      return reply(res, 200, metrics.render(process.memoryUsage.rss()), {
        "content-type": "text/plain; version=0.0.4; charset=utf-8",
      });
    }
    reply(res, 404, JSON.stringify({ error: `no such path ${url}; the webhook answers POST /validate` }));
  };

  const server: Server = createServer(
    {
      ...pair,
      requestTimeout: opts.requestTimeoutMs,
      headersTimeout: Math.min(opts.requestTimeoutMs, 10_000),
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(opts.requestTimeoutMs / 4))),
      // Longer than Go's idle-connection timeout (90 s), so the API server closes idle connections first.
      keepAliveTimeout: 120_000,
    },
    handler,
  );
  // A TLS handshake that never finishes (a client that connects and says nothing) is closed too.
  server.setTimeout(opts.requestTimeoutMs * 3);
  server.on("tlsClientError", () => metrics.badRequests.add({ reason: "tls" }));

  // cert-manager rotates the Secret; the kubelet swaps the mounted files at once (a symlink
  // swap), which file watchers miss, so the files are read again on a timer and compared.
  let lastFailed = "";
  const reload = setInterval(() => {
    let next: KeyPair;
    try {
      next = { cert: readFileSync(opts.certFile, "utf8"), key: readFileSync(opts.keyFile, "utf8") };
    } catch {
      return;
    }
    if (next.cert === pair.cert && next.key === pair.key) return;
    try {
      server.setSecureContext(next);
      pair = next;
      lastFailed = "";
      metrics.tlsReloads.add({ result: "ok" });
      opts.log({ level: "info", msg: "certificate reloaded", cert: opts.certFile });
    } catch (err) {
      // Half-written or mismatched: keep serving the old pair, and say so once per change.
      const seen = next.cert + next.key;
      if (seen !== lastFailed) {
        lastFailed = seen;
        metrics.tlsReloads.add({ result: "failed" });
        opts.log({
          level: "warn",
          msg: "certificate reload failed; serving the previous one",
          detail: (err as Error).message,
        });
      }
    }
  }, opts.reloadIntervalMs);
  reload.unref();

  return new Promise((resolve, reject) => {
    server.once("error", (err) => {
      clearInterval(reload);
      reject(err);
    });
    server.listen(opts.port, opts.host, () => {
      ready = true;
      const port = (server.address() as AddressInfo).port;
      resolve({
        port,
        metrics,
        close: () =>
          new Promise<void>((done) => {
            ready = false;
            clearInterval(reload);
            const finish = () => server.close(() => done());
            server.closeIdleConnections();
            if (inFlight === 0) finish();
            else drained = finish;
          }),
      });
    });
  });
}
