import { Role } from "@padmesh/proto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IllegalTransitionError } from "../errors.js";
import {
  checkLiveness,
  LEASE_EVENT_TYPES,
  LEASE_STATUSES,
  LEASE_TRANSITIONS,
  type Lease,
  type LeaseEvent,
  type LeaseEventType,
  type LeaseStatus,
  newLease,
  transition,
} from "./machine.js";

const RANK: Record<LeaseStatus, number> = {
  requested: 0,
  offered: 1,
  accepted: 2,
  running: 3,
  completed: 4,
  failed: 4,
  confirmed: 5,
  settled: 6,
};

function base(status: LeaseStatus): Lease {
  return {
    ...newLease({
      leaseId: "0x01",
      sessionId: "0x02",
      role: Role.ROLE_COMPUTE,
      peerId: "peer",
      operator: "0x0000000000000000000000000000000000000001",
      moduleHash: "0x03",
      pricePerFuel: 1n,
      atMs: 0,
    }),
    status,
  };
}

function eventOf(type: LeaseEventType, atMs: number, seq = 0n): LeaseEvent {
  switch (type) {
    case "accept":
      return { type, atMs, expiresAtMs: atMs + 5000, operator: "0x0000000000000000000000000000000000000002" };
    case "reject":
    case "fail":
      return { type, atMs, reason: "x" };
    case "heartbeat":
      return { type, atMs, lastSequence: seq };
    default:
      return { type, atMs } as LeaseEvent;
  }
}

const eventArb = fc
  .tuple(fc.constantFrom(...LEASE_EVENT_TYPES), fc.nat(1_000_000), fc.bigInt({ min: 0n, max: 1000n }))
  .map(([t, at, seq]) => eventOf(t, at, seq));

describe("lease state machine", () => {
  it("accepts exactly the table's transitions, for every state and event", () => {
    for (const status of LEASE_STATUSES) {
      for (const type of LEASE_EVENT_TYPES) {
        const expected = LEASE_TRANSITIONS[status][type];
        const run = () => transition(base(status), eventOf(type, 10));
        if (expected === undefined) {
          expect(run, `${status} + ${type}`).toThrow(IllegalTransitionError);
        } else {
          expect(run().status, `${status} + ${type}`).toBe(expected);
        }
      }
    }
  });

  it("walks the happy path to settled", () => {
    let l = base("requested");
    for (const t of [
      "offer",
      "accept",
      "confirm",
      "heartbeat",
      "complete",
      "release-acked",
      "settle",
    ] as const) {
      l = transition(l, eventOf(t, 100));
    }
    expect(l.status).toBe("settled");
    expect(l.outcome).toBe("completed");
  });

  it("never moves backwards, never leaves settled, and never mutates its input (property)", () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 40 }), (events) => {
        let lease = base("requested");
        for (const e of events) {
          const before = structuredClone(lease);
          let next: Lease;
          try {
            next = transition(lease, e);
          } catch (err) {
            expect(err).toBeInstanceOf(IllegalTransitionError);
            expect(lease).toEqual(before);
            continue;
          }
          expect(lease).toEqual(before);
          expect(RANK[next.status]).toBeGreaterThanOrEqual(RANK[lease.status]);
          if (lease.status === "settled") throw new Error("left settled");
          // completed and failed are exclusive: once one, never the other.
          if (lease.outcome && next.outcome) expect(next.outcome).toBe(lease.outcome);
          expect(next.lastSequence >= lease.lastSequence).toBe(true);
          expect(next.updatedAtMs).toBeGreaterThanOrEqual(lease.updatedAtMs);
          lease = next;
        }
      }),
      { numRuns: 500 },
    );
  });

  it("fails a running lease after the allowed heartbeats are missed, and not before", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 5000 }),
        fc.integer({ min: 1, max: 10 }),
        fc.nat(100_000),
        (interval, maxMissed, elapsed) => {
          const l = { ...base("running"), lastHeartbeatMs: 1000 };
          const ev = checkLiveness(l, 1000 + elapsed, {
            heartbeatIntervalMs: interval,
            maxMissedHeartbeats: maxMissed,
          });
          const missed = Math.floor(elapsed / interval) - 1;
          expect(ev !== undefined).toBe(missed >= maxMissed);
          if (ev) expect(transition(l, ev).status).toBe("failed");
        },
      ),
    );
  });

  it("fails a lease past its node-granted expiry, and ignores non-running leases", () => {
    const l = { ...base("running"), lastHeartbeatMs: 1000, expiresAtMs: 1500 };
    const policy = { heartbeatIntervalMs: 1000, maxMissedHeartbeats: 3 };
    expect(checkLiveness(l, 1400, policy)).toBeUndefined();
    expect(checkLiveness(l, 1600, policy)).toMatchObject({ type: "fail", reason: "lease expired" });
    expect(checkLiveness({ ...l, status: "offered" }, 100_000, policy)).toBeUndefined();
  });
});
