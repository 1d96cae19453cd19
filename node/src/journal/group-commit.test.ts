import { describe, expect, it } from "vitest";
import { GroupCommitter } from "./group-commit.js";

describe("GroupCommitter", () => {
  it("batches writers that arrive while a batch is in flight, and acks only after their batch is written", async () => {
    const batches: number[][] = [];
    const gates: Array<() => void> = [];
    const gc = new GroupCommitter<number>({
      write: (ops) =>
        new Promise<void>((resolve) => {
          batches.push(ops);
          gates.push(resolve);
        }),
    });
    const acked: number[] = [];
    const p1 = gc.submit([1]).then(() => acked.push(1));
    const p2 = gc.submit([2]).then(() => acked.push(2)); // same tick: same batch
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1, 2]]);
    const p3 = gc.submit([3]).then(() => acked.push(3));
    const p4 = gc.submit([4, 5]).then(() => acked.push(4));
    await new Promise((r) => setImmediate(r));
    expect(batches).toHaveLength(1); // waiting for the first batch to be durable
    expect(acked).toEqual([]);
    gates[0]?.();
    await Promise.all([p1, p2]);
    expect(acked).toEqual([1, 2]);
    await new Promise((r) => setImmediate(r));
    expect(batches[1]).toEqual([3, 4, 5]);
    expect(acked).toEqual([1, 2]);
    gates[1]?.();
    await Promise.all([p3, p4]);
    expect(gc.stats).toEqual({ batches: 2, ops: 5 });
  });

  it("rejects every writer of a failed batch and keeps going", async () => {
    let fail = true;
    const gc = new GroupCommitter<number>({
      write: async () => {
        if (fail) throw new Error("disk full");
      },
    });
    const a = gc.submit([1]);
    const b = gc.submit([2]);
    await expect(a).rejects.toThrow("disk full");
    await expect(b).rejects.toThrow("disk full");
    fail = false;
    await expect(gc.submit([3])).resolves.toBeUndefined();
    await gc.close();
    await expect(gc.submit([4])).rejects.toThrow("closed");
  });

  it("never splits one writer's ops and respects maxBatch", async () => {
    const sizes: number[] = [];
    const gc = new GroupCommitter<number>({ maxBatch: 3, write: async (ops) => void sizes.push(ops.length) });
    await Promise.all([gc.submit([1, 2]), gc.submit([3, 4]), gc.submit([5]), gc.submit([6, 7, 8, 9])]);
    expect(sizes).toEqual([2, 3, 4]);
  });
});
