/**
 * Getting paid: when a lease ends, claim its latest voucher on-chain (SessionEscrow.claim), and
 * after the challenge window withdraw (SessionEscrow.finalize). Every step is journalled, so a
 * restart neither double-claims nor forgets a pending finalize. `claimLease` is also what the
 * CLI calls (`padmesh node claim`).
 */
import { type Tracer, toHex } from "@padmesh/proto";
import { ChainError } from "../errors.js";
import type { ClaimRecord, NodeJournal } from "../journal/interface.js";
import type { ClaimSubmitter } from "./interface.js";

export interface ClaimComponents {
  journal: NodeJournal;
  submitter: ClaimSubmitter;
  now?: () => number;
  /** Records `node.claim` / `node.finalize` spans (docs/observability.md). */
  tracer?: Tracer;
}

/** Claim the journalled voucher of `leaseId`. Returns the claim record (idempotent). */
export async function claimLease(
  components: ClaimComponents,
  leaseId: Uint8Array,
  options: { signal?: AbortSignal } = {},
): Promise<ClaimRecord | undefined> {
  const now = components.now ?? Date.now;
  const done = await components.journal.getClaim(leaseId);
  const voucher = await components.journal.getVoucher(leaseId);
  // A claim stands until a higher voucher arrives (e.g. redelivered after an outage): while the
  // claim is pending on-chain, the escrow accepts the higher cumulative amount.
  const higher =
    done?.state === "claimed" &&
    voucher !== undefined &&
    done.amount !== undefined &&
    BigInt(voucher.cumulativeAmount) > BigInt(done.amount);
  if (done && done.state !== "failed" && !higher) return done;
  if (!voucher) return undefined;
  const span = components.tracer?.startSpan("node.claim", {
    attributes: {
      lease: toHex(leaseId),
      amount: voucher.cumulativeAmount,
      receipts: Number(voucher.receiptCount),
    },
  });
  try {
    const txHash = await components.submitter.claim(voucher, options);
    const rec: ClaimRecord = {
      leaseId,
      state: "claimed",
      txHash,
      claimedAtMs: now(),
      amount: voucher.cumulativeAmount,
    };
    await components.journal.putClaim(rec);
    span?.end({ attributes: { tx: txHash } });
    return rec;
  } catch (cause) {
    span?.end({ error: cause });
    const rec: ClaimRecord = {
      leaseId,
      state: "failed",
      claimedAtMs: now(),
      error: cause instanceof Error ? cause.message.split("\n")[0] : String(cause),
    };
    // A failed re-claim leaves the standing claim as it was (it can still be finalized).
    if (!higher) await components.journal.putClaim(rec);
    throw new ChainError(`claim lease ${toHex(leaseId)}`, { cause });
  }
}

/** Finalize a claimed lease once its challenge window has passed. Returns the updated record. */
export async function finalizeLease(
  components: ClaimComponents,
  sessionId: Uint8Array,
  leaseId: Uint8Array,
  options: { signal?: AbortSignal } = {},
): Promise<ClaimRecord | undefined> {
  const now = components.now ?? Date.now;
  const rec = await components.journal.getClaim(leaseId);
  if (rec?.state !== "claimed") return rec;
  const window = await components.submitter.challengeWindowMs();
  if (now() < rec.claimedAtMs + window) return rec;
  const span = components.tracer?.startSpan("node.finalize", { attributes: { lease: toHex(leaseId) } });
  try {
    const txHash = await components.submitter.finalize(sessionId, [leaseId], options);
    span?.end({ attributes: { tx: txHash } });
    const next: ClaimRecord = { ...rec, state: "finalized", txHash };
    await components.journal.putClaim(next);
    return next;
  } catch (cause) {
    span?.end({ error: cause });
    throw new ChainError(`finalize lease ${toHex(leaseId)}`, { cause });
  }
}
