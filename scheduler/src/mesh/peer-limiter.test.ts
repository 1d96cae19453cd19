import { describe, expect, it } from "vitest";
import { OverloadedError } from "../errors.js";
import { createPeerLimiter } from "./peer-limiter.js";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("peer limiter", () => {
  it("keeps at most `concurrency` calls in flight per peer, runs the rest in order", async () => {
    const limiter = createPeerLimiter({ concurrency: 2, maxQueued: 10 });
    let inFlight = 0;
    let peak = 0;
    const order: number[] = [];
    const gates = Array.from({ length: 6 }, deferred);
    const calls = gates.map((g, i) =>
      limiter.run("a", async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        order.push(i);
        await g.promise;
        inFlight--;
        return i;
      }),
    );
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([0, 1]);
    expect(limiter.queued).toBe(4);
    for (const g of gates) g.resolve();
    expect(await Promise.all(calls)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    expect(limiter.queued).toBe(0);
  });

  it("peers do not share slots", async () => {
    const limiter = createPeerLimiter({ concurrency: 1, maxQueued: 10 });
    const gate = deferred();
    const a = limiter.run("a", () => gate.promise);
    let bRan = false;
    await limiter.run("b", async () => {
      bRan = true;
    });
    expect(bRan).toBe(true);
    gate.resolve();
    await a;
  });

  it("a failed call frees its slot; a full queue refuses with a typed error", async () => {
    const limiter = createPeerLimiter({ concurrency: 1, maxQueued: 1 });
    const gate = deferred();
    const first = limiter.run("a", async () => {
      await gate.promise;
      throw new Error("boom");
    });
    const second = limiter.run("a", async () => "ok");
    await expect(limiter.run("a", async () => "refused")).rejects.toBeInstanceOf(OverloadedError);
    gate.resolve();
    await expect(first).rejects.toThrow("boom");
    expect(await second).toBe("ok");
    expect(await limiter.run("a", async () => "again")).toBe("again");
  });
});
