import { LeaseRejectReason } from "@padmesh/proto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { confirm, createLedger, expire, freeCapacity, heartbeat, release, reserve } from "./capacity.js";

const total = { cpuMillis: 4000, ramBytes: 8n << 30n, vramBytes: 0n, gpus: 0, leaseSlots: 4 };
const need = { cpuMillis: 1500, ramBytes: 1n << 30n, vramBytes: 0n, gpus: 0, leaseSlots: 1 };

describe("capacity ledger", () => {
  it("accepts until a dimension runs out, then rejects with the reason", () => {
    const l = createLedger(total);
    expect(reserve(l, "a", need, 0, 1000, 5000).ok).toBe(true);
    expect(reserve(l, "b", need, 0, 1000, 5000).ok).toBe(true);
    const r = reserve(l, "c", need, 0, 1000, 5000);
    expect(r).toMatchObject({
      ok: false,
      reason: LeaseRejectReason.LEASE_REJECT_REASON_INSUFFICIENT_CAPACITY,
    });
    expect(reserve(l, "a", { ...need, cpuMillis: 1 }, 0, 1000, 5000)).toMatchObject({
      ok: false,
      reason: LeaseRejectReason.LEASE_REJECT_REASON_DUPLICATE_LEASE,
    });
    expect(freeCapacity(l).cpuMillis).toBe(1000);
  });

  it("lets an unconfirmed reservation lapse and a running lease live by heartbeats", () => {
    const l = createLedger(total);
    reserve(l, "a", need, 0, 1000, 5000);
    reserve(l, "b", need, 0, 1000, 5000);
    expect(confirm(l, "a", 500)).toBe(true);
    expect(confirm(l, "b", 1000)).toBe(false); // reservation deadline reached
    expect(heartbeat(l, "a", 5000)).toBe(true); // TTL now 10 000
    expect(expire(l, 9000).map((h) => h.leaseId)).toEqual(["b"]);
    expect(expire(l, 10_000).map((h) => h.leaseId)).toEqual(["a"]);
    expect(freeCapacity(l)).toEqual(total);
  });

  it("never over-commits (property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            op: fc.constantFrom("reserve", "confirm", "release", "expire"),
            id: fc.integer({ min: 0, max: 6 }),
            cpu: fc.integer({ min: 0, max: 3000 }),
            at: fc.integer({ min: 0, max: 20_000 }),
          }),
          { maxLength: 60 },
        ),
        (ops) => {
          const l = createLedger(total);
          for (const o of ops) {
            const id = String(o.id);
            if (o.op === "reserve") reserve(l, id, { ...need, cpuMillis: o.cpu }, o.at, 1000, 3000);
            else if (o.op === "confirm") confirm(l, id, o.at);
            else if (o.op === "release") release(l, id);
            else expire(l, o.at);
            let cpu = 0;
            for (const h of l.holds.values()) cpu += h.resources.cpuMillis;
            expect(cpu).toBeLessThanOrEqual(total.cpuMillis);
            expect(l.holds.size).toBeLessThanOrEqual(total.leaseSlots);
          }
        },
      ),
    );
  });
});
