/**
 * Verifies every receipt a session receives: shape, operator signature (EIP-712), the per-lease hash
 * chain, the operator the lease was placed with, and that the operator is staked on-chain. Pure state
 * per lease; the staking check is injected (cached by the caller).
 */
import {
  checkReceiptShape,
  emptyChain,
  extendChain,
  hashReceipt,
  type MeshDomain,
  PadMeshError,
  type Receipt,
  type ReceiptChainCursor,
  toHex,
  verifyReceiptSignature,
} from "@padmesh/proto";
import { ReceiptRejectedError } from "../errors.js";

export interface VerifiedReceipt {
  receipt: Receipt;
  /** EIP-712 hash: the receipt's identity in vouchers and challenges. */
  hash: Uint8Array;
  leaseId: string;
}

export interface ReceiptVerifier {
  /** The operator a lease was placed with (from CreateSession / lease events). */
  expectOperator(leaseId: Uint8Array, operator: string): void;
  /** Verify and advance the lease's chain; throws ReceiptRejectedError. A rejected lease stays rejected. */
  verify(receipt: Receipt): Promise<VerifiedReceipt>;
  /** Leases whose receipts failed verification (never paid again). */
  readonly rejectedLeases: ReadonlySet<string>;
}

export interface ReceiptVerifierInit {
  domain: MeshDomain;
  isStaked: (operator: string) => Promise<boolean>;
}

export function createReceiptVerifier(init: ReceiptVerifierInit): ReceiptVerifier {
  const chains = new Map<string, ReceiptChainCursor>();
  const operators = new Map<string, string>();
  const rejected = new Set<string>();

  return {
    rejectedLeases: rejected,
    expectOperator(leaseId, operator) {
      operators.set(toHex(leaseId), operator.toLowerCase());
    },
    async verify(receipt) {
      const leaseId = toHex(receipt.leaseId);
      const fail = (reason: string, cause?: unknown): never => {
        rejected.add(leaseId);
        throw new ReceiptRejectedError(leaseId, receipt.sequence, reason, { cause });
      };
      if (rejected.has(leaseId)) fail("an earlier receipt of this lease failed verification");
      try {
        checkReceiptShape(receipt);
      } catch (err) {
        fail((err as PadMeshError).shortMessage ?? "malformed", err);
      }
      const expected = operators.get(leaseId) ?? receipt.operator;
      try {
        await verifyReceiptSignature(init.domain, receipt, expected);
      } catch (err) {
        fail(err instanceof PadMeshError ? err.shortMessage : "bad signature", err);
      }
      let next: ReceiptChainCursor | undefined;
      try {
        next = extendChain(init.domain, chains.get(leaseId) ?? emptyChain(), receipt);
      } catch (err) {
        fail(err instanceof PadMeshError ? err.shortMessage : "hash chain broken", err);
      }
      if (!(await init.isStaked(expected))) fail(`operator ${expected} is not staked`);
      chains.set(leaseId, next as ReceiptChainCursor);
      return { receipt, hash: hashReceipt(init.domain, receipt), leaseId };
    },
  };
}
