/** The node's chain calls, behind small interfaces (the viem implementations are in viem-chain.ts). */
import type { Attestation, Receipt, Voucher } from "@padmesh/proto";

export interface StakeChecker {
  /** OperatorRegistry.isActiveOperator(operator). */
  isActiveOperator(operator: string, options?: { signal?: AbortSignal }): Promise<boolean>;
}

export interface ClaimSubmitter {
  /** SessionEscrow.claim(voucher, sig); returns the transaction hash once mined. */
  claim(voucher: Voucher, options?: { signal?: AbortSignal }): Promise<string>;
  /** SessionEscrow.finalize(sessionId, leaseIds) after the challenge window; returns the tx hash. */
  finalize(
    sessionId: Uint8Array,
    leaseIds: Uint8Array[],
    options?: { signal?: AbortSignal },
  ): Promise<string>;
  /** Seconds a claim stays challengeable (MeshParams), so the node knows when to finalize. */
  challengeWindowMs(): Promise<number>;
}

export interface ChallengeSubmitter {
  /** SessionEscrow.challenge(receipt, operatorSig, attestation, verifierSig); returns the tx hash. */
  challenge(receipt: Receipt, attestation: Attestation, options?: { signal?: AbortSignal }): Promise<string>;
}
