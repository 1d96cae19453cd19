/**
 * Challenges wait for a claim. `SessionEscrow.challenge` only accepts a receipt of a lease whose
 * claim is pending (claimed, inside its challenge window), but a verifier usually finds a wrong
 * output while the lease is still running, long before the operator claims. This decorator keeps
 * each mismatch until the lease's claim appears on-chain, then submits it; one challenge per lease
 * is enough (an upheld challenge voids the whole claim), so later mismatches of the same lease
 * share the first one's outcome.
 */

import type { Attestation, Receipt } from "@padmesh/proto";
import { toHex } from "@padmesh/proto";
import type { ChallengeSubmitter } from "../chain/interface.js";
import { ChainError } from "../errors.js";

/** What the escrow says of a lease's claim (`SessionEscrow.claims`). */
export interface ClaimState {
  claimedAt: bigint;
  finalized: boolean;
  voided: boolean;
}

export interface PendingChallengerInit {
  submitter: ChallengeSubmitter;
  readClaim(sessionId: Uint8Array, leaseId: Uint8Array): Promise<ClaimState>;
  /** How often to look for claims (default 1 s). */
  intervalMs?: number;
  /** Give up on a mismatch whose lease is never claimed after this long (default 1 h). */
  giveUpMs?: number;
  /** Failed submissions of a claimed lease before giving up (default 5). */
  maxAttempts?: number;
  now?: () => number;
  log?: (event: string, fields: Record<string, unknown>) => void;
}

export interface PendingChallenger extends ChallengeSubmitter {
  /** Leases with a mismatch still waiting for their claim. */
  readonly pending: number;
  stop(): void;
}

interface Entry {
  receipt: Receipt;
  attestation: Attestation;
  since: number;
  attempts: number;
  settle: { resolve(tx: string): void; reject(err: unknown): void };
  result: Promise<string>;
}

export function createPendingChallenger(init: PendingChallengerInit): PendingChallenger {
  const now = init.now ?? Date.now;
  const giveUpMs = init.giveUpMs ?? 60 * 60 * 1000;
  const maxAttempts = init.maxAttempts ?? 5;
  const log = init.log ?? (() => {});
  const byLease = new Map<string, Entry>();
  let busy = false;

  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      for (const [lease, e] of byLease) {
        let claim: ClaimState;
        try {
          claim = await init.readClaim(e.receipt.sessionId, e.receipt.leaseId);
        } catch (err) {
          log("claim read failed", { lease, err: String(err) });
          continue;
        }
        if (claim.voided) {
          byLease.delete(lease);
          e.settle.resolve("already-voided");
        } else if (claim.finalized) {
          byLease.delete(lease);
          e.settle.reject(
            new ChainError(`challenge lease ${lease}`, { details: "finalized before it was challenged" }),
          );
        } else if (claim.claimedAt === 0n) {
          if (now() - e.since > giveUpMs) {
            byLease.delete(lease);
            e.settle.reject(
              new ChainError(`challenge lease ${lease}`, { details: `never claimed within ${giveUpMs} ms` }),
            );
          }
        } else {
          try {
            const tx = await init.submitter.challenge(e.receipt, e.attestation);
            byLease.delete(lease);
            log("challenge submitted", { lease, tx });
            e.settle.resolve(tx);
          } catch (err) {
            e.attempts++;
            log("challenge failed", { lease, attempt: e.attempts, err: String(err).split("\n")[0] });
            if (e.attempts >= maxAttempts) {
              byLease.delete(lease);
              e.settle.reject(err);
            }
          }
        }
      }
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), init.intervalMs ?? 1_000);
  timer.unref();

  return {
    get pending() {
      return byLease.size;
    },
    challenge(receipt, attestation) {
      const lease = toHex(receipt.leaseId);
      const existing = byLease.get(lease);
      if (existing) return existing.result;
      let settle!: Entry["settle"];
      const result = new Promise<string>((resolve, reject) => {
        settle = { resolve, reject };
      });
      byLease.set(lease, { receipt, attestation, since: now(), attempts: 0, settle, result });
      log("challenge queued until the lease is claimed", { lease, sequence: String(receipt.sequence) });
      return result;
    },
    stop() {
      clearInterval(timer);
      for (const [lease, e] of byLease)
        e.settle.reject(new ChainError(`challenge lease ${lease}`, { details: "node stopping" }));
      byLease.clear();
    },
  };
}
