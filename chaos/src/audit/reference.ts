/**
 * Ground truth for wrong outputs: the drill re-executes every step of its compute-only sessions
 * locally, in sequence order, with the same runtime the mesh uses (same module, input, state,
 * sequence and time), and compares each acknowledged compute receipt's output hash. A receipt that
 * differs is a wrong output; it is caught when a verifier attested a mismatch for it, and paid
 * when its lease's finalized claim covers it.
 */
import { Role, toHex } from "@padmesh/proto";
import { executeStep, loadModule, outputHash, SessionState } from "@padmesh/runtime";
import type { SessionRecord } from "../harness/traffic.js";
import type { AckReceipt, ReceiptLedger } from "../ledger/receipt-ledger.js";

export interface ReferenceAudit {
  /** Compute receipts compared with a local re-execution. */
  compared: number;
  wrong: AckReceipt[];
  /** Wrong receipts a verifier attested a mismatch for. */
  caught: AckReceipt[];
  /** Mismatch attestations against acknowledged compute receipts the reference says are right. */
  falseAccusations: number;
  /**
   * Mismatch attestations the reference cannot judge: against receipts the SDK never acknowledged
   * (a failed step's, a refused lease's) or against other roles' receipts.
   */
  unjudged: number;
  /** Right receipts a verifier attested as matching. */
  verifiedOk: number;
}

export async function auditAgainstReference(
  moduleBytes: Uint8Array,
  sessions: SessionRecord[],
  ledger: ReceiptLedger,
): Promise<ReferenceAudit> {
  const module = await loadModule(moduleBytes);
  const computeBy = new Map<string, AckReceipt>();
  for (const r of ledger.all())
    if (r.role === Role.ROLE_COMPUTE) computeBy.set(`${r.sessionId}:${r.sequence}`, r);
  const out: ReferenceAudit = {
    compared: 0,
    wrong: [],
    caught: [],
    falseAccusations: 0,
    unjudged: 0,
    verifiedOk: 0,
  };
  const ackByHash = new Map(ledger.all().map((r) => [r.hash.toLowerCase(), r]));
  const wrongKeys = new Set<string>();
  for (const s of sessions) {
    let state = new SessionState();
    const seqs = [...s.submitted.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const seq of seqs) {
      const sub = s.submitted.get(seq)!;
      const outcome = await executeStep(module, sub.input, state, {
        sequence: seq,
        timestampMs: sub.timestampMs,
      });
      state = outcome.state;
      const ack = computeBy.get(`${s.sessionHex}:${seq}`);
      if (!ack) continue;
      out.compared++;
      if (toHex(outputHash(outcome.output)).toLowerCase() !== ack.outputHash) {
        out.wrong.push(ack);
        wrongKeys.add(`${ack.leaseId}:${ack.sequence}`);
      }
    }
    for (const a of s.attestations) {
      const key = `${toHex(a.leaseId).toLowerCase()}:${a.sequence}`;
      const ack = ackByHash.get(toHex(a.receiptHash).toLowerCase());
      const judged = ack !== undefined && ack.role === Role.ROLE_COMPUTE;
      if (a.mismatch && !wrongKeys.has(key)) {
        if (judged) out.falseAccusations++;
        else out.unjudged++;
      }
      if (!a.mismatch && !wrongKeys.has(key)) out.verifiedOk++;
    }
  }
  const caughtKeys = new Set<string>();
  for (const s of sessions) {
    for (const a of s.attestations)
      if (a.mismatch) caughtKeys.add(`${toHex(a.leaseId).toLowerCase()}:${a.sequence}`);
  }
  out.caught = out.wrong.filter((r) => caughtKeys.has(`${r.leaseId}:${r.sequence}`));
  return out;
}
