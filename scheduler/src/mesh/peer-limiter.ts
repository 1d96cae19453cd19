/**
 * At most `concurrency` calls in flight per peer, the rest queued in order, at most `maxQueued`
 * waiting. libp2p caps the streams one protocol may open to a peer (64 outbound by default); a
 * burst of one-shot requests beyond that fails outright, so callers that fan out (verification
 * samples) go through this instead.
 */
import { OverloadedError } from "../errors.js";

export interface PeerLimiter {
  /** Run `fn` when the peer has a free slot; throws OverloadedError when the queue is full. */
  run<T>(peerId: string, fn: () => Promise<T>): Promise<T>;
  /** Calls waiting for a slot, over all peers. */
  readonly queued: number;
}

export function createPeerLimiter(init: { concurrency: number; maxQueued: number }): PeerLimiter {
  const active = new Map<string, number>();
  const waiting = new Map<string, Array<() => void>>();
  let queued = 0;

  function release(peerId: string): void {
    const next = waiting.get(peerId)?.shift();
    if (next) {
      queued--;
      next(); // the slot passes straight to the next caller
      return;
    }
    const n = (active.get(peerId) ?? 1) - 1;
    if (n === 0) active.delete(peerId);
    else active.set(peerId, n);
    waiting.delete(peerId);
  }

  return {
    get queued() {
      return queued;
    },
    async run(peerId, fn) {
      const n = active.get(peerId) ?? 0;
      if (n < init.concurrency) {
        active.set(peerId, n + 1);
      } else {
        if (queued >= init.maxQueued) {
          throw new OverloadedError(`${queued} requests already wait for a peer slot`, 1_000);
        }
        queued++;
        await new Promise<void>((resolve) => {
          const q = waiting.get(peerId) ?? [];
          q.push(resolve);
          waiting.set(peerId, q);
        });
      }
      try {
        return await fn();
      } finally {
        release(peerId);
      }
    },
  };
}
