/**
 * A Signer whose ECDSA runs on worker threads, so signing receipts overlaps with journalling and
 * executing on the main thread. Digests queued while the threads are busy go out together as one
 * batch per thread (one message round trip per batch, not per receipt). Signatures are
 * byte-identical to `createKeySigner`'s (same RFC 6979 code). The key lives only in this process's
 * memory (workerData); toString/toJSON/inspect show the address only.
 */
import { Worker } from "node:worker_threads";
import type { Signer } from "@padmesh/proto";
import type { Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

export interface ThreadSignerInit {
  /** Signing threads. Default 1. */
  threads?: number;
  /** Most digests per batch message. Default 256. */
  maxBatch?: number;
}

export interface ThreadSigner extends Signer {
  close(): Promise<void>;
}

interface Waiter {
  digest: Uint8Array;
  resolve(sig: Uint8Array): void;
  reject(err: Error): void;
}

const WORKER = new URL("./sign-worker.mjs", import.meta.url);

export function createThreadSigner(privateKey: Hex, init: ThreadSignerInit = {}): ThreadSigner {
  const address = privateKeyToAccount(privateKey).address;
  const maxBatch = init.maxBatch ?? 256;
  const queue: Waiter[] = [];
  let nextId = 1;
  let closed = false;
  type Thread = { worker: Worker; busy: { id: number; waiters: Waiter[] } | undefined };
  // Threads start on the first signature: an idle node holds no signing thread's memory.
  let threads: Thread[] = [];
  const spawn = (): Thread => {
    const worker = new Worker(WORKER, { workerData: { privateKey } });
    worker.unref();
    const t: Thread = { worker, busy: undefined };
    worker.on("message", (m: { id: number; signatures?: Uint8Array[]; error?: string }) => {
      const batch = t.busy;
      if (!batch || batch.id !== m.id) return;
      t.busy = undefined;
      batch.waiters.forEach((w, i) => {
        const sig = m.signatures?.[i];
        if (sig) w.resolve(sig);
        else w.reject(new Error(`signing thread failed: ${m.error ?? "no signature"}`));
      });
      pump();
    });
    worker.on("error", (err) => {
      const batch = t.busy;
      t.busy = undefined;
      for (const w of batch?.waiters ?? []) w.reject(err);
    });
    return t;
  };

  function pump(): void {
    if (threads.length === 0) threads = Array.from({ length: Math.max(1, init.threads ?? 1) }, spawn);
    for (const t of threads) {
      if (queue.length === 0) return;
      if (t.busy) continue;
      const waiters = queue.splice(0, maxBatch);
      t.busy = { id: nextId++, waiters };
      t.worker.postMessage({ id: t.busy.id, digests: waiters.map((w) => w.digest) });
    }
  }

  const signer: ThreadSigner = {
    address,
    signDigest(digest) {
      if (closed) return Promise.reject(new Error("thread signer closed"));
      return new Promise<Uint8Array>((resolve, reject) => {
        queue.push({ digest, resolve, reject });
        pump();
      });
    },
    async close() {
      closed = true;
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
  const redacted = () => `ThreadSigner(${address})`;
  Object.defineProperties(signer, {
    toString: { value: redacted },
    toJSON: { value: () => ({ address }) },
    [Symbol.for("nodejs.util.inspect.custom")]: { value: redacted },
  });
  return signer;
}
