import { PlacementStrategy, Role, type RoleRequirement } from "@padmesh/proto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createAdvertIndex } from "./advert-index.js";
import { defaultPlacementParams } from "./params.js";
import { placeSession, requestFromRequirement } from "./session-placement.js";
import { clusterArb, NOW_MS } from "./testing/arbitraries.js";
import { GiB, makeAdvert, operatorAddress } from "./testing/cluster.js";

const params = defaultPlacementParams();
const sessionId = new Uint8Array([7, 7]);

function requirement(role: Role, count = 1): RoleRequirement {
  return {
    role,
    count,
    moduleHash: new Uint8Array(32),
    resources: { cpuMillis: 100, ramBytes: GiB / 8n, vramBytes: 0n, gpus: 0, leaseSlots: 1 },
    minBandwidthBps: 0n,
    maxPricePerFuel: 0n,
    region: "",
    strategy: PlacementStrategy.PLACEMENT_STRATEGY_UNSPECIFIED,
  };
}

const allRoles = [Role.ROLE_COMPUTE, Role.ROLE_EXECUTION, Role.ROLE_COORDINATION, Role.ROLE_VERIFICATION].map(
  (role) => ({ role, price: 10n }),
);

describe("placeSession", () => {
  it("keeps verification off the peers and operators it verifies, and reserves every lease", () => {
    const index = createAdvertIndex({ now: () => NOW_MS });
    for (let i = 0; i < 4; i++)
      index.upsert(makeAdvert({ peerId: `p${i}`, operator: operatorAddress(i), roles: allRoles }), NOW_MS);
    const reqs = [Role.ROLE_VERIFICATION, Role.ROLE_COMPUTE, Role.ROLE_EXECUTION].map((r) =>
      requestFromRequirement(sessionId, requirement(r)),
    );
    const s = placeSession(index, reqs, params);
    expect(s.placed).toBe(true);
    expect(s.roles.map((r) => r.role)).toEqual([
      Role.ROLE_VERIFICATION,
      Role.ROLE_COMPUTE,
      Role.ROLE_EXECUTION,
    ]);
    const verifier = s.roles[0]!.selected[0]!;
    const workers = [...s.roles[1]!.selected, ...s.roles[2]!.selected];
    expect(workers.map((n) => n.peerId)).not.toContain(verifier.peerId);
    expect(workers.map((n) => n.operator)).not.toContain(verifier.operator);
    const reservedSlots = [...index.all()].reduce((a, n) => a + n.reserved.leaseSlots, 0);
    expect(reservedSlots).toBe(3);
  });

  it("is all or nothing: a role that cannot be placed leaves nothing reserved, and says why", () => {
    const index = createAdvertIndex({ now: () => NOW_MS });
    for (let i = 0; i < 3; i++)
      index.upsert(makeAdvert({ peerId: `p${i}`, operator: operatorAddress(1), roles: allRoles }), NOW_MS);
    const reqs = [Role.ROLE_EXECUTION, Role.ROLE_VERIFICATION].map((r) =>
      requestFromRequirement(sessionId, requirement(r)),
    );
    const s = placeSession(index, reqs, params);
    expect(s.placed).toBe(false);
    expect(s.roles[1]!.unplacedReason).toBe(
      "3 of 3 nodes offer verification; 3 filtered by anti-affinity (not a peer or operator of the leases it verifies); 0 feasible, 1 needed",
    );
    for (const n of index.all()) expect(n.reserved.leaseSlots).toBe(0);
  });

  it("never shares a verifier's operator with the work, nor over-commits, on random clusters", () => {
    fc.assert(
      fc.property(
        clusterArb(30),
        fc.array(fc.constantFrom(1, 2, 3, 4), { minLength: 1, maxLength: 5 }),
        (nodes, roles) => {
          const index = createAdvertIndex({ now: () => NOW_MS });
          for (const n of nodes) index.upsert(makeAdvert(n.advert), NOW_MS - 400);
          const reqs = roles.map((r) => requestFromRequirement(sessionId, requirement(r as Role)));
          const s = placeSession(index, reqs, params, { nowMs: NOW_MS });
          const verifiers = s.roles
            .filter((r) => r.role === Role.ROLE_VERIFICATION)
            .flatMap((r) => r.selected);
          const workers = s.roles.filter((r) => r.role !== Role.ROLE_VERIFICATION).flatMap((r) => r.selected);
          if (s.placed) {
            for (const v of verifiers) {
              expect(
                workers.some(
                  (w) => w.peerId === v.peerId || w.operator.toLowerCase() === v.operator.toLowerCase(),
                ),
              ).toBe(false);
            }
          } else {
            for (const n of index.all()) expect(n.reserved.leaseSlots).toBe(0);
          }
          for (const n of index.all()) {
            expect(n.reserved.cpuMillis).toBeLessThanOrEqual(n.advert.free!.cpuMillis);
            expect(n.reserved.leaseSlots).toBeLessThanOrEqual(n.advert.free!.leaseSlots);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
