/**
 * Cumulative voucher arithmetic per lease (pure). Each verified receipt adds fuelUsed × pricePerFuel
 * to its lease's total; a voucher is the running total plus the hash of the last receipt it covers.
 * The book refuses to go past the escrow's budget and never covers a rejected lease again.
 */
import { receiptCost, toHex, type Voucher } from "@padmesh/proto";
import { BudgetExhaustedError } from "../errors.js";
import type { VerifiedReceipt } from "../receipts/receiptVerifier.js";

interface LeaseAccount {
  sessionId: Uint8Array;
  leaseId: Uint8Array;
  operator: string;
  cumulative: bigint;
  count: bigint;
  lastReceiptHash: Uint8Array;
  /** Receipts covered by the last voucher issued; the lease needs a new one when `count` moved past it. */
  issuedCount: bigint;
}

export interface VoucherBook {
  /** Add a verified receipt; throws BudgetExhaustedError when it would exceed the budget. */
  add(v: VerifiedReceipt): void;
  /** Unsigned vouchers for every lease that moved since its last voucher. */
  pending(): Voucher[];
  /** Mark a voucher as issued (signed and delivered). */
  issued(v: Voucher): void;
  /**
   * Stop paying a lease. `payVerified`: the receipts already verified on it are still
   * countersigned (one last voucher) — for a lease whose next receipt failed the SDK's own checks
   * (the honest work before a forgery is paid). Without it nothing more is paid — for a lease a
   * verifier caught with a wrong output (verified receipts may include the wrong one).
   */
  freeze(leaseId: string, opts?: { payVerified?: boolean }): void;
  readonly spent: bigint;
  readonly budget: bigint;
  totals(): { leaseId: string; operator: string; cumulative: bigint; receipts: bigint }[];
}

export function createVoucherBook(init: { budget: bigint }): VoucherBook {
  const accounts = new Map<string, LeaseAccount>();
  /** Frozen leases; true: what was verified before the freeze is still paid. */
  const frozen = new Map<string, boolean>();
  let spent = 0n;
  return {
    get spent() {
      return spent;
    },
    budget: init.budget,
    add({ receipt, hash, leaseId }) {
      if (frozen.has(leaseId)) return;
      const cost = receiptCost(receipt);
      if (spent + cost > init.budget) {
        throw new BudgetExhaustedError(`spent ${spent} + ${cost} would exceed the deposit ${init.budget}`);
      }
      let acc = accounts.get(leaseId);
      if (!acc) {
        acc = {
          sessionId: receipt.sessionId,
          leaseId: receipt.leaseId,
          operator: receipt.operator,
          cumulative: 0n,
          count: 0n,
          lastReceiptHash: hash,
          issuedCount: 0n,
        };
        accounts.set(leaseId, acc);
      }
      acc.cumulative += cost;
      acc.count += 1n;
      acc.lastReceiptHash = hash;
      spent += cost;
    },
    pending() {
      const out: Voucher[] = [];
      for (const [id, acc] of accounts) {
        if (frozen.get(id) === false || acc.issuedCount >= acc.count) continue;
        out.push({
          sessionId: acc.sessionId,
          leaseId: acc.leaseId,
          operator: acc.operator,
          cumulativeAmount: acc.cumulative.toString(),
          lastReceiptHash: acc.lastReceiptHash,
          receiptCount: acc.count,
          signature: new Uint8Array(0),
        });
      }
      return out;
    },
    issued(v) {
      const acc = accounts.get(toHex(v.leaseId));
      if (acc && v.receiptCount > acc.issuedCount) acc.issuedCount = v.receiptCount;
    },
    freeze(leaseId, opts = {}) {
      // A hard freeze is never softened (a mismatch after a rejected receipt stops all pay).
      frozen.set(leaseId, frozen.get(leaseId) === false ? false : opts.payVerified === true);
    },
    totals() {
      return [...accounts.entries()].map(([leaseId, a]) => ({
        leaseId,
        operator: a.operator,
        cumulative: a.cumulative,
        receipts: a.count,
      }));
    },
  };
}
