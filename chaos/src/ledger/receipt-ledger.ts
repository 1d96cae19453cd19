/**
 * Every receipt the SDK acknowledged during a drill (verified and countersigned), indexed the ways
 * the invariants need: by lease and sequence (a second, different receipt there is a conflicting
 * signature), by session, role and step (the same step acknowledged from two leases means it ran,
 * and was paid, twice), and per lease in order with the running voucher amount (what a claim of a
 * given amount pays for). Pure bookkeeping: no I/O.
 */
import { toHex } from "@padmesh/proto";
import type { VerifiedReceipt } from "@padmesh/sdk";

export interface AckReceipt {
  sessionId: string;
  leaseId: string;
  role: number;
  sequence: bigint;
  hash: string;
  operator: string;
  outputHash: string;
  /** The lease's voucher total once this receipt is included (fuel × price, cumulative). */
  cumulative: bigint;
  ackAtMs: number;
}

export interface LeaseLedger {
  sessionId: string;
  leaseId: string;
  role: number;
  operator: string;
  receipts: AckReceipt[];
  cumulative: bigint;
}

export interface ReceiptLedger {
  acknowledge(sessionId: Uint8Array | string, receipts: readonly VerifiedReceipt[], atMs?: number): void;
  readonly acknowledged: number;
  /** The same receipt delivered again, or the same step and role acknowledged from another lease. */
  readonly duplicated: number;
  /** A different signed receipt at a lease and sequence already acknowledged. */
  readonly conflicting: number;
  leases(): LeaseLedger[];
  lease(leaseId: string): LeaseLedger | undefined;
  all(): AckReceipt[];
}

const hex = (b: Uint8Array | string) => (typeof b === "string" ? b.toLowerCase() : toHex(b).toLowerCase());

export function createReceiptLedger(): ReceiptLedger {
  const byLeaseSeq = new Map<string, AckReceipt>();
  const byStep = new Map<string, string>();
  const leases = new Map<string, LeaseLedger>();
  let acknowledged = 0;
  let duplicated = 0;
  let conflicting = 0;

  return {
    acknowledge(sessionId, receipts, atMs = performance.now()) {
      const session = hex(sessionId);
      for (const v of receipts) {
        const r = v.receipt;
        const leaseId = hex(r.leaseId);
        const hash = hex(v.hash);
        const key = `${leaseId}:${r.sequence}`;
        const seen = byLeaseSeq.get(key);
        if (seen) {
          if (seen.hash === hash) duplicated++;
          else conflicting++;
          continue;
        }
        const stepKey = `${session}:${r.role}:${r.sequence}`;
        const firstLease = byStep.get(stepKey);
        if (firstLease !== undefined && firstLease !== leaseId) duplicated++;
        else byStep.set(stepKey, leaseId);
        let l = leases.get(leaseId);
        if (!l) {
          l = {
            sessionId: session,
            leaseId,
            role: r.role,
            operator: r.operator.toLowerCase(),
            receipts: [],
            cumulative: 0n,
          };
          leases.set(leaseId, l);
        }
        l.cumulative += r.fuelUsed * r.pricePerFuel;
        const ack: AckReceipt = {
          sessionId: session,
          leaseId,
          role: r.role,
          sequence: r.sequence,
          hash,
          operator: r.operator.toLowerCase(),
          outputHash: hex(r.outputHash),
          cumulative: l.cumulative,
          ackAtMs: atMs,
        };
        l.receipts.push(ack);
        byLeaseSeq.set(key, ack);
        acknowledged++;
      }
    },
    get acknowledged() {
      return acknowledged;
    },
    get duplicated() {
      return duplicated;
    },
    get conflicting() {
      return conflicting;
    },
    leases: () => [...leases.values()],
    lease: (leaseId) => leases.get(leaseId.toLowerCase()),
    all: () => [...byLeaseSeq.values()],
  };
}
