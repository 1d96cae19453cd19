/**
 * Placement at 10,000 nodes: the bucketed, sampled pipeline (`place`) against the naive full scan
 * (`placeFullScan`: every node through every check and ranker) on the same cluster and the same
 * request mix, in the same run. Each placement reserves what it offers; reservations are released
 * 2,000 placements later and one node in 50 re-advertises, so the index keeps changing as in a
 * live scheduler. Prints a table, then one JSON object on its last line.
 *
 * Also measures the price of sampling: for a sample of requests, where the sampled choice ranks
 * among all feasible nodes when the full scan scores them (percentile 100 = the full scan's pick).
 */

import { loadavg } from "node:os";
import { type Capacity, PlacementStrategy, type ResourceAdvert, Role } from "@padmesh/proto";
import {
  createAdvertIndex,
  leaseDemand,
  type PlacementParams,
  type PlacementRequest,
  type PlacementResult,
  paramsFromChain,
  place,
  placeFullScan,
  reservePlacement,
} from "../src/placement/index.js";
import { SeededRandom } from "../src/placement/random.js";
import { GiB, operatorAddress, syntheticCluster } from "../src/placement/testing/cluster.js";

const NODES = Number(process.env.PLACEMENT_BENCH_NODES ?? 10_000);
const MEASURED = Number(process.env.PLACEMENT_BENCH_PLACEMENTS ?? 200_000);
const BASELINE_MEASURED = Number(process.env.PLACEMENT_BENCH_BASELINE_PLACEMENTS ?? 2_000);
const RELEASE_AFTER = 2_000;
const NOW = 1_000_000;

const params: PlacementParams = paramsFromChain(
  new Map([
    ["threshold.compute.minCpuMillis", 1000n],
    ["threshold.compute.minBandwidthBps", 10_000_000n],
    ["threshold.verification.minCpuMillis", 1000n],
  ]),
);

const REGIONS = ["eu-west", "eu-central", "us-east", "us-west", "ap-south", ""];

function requestMix(n: number, seed: number): PlacementRequest[] {
  const rng = new SeededRandom(seed);
  const out: PlacementRequest[] = [];
  for (let i = 0; i < n; i++) {
    const sessionId = new Uint8Array(32);
    new DataView(sessionId.buffer).setUint32(0, i);
    const region = REGIONS[rng.below(REGIONS.length)]!;
    const kind = rng.below(10);
    if (kind < 4) {
      out.push({
        sessionId,
        role: Role.ROLE_EXECUTION,
        count: 1 + rng.below(2),
        resources: { cpuMillis: 500, ramBytes: GiB / 2n, vramBytes: 0n, gpus: 0, leaseSlots: 1 },
        minBandwidthBps: 50_000_000n,
        maxPricePerFuel: 90n,
        region,
        strategy: PlacementStrategy.PLACEMENT_STRATEGY_LATENCY,
      });
    } else if (kind < 7) {
      const vram = [4n, 8n, 16n, 24n, 40n][rng.below(5)]! * GiB;
      out.push({
        sessionId,
        role: Role.ROLE_COMPUTE,
        count: 1,
        resources: { cpuMillis: 2000, ramBytes: 4n * GiB, vramBytes: vram, gpus: 1, leaseSlots: 1 },
        minBandwidthBps: 0n,
        maxPricePerFuel: 0n,
        region,
        strategy: PlacementStrategy.PLACEMENT_STRATEGY_THROUGHPUT,
      });
    } else if (kind < 9) {
      out.push({
        sessionId,
        role: Role.ROLE_VERIFICATION,
        count: 1,
        resources: { cpuMillis: 1000, ramBytes: GiB, vramBytes: 0n, gpus: 0, leaseSlots: 1 },
        minBandwidthBps: 0n,
        maxPricePerFuel: 0n,
        region,
        strategy: PlacementStrategy.PLACEMENT_STRATEGY_LATENCY,
        excludePeers: new Set([`peer-${rng.below(NODES)}`, `peer-${rng.below(NODES)}`]),
        excludeOperators: new Set([operatorAddress(1 + rng.below(NODES >> 3))]),
      });
    } else {
      out.push({
        sessionId,
        role: Role.ROLE_COORDINATION,
        count: 1,
        resources: { cpuMillis: 250, ramBytes: GiB / 4n, vramBytes: 0n, gpus: 0, leaseSlots: 1 },
        minBandwidthBps: 0n,
        maxPricePerFuel: 0n,
        region,
        strategy: PlacementStrategy.PLACEMENT_STRATEGY_LATENCY,
      });
    }
  }
  return out;
}

function buildIndex(adverts: ResourceAdvert[]) {
  const index = createAdvertIndex({ now: () => NOW, staleAfterMs: 3_600_000 });
  const rng = new SeededRandom(7);
  for (const a of adverts) {
    index.upsert(a, NOW);
    index.setLatency(a.peerId, 1 + rng.below(200));
  }
  for (let op = 1; op <= NODES >> 3; op++) {
    index.setReputation(operatorAddress(op), {
      leasesSettled: BigInt(rng.below(1000)),
      challengesLost: BigInt(rng.below(10) === 0 ? rng.below(3) : 0),
    });
  }
  return index;
}

type Placer = (index: ReturnType<typeof buildIndex>, req: PlacementRequest) => PlacementResult;

interface Run {
  /** Whole loop: decision plus reserve/release bookkeeping and advert churn. */
  placementsPerS: number;
  /** Decisions alone: n / Σ decision time. */
  decisionsPerS: number;
  /** Whole loop per second of this process's CPU time (immune to other processes on a shared core). */
  placementsPerCpuS: number;
  p50Ms: number;
  p99Ms: number;
  unplaced: number;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function run(
  name: string,
  placer: Placer,
  adverts: ResourceAdvert[],
  reqs: PlacementRequest[],
  n: number,
  warm: number,
  saturate = false,
): Run {
  const index = buildIndex(adverts);
  if (saturate) for (const a of adverts) index.reserve(a.peerId, a.free!, NOW);
  // Ring of the last RELEASE_AFTER placements' reservations, released when they fall out.
  const pending: ({ peerId: string; c: Capacity }[] | undefined)[] = new Array(RELEASE_AFTER);
  const times = new Float64Array(n);
  const churn = new SeededRandom(11);
  const sequences = new Map<string, bigint>();
  let unplaced = 0;
  let start = 0;
  let cpuStart = process.cpuUsage();
  for (let i = 0; i < warm + n; i++) {
    if (i === warm) {
      start = performance.now();
      cpuStart = process.cpuUsage();
    }
    const req = reqs[i % reqs.length]!;
    const t0 = performance.now();
    const r = placer(index, req);
    const t1 = performance.now();
    if (i >= warm) times[i - warm] = t1 - t0;
    if (r.unplacedReason) unplaced++;
    reservePlacement(index, r, req.resources);
    const demand = leaseDemand(req.resources);
    const slot = i % RELEASE_AFTER;
    for (const x of pending[slot] ?? []) index.release(x.peerId, x.c);
    pending[slot] = r.selected.map((s) => ({ peerId: s.peerId, c: demand }));
    if (i % 50 === 0) {
      const a = adverts[churn.below(adverts.length)]!;
      const seq = (sequences.get(a.peerId) ?? a.sequence) + 1n;
      sequences.set(a.peerId, seq);
      index.upsert({ ...a, sequence: seq }, NOW);
    }
  }
  const elapsedS = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const decidingS = times.reduce((a, t) => a + t, 0) / 1000;
  times.sort();
  const result = {
    placementsPerS: n / elapsedS,
    decisionsPerS: n / decidingS,
    placementsPerCpuS: n / cpuS,
    p50Ms: percentile(times, 0.5),
    p99Ms: percentile(times, 0.99),
    unplaced: unplaced / (warm + n),
  };
  console.log(
    `${name.padEnd(38)} ${Math.round(result.placementsPerS).toLocaleString().padStart(8)} /s (per CPU-s ${Math.round(result.placementsPerCpuS).toLocaleString().padStart(8)}, decisions alone ${Math.round(result.decisionsPerS).toLocaleString().padStart(8)} /s)   p50 ${result.p50Ms.toFixed(4)} ms   p99 ${result.p99Ms.toFixed(4)} ms   unplaced ${(result.unplaced * 100).toFixed(1)}%`,
  );
  return result;
}

/** Where the sampled choice ranks among all feasible nodes as the full scan scores them (100 = best). */
function samplingQuality(adverts: ResourceAdvert[], reqs: PlacementRequest[], n: number): number {
  const index = buildIndex(adverts);
  const percentiles: number[] = [];
  for (let i = 0; i < n; i++) {
    const req = { ...reqs[i]!, count: 1 };
    const sampled = place(index, req, params, { explain: false });
    if (sampled.selected.length === 0) continue;
    const full = placeFullScan(index, req, params, { explain: true });
    const feasible = full.candidates.filter((c) => c.feasible);
    const mine = feasible.findIndex((c) => c.peerId === sampled.selected[0]!.peerId);
    percentiles.push(100 * (1 - mine / feasible.length));
  }
  percentiles.sort((a, b) => a - b);
  return percentiles[Math.floor(percentiles.length / 2)] ?? 0;
}

const adverts = syntheticCluster(NODES, 42, NOW - 1000).map((a) => ({
  ...a,
  expiresAtMs: BigInt(NOW + 3_600_000),
}));
const reqs = requestMix(4096, 3);

console.log(
  `placement, ${NODES.toLocaleString()} nodes, request mix: 40% execution, 30% compute, 20% verification, 10% coordination`,
);
const sampled = run(
  "place (index + sampling, no explain)",
  (ix, r) => place(ix, r, params, { explain: false }),
  adverts,
  reqs,
  MEASURED,
  20_000,
);
const explained = run(
  "place (index + sampling, explain)",
  (ix, r) => place(ix, r, params, { explain: true }),
  adverts,
  reqs,
  MEASURED / 4,
  5_000,
);
const baseline = run(
  "naive full scan (baseline)",
  (ix, r) => placeFullScan(ix, r, params, { explain: false }),
  adverts,
  reqs,
  BASELINE_MEASURED,
  200,
);
// Requests no node can take. Impossible ones (64 GPUs) are skipped bucket by bucket by the
// bounds. On a saturated mesh (every node's capacity already reserved) the first request of a
// role walks every eligible node and tightens the bounds; later ones skip the buckets.
const impossible = requestMix(512, 5).map((r) => ({ ...r, resources: { ...r.resources, gpus: 64 } }));
const unplaceable = run(
  "place, impossible requests",
  (ix, r) => place(ix, r, params, { explain: true }),
  adverts,
  impossible,
  2_000,
  200,
);
const saturated = run(
  "place, saturated mesh",
  (ix, r) => place(ix, r, params, { explain: true }),
  adverts,
  reqs,
  2_000,
  200,
  true,
);
const quality = samplingQuality(adverts, reqs, 300);
console.log(
  `sampled choice, median percentile among all feasible nodes by full-scan score: ${quality.toFixed(1)}`,
);
console.log(
  `speed-up: ${(sampled.placementsPerS / baseline.placementsPerS).toFixed(1)}x placements/s, ${(baseline.p99Ms / sampled.p99Ms).toFixed(1)}x p99`,
);

console.log(
  JSON.stringify({
    bench: "placement",
    nodes: NODES,
    placements_per_s: Math.round(sampled.placementsPerS),
    p50_decision_ms: +sampled.p50Ms.toFixed(5),
    p99_decision_ms: +sampled.p99Ms.toFixed(5),
    decisions_per_s: Math.round(sampled.decisionsPerS),
    placements_per_cpu_s: Math.round(sampled.placementsPerCpuS),
    explain_placements_per_s: Math.round(explained.placementsPerS),
    explain_p99_decision_ms: +explained.p99Ms.toFixed(5),
    baseline_placements_per_s: Math.round(baseline.placementsPerS),
    baseline_p50_decision_ms: +baseline.p50Ms.toFixed(5),
    baseline_p99_decision_ms: +baseline.p99Ms.toFixed(5),
    baseline_decisions_per_s: Math.round(baseline.decisionsPerS),
    baseline_placements_per_cpu_s: Math.round(baseline.placementsPerCpuS),
    impossible_p50_decision_ms: +unplaceable.p50Ms.toFixed(5),
    impossible_p99_decision_ms: +unplaceable.p99Ms.toFixed(5),
    saturated_p50_decision_ms: +saturated.p50Ms.toFixed(5),
    saturated_p99_decision_ms: +saturated.p99Ms.toFixed(5),
    speedup_placements_per_s: +(sampled.placementsPerS / baseline.placementsPerS).toFixed(1),
    unplaced_share: +sampled.unplaced.toFixed(4),
    sampled_choice_median_percentile: +quality.toFixed(1),
    load_average_1m: +loadavg()[0]!.toFixed(2),
  }),
);
