/**
 * Synthetic adverts and clusters for tests and the benchmark. Adverts are real ResourceAdvert
 * messages (unsigned: the index trusts what the gossip validator let through).
 */

import { type Capacity, type ResourceAdvert, Role } from "@padmesh/proto";
import { SeededRandom } from "../random.js";

export const GiB = 1024n ** 3n;

export interface AdvertSpec {
  peerId: string;
  operator?: string;
  roles?: { role: Role; price: bigint }[];
  cpuCores?: number;
  ramBytes?: bigint;
  gpus?: { vramBytes: bigint; count: number }[];
  bandwidthBps?: bigint;
  region?: string;
  free?: Partial<Capacity>;
  sequence?: bigint;
  issuedAtMs?: number;
  ttlMs?: number;
  runningLeases?: number;
}

export function operatorAddress(n: number): string {
  return `0x${n.toString(16).padStart(40, "0")}`;
}

export function makeAdvert(s: AdvertSpec): ResourceAdvert {
  const cpuCores = s.cpuCores ?? 8;
  const ramBytes = s.ramBytes ?? 32n * GiB;
  const gpus = s.gpus ?? [];
  const vram = gpus.reduce((a, g) => a + g.vramBytes * BigInt(g.count), 0n);
  const gpuCount = gpus.reduce((a, g) => a + g.count, 0);
  const issuedAtMs = s.issuedAtMs ?? 1_000;
  return {
    version: 1,
    peerId: s.peerId,
    operator: s.operator ?? operatorAddress(1),
    descriptor: {
      cpuCores,
      cpuModel: "test",
      ramBytes,
      gpus: gpus.map((g) => ({ vendor: "nvidia", model: "test", vramBytes: g.vramBytes, count: g.count })),
      bandwidthUpBps: s.bandwidthBps ?? 1_000_000_000n,
      bandwidthDownBps: s.bandwidthBps ?? 1_000_000_000n,
      bandwidthSource: 1,
      region: s.region ?? "eu-west",
      engines: ["wasm32-fuel-v1"],
      diskBytes: 100n * GiB,
    },
    roles: (s.roles ?? [{ role: Role.ROLE_EXECUTION, price: 100n }]).map((r) => ({
      role: r.role,
      pricePerFuel: r.price,
    })),
    free: {
      cpuMillis: s.free?.cpuMillis ?? cpuCores * 1000,
      ramBytes: s.free?.ramBytes ?? ramBytes,
      vramBytes: s.free?.vramBytes ?? vram,
      gpus: s.free?.gpus ?? gpuCount,
      leaseSlots: s.free?.leaseSlots ?? 8,
    },
    sequence: s.sequence ?? 1n,
    issuedAtMs: BigInt(issuedAtMs),
    expiresAtMs: BigInt(issuedAtMs + (s.ttlMs ?? 600_000)),
    multiaddrs: [],
    runningLeases: s.runningLeases ?? 0,
    signature: new Uint8Array(0),
  };
}

const REGIONS = ["eu-west", "eu-central", "us-east", "us-west", "ap-south"];
const GPU_SHAPES: { vramBytes: bigint; count: number }[][] = [
  [],
  [],
  [{ vramBytes: 8n * GiB, count: 1 }],
  [{ vramBytes: 16n * GiB, count: 1 }],
  [{ vramBytes: 24n * GiB, count: 1 }],
  [{ vramBytes: 24n * GiB, count: 2 }],
  [{ vramBytes: 80n * GiB, count: 1 }],
  [{ vramBytes: 80n * GiB, count: 4 }],
];

/** A deterministic mixed cluster: CPU-only and GPU nodes, several roles, regions, prices and loads. */
export function syntheticCluster(n: number, seed = 1, issuedAtMs = 1_000): ResourceAdvert[] {
  const rng = new SeededRandom(seed);
  const adverts: ResourceAdvert[] = [];
  for (let i = 0; i < n; i++) {
    const gpus = GPU_SHAPES[rng.below(GPU_SHAPES.length)]!;
    const cpuCores = [4, 8, 16, 32, 64][rng.below(5)]!;
    const ramBytes = BigInt([8, 16, 32, 64, 256][rng.below(5)]!) * GiB;
    const roles: { role: Role; price: bigint }[] = [];
    if (gpus.length > 0 || rng.below(4) === 0)
      roles.push({ role: Role.ROLE_COMPUTE, price: BigInt(50 + rng.below(200)) });
    if (rng.below(3) !== 0) roles.push({ role: Role.ROLE_EXECUTION, price: BigInt(10 + rng.below(100)) });
    if (rng.below(3) === 0) roles.push({ role: Role.ROLE_COORDINATION, price: BigInt(10 + rng.below(50)) });
    if (rng.below(3) === 0) roles.push({ role: Role.ROLE_VERIFICATION, price: BigInt(10 + rng.below(80)) });
    if (roles.length === 0) roles.push({ role: Role.ROLE_EXECUTION, price: 50n });
    const vram = gpus.reduce((a, g) => a + g.vramBytes * BigInt(g.count), 0n);
    const usedShare = rng.below(80) / 100;
    adverts.push(
      makeAdvert({
        peerId: `peer-${i}`,
        operator: operatorAddress(1 + rng.below(Math.max(1, n >> 3))),
        roles,
        cpuCores,
        ramBytes,
        gpus,
        bandwidthBps: BigInt([100, 1000, 10_000][rng.below(3)]!) * 1_000_000n,
        region: REGIONS[rng.below(REGIONS.length)]!,
        free: {
          cpuMillis: Math.floor(cpuCores * 1000 * (1 - usedShare)),
          ramBytes: ramBytes - (ramBytes * BigInt(Math.floor(usedShare * 100))) / 100n,
          vramBytes: vram - (vram * BigInt(Math.floor(usedShare * 100))) / 100n,
          gpus: gpus.reduce((a, g) => a + g.count, 0),
          leaseSlots: 1 + rng.below(16),
        },
        runningLeases: rng.below(8),
        issuedAtMs,
      }),
    );
  }
  return adverts;
}
