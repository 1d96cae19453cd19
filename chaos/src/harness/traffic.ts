/**
 * Drives agent sessions through the SDK the way a DeFi project would: open an escrow, place the
 * roles, keep a few steps in flight, watch (verifying every receipt, countersigning vouchers,
 * reconnecting after a scheduler restart), and record what the project saw: acknowledged receipts
 * (into the ledger), lease changes with their times, verifier attestations, step latencies, and
 * the inputs it sent so a step can be re-executed locally.
 */
import type { Attestation, LeaseInfo } from "@padmesh/proto";
import { toHex } from "@padmesh/proto";
import { sampleRiskInput } from "@padmesh/runtime";
import {
  closeSession,
  createSession,
  type MeshClient,
  openSession,
  type RolePlan,
  type SessionWatch,
  submitStep,
  watchSession,
} from "@padmesh/sdk";
import type { ReceiptLedger } from "../ledger/receipt-ledger.js";

export interface SessionRecord {
  index: number;
  sessionId: Uint8Array;
  sessionHex: string;
  deposit: bigint;
  watch: SessionWatch;
  /** Every lease ever announced for the session, by hex id. */
  leases: Map<string, LeaseInfo>;
  leaseEvents: { atMs: number; lease: LeaseInfo; reason: string }[];
  /** sequence → what was submitted (for local re-execution) and when. */
  submitted: Map<bigint, { input: Uint8Array; timestampMs: bigint; atMs: number }>;
  completed: Set<bigint>;
  failed: Map<bigint, string>;
  latenciesMs: number[];
  attestations: Attestation[];
  receiptsRejected: number;
  /** Leases (hex, lower case) with a receipt the SDK refused (forged): never countersigned again. */
  rejectedLeases: Set<string>;
  closedReason?: string;
  /** Every submitted step came back completed (none failed, none missing). */
  done: boolean;
  error?: string;
  /** Ends the watch (after close, or when the drill gives up). */
  stopWatch: AbortController;
  /** The watch loop; it keeps collecting attestations and lease events until the session closes. */
  watcher?: Promise<void>;
}

export interface TrafficOptions {
  client: MeshClient;
  ledger: ReceiptLedger;
  sessions: number;
  stepsPerSession: number;
  inFlightPerSession: number;
  roles: RolePlan[];
  depositPad: bigint;
  maxPricePerFuel: bigint;
  positions?: number;
  /** Give up on steps not completed by then (ms since the epoch of performance.now()). */
  deadlineMs: number;
  /** Called for each session once its leases are placed (for fault targeting). */
  onPlaced?: (s: SessionRecord) => void;
  say?: (m: string) => void;
  signal?: AbortSignal;
}

const STEP_T0 = 1_800_000_000_000n;

/** Open and place `sessions` sessions (one by one: one project account, one nonce at a time). */
export async function openSessions(opts: TrafficOptions): Promise<SessionRecord[]> {
  const out: SessionRecord[] = [];
  for (let i = 0; i < opts.sessions; i++) {
    opts.signal?.throwIfAborted();
    const deposit = opts.depositPad * 10n ** 18n;
    const stopWatch = new AbortController();
    const watchSignal = opts.signal ? AbortSignal.any([opts.signal, stopWatch.signal]) : stopWatch.signal;
    const { sessionId } = await openSession(opts.client, { deposit, maxPricePerFuel: opts.maxPricePerFuel });
    const { leases } = await createSession(opts.client, { sessionId, roles: opts.roles });
    const rec: SessionRecord = {
      index: i,
      sessionId,
      sessionHex: toHex(sessionId).toLowerCase(),
      deposit,
      watch: watchSession(opts.client, { sessionId, budget: deposit, leases, signal: watchSignal }),
      leases: new Map(leases.map((l) => [toHex(l.leaseId).toLowerCase(), l])),
      leaseEvents: leases.map((lease) => ({ atMs: performance.now(), lease, reason: "placed" })),
      submitted: new Map(),
      completed: new Set(),
      failed: new Map(),
      latenciesMs: [],
      attestations: [],
      receiptsRejected: 0,
      rejectedLeases: new Set(),
      done: false,
      stopWatch,
    };
    out.push(rec);
    opts.onPlaced?.(rec);
  }
  return out;
}

/** Run the steps of already-placed sessions to completion (or the deadline). */
export async function driveSessions(records: SessionRecord[], opts: TrafficOptions): Promise<void> {
  await Promise.all(records.map((s) => driveOne(s, opts)));
}

async function driveOne(s: SessionRecord, opts: TrafficOptions): Promise<void> {
  const total = opts.stepsPerSession;
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), Math.max(0, opts.deadlineMs - performance.now()));
  const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
  let resolved = 0;
  let allResolved!: () => void;
  const resolvedAll = new Promise<void>((r) => {
    allResolved = r;
  });
  const settle = () => {
    if (resolved >= total) allResolved();
  };
  s.watcher = (async () => {
    try {
      for await (const u of s.watch) {
        const now = performance.now();
        if (u.type === "step") {
          opts.ledger.acknowledge(s.sessionId, u.receipts, now);
          if (!s.completed.has(u.sequence) && !s.failed.has(u.sequence)) {
            s.completed.add(u.sequence);
            const sub = s.submitted.get(u.sequence);
            if (sub) s.latenciesMs.push(now - sub.atMs);
            resolved++;
            settle();
          }
        } else if (u.type === "stepFailed") {
          if (!s.completed.has(u.sequence) && !s.failed.has(u.sequence)) {
            s.failed.set(u.sequence, `${u.code}: ${u.message}`);
            resolved++;
            settle();
          }
        } else if (u.type === "lease") {
          s.leases.set(toHex(u.lease.leaseId).toLowerCase(), u.lease);
          s.leaseEvents.push({ atMs: now, lease: u.lease, reason: u.reason });
        } else if (u.type === "verification") s.attestations.push(u.attestation);
        else if (u.type === "receiptRejected") {
          s.receiptsRejected++;
          s.rejectedLeases.add(toHex(u.receipt.leaseId).toLowerCase());
        } else if (u.type === "closed") {
          s.closedReason = u.reason;
          return;
        }
      }
    } catch (err) {
      if (!s.stopWatch.signal.aborted && !opts.signal?.aborted) s.error = `watch: ${(err as Error).message}`;
    } finally {
      allResolved();
    }
  })();

  let next = 0;
  const submitter = async () => {
    while (next < total && !signal.aborted) {
      const i = next++;
      const input = sampleRiskInput(i, opts.positions ?? 20);
      const timestampMs = STEP_T0 + BigInt(i) * 1000n;
      const atMs = performance.now();
      try {
        const { sequence } = await submitStep(opts.client, {
          sessionId: s.sessionId,
          input,
          timestampMs,
          clientStepId: `chaos-${s.index}-${i}`,
          retryForMs: Math.max(1_000, opts.deadlineMs - performance.now()),
          signal,
        });
        s.submitted.set(sequence, { input, timestampMs, atMs });
      } catch (err) {
        if (!signal.aborted) s.error = `submit ${i}: ${(err as Error).message}`;
        return;
      }
      while (s.submitted.size - resolved >= opts.inFlightPerSession && !signal.aborted) {
        await new Promise((r) => setTimeout(r, 2));
      }
    }
  };
  await Promise.all(Array.from({ length: opts.inFlightPerSession }, submitter));
  // Wait for the outstanding results (or the deadline).
  await Promise.race([resolvedAll, new Promise((r) => signal.addEventListener("abort", r, { once: true }))]);
  clearTimeout(timer);
  stop.abort();
  s.done = s.completed.size === total && s.failed.size === 0;
}

/**
 * Deliver the last vouchers and close each session (operators then claim); waits (bounded) for
 * each watch to see its close, so late attestations are counted, then ends the watches.
 */
export async function closeSessions(
  client: MeshClient,
  records: SessionRecord[],
  opts: { waitMs?: number } = {},
): Promise<void> {
  for (const s of records) {
    await s.watch.flushVouchers().catch(() => {});
    await closeSession(client, { sessionId: s.sessionId }).catch((err: Error) => {
      s.error ??= `close: ${err.message}`;
    });
  }
  const until = new Promise((r) => setTimeout(r, opts.waitMs ?? 10_000).unref());
  await Promise.race([Promise.all(records.map((s) => s.watcher)), until]);
  for (const s of records) s.stopWatch.abort();
}
