/**
 * Receipt shape checks, the per-lease hash chain and what a receipt costs. Pure functions;
 * the SDK, the node, the verifier and the contracts' tests all use these.
 */
import { ZERO_HASH } from "./constants.js";
import { encodeCoordinationRecord } from "./coordination.js";
import { hashReceipt, type MeshDomain } from "./eip712.js";
import { InvalidMessageError, ReceiptChainError } from "./errors.js";
import type { Receipt } from "./gen/padmesh/v1/receipt.js";
import { Role } from "./gen/padmesh/v1/resources.js";
import { bytesEqual, sha256, toHex } from "./hash.js";
import { verifyDigestSigner } from "./signer.js";

const HASH_FIELDS = [
  "sessionId",
  "leaseId",
  "moduleHash",
  "inputHash",
  "outputHash",
  "stateRootBefore",
  "stateRootAfter",
  "prevReceiptHash",
] as const;

/** Every 32-byte field has 32 bytes, the role is known, the signature has 65 bytes. */
export function checkReceiptShape(r: Receipt): void {
  for (const f of HASH_FIELDS) {
    if (r[f].length !== 32)
      throw new InvalidMessageError("Receipt", f, `expected 32 bytes, got ${r[f].length}`);
  }
  if (r.role < Role.ROLE_COMPUTE || r.role > Role.ROLE_VERIFICATION) {
    throw new InvalidMessageError("Receipt", "role", "unknown role");
  }
  if (r.status < 0 || r.status > 255) throw new InvalidMessageError("Receipt", "status", "out of range");
  if (r.signature.length !== 65) throw new InvalidMessageError("Receipt", "signature", "must be 65 bytes");
}

/** What a step was asked: the receipt that answers it must say so. */
export interface StepExpectation {
  /** The lease's operator: the receipt's signer. */
  operator: string;
  leaseId: Uint8Array;
  sequence: bigint;
  /** The input sent. */
  input: Uint8Array;
  /** The output received, for a successful step. */
  output?: Uint8Array;
}

/** A receipt whose signature was checked, with its EIP-712 hash (computed once, used again). */
export interface CheckedReceipt {
  receipt: Receipt;
  hash: Uint8Array;
}

/**
 * A step's receipt is the lease operator's, about this lease, this sequence, the input sent and
 * (for a successful step) the output received. Throws InvalidSignatureError or
 * InvalidMessageError naming the field; used wherever a receipt's output is passed on. Returns
 * the receipt with its EIP-712 hash.
 * @example
 * const { hash } = await checkStepReceipt(domain, receipt, { operator, leaseId, sequence: 7n, input, output });
 */
export async function checkStepReceipt(
  domain: MeshDomain,
  r: Receipt,
  expect: StepExpectation,
): Promise<CheckedReceipt> {
  checkReceiptShape(r);
  const hash = hashReceipt(domain, r);
  await verifyDigestSigner("Receipt", hash, r.signature, expect.operator);
  const wrong = (field: string, reason: string) => new InvalidMessageError("Receipt", field, reason);
  if (!bytesEqual(r.leaseId, expect.leaseId))
    throw wrong("leaseId", `is ${toHex(r.leaseId)}, not the lease called`);
  if (r.sequence !== expect.sequence) throw wrong("sequence", `is ${r.sequence}, not ${expect.sequence}`);
  if (!bytesEqual(r.inputHash, sha256(expect.input)))
    throw wrong("inputHash", "is not the hash of the input sent");
  if (expect.output && !bytesEqual(r.outputHash, sha256(expect.output)))
    throw wrong("outputHash", "is not the hash of the output received");
  return { receipt: r, hash };
}

/**
 * The coordination record of a step (proto/src/coordination.ts) from its legs' receipts, in the
 * order they ran: what the coordinator's module runs on. `finalOutput` is the last leg's output,
 * undefined when a leg failed. The legs come as `checkStepReceipt` returned them.
 * @example
 * const record = coordinationRecordOf(stepInput, [checkedCompute, checkedExecution], output);
 */
export function coordinationRecordOf(
  stepInput: Uint8Array,
  legs: readonly CheckedReceipt[],
  finalOutput: Uint8Array | undefined,
): Uint8Array {
  return encodeCoordinationRecord({
    stepInputHash: sha256(stepInput),
    hops: legs.map(({ receipt: r, hash }) => ({
      role: r.role,
      status: r.status,
      fuelUsed: r.fuelUsed,
      receiptHash: hash,
      inputHash: r.inputHash,
      outputHash: r.outputHash,
    })),
    outputHash: finalOutput ? sha256(finalOutput) : ZERO_HASH,
  });
}

/** PAD wei a receipt charges: fuel used times the lease's price per fuel unit. */
export function receiptCost(r: Receipt): bigint {
  return r.fuelUsed * r.pricePerFuel;
}

/** Tracks one lease's hash chain: sequence + 1 and prev hash = hash of the previous receipt. */
export interface ReceiptChainCursor {
  /** Sequence of the last receipt accepted, or undefined before the first. */
  sequence: bigint | undefined;
  /** EIP-712 hash of the last receipt accepted (ZERO_HASH before the first). */
  hash: Uint8Array;
}

export function emptyChain(): ReceiptChainCursor {
  return { sequence: undefined, hash: ZERO_HASH };
}

/**
 * Check that `r` extends the chain at `cursor`; returns the advanced cursor. A lease may start
 * at any sequence (a resumed session continues its sequence numbers), but after that each
 * receipt is exactly the next one and links to its predecessor's hash.
 */
export function extendChain(domain: MeshDomain, cursor: ReceiptChainCursor, r: Receipt): ReceiptChainCursor {
  if (cursor.sequence !== undefined && r.sequence !== cursor.sequence + 1n) {
    throw new ReceiptChainError(r.sequence, `expected sequence ${cursor.sequence + 1n} (gap or reordering)`);
  }
  if (!bytesEqual(r.prevReceiptHash, cursor.hash)) {
    throw new ReceiptChainError(r.sequence, "previous-receipt hash does not match the chain");
  }
  return { sequence: r.sequence, hash: hashReceipt(domain, r) };
}
