/**
 * Replacement time: from a fault on a worker to each of its affected roles running on another
 * worker, as the project saw it (the scheduler's lease events on the session's watch). A role is
 * affected when the faulted worker held its running lease at the fault and the session still had
 * work after it; a role never replaced counts as a miss.
 */
import { LeaseState } from "@padmesh/proto";
import type { ReceiptLedger } from "../ledger/receipt-ledger.js";
import type { SessionRecord } from "./traffic.js";

export interface Fault {
  worker: string;
  operator: string;
  atMs: number;
  kind: string;
}

export interface ReplacementFigures {
  seconds: number[];
  /** Affected roles that never ran elsewhere. */
  missed: number;
}

export function replacementTimes(
  faults: readonly Fault[],
  sessions: readonly SessionRecord[],
  ledger: ReceiptLedger,
): ReplacementFigures {
  const out: ReplacementFigures = { seconds: [], missed: 0 };
  const lastAck = new Map<string, number>();
  for (const r of ledger.all()) lastAck.set(r.sessionId, Math.max(lastAck.get(r.sessionId) ?? 0, r.ackAtMs));
  for (const f of faults) {
    const op = f.operator.toLowerCase();
    for (const s of sessions) {
      const roles = new Set(s.leaseEvents.map((e) => e.lease.role));
      for (const role of roles) {
        const before = s.leaseEvents.filter((e) => e.lease.role === role && e.atMs <= f.atMs);
        const holder = before.at(-1);
        if (!holder || holder.lease.operator.toLowerCase() !== op) continue;
        if (holder.lease.state === LeaseState.LEASE_STATE_FAILED) continue;
        const moved = s.leaseEvents.find(
          (e) =>
            e.atMs > f.atMs &&
            e.lease.role === role &&
            e.lease.operator.toLowerCase() !== op &&
            e.lease.state === LeaseState.LEASE_STATE_RUNNING,
        );
        if (moved) out.seconds.push((moved.atMs - f.atMs) / 1000);
        else if ((lastAck.get(s.sessionHex) ?? 0) > f.atMs) out.missed++;
      }
    }
  }
  return out;
}
