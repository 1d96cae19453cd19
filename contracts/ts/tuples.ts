/**
 * Proto messages (`@padmesh/proto`: bytes as Uint8Array, amounts as decimal strings) to the
 * struct arguments viem passes to SessionEscrow (`claim`, `claimBatch`, `challenge`, the
 * `hash*` views). Pure; throws InvalidMessageError on a wrong-length hash or a bad amount.
 */
import {
  type Attestation,
  InvalidMessageError,
  parseAmount,
  type Receipt,
  type Voucher,
} from "@padmesh/proto";
import { type Address, getAddress, type Hex, isAddress } from "viem";

export interface VoucherArg {
  sessionId: Hex;
  leaseId: Hex;
  operator: Address;
  cumulativeAmount: bigint;
  lastReceiptHash: Hex;
  receiptCount: bigint;
}

export interface ReceiptArg {
  sessionId: Hex;
  leaseId: Hex;
  role: number;
  sequence: bigint;
  moduleHash: Hex;
  inputHash: Hex;
  outputHash: Hex;
  stateRootBefore: Hex;
  stateRootAfter: Hex;
  fuelUsed: bigint;
  pricePerFuel: bigint;
  prevReceiptHash: Hex;
  timestampMs: bigint;
  status: number;
}

export interface AttestationArg {
  receiptHash: Hex;
  sessionId: Hex;
  leaseId: Hex;
  sequence: bigint;
  outputHash: Hex;
  stateRootAfter: Hex;
  fuelUsed: bigint;
  status: number;
  mismatch: boolean;
}

function b32(what: string, field: string, b: Uint8Array): Hex {
  if (b.length !== 32) throw new InvalidMessageError(what, field, `expected 32 bytes, got ${b.length}`);
  return `0x${Buffer.from(b).toString("hex")}`;
}

/**
 * The `Voucher` struct argument of `claim`/`claimBatch`/`hashVoucher`.
 * @example
 * await wallet.writeContract({ address: escrow, abi: sessionEscrowAbi, functionName: "claim",
 *   args: [toVoucherArg(v), toHex(v.signature)] });
 */
export function toVoucherArg(v: Voucher): VoucherArg {
  if (!isAddress(v.operator, { strict: false })) {
    throw new InvalidMessageError("Voucher", "operator", "not a 20-byte hex address");
  }
  return {
    sessionId: b32("Voucher", "sessionId", v.sessionId),
    leaseId: b32("Voucher", "leaseId", v.leaseId),
    operator: getAddress(v.operator),
    cumulativeAmount: parseAmount(v.cumulativeAmount, "cumulativeAmount"),
    lastReceiptHash: b32("Voucher", "lastReceiptHash", v.lastReceiptHash),
    receiptCount: v.receiptCount,
  };
}

/** The `Receipt` struct argument of `challenge`/`hashReceipt`. */
export function toReceiptArg(r: Receipt): ReceiptArg {
  return {
    sessionId: b32("Receipt", "sessionId", r.sessionId),
    leaseId: b32("Receipt", "leaseId", r.leaseId),
    role: r.role,
    sequence: r.sequence,
    moduleHash: b32("Receipt", "moduleHash", r.moduleHash),
    inputHash: b32("Receipt", "inputHash", r.inputHash),
    outputHash: b32("Receipt", "outputHash", r.outputHash),
    stateRootBefore: b32("Receipt", "stateRootBefore", r.stateRootBefore),
    stateRootAfter: b32("Receipt", "stateRootAfter", r.stateRootAfter),
    fuelUsed: r.fuelUsed,
    pricePerFuel: r.pricePerFuel,
    prevReceiptHash: b32("Receipt", "prevReceiptHash", r.prevReceiptHash),
    timestampMs: r.timestampMs,
    status: r.status,
  };
}

/** The `Attestation` struct argument of `challenge`/`hashAttestation`. */
export function toAttestationArg(a: Attestation): AttestationArg {
  return {
    receiptHash: b32("Attestation", "receiptHash", a.receiptHash),
    sessionId: b32("Attestation", "sessionId", a.sessionId),
    leaseId: b32("Attestation", "leaseId", a.leaseId),
    sequence: a.sequence,
    outputHash: b32("Attestation", "outputHash", a.outputHash),
    stateRootAfter: b32("Attestation", "stateRootAfter", a.stateRootAfter),
    fuelUsed: a.fuelUsed,
    status: a.status,
    mismatch: a.mismatch,
  };
}
