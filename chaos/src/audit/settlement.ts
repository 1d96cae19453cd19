/**
 * Settlement audit, read from the chain (never from a server's word): after the sessions close,
 * wait (bounded) for the operators to claim their latest vouchers, move the chain past the
 * challenge window, finalize what is still pending (anyone may), then check each acknowledged
 * lease: claimed for exactly what the project acknowledged, finalized exactly once, or voided by an
 * upheld challenge.
 */
import { sessionEscrowAbi } from "@padmesh/contracts";
import type { Devnet } from "@padmesh/operators";
import type { Hex } from "viem";
import type { LeaseLedger } from "../ledger/receipt-ledger.js";

export interface LeaseSettlement {
  leaseId: string;
  sessionId: string;
  operator: string;
  acknowledged: bigint;
  claimed: bigint;
  finalized: boolean;
  voided: boolean;
  finalizedEvents: number;
  /** Acknowledged receipts not covered by the finalized claim (0 for a voided lease). */
  receiptsUnsettled: number;
  /** Acknowledged receipts of a lease the SDK later froze (forged or caught lying) beyond its last voucher. */
  receiptsForfeited: number;
}

export interface SettlementAudit {
  leases: LeaseSettlement[];
  receiptsUnsettled: number;
  receiptsForfeited: number;
  /** Leases finalized more than once, or claimed above what the project acknowledged. */
  overSettled: number;
  /** Claims on-chain for leases the project never acknowledged a receipt of. */
  unknownClaims: number;
  slashes: number;
  burned: bigint;
  /** Operators whose claim was voided by an upheld challenge. */
  slashedOperators: Set<string>;
  finalizeGas: bigint;
}

export interface SettleOptions {
  /** How long operators get to claim after the sessions close. */
  claimWaitMs?: number;
  /**
   * What the project countersigned per lease (its voucher book; it also covers receipts of failed
   * steps, which the ledger does not see): a claim above it is over-settled.
   */
  vouchered?: ReadonlyMap<string, bigint>;
  /** Leases a verifier attested a mismatch on (hex ids): their challenges are waited for. */
  disputed?: ReadonlySet<string>;
  challengeWaitMs?: number;
  /**
   * Leases the SDK froze (a receipt failed verification — a forgery — or a verifier attested a
   * mismatch): the project stops countersigning them, so what it owes is what its delivered
   * vouchers reached (hex id → amount); receipts acknowledged above it are forfeited, not lost.
   */
  forfeited?: ReadonlyMap<string, bigint>;
  say?: (m: string) => void;
}

type ClaimTuple = readonly [string, bigint, bigint, bigint, boolean, boolean];

export async function settleAndAudit(
  devnet: Devnet,
  leases: LeaseLedger[],
  opts: SettleOptions = {},
): Promise<SettlementAudit> {
  const pc = devnet.chain.publicClient;
  const escrow = devnet.deployment.contracts.sessionEscrow;
  const fromBlock = BigInt(devnet.deployment.deployedAtBlock);
  const readClaim = async (l: LeaseLedger) =>
    (await pc.readContract({
      address: escrow,
      abi: sessionEscrowAbi,
      functionName: "claims",
      args: [l.sessionId as Hex, l.leaseId as Hex],
    })) as unknown as ClaimTuple;

  const due = (l: LeaseLedger): bigint => {
    const cap = opts.forfeited?.get(l.leaseId);
    return cap !== undefined && cap < l.cumulative ? cap : l.cumulative;
  };
  opts.say?.(`waiting for operators to claim ${leases.length} leases`);
  const waitUntil = performance.now() + (opts.claimWaitMs ?? 30_000);
  for (;;) {
    let missing = 0;
    for (const l of leases) {
      const [, cumulative, , , , voided] = await readClaim(l);
      if (cumulative < due(l) && !voided) missing++;
    }
    if (missing === 0 || performance.now() > waitUntil) break;
    await new Promise((r) => setTimeout(r, 250));
  }

  // The challenge window is real time for a verifier (an hour on a devnet): before jumping the
  // chain past it, give the verifiers a bounded chance to get their challenges upheld.
  // Only a claimed lease can be challenged: a disputed lease its operator never claimed (the SDK
  // froze it before any voucher) has nothing to wait for.
  const claimedDisputed = new Set<string>();
  for (const l of leases) {
    if (!opts.disputed?.has(l.leaseId)) continue;
    const [, cumulative] = await readClaim(l);
    if (cumulative > 0n) claimedDisputed.add(l.leaseId);
  }
  if (claimedDisputed.size > 0) {
    opts.say?.(`waiting for challenges against ${claimedDisputed.size} disputed leases`);
    const until = performance.now() + (opts.challengeWaitMs ?? 20_000);
    for (;;) {
      const upheld = await pc.getContractEvents({
        address: escrow,
        abi: sessionEscrowAbi,
        eventName: "ChallengeUpheld",
        fromBlock,
      });
      const done = new Set(upheld.map((l) => String((l.args as { leaseId?: string }).leaseId).toLowerCase()));
      if ([...claimedDisputed].every((id) => done.has(id)) || performance.now() > until) break;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  opts.say?.("advancing the chain past the challenge window and finalizing pending claims");
  await devnet.chain.advanceTime(60 * 60);
  const project = devnet.chain.walletFor(devnet.project.key);
  let finalizeGas = 0n;
  const bySession = new Map<string, string[]>();
  for (const l of leases) {
    const [operator, cumulative, , , finalized, voided] = await readClaim(l);
    if (
      operator !== "0x0000000000000000000000000000000000000000" &&
      cumulative > 0n &&
      !finalized &&
      !voided
    ) {
      bySession.set(l.sessionId, [...(bySession.get(l.sessionId) ?? []), l.leaseId]);
    }
  }
  for (const [sessionId, ids] of bySession) {
    const hash = await project.writeContract({
      address: escrow,
      abi: sessionEscrowAbi,
      functionName: "finalize",
      args: [sessionId as Hex, ids as Hex[]],
    });
    finalizeGas += (await pc.waitForTransactionReceipt({ hash })).gasUsed;
  }

  const sessionsOfDrill = new Set(leases.map((l) => l.sessionId));
  const events = await pc.getContractEvents({ address: escrow, abi: sessionEscrowAbi, fromBlock });
  const finalizedCount = new Map<string, number>();
  const claimedLeases = new Set<string>();
  const slashedOperators = new Set<string>();
  let slashes = 0;
  let burned = 0n;
  for (const ev of events) {
    const name = (ev as { eventName?: string }).eventName;
    const args = (ev as { args?: Record<string, unknown> }).args ?? {};
    const key = `${String(args.sessionId).toLowerCase()}:${String(args.leaseId).toLowerCase()}`;
    if (name === "ClaimFinalized") finalizedCount.set(key, (finalizedCount.get(key) ?? 0) + 1);
    else if (name === "Claimed") claimedLeases.add(key);
    else if (name === "ChallengeUpheld" && sessionsOfDrill.has(String(args.sessionId).toLowerCase())) {
      slashes++;
      burned += (args.burned as bigint | undefined) ?? 0n;
      slashedOperators.add(String(args.operator).toLowerCase());
    }
  }

  const out: LeaseSettlement[] = [];
  let overSettled = 0;
  const known = new Set<string>();
  for (const l of leases) {
    const key = `${l.sessionId}:${l.leaseId}`;
    known.add(key);
    const [, claimed, , , finalized, voided] = await readClaim(l);
    const n = finalizedCount.get(key) ?? 0;
    const ceiling = opts.vouchered?.get(l.leaseId) ?? l.cumulative;
    // biome-ignore lint/complexity/useMathMinMax: bigints (Math.max takes numbers)
    const most = ceiling > l.cumulative ? ceiling : l.cumulative;
    if (n > 1 || claimed > most) overSettled++;
    const paidUpTo = finalized && !voided ? claimed : 0n;
    const owed = due(l);
    const receiptsUnsettled = voided
      ? 0
      : l.receipts.filter((r) => r.cumulative > paidUpTo && r.cumulative <= owed).length;
    const receiptsForfeited = voided ? 0 : l.receipts.filter((r) => r.cumulative > owed).length;
    out.push({
      leaseId: l.leaseId,
      sessionId: l.sessionId,
      operator: l.operator,
      acknowledged: l.cumulative,
      claimed,
      finalized,
      voided,
      finalizedEvents: n,
      receiptsUnsettled,
      receiptsForfeited,
    });
  }
  // Only this drill's sessions: several drills may share one devnet.
  const sessions = new Set(leases.map((l) => l.sessionId));
  const unknownClaims = [...claimedLeases].filter(
    (k) => sessions.has(k.split(":")[0]!) && !known.has(k),
  ).length;
  return {
    leases: out,
    receiptsUnsettled: out.reduce((s, l) => s + l.receiptsUnsettled, 0),
    receiptsForfeited: out.reduce((s, l) => s + l.receiptsForfeited, 0),
    overSettled,
    unknownClaims,
    slashes,
    burned,
    slashedOperators,
    finalizeGas,
  };
}

/** Whether an acknowledged receipt (by its lease's running total) was paid by the lease's claim. */
export function receiptPaid(settlement: LeaseSettlement | undefined, cumulativeAtReceipt: bigint): boolean {
  if (!settlement || settlement.voided || !settlement.finalized) return false;
  return settlement.claimed >= cumulativeAtReceipt;
}
