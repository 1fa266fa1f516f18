// Worker threads driven synchronously: requests go out on a MessagePort, the main thread sleeps in
// `Atomics.wait` until a worker marks its slot answered, then reads the reply with
// `receiveMessageOnPort`. No event loop turn is needed, so `check` stays a synchronous function.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { Shards } from "./check.js";
import type { Reply, Request } from "./shard.js";

/** The built worker entry beside this module (dist/worker.js); undefined when running from source. */
export function workerScript(): URL | undefined {
  const url = new URL("./worker.js", import.meta.url);
  return url.protocol === "file:" && existsSync(fileURLToPath(url)) ? url : undefined;
}

/** A worker that shows no sign of life (no file parsed, no rule run) for this long has died. */
const SILENCE_MS = 120_000;

export function threadShards(count: number, script: URL): Shards {
  // Per worker two slots: answered (0/1) and a progress counter.
  const signal = new Int32Array(new SharedArrayBuffer(8 * count));
  const ports: MessagePort[] = [];
  const workers: Worker[] = [];
  const pending = new Set<number>();
  for (let slot = 0; slot < count; slot++) {
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(script, { workerData: { port: port2, signal, slot }, transferList: [port2] });
    // The main thread never turns its event loop while it waits; errors arrive as replies.
    worker.unref();
    port1.unref();
    ports.push(port1);
    workers.push(worker);
  }
  return {
    count,
    send(shard, req: Request) {
      Atomics.store(signal, 2 * shard, 0);
      (ports[shard] as MessagePort).postMessage(req);
      pending.add(shard);
    },
    receiveAll() {
      const replies: Reply[] = [];
      for (const shard of [...pending].sort((a, b) => a - b)) {
        let progress = Atomics.load(signal, 2 * shard + 1);
        let quietSince = Date.now();
        for (;;) {
          const got = receiveMessageOnPort(ports[shard] as MessagePort);
          if (got) {
            replies[shard] = got.message as Reply;
            break;
          }
          if (Atomics.wait(signal, 2 * shard, 0, 1000) === "timed-out") {
            const now = Atomics.load(signal, 2 * shard + 1);
            if (now !== progress) {
              progress = now;
              quietSince = Date.now();
            } else if (Date.now() - quietSince > SILENCE_MS)
              throw new Error(`a worker of the parallel check stopped answering (out of memory?); run with --jobs 1`);
          }
        }
        pending.delete(shard);
      }
      return replies;
    },
    close() {
      for (const p of ports) {
        p.postMessage({ type: "exit" });
        p.close();
      }
      for (const w of workers) void w.terminate();
    },
  };
}
