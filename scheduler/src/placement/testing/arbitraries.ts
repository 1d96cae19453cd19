/** fast-check arbitraries for random clusters and placement requests (property tests). */

import { PlacementStrategy, Role } from "@padmesh/proto";
import fc from "fast-check";
import type { PlacementRequest, PlacementWeights } from "../interface.js";
import { type AdvertSpec, GiB, makeAdvert, operatorAddress } from "./cluster.js";

export const NOW_MS = 10_000;

const roleArb = fc.constantFrom(
  Role.ROLE_COMPUTE,
  Role.ROLE_EXECUTION,
  Role.ROLE_COORDINATION,
  Role.ROLE_VERIFICATION,
);
const regionArb = fc.constantFrom("eu-west", "eu-central", "us-east", "ap-south", "");

export interface NodeSpec {
  advert: AdvertSpec;
  latencyMs: number | undefined;
  settled: number;
  lost: number;
  failures: number;
}

export const nodeSpecArb: fc.Arbitrary<NodeSpec> = fc
  .record({
    operator: fc.integer({ min: 1, max: 6 }),
    roles: fc.uniqueArray(fc.record({ role: roleArb, price: fc.bigInt({ min: 0n, max: 1000n }) }), {
      minLength: 1,
      maxLength: 4,
      selector: (r) => r.role,
    }),
    cpuCores: fc.integer({ min: 1, max: 64 }),
    ramGiB: fc.integer({ min: 1, max: 256 }),
    gpu: fc.option(
      fc.record({
        vramGiB: fc.constantFrom(4, 8, 12, 16, 24, 48, 80),
        count: fc.integer({ min: 1, max: 4 }),
      }),
    ),
    bandwidthMbps: fc.integer({ min: 1, max: 10_000 }),
    region: regionArb,
    freeShare: fc.integer({ min: 0, max: 100 }),
    freeSlots: fc.integer({ min: 0, max: 6 }),
    running: fc.integer({ min: 0, max: 6 }),
    ttlMs: fc.constantFrom(1_000, 600_000),
    latencyMs: fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }),
    settled: fc.integer({ min: 0, max: 50 }),
    lost: fc.integer({ min: 0, max: 3 }),
    failures: fc.integer({ min: 0, max: 3 }),
  })
  .map((s) => {
    const gpus = s.gpu ? [{ vramBytes: BigInt(s.gpu.vramGiB) * GiB, count: s.gpu.count }] : [];
    const vram = gpus.reduce((a, g) => a + g.vramBytes * BigInt(g.count), 0n);
    const ram = BigInt(s.ramGiB) * GiB;
    const share = BigInt(s.freeShare);
    return {
      advert: {
        peerId: "",
        operator: operatorAddress(s.operator),
        roles: s.roles,
        cpuCores: s.cpuCores,
        ramBytes: ram,
        gpus,
        bandwidthBps: BigInt(s.bandwidthMbps) * 1_000_000n,
        region: s.region,
        free: {
          cpuMillis: Math.floor((s.cpuCores * 1000 * s.freeShare) / 100),
          ramBytes: (ram * share) / 100n,
          vramBytes: (vram * share) / 100n,
          gpus: s.gpu ? s.gpu.count : 0,
          leaseSlots: s.freeSlots,
        },
        runningLeases: s.running,
        ttlMs: s.ttlMs,
        issuedAtMs: NOW_MS - 500,
      },
      latencyMs: s.latencyMs,
      settled: s.settled,
      lost: s.lost,
      failures: s.failures,
    };
  });

/** Nodes with distinct peer ids. */
export const clusterArb = (maxNodes = 40): fc.Arbitrary<NodeSpec[]> =>
  fc
    .array(nodeSpecArb, { minLength: 0, maxLength: maxNodes })
    .map((nodes) => nodes.map((n, i) => ({ ...n, advert: { ...n.advert, peerId: `peer-${i}` } })));

export const requestArb: fc.Arbitrary<PlacementRequest> = fc
  .record({
    role: roleArb,
    count: fc.integer({ min: 1, max: 4 }),
    cpuMillis: fc.integer({ min: 0, max: 16_000 }),
    ramGiB: fc.integer({ min: 0, max: 64 }),
    vramGiB: fc.constantFrom(0, 0, 4, 8, 16, 24, 60),
    gpus: fc.integer({ min: 0, max: 2 }),
    slots: fc.integer({ min: 0, max: 2 }),
    minBandwidthMbps: fc.integer({ min: 0, max: 2_000 }),
    maxPrice: fc.bigInt({ min: 0n, max: 1000n }),
    region: regionArb,
    strategy: fc.constantFrom(
      PlacementStrategy.PLACEMENT_STRATEGY_UNSPECIFIED,
      PlacementStrategy.PLACEMENT_STRATEGY_LATENCY,
      PlacementStrategy.PLACEMENT_STRATEGY_THROUGHPUT,
    ),
    excludePeers: fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 3 }),
    excludeOperators: fc.uniqueArray(fc.integer({ min: 1, max: 6 }), { maxLength: 2 }),
    session: fc.uint8Array({ minLength: 1, maxLength: 32 }),
  })
  .map((r) => ({
    sessionId: r.session,
    role: r.role,
    count: r.count,
    resources: {
      cpuMillis: r.cpuMillis,
      ramBytes: BigInt(r.ramGiB) * GiB,
      vramBytes: BigInt(r.vramGiB) * GiB,
      gpus: r.gpus,
      leaseSlots: r.slots,
    },
    minBandwidthBps: BigInt(r.minBandwidthMbps) * 1_000_000n,
    maxPricePerFuel: r.maxPrice,
    region: r.region,
    strategy: r.strategy,
    excludePeers: new Set(r.excludePeers.map((i) => `peer-${i}`)),
    excludeOperators: new Set(r.excludeOperators.map(operatorAddress)),
  }));

export const weightsArb: fc.Arbitrary<PlacementWeights> = fc.record({
  price: fc.integer({ min: 0, max: 10_000 }),
  latency: fc.integer({ min: 0, max: 10_000 }),
  reputation: fc.integer({ min: 0, max: 10_000 }),
  load: fc.integer({ min: 0, max: 10_000 }),
  locality: fc.integer({ min: 0, max: 10_000 }),
});

export { makeAdvert };
