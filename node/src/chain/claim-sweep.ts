/**
 * After a restart (or from the CLI with the node stopped): claim every ended lease whose voucher
 * was never claimed (or whose claim failed), and finalize every claim whose challenge window has
 * passed. Idempotent: claims are journalled, so nothing is claimed twice.
 */
import { toHex } from "@padmesh/proto";
import { type ClaimComponents, claimLease, finalizeLease } from "./claims.js";

export interface SweepResult {
  claimed: string[];
  finalized: string[];
  /** Claimed, still inside the challenge window. */
  waiting: string[];
  failed: Array<{ lease: string; error: string }>;
}

export async function sweepClaims(
  c: ClaimComponents,
  options: { signal?: AbortSignal } = {},
): Promise<SweepResult> {
  const out: SweepResult = { claimed: [], finalized: [], waiting: [], failed: [] };
  for (const lease of await c.journal.leases()) {
    if (lease.state !== "ended") continue;
    const leaseHex = toHex(lease.terms.leaseId);
    try {
      let rec = await c.journal.getClaim(lease.terms.leaseId);
      if (!rec || rec.state === "failed") {
        rec = await claimLease(c, lease.terms.leaseId, options);
        if (!rec) continue; // no voucher: nothing owed on this lease
        out.claimed.push(leaseHex);
      }
      if (rec.state === "claimed") {
        const after = await finalizeLease(c, lease.terms.sessionId, lease.terms.leaseId, options);
        if (after?.state === "finalized") out.finalized.push(leaseHex);
        else out.waiting.push(leaseHex);
      }
    } catch (err) {
      out.failed.push({
        lease: leaseHex,
        error: err instanceof Error ? (err.message.split("\n")[0] ?? "") : String(err),
      });
    }
  }
  return out;
}
