/** Build the node's (unsigned) ResourceAdvert from what it has and what is free. Pure. */
import {
  ADVERT_VERSION,
  type Capacity,
  type ResourceAdvert,
  type ResourceDescriptor,
  type RoleOffer,
} from "@padmesh/proto";

export interface AdvertParts {
  peerId: string;
  operator: string;
  descriptor: ResourceDescriptor;
  roles: RoleOffer[];
  free: Capacity;
  sequence: bigint;
  nowMs: number;
  ttlMs: number;
  multiaddrs: string[];
  runningLeases: number;
}

export function buildAdvert(p: AdvertParts): ResourceAdvert {
  return {
    version: ADVERT_VERSION,
    peerId: p.peerId,
    operator: p.operator,
    descriptor: p.descriptor,
    roles: p.roles,
    free: p.free,
    sequence: p.sequence,
    issuedAtMs: BigInt(p.nowMs),
    expiresAtMs: BigInt(p.nowMs + p.ttlMs),
    multiaddrs: p.multiaddrs.slice(0, 16),
    runningLeases: p.runningLeases,
    signature: new Uint8Array(0),
  };
}

/** Total capacity a node offers: a share of its CPU and RAM, all its GPUs and VRAM. Pure. */
export function offeredCapacity(d: ResourceDescriptor, shareOfHost: number, leaseSlots: number): Capacity {
  const vram = d.gpus.reduce((s, g) => s + g.vramBytes * BigInt(g.count), 0n);
  const gpus = d.gpus.reduce((s, g) => s + g.count, 0);
  return {
    cpuMillis: Math.floor(d.cpuCores * 1000 * shareOfHost),
    ramBytes: (d.ramBytes * BigInt(Math.round(shareOfHost * 1000))) / 1000n,
    vramBytes: vram,
    gpus,
    leaseSlots,
  };
}

/** Did anything an advert carries about the hardware change? (bandwidth within 10% counts as unchanged) */
export function descriptorChanged(a: ResourceDescriptor, b: ResourceDescriptor): boolean {
  const near = (x: bigint, y: bigint) => {
    const hi = x > y ? x : y;
    const lo = x > y ? y : x;
    return hi === 0n || (hi - lo) * 10n <= hi;
  };
  if (a.cpuCores !== b.cpuCores || a.cpuModel !== b.cpuModel || a.ramBytes !== b.ramBytes) return true;
  if (a.region !== b.region || a.bandwidthSource !== b.bandwidthSource) return true;
  if (!near(a.bandwidthUpBps, b.bandwidthUpBps) || !near(a.bandwidthDownBps, b.bandwidthDownBps)) return true;
  if (!near(a.diskBytes, b.diskBytes)) return true;
  const gpus = (d: ResourceDescriptor) =>
    JSON.stringify(d.gpus.map((g) => [g.vendor, g.model, String(g.vramBytes), g.count]));
  return gpus(a) !== gpus(b);
}
