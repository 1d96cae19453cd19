/**
 * The leases this node is running, with what each step needs: the terms, the hash chain
 * cursor, the session state and a queue that keeps one lease's steps strictly in order.
 */
import { type LeaseTerms, toHex, ZERO_HASH } from "@padmesh/proto";

export interface ActiveLease {
  terms: LeaseTerms;
  /** Sequence of the last journalled receipt, undefined before the first step. */
  lastSequence: bigint | undefined;
  /** Hash of the last journalled receipt (ZERO_HASH before the first). */
  prevReceiptHash: Uint8Array;
  /** Encoded StateSnapshot after the last step. */
  state: Uint8Array;
  /** Tail of this lease's step queue. */
  tail: Promise<unknown>;
  /** Receipts journalled on this lease since it started here. */
  steps: number;
  /** Receipts covered by the highest voucher the project countersigned for this lease. */
  vouchered: bigint;
}

/**
 * Whether a lease may be driven by `remotePeer` (the transport-authenticated sender): only the
 * scheduler its terms name. In-process callers (no peer) and terms naming none are let through.
 */
export function fromLeaseScheduler(terms: LeaseTerms, remotePeer: string | undefined): boolean {
  return !remotePeer || !terms.scheduler || terms.scheduler === remotePeer;
}

/**
 * Whether `remotePeer` may send a lease's steps: its scheduler, or the session coordinator the
 * scheduler delegated the lease to (LeaseDelegate, kept in `terms.coordinator`).
 */
export function mayDriveSteps(terms: LeaseTerms, remotePeer: string | undefined): boolean {
  return fromLeaseScheduler(terms, remotePeer) || (!!terms.coordinator && terms.coordinator === remotePeer);
}

export class LeaseTable {
  private readonly leases = new Map<string, ActiveLease>();

  static key(leaseId: Uint8Array): string {
    return toHex(leaseId);
  }

  get(leaseId: Uint8Array): ActiveLease | undefined {
    return this.leases.get(LeaseTable.key(leaseId));
  }

  add(
    terms: LeaseTerms,
    state: Uint8Array,
    lastSequence?: bigint,
    prevReceiptHash: Uint8Array = ZERO_HASH,
  ): ActiveLease {
    const lease: ActiveLease = {
      terms,
      lastSequence,
      prevReceiptHash,
      state,
      tail: Promise.resolve(),
      steps: 0,
      vouchered: 0n,
    };
    this.leases.set(LeaseTable.key(terms.leaseId), lease);
    return lease;
  }

  delete(leaseId: Uint8Array): ActiveLease | undefined {
    const k = LeaseTable.key(leaseId);
    const l = this.leases.get(k);
    this.leases.delete(k);
    return l;
  }

  get size(): number {
    return this.leases.size;
  }

  values(): IterableIterator<ActiveLease> {
    return this.leases.values();
  }

  /** Run `fn` after every step already queued on this lease (steps of one lease never overlap). */
  enqueue<T>(lease: ActiveLease, fn: () => Promise<T>): Promise<T> {
    const run = lease.tail.then(fn, fn);
    lease.tail = run.catch(() => undefined);
    return run;
  }
}
