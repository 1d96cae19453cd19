/**
 * The node's capacity ledger, pure: it is the authority on what is free. An offer is accepted
 * or rejected atomically against free capacity (optimistic concurrency: schedulers race, the
 * ledger decides). Accepted offers are reservations that lapse unless confirmed; confirmed
 * leases lapse when no heartbeat arrives within their TTL.
 */
import { type Capacity, LeaseRejectReason } from "@padmesh/proto";

export type HoldState = "reserved" | "running";

export interface Hold {
  leaseId: string;
  resources: Capacity;
  state: HoldState;
  /** When the hold lapses (reservation deadline or heartbeat TTL). */
  expiresAtMs: number;
  ttlMs: number;
}

export interface CapacityLedger {
  total: Capacity;
  holds: Map<string, Hold>;
}

export type ReserveResult =
  | { ok: true; hold: Hold }
  | { ok: false; reason: LeaseRejectReason; detail: string };

export function createLedger(total: Capacity): CapacityLedger {
  return { total, holds: new Map() };
}

/** What is still free (holds subtracted; lease_slots counts leases). */
export function freeCapacity(ledger: CapacityLedger): Capacity {
  let cpu = ledger.total.cpuMillis;
  let ram = ledger.total.ramBytes;
  let vram = ledger.total.vramBytes;
  let gpus = ledger.total.gpus;
  let slots = ledger.total.leaseSlots;
  for (const h of ledger.holds.values()) {
    cpu -= h.resources.cpuMillis;
    ram -= h.resources.ramBytes;
    vram -= h.resources.vramBytes;
    gpus -= h.resources.gpus;
    slots -= 1;
  }
  return {
    cpuMillis: Math.max(0, cpu),
    ramBytes: ram > 0n ? ram : 0n,
    vramBytes: vram > 0n ? vram : 0n,
    gpus: Math.max(0, gpus),
    leaseSlots: Math.max(0, slots),
  };
}

/** Does `need` fit in `free`? Returns the first dimension that does not, or undefined. */
export function missingDimension(free: Capacity, need: Capacity): string | undefined {
  if (free.leaseSlots < 1) return "lease_slots";
  if (need.cpuMillis > free.cpuMillis) return "cpu";
  if (need.ramBytes > free.ramBytes) return "ram";
  if (need.vramBytes > free.vramBytes) return "vram";
  if (need.gpus > free.gpus) return "gpus";
  return undefined;
}

/** Reserve `resources` for `leaseId` until `nowMs + reservationMs`, or say why not. Mutates the ledger. */
export function reserve(
  ledger: CapacityLedger,
  leaseId: string,
  resources: Capacity,
  nowMs: number,
  reservationMs: number,
  ttlMs: number,
): ReserveResult {
  if (ledger.holds.has(leaseId)) {
    return {
      ok: false,
      reason: LeaseRejectReason.LEASE_REJECT_REASON_DUPLICATE_LEASE,
      detail: "lease already held",
    };
  }
  const missing = missingDimension(freeCapacity(ledger), resources);
  if (missing) {
    return {
      ok: false,
      reason: LeaseRejectReason.LEASE_REJECT_REASON_INSUFFICIENT_CAPACITY,
      detail: `not enough free ${missing}`,
    };
  }
  const hold: Hold = { leaseId, resources, state: "reserved", expiresAtMs: nowMs + reservationMs, ttlMs };
  ledger.holds.set(leaseId, hold);
  return { ok: true, hold };
}

/** Turn a live reservation into a running lease. Returns false if it lapsed or is unknown. */
export function confirm(ledger: CapacityLedger, leaseId: string, nowMs: number): boolean {
  const h = ledger.holds.get(leaseId);
  if (!h || h.expiresAtMs <= nowMs) return false;
  h.state = "running";
  h.expiresAtMs = nowMs + h.ttlMs;
  return true;
}

/** Put a running lease back (restart recovery) without an offer. */
export function restore(
  ledger: CapacityLedger,
  leaseId: string,
  resources: Capacity,
  nowMs: number,
  ttlMs: number,
): void {
  ledger.holds.set(leaseId, { leaseId, resources, state: "running", expiresAtMs: nowMs + ttlMs, ttlMs });
}

/** A heartbeat extends a running lease's TTL. Returns false if it is unknown or already lapsed. */
export function heartbeat(ledger: CapacityLedger, leaseId: string, nowMs: number): boolean {
  const h = ledger.holds.get(leaseId);
  if (!h || h.expiresAtMs <= nowMs) return false;
  if (h.state === "running") h.expiresAtMs = nowMs + h.ttlMs;
  return true;
}

export function release(ledger: CapacityLedger, leaseId: string): Hold | undefined {
  const h = ledger.holds.get(leaseId);
  ledger.holds.delete(leaseId);
  return h;
}

/** Drop every hold past its deadline; returns them (the caller ends those leases). */
export function expire(ledger: CapacityLedger, nowMs: number): Hold[] {
  const gone: Hold[] = [];
  for (const h of ledger.holds.values()) {
    if (h.expiresAtMs <= nowMs) gone.push(h);
  }
  for (const h of gone) ledger.holds.delete(h.leaseId);
  return gone;
}
