import { type Capacity, PlacementStrategy, Role } from "@padmesh/proto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createAdvertIndex } from "./advert-index.js";
import { UnknownNodeError } from "./errors.js";
import { placeFullScan } from "./full-scan.js";
import type { PlacementRequest } from "./interface.js";
import { defaultPlacementParams } from "./params.js";
import { place } from "./place.js";
import { releaseLease, reservePlacement } from "./reserve-placement.js";
import { NOW_MS, nodeSpecArb, requestArb } from "./testing/arbitraries.js";
import { GiB, makeAdvert, operatorAddress } from "./testing/cluster.js";

const params = defaultPlacementParams();

function request(role: Role): PlacementRequest {
  return {
    sessionId: new Uint8Array([9]),
    role,
    count: 1,
    resources: { cpuMillis: 100, ramBytes: 1n, vramBytes: 0n, gpus: 0, leaseSlots: 1 },
    minBandwidthBps: 0n,
    maxPricePerFuel: 0n,
    region: "",
    strategy: PlacementStrategy.PLACEMENT_STRATEGY_THROUGHPUT,
  };
}

describe("advert index", () => {
  it("keeps only the newest advert per peer", () => {
    const index = createAdvertIndex();
    expect(index.upsert(makeAdvert({ peerId: "a", sequence: 5n }), 1_000)).toBe(true);
    expect(index.upsert(makeAdvert({ peerId: "a", sequence: 5n, cpuCores: 64 }), 1_000)).toBe(false);
    expect(index.upsert(makeAdvert({ peerId: "a", sequence: 4n, cpuCores: 64 }), 1_000)).toBe(false);
    expect(index.get("a")?.advert.descriptor?.cpuCores).toBe(8);
    expect(index.upsert(makeAdvert({ peerId: "a", sequence: 6n, cpuCores: 64 }), 1_500)).toBe(true);
    expect(index.get("a")?.advert.descriptor?.cpuCores).toBe(64);
    expect(index.get("a")?.lastSeenMs).toBe(1_500);
    expect(index.size).toBe(1);
  });

  it("refuses expired adverts and expires stale or lapsed nodes", () => {
    const index = createAdvertIndex({ staleAfterMs: 10_000 });
    expect(index.upsert(makeAdvert({ peerId: "late", issuedAtMs: 0, ttlMs: 500 }), 1_000)).toBe(false);
    index.upsert(makeAdvert({ peerId: "short", issuedAtMs: 1_000, ttlMs: 2_000 }), 1_000);
    index.upsert(makeAdvert({ peerId: "quiet", issuedAtMs: 1_000, ttlMs: 60_000 }), 1_000);
    index.upsert(makeAdvert({ peerId: "fresh", issuedAtMs: 1_000, ttlMs: 60_000 }), 1_000);
    index.upsert(makeAdvert({ peerId: "fresh", issuedAtMs: 9_000, ttlMs: 60_000, sequence: 2n }), 9_000);
    expect(index.expire(3_000).sort()).toEqual(["short"]);
    expect(index.expire(11_000).sort()).toEqual(["quiet"]);
    expect([...index.all()].map((n) => n.peerId)).toEqual(["fresh"]);
  });

  it("moves a node between role buckets when its offer changes", () => {
    const index = createAdvertIndex({ now: () => 1_000 });
    index.upsert(makeAdvert({ peerId: "a", roles: [{ role: Role.ROLE_EXECUTION, price: 1n }] }), 1_000);
    expect(place(index, request(Role.ROLE_EXECUTION), params).selected).toHaveLength(1);
    index.upsert(
      makeAdvert({ peerId: "a", sequence: 2n, roles: [{ role: Role.ROLE_COMPUTE, price: 1n }] }),
      1_000,
    );
    const exec = place(index, request(Role.ROLE_EXECUTION), params);
    expect(exec.unplacedReason).toBe("0 of 1 node offer execution");
    expect(place(index, request(Role.ROLE_COMPUTE), params).selected.map((n) => n.peerId)).toEqual(["a"]);
    index.remove("a");
    expect(place(index, request(Role.ROLE_COMPUTE), params).unplacedReason).toBe(
      "0 of 0 nodes offer compute",
    );
  });

  it("applies operator reputation to current and later nodes, whatever the address case", () => {
    const index = createAdvertIndex();
    const op = "0x00000000000000000000000000000000000000aB";
    index.upsert(makeAdvert({ peerId: "a", operator: op }), 1_000);
    expect(index.get("a")?.reputation).toBe(0.5);
    index.setReputation(op.toLowerCase(), { leasesSettled: 98n, challengesLost: 0n });
    expect(index.get("a")?.reputation).toBeCloseTo(0.99);
    index.upsert(makeAdvert({ peerId: "b", operator: op.toUpperCase().replace("0X", "0x") }), 1_000);
    expect(index.get("b")?.reputation).toBeCloseTo(0.99);
    index.setReputation(op, { leasesSettled: 98n, challengesLost: 1n });
    expect(index.get("b")?.reputation).toBeLessThan(0.92);
  });

  it("reserves and releases capacity; a reservation on an unknown node is an error", () => {
    const index = createAdvertIndex({ now: () => 1_000 });
    index.upsert(makeAdvert({ peerId: "a", cpuCores: 4, ramBytes: 8n * GiB }), 1_000);
    const c = { cpuMillis: 1000, ramBytes: GiB, vramBytes: 0n, gpus: 0, leaseSlots: 1 };
    index.reserve("a", c);
    index.reserve("a", c);
    expect(index.get("a")?.reserved).toEqual({
      cpuMillis: 2000,
      ramBytes: 2n * GiB,
      vramBytes: 0n,
      gpus: 0,
      leaseSlots: 2,
    });
    index.release("a", c);
    index.release("a", { ...c, cpuMillis: 7 }); // not held: nothing to give back
    expect(index.get("a")?.reserved.cpuMillis).toBe(1000);
    expect(() => index.reserve("ghost", c)).toThrow(UnknownNodeError);
    try {
      index.reserve("ghost", c);
    } catch (e) {
      expect((e as UnknownNodeError).code).toBe("ERR_PLACEMENT_UNKNOWN_NODE");
    }
    index.release("ghost", c);
  });

  it("keeps a reservation made just before a new advert, absorbs older ones", () => {
    const index = createAdvertIndex({ reservationSettleMs: 1_000 });
    index.upsert(makeAdvert({ peerId: "a" }), 1_000);
    const c = { cpuMillis: 1000, ramBytes: 0n, vramBytes: 0n, gpus: 0, leaseSlots: 1 };
    index.reserve("a", c, 1_000);
    index.reserve("a", c, 4_500);
    index.upsert(makeAdvert({ peerId: "a", sequence: 2n }), 5_000);
    expect(index.get("a")?.reserved.cpuMillis).toBe(1000);
  });

  it("stays consistent with a full scan through any sequence of upserts, removals, expiries and reservations", () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant("upsert" as const),
        peer: fc.integer({ min: 0, max: 15 }),
        spec: nodeSpecArb,
      }),
      fc.record({ kind: fc.constant("remove" as const), peer: fc.integer({ min: 0, max: 15 }) }),
      fc.record({ kind: fc.constant("expire" as const), dt: fc.integer({ min: 0, max: 2_000 }) }),
      fc.record({ kind: fc.constant("place" as const), req: requestArb }),
      fc.record({ kind: fc.constant("release" as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 60 }),
        fc.array(requestArb, { minLength: 1, maxLength: 4 }),
        (ops, probes) => {
          const index = createAdvertIndex({ staleAfterMs: 5_000 });
          const seq = new Map<number, bigint>();
          const held: { peerId: string; resources: Capacity }[] = [];
          let now = NOW_MS - 400;
          for (const o of ops) {
            if (o.kind === "upsert") {
              const s = (seq.get(o.peer) ?? 0n) + 1n;
              seq.set(o.peer, s);
              index.upsert(
                makeAdvert({ ...o.spec.advert, peerId: `p${o.peer}`, sequence: s, issuedAtMs: now }),
                now,
              );
            } else if (o.kind === "remove") index.remove(`p${o.peer}`);
            else if (o.kind === "expire") {
              now += o.dt;
              index.expire(now);
            } else if (o.kind === "place") {
              const r = place(index, o.req, params, { nowMs: now });
              reservePlacement(index, r, o.req.resources, now);
              for (const n of r.selected) held.push({ peerId: n.peerId, resources: o.req.resources });
            } else if (held.length > 0) {
              const [h] = held.splice(o.pick % held.length, 1);
              releaseLease(index, h!.peerId, h!.resources);
            }
          }
          const simple = [
            Role.ROLE_COMPUTE,
            Role.ROLE_EXECUTION,
            Role.ROLE_COORDINATION,
            Role.ROLE_VERIFICATION,
          ].flatMap((role) =>
            [0n, 8n * GiB, 30n * GiB].map((vram) => ({
              ...request(role),
              resources: { ...request(role).resources, vramBytes: vram },
            })),
          );
          for (const req of [...simple, ...probes]) {
            const a = place(index, req, params, { nowMs: now, maxCandidates: Number.POSITIVE_INFINITY });
            const b = placeFullScan(index, req, params, { nowMs: now });
            const feasible = (r: typeof a) =>
              r.candidates
                .filter((c) => c.feasible)
                .map((c) => c.peerId)
                .sort();
            expect(feasible(a)).toEqual(feasible(b));
            expect(a.stats.offeringRole).toBe(
              [...index.all()].filter((n) => n.advert.roles.some((x) => x.role === req.role)).length,
            );
            // Every node is accounted for: feasible, or counted under exactly one check.
            for (const r of [a, b]) {
              const filtered = Object.values(r.stats.filtered).reduce((x, y) => x + y, 0);
              expect(filtered + r.stats.feasible).toBe(index.size);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("finds capacity again once it is released after a shortage was seen", () => {
    const index = createAdvertIndex({ now: () => 1_000 });
    index.upsert(makeAdvert({ peerId: "only", free: { leaseSlots: 2 } }), 1_000);
    const req = request(Role.ROLE_EXECUTION);
    reservePlacement(index, place(index, req, params), req.resources);
    reservePlacement(index, place(index, req, params), req.resources);
    const full = place(index, req, params);
    expect(full.unplacedReason).toBe(
      "1 of 1 node offer execution; 1 filtered by slots (need 1 lease slot); 0 feasible, 1 needed",
    );
    // The shortage is now known to the bucket bounds: the next attempt skips the bucket unvisited.
    expect(place(index, req, params).stats.visited).toBe(0);
    releaseLease(index, "only", req.resources);
    expect(place(index, req, params).selected.map((n) => n.peerId)).toEqual(["only"]);
  });

  it("ranks absurd prices and ignores unusable latencies without breaking the totals", () => {
    const index = createAdvertIndex({ now: () => 1_000 });
    index.upsert(
      makeAdvert({ peerId: "absurd", roles: [{ role: Role.ROLE_EXECUTION, price: 2n ** 63n }] }),
      1_000,
    );
    index.upsert(makeAdvert({ peerId: "sane", roles: [{ role: Role.ROLE_EXECUTION, price: 10n }] }), 1_000);
    index.setLatency("sane", Number.NaN);
    index.setLatency("absurd", -5);
    const r = place(index, { ...request(Role.ROLE_EXECUTION), count: 2 }, params);
    expect(r.selected.map((n) => n.peerId)).toEqual(["sane", "absurd"]);
    for (const c of r.candidates) expect(Number.isFinite(c.total)).toBe(true);
    expect(index.get("sane")?.latencyMs).toBeUndefined();
  });

  it("treats figures beyond 2^53 conservatively: never placed on a rounding error", () => {
    const index = createAdvertIndex({ now: () => 1_000 });
    const huge = 2n ** 60n;
    index.upsert(makeAdvert({ peerId: "a", operator: operatorAddress(3), free: { ramBytes: huge } }), 1_000);
    const req = request(Role.ROLE_EXECUTION);
    expect(
      place(index, { ...req, resources: { ...req.resources, ramBytes: huge + 1n } }, params).selected,
    ).toEqual([]);
    expect(
      place(index, { ...req, resources: { ...req.resources, ramBytes: 2n ** 52n } }, params).selected,
    ).toHaveLength(1);
  });
});
