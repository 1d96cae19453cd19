/**
 * The index's record of one node: the public NodeRecord fields plus figures derived from the
 * advert and the reservations, kept up to date on every change so that placement reads plain
 * numbers and bigints instead of recomputing them per decision.
 */

import type { Capacity, ResourceAdvert } from "@padmesh/proto";
import { addCapacity, sameCapacity, subtractCapacity, zeroCapacity } from "./capacity.js";
import type { NodeRecord } from "./interface.js";
import { vramClassOf } from "./resource-class.js";
import { ROLE_SLOTS } from "./roles.js";
import { haveNumber, needNumber } from "./safe-number.js";

/** Capacity offered to a node at `atMs` (scheduler clock) that its adverts may not reflect yet. */
export interface Reservation {
  atMs: number;
  capacity: Capacity;
}

const NOT_OFFERED = -1n;

export class IndexedNode implements NodeRecord {
  peerId: string;
  operator: string;
  /** Lower-case operator address: the key for reputation and anti-affinity. */
  operatorKey: string;
  advert: ResourceAdvert;
  lastSeenMs: number;
  failures = 0;
  failuresAtMs = 0;
  reputation: number;
  latencyMs: number | undefined = undefined;
  reserved: Capacity = zeroCapacity();
  reservations: Reservation[] = [];

  // Derived from the advert.
  /** Bit r set when the node offers role r. */
  roleMask = 0;
  /** Price per fuel by role (NOT_OFFERED when not offered), and as a number (Infinity past 2^53). */
  readonly prices: bigint[] = new Array<bigint>(ROLE_SLOTS).fill(NOT_OFFERED);
  readonly priceNums: number[] = new Array<number>(ROLE_SLOTS).fill(0);
  vramClass = 0;
  region = "";
  expiresAtMs = 0;
  cpuMillisTotal = 0;
  vramTotal = 0n;
  vramTotalNum = 0;
  /** min(up, down) bandwidth. */
  bandwidthBps = 0n;
  bandwidthNum = 0;
  /** Leases running plus lease slots free in the advert: the node's lease capacity. */
  slotsTotal = 0;

  // advert.free − reserved, kept current.
  freeCpu = 0;
  freeRam = 0n;
  freeRamNum = 0;
  freeVram = 0n;
  freeVramNum = 0;
  freeGpus = 0;
  freeSlots = 0;

  /** Position in each role's bucket (−1 when not in it); owned by the index. */
  readonly bucketPos: number[] = new Array<number>(ROLE_SLOTS).fill(-1);

  constructor(advert: ResourceAdvert, nowMs: number, reputation: number) {
    this.peerId = advert.peerId;
    this.operator = advert.operator;
    this.operatorKey = advert.operator.toLowerCase();
    this.advert = advert;
    this.lastSeenMs = nowMs;
    this.reputation = reputation;
    this.applyAdvert(advert, nowMs);
  }

  /** Take a newer advert; reservations older than `absorbBeforeMs` are taken as reflected in it. */
  applyAdvert(advert: ResourceAdvert, nowMs: number, absorbBeforeMs = Number.NEGATIVE_INFINITY): void {
    this.advert = advert;
    this.peerId = advert.peerId;
    this.operator = advert.operator;
    this.operatorKey = advert.operator.toLowerCase();
    this.lastSeenMs = nowMs;
    this.roleMask = 0;
    this.prices.fill(NOT_OFFERED);
    for (const offer of advert.roles) {
      const r = offer.role;
      if (r <= 0 || r >= ROLE_SLOTS || (this.roleMask & (1 << r)) !== 0) continue;
      this.roleMask |= 1 << r;
      this.prices[r] = offer.pricePerFuel;
      this.priceNums[r] = needNumber(offer.pricePerFuel);
    }
    const d = advert.descriptor;
    this.region = d?.region ?? "";
    this.cpuMillisTotal = (d?.cpuCores ?? 0) * 1000;
    let vram = 0n;
    for (const g of d?.gpus ?? []) vram += g.vramBytes * BigInt(g.count);
    this.vramTotal = vram;
    this.vramTotalNum = haveNumber(vram);
    const up = d?.bandwidthUpBps ?? 0n;
    const down = d?.bandwidthDownBps ?? 0n;
    this.bandwidthBps = up < down ? up : down;
    this.bandwidthNum = haveNumber(this.bandwidthBps);
    this.expiresAtMs = Number(advert.expiresAtMs);
    const free = advert.free ?? zeroCapacity();
    this.vramClass = vramClassOf(free.vramBytes);
    this.slotsTotal = advert.runningLeases + free.leaseSlots;
    if (this.reservations.length > 0) {
      this.reservations = this.reservations.filter((r) => r.atMs >= absorbBeforeMs);
      this.sumReservations();
    }
    this.recomputeFree();
  }

  offers(role: number): boolean {
    return (this.roleMask & (1 << role)) !== 0;
  }

  reserve(capacity: Capacity, atMs: number): void {
    this.reservations.push({ atMs, capacity });
    this.reserved = addCapacity(this.reserved, capacity);
    this.recomputeFree();
  }

  /** Drop one outstanding reservation equal to `capacity`; false when none is held. */
  release(capacity: Capacity): boolean {
    const i = this.reservations.findIndex((r) => sameCapacity(r.capacity, capacity));
    if (i < 0) return false;
    this.reservations.splice(i, 1);
    this.sumReservations();
    this.recomputeFree();
    return true;
  }

  private sumReservations(): void {
    let sum = zeroCapacity();
    for (const r of this.reservations) sum = addCapacity(sum, r.capacity);
    this.reserved = sum;
  }

  private recomputeFree(): void {
    const free = subtractCapacity(this.advert.free ?? zeroCapacity(), this.reserved);
    this.freeCpu = free.cpuMillis;
    this.freeRam = free.ramBytes;
    this.freeRamNum = haveNumber(free.ramBytes);
    this.freeVram = free.vramBytes;
    this.freeVramNum = haveNumber(free.vramBytes);
    this.freeGpus = free.gpus;
    this.freeSlots = free.leaseSlots;
  }
}
