// A worker thread of a parallel check: answers the main thread's requests with `ShardWorker`.
// Replies go through a MessagePort the main thread reads synchronously (`receiveMessageOnPort`),
// and a slot of a shared array says "answered" (then `progress` counts signs of life), so the main
// thread can wait with `Atomics.wait` and `check` stays synchronous.
import { type MessagePort, workerData } from "node:worker_threads";
import { type Request, ShardWorker } from "./shard.js";

const { port, signal, slot } = workerData as { port: MessagePort; signal: Int32Array; slot: number };
const ANSWERED = 0;
const worker = new ShardWorker(() => {
  Atomics.add(signal, 2 * slot + 1, 1);
});
port.on("message", (req: Request | { type: "exit" }) => {
  if (req.type === "exit") {
    port.close();
    return;
  }
  port.postMessage(worker.handle(req));
  Atomics.store(signal, 2 * slot + ANSWERED, 1);
  Atomics.notify(signal, 2 * slot + ANSWERED);
});
