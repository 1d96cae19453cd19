/** The node's durable journal: step records, signing intents, leases, vouchers, claims, advert sequence. */
import type { LeaseTerms, StepOutput, Voucher } from "@padmesh/proto";

/** One executed step as journalled: the StepOutput (receipt possibly unsigned) and its receipt hash. */
export interface StepRecord {
  leaseId: Uint8Array;
  sequence: bigint;
  /** EIP-712 hash of the receipt: the signing intent. */
  receiptHash: Uint8Array;
  output: StepOutput;
}

export type LeaseRecordState = "running" | "ended";

export interface LeaseRecord {
  terms: LeaseTerms;
  state: LeaseRecordState;
  confirmedAtMs: number;
  endedAtMs?: number;
  endReason?: string;
}

export type ClaimState = "claimed" | "finalized" | "failed";

export interface ClaimRecord {
  leaseId: Uint8Array;
  state: ClaimState;
  txHash?: string;
  claimedAtMs: number;
  /** Cumulative PAD wei of the voucher last claimed (a higher voucher is claimed again). */
  amount?: string;
  error?: string;
}

export interface NodeJournal {
  open(): Promise<void>;
  close(): Promise<void>;
  /**
   * Write a step record and its signing intent in one group-committed batch; resolves when
   * durable. The caller (the signing guard) checks for a conflicting intent first.
   */
  appendStep(record: StepRecord): Promise<void>;
  /** The signing intent (receipt hash) recorded at lease/sequence, if any. */
  getIntent(leaseId: Uint8Array, sequence: bigint): Promise<Uint8Array | undefined>;
  getStep(leaseId: Uint8Array, sequence: bigint): Promise<StepRecord | undefined>;
  latestStep(leaseId: Uint8Array): Promise<StepRecord | undefined>;
  putLease(record: LeaseRecord): Promise<void>;
  leases(): Promise<LeaseRecord[]>;
  getLease(leaseId: Uint8Array): Promise<LeaseRecord | undefined>;
  putVoucher(voucher: Voucher): Promise<void>;
  getVoucher(leaseId: Uint8Array): Promise<Voucher | undefined>;
  putClaim(record: ClaimRecord): Promise<void>;
  getClaim(leaseId: Uint8Array): Promise<ClaimRecord | undefined>;
  /** Reserve and persist the next advert sequence (strictly increasing across restarts). */
  nextAdvertSequence(): Promise<bigint>;
  readonly stats: { batches: number; ops: number };
}
