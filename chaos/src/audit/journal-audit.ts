/**
 * Journal audit, run after the mesh has stopped (level holds a lock while a node runs): every
 * receipt the SDK acknowledged must be in its signing node's journal with the same EIP-712 hash
 * (journalled before it was sent), and no replaced lease may have executed steps after its
 * successor took over (a lease never runs on two workers at once).
 */

import { join } from "node:path";
import { createLevelJournal } from "@padmesh/node";
import type { Devnet } from "@padmesh/operators";
import { fromHex, toHex } from "@padmesh/proto";
import type { SessionRecord } from "../harness/traffic.js";
import type { ReceiptLedger } from "../ledger/receipt-ledger.js";

export interface JournalAudit {
  checked: number;
  /** Acknowledged receipts absent from the journal, or journalled with another hash. */
  missing: number;
  mismatched: number;
  /** Steps a replaced lease executed after its successor's first step (split brain). */
  splitBrainSteps: number;
  /**
   * Leases whose latest voucher in the node's journal is short of what the project acknowledged
   * (the node cannot claim what it never received), and those whose node holds no voucher at all.
   */
  voucherShort: number;
  voucherNone: number;
  details: string[];
}

export async function auditJournals(
  devnet: Devnet,
  ledger: ReceiptLedger,
  sessions: SessionRecord[],
): Promise<JournalAudit> {
  const byOperator = new Map(devnet.workers.map((w) => [w.key.address.toLowerCase(), w]));
  const audit: JournalAudit = {
    checked: 0,
    missing: 0,
    mismatched: 0,
    splitBrainSteps: 0,
    voucherShort: 0,
    voucherNone: 0,
    details: [],
  };
  const latest = new Map<string, bigint>();
  const leasesByWorker = new Map<string, string[]>();
  for (const l of ledger.leases()) {
    const w = byOperator.get(l.operator);
    if (!w) {
      audit.missing += l.receipts.length;
      audit.details.push(`lease ${l.leaseId}: operator ${l.operator} is not a devnet worker`);
      continue;
    }
    leasesByWorker.set(w.spec.name, [...(leasesByWorker.get(w.spec.name) ?? []), l.leaseId]);
  }
  // Replaced leases are looked up too, even those without acknowledged receipts.
  const leaseWorker = new Map<string, string>();
  for (const s of sessions) {
    for (const [id, info] of s.leases) {
      const w = byOperator.get(info.operator.toLowerCase());
      if (w) leaseWorker.set(id, w.spec.name);
    }
  }

  for (const w of devnet.workers) {
    const journal = createLevelJournal({ path: join(w.dataDir, "journal") });
    await journal.open();
    try {
      for (const leaseId of leasesByWorker.get(w.spec.name) ?? []) {
        const v = await journal.getVoucher(fromHex(leaseId));
        if (!v) audit.voucherNone++;
        else if (BigInt(v.cumulativeAmount) < ledger.lease(leaseId)!.cumulative) audit.voucherShort++;
        for (const r of ledger.lease(leaseId)!.receipts) {
          audit.checked++;
          const rec = await journal.getStep(fromHex(leaseId), r.sequence);
          if (!rec) {
            audit.missing++;
            if (audit.details.length < 20)
              audit.details.push(`${w.spec.name}: ${leaseId}#${r.sequence} not journalled`);
          } else if (toHex(rec.receiptHash).toLowerCase() !== r.hash) {
            audit.mismatched++;
            if (audit.details.length < 20)
              audit.details.push(`${w.spec.name}: ${leaseId}#${r.sequence} other hash`);
          }
        }
      }
      for (const [leaseId, name] of leaseWorker) {
        if (name !== w.spec.name) continue;
        const last = await journal.latestStep(fromHex(leaseId));
        if (last) latest.set(leaseId, last.sequence);
      }
    } finally {
      await journal.close();
    }
  }

  // Per session and role, leases in placement order: an earlier lease must not have executed a
  // step past the first step its successor acknowledged.
  for (const s of sessions) {
    const order: { leaseId: string; role: number }[] = [];
    for (const ev of s.leaseEvents) {
      const id = toHex(ev.lease.leaseId).toLowerCase();
      if (!order.some((o) => o.leaseId === id)) order.push({ leaseId: id, role: ev.lease.role });
    }
    for (let i = 0; i < order.length; i++) {
      for (let j = i + 1; j < order.length; j++) {
        if (order[i]!.role !== order[j]!.role) continue;
        const succ = ledger.lease(order[j]!.leaseId)?.receipts;
        if (!succ || succ.length === 0) continue;
        // biome-ignore lint/complexity/useMathMinMax: bigints (Math.min takes numbers)
        const first = succ.reduce((m, r) => (r.sequence < m ? r.sequence : m), succ[0]!.sequence);
        const last = latest.get(order[i]!.leaseId);
        if (last !== undefined && last > first) {
          audit.splitBrainSteps += Number(last - first);
          audit.details.push(
            `session ${s.sessionHex.slice(0, 10)}: lease ${order[i]!.leaseId.slice(0, 10)} ran to #${last} after ${order[j]!.leaseId.slice(0, 10)} took over at #${first}`,
          );
        }
      }
    }
  }
  return audit;
}
