/**
 * The end of every drill: close its sessions, settle on-chain, stop the workers to read their
 * journals, and check the honest-path invariants — every acknowledged receipt journalled and
 * settled exactly once, none duplicated or conflicting, no lease on two workers at once, no wrong
 * output paid, PAD conserved, no process crashed — plus the drill's own goals. The workers are
 * restarted afterwards when the mesh is shared with a following drill.
 */
import { toHex } from "@padmesh/proto";
import { auditConservation, type SupplySnapshot } from "../audit/conservation.js";
import { auditJournals } from "../audit/journal-audit.js";
import type { ReferenceAudit } from "../audit/reference.js";
import { receiptPaid, type SettlementAudit, settleAndAudit } from "../audit/settlement.js";
import type { ReceiptLedger } from "../ledger/receipt-ledger.js";
import {
  buildReport,
  type DrillFigures,
  type DrillReport,
  emptyFigures,
  type InvariantResult,
  quantile,
} from "../report/report.js";
import type { DrillMesh } from "./drill-mesh.js";
import { closeSessions, type SessionRecord } from "./traffic.js";

export interface AuditDrillOptions {
  drill: string;
  mesh: DrillMesh;
  sessions: SessionRecord[];
  ledger: ReceiptLedger;
  supplyBefore: SupplySnapshot;
  startedAtMs: number;
  /** Seconds from each fault to its role running elsewhere. */
  replacementsS?: number[];
  /** A local re-execution of the drill's compute steps (byzantine). */
  reference?: () => Promise<ReferenceAudit>;
  /** Restart the workers after the journal audit (the mesh is shared with another drill). */
  keepMesh: boolean;
  claimWaitMs?: number;
  /** Drill-specific goals, checked once the figures are known. */
  goals?: (
    f: DrillFigures,
    ctx: { settlement: SettlementAudit; reference?: ReferenceAudit },
  ) => InvariantResult[];
  extra?: DrillReport["extra"];
  /** Runs once the workers are stopped, before their journals are read and they restart (undo faults). */
  afterWorkersStopped?: () => Promise<void>;
  /** Extra figures known only after the audit (merged into `extra`). */
  lateExtra?: () => DrillReport["extra"];
}

export async function auditDrill(o: AuditDrillOptions): Promise<DrillReport> {
  const { mesh, sessions, ledger } = o;
  const say = mesh.say;
  say(`${o.drill}: closing ${sessions.length} sessions`);
  await closeSessions(mesh.client, sessions);
  // The reference re-execution runs while operators claim.
  const reference = o.reference ? await o.reference() : undefined;
  const vouchered = new Map<string, bigint>();
  for (const s of sessions)
    for (const t of s.watch.vouchers.totals()) vouchered.set(t.leaseId.toLowerCase(), t.cumulative);
  const disputed = new Set<string>();
  for (const s of sessions)
    for (const a of s.attestations) if (a.mismatch) disputed.add(toHex(a.leaseId).toLowerCase());
  // Leases the SDK stopped countersigning — a receipt failed verification (forged) or a verifier
  // attested a mismatch — are owed only up to their last delivered voucher.
  const forfeited = new Map<string, bigint>();
  for (const s of sessions)
    for (const leaseId of new Set([
      ...s.rejectedLeases,
      ...s.attestations.filter((a) => a.mismatch).map((a) => toHex(a.leaseId).toLowerCase()),
    ])) {
      const v = [...s.watch.latestVouchers.entries()].find(([k]) => k.toLowerCase() === leaseId)?.[1];
      forfeited.set(leaseId, v ? BigInt(v.cumulativeAmount) : 0n);
    }
  const settlement = await settleAndAudit(mesh.devnet, ledger.leases(), {
    claimWaitMs: o.claimWaitMs,
    disputed,
    vouchered,
    forfeited,
    say,
  });
  const conservation = await auditConservation(mesh.devnet, o.supplyBefore, settlement.burned);
  await mesh.procs.sample();

  say(`${o.drill}: stopping the workers to audit their journals`);
  const workerNames = mesh.devnet.workers.map((w) => w.spec.name);
  for (const name of workerNames) mesh.procs.resume(name);
  await Promise.all(
    mesh.devnet.workers.map((w) =>
      w.process.child.exitCode === null && w.process.child.signalCode === null
        ? mesh.procs.stop(w.spec.name)
        : Promise.resolve(),
    ),
  );
  await o.afterWorkersStopped?.();
  const journals = await auditJournals(mesh.devnet, ledger, sessions);
  if (o.keepMesh) {
    await Promise.all(workerNames.map((n) => mesh.restartWorker(n)));
    await mesh.waitForWorkers(workerNames.length);
  }

  const latencies = sessions.flatMap((s) => s.latenciesMs);
  const f = emptyFigures();
  f.sessions_started = sessions.length;
  f.sessions_completed = sessions.filter((s) => s.done).length;
  f.steps_completed = sessions.reduce((n, s) => n + s.completed.size, 0);
  f.steps_failed = sessions.reduce((n, s) => n + s.failed.size, 0);
  f.receipts_acknowledged = ledger.acknowledged;
  f.receipts_lost = journals.missing + journals.mismatched + settlement.receiptsUnsettled;
  f.receipts_duplicated = ledger.duplicated;
  f.conflicting_signatures = ledger.conflicting;
  f.replacements = o.replacementsS?.length ?? 0;
  f.replacement_p99_s = quantile(o.replacementsS ?? [], 0.99);
  const settledBy = new Map(settlement.leases.map((l) => [l.leaseId, l]));
  if (reference) {
    f.wrong_outputs = reference.wrong.length;
    f.wrong_outputs_caught = reference.caught.length;
    f.wrong_outputs_paid = reference.wrong.filter((r) =>
      receiptPaid(settledBy.get(r.leaseId), r.cumulative),
    ).length;
  }
  f.slashes = settlement.slashes;
  f.crashes = mesh.procs.crashes.length;
  f.max_rss_mb = Math.max(0, ...mesh.procs.maxRssMb.values());
  f.step_latency_p50_ms = quantile(latencies, 0.5);
  f.step_latency_p99_ms = quantile(latencies, 0.99);
  f.wall_s = (performance.now() - o.startedAtMs) / 1000;

  const unsettledLeases = settlement.leases.filter((l) => l.receiptsUnsettled > 0);
  const nameOf = new Map(mesh.devnet.workers.map((w) => [w.key.address.toLowerCase(), w.spec.name]));
  const byWorker = new Map<string, { receipts: number; leases: number; claimedZero: number }>();
  for (const l of unsettledLeases) {
    const name = nameOf.get(l.operator) ?? l.operator;
    const b = byWorker.get(name) ?? { receipts: 0, leases: 0, claimedZero: 0 };
    b.receipts += l.receiptsUnsettled;
    b.leases++;
    if (l.claimed === 0n) b.claimedZero++;
    byWorker.set(name, b);
  }
  const unsettledBy = [...byWorker.entries()]
    .map(([n, b]) => `${n}: ${b.receipts} in ${b.leases} leases (${b.claimedZero} never claimed)`)
    .join("; ");
  const invariants: InvariantResult[] = [
    {
      name: "every acknowledged receipt is journalled by its node",
      ok: journals.missing + journals.mismatched === 0,
      detail: `${journals.checked} checked, ${journals.missing} missing, ${journals.mismatched} with another hash${journals.details.length ? ` (${journals.details.slice(0, 3).join("; ")})` : ""}`,
    },
    {
      name: "every acknowledged receipt is settled exactly once",
      ok:
        settlement.receiptsUnsettled === 0 && settlement.overSettled === 0 && settlement.unknownClaims === 0,
      detail:
        `${settlement.leases.length} leases: ${settlement.receiptsUnsettled} receipts unsettled in ${unsettledLeases.length} leases` +
        (unsettledLeases.length
          ? ` [${unsettledBy}] (e.g. lease ${unsettledLeases[0]!.leaseId.slice(0, 10)}: acknowledged ${unsettledLeases[0]!.acknowledged}, claimed ${unsettledLeases[0]!.claimed}, finalized ${unsettledLeases[0]!.finalized})`
          : "") +
        `, ${settlement.overSettled} over-settled, ${settlement.unknownClaims} claims never acknowledged`,
    },
    {
      name: "no receipt duplicated or conflicting",
      ok: ledger.duplicated === 0 && ledger.conflicting === 0,
      detail: `${ledger.duplicated} duplicated, ${ledger.conflicting} conflicting`,
    },
    {
      name: "no lease runs on two workers at once",
      ok: journals.splitBrainSteps === 0,
      detail: `${journals.splitBrainSteps} steps run by a replaced lease after its successor took over${
        journals.splitBrainSteps
          ? ` (${journals.details
              .filter((d) => d.includes("took over"))
              .slice(0, 2)
              .join("; ")})`
          : ""
      }`,
    },
    {
      name: "no wrong output is paid",
      ok: f.wrong_outputs_paid === 0,
      detail: reference
        ? `${reference.compared} compute receipts re-executed locally: ${f.wrong_outputs} wrong, ${f.wrong_outputs_caught} caught, ${f.wrong_outputs_paid} paid`
        : "no wrong outputs injected in this drill (not re-executed)",
    },
    { name: "PAD is conserved", ok: conservation.ok, detail: conservation.detail },
    {
      name: "no process crashed",
      ok: f.crashes === 0,
      detail: f.crashes
        ? mesh.procs.crashes.map((c) => `${c.name} exited ${c.code ?? c.signal}`).join(", ")
        : "every exit was the drill's doing",
    },
  ];
  const errors = sessions.filter((s) => s.error).map((s) => `#${s.index}: ${s.error}`);
  // Diagnostic: leases whose latest voucher the SDK managed to deliver (through the scheduler to
  // the node) is short of what the project acknowledged — a node can only claim what it was given.
  let undelivered = 0;
  for (const s of sessions) {
    // Leases a verifier disputed are frozen by the SDK on purpose: not counted.
    for (const l of ledger.leases().filter((x) => x.sessionId === s.sessionHex && !disputed.has(x.leaseId))) {
      const v =
        s.watch.latestVouchers.get(l.leaseId) ??
        [...s.watch.latestVouchers.entries()].find(([k]) => k.toLowerCase() === l.leaseId)?.[1];
      if (!v || BigInt(v.cumulativeAmount) < l.cumulative) undelivered++;
    }
  }
  invariants.push(...(o.goals?.(f, { settlement, reference }) ?? []));
  return buildReport(o.drill, f, invariants, {
    ...o.extra,
    ...o.lateExtra?.(),
    receipts_rejected_by_sdk: sessions.reduce((n, s) => n + s.receiptsRejected, 0),
    leases_with_undelivered_vouchers: undelivered,
    leases_node_voucher_short: journals.voucherShort,
    leases_node_without_voucher: journals.voucherNone,
    session_errors: errors.length ? errors.slice(0, 3).join(" | ") : null,
    pad_finalize_gas: Number(settlement.finalizeGas),
    leases_refused_by_sdk: sessions.reduce((n, s) => n + s.rejectedLeases.size, 0),
    leases_frozen: forfeited.size,
    receipts_forfeited: settlement.receiptsForfeited,
  });
}
