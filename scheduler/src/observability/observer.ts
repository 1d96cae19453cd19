/**
 * The observer: aggregates per-node and per-session indicators from the scheduler's journalled
 * session events, the advert index and the escrow, raises and resolves alarms on every tick, and
 * exports both to `/metrics`. It owns no truth — everything it shows was journalled or read first —
 * so losing it loses nothing but history.
 */
import type { Meter } from "@opentelemetry/api";
import {
  hashReceipt,
  type MeshDomain,
  type Receipt,
  type SessionEvent,
  type SpanStore,
  toHex,
} from "@padmesh/proto";
import type { Hex } from "viem";
import type { EscrowReader, ParamsSource } from "../chain/interface.js";
import { type ParamsStore, paramKeyOf } from "../governance/params.js";
import type { AdvertIndex } from "../placement/interface.js";
import { leaseStateName, roleName } from "../session/names.js";
import { evaluateAlarms, reconcileAlarms } from "./alarms.js";
import type {
  Alarm,
  AlarmThresholds,
  DashboardSnapshot,
  LeaseView,
  NodeView,
  Observer,
  ParamChangeView,
  ReceiptView,
  SessionView,
} from "./interface.js";
import { percentile, Ring, ratePerSecond, type Sample } from "./window.js";

export interface ObserverLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface ObserverComponents {
  index: AdvertIndex;
  params: ParamsStore;
  /**
   * When given, governance history is read from the chain from block 0 (every ParamChanged since
   * deployment), not only the changes seen since start. Names come from `paramNames`.
   */
  paramsHistory?: { source: ParamsSource; names: readonly string[] };
  escrow: EscrowReader;
  /** Sessions and leases by state, from the session manager. */
  counts: () => { sessions: Record<string, number>; leases: Record<string, number> };
  /** Where alarm and indicator gauges go (the scheduler's /metrics meter). */
  meter: Meter;
  spans: SpanStore;
  logger: ObserverLogger;
  info: () => { peerId: string; grpc: string; metrics: string };
  now?: () => number;
}

export interface ObserverInit {
  domain: MeshDomain;
  thresholds: AlarmThresholds;
  /** Aggregation and alarm evaluation period (default 1 s). */
  tickMs?: number;
  /** How often open sessions' escrows are read (default 2 s). */
  escrowPollMs?: number;
  /** Step outcomes kept per node and per session for rates and percentiles (default 200). */
  window?: number;
  /** Points on the latency chart (default 600). */
  latencyPoints?: number;
  /** Receipts listed (default 100). */
  receipts?: number;
  /** Sessions tracked at most; the least recently active closed ones are forgotten first (default 2,000). */
  maxSessions?: number;
}

/** Outcomes and fuel for one node or session. */
interface Tally {
  steps: number;
  failed: number;
  outcomes: Ring<boolean>;
  latencies: Ring<number>;
  fuel: Ring<Sample>;
}

const newTally = (n: number): Tally => ({
  steps: 0,
  failed: 0,
  outcomes: new Ring(n),
  latencies: new Ring(n),
  fuel: new Ring(n * 4),
});

/** A listed receipt; its EIP-712 hash is computed only when shown or attested (keccak is not free). */
interface ReceiptEntry {
  view: Omit<ReceiptView, "receiptHash">;
  receipt: Receipt;
  hash?: string;
}

const receiptKey = (leaseId: Uint8Array, sequence: bigint) => `${toHex(leaseId)}/${sequence}`;

interface NodeState {
  tally: Tally;
  earnedWei: bigint;
  upTicks: number;
  ticks: number;
  up: boolean | undefined;
  transitions: number[];
  operator: string;
  lastUpMs: number;
}

interface SessionState {
  tally: Tally;
  spentWei: bigint;
  leases: Map<string, LeaseView>;
  closed: boolean;
  closedReason: string;
  owner: string;
  depositWei: bigint | null;
  claimedWei: bigint | null;
  lastEventMs: number;
}

const FUEL_WINDOW_MS = 60_000;
const CLOSED_ESCROW_POLL_MS = 15 * 60_000;
/** Closed sessions and departed nodes are forgotten after this; the journal still has them. */
const FORGET_AFTER_MS = 60 * 60_000;

function latencyStats(values: number[]) {
  return {
    p50Ms: percentile(values, 50) ?? null,
    p95Ms: percentile(values, 95) ?? null,
    p99Ms: percentile(values, 99) ?? null,
  };
}

function errorRate(t: Tally): number {
  const o = t.outcomes.values();
  return o.length === 0 ? 0 : o.filter((ok) => !ok).length / o.length;
}

/**
 * @example
 * const observer = createObserver({ index, params, escrow, counts, meter, spans, logger, info }, { domain, thresholds: DEFAULT_ALARM_THRESHOLDS });
 * await observer.start(); observer.onEvent(sessionId, event); observer.snapshot();
 */
export function createObserver(components: ObserverComponents, init: ObserverInit): Observer {
  const { index, params, escrow, meter, spans, logger } = components;
  const now = components.now ?? Date.now;
  const windowSize = init.window ?? 200;
  const nodes = new Map<string, NodeState>();
  const sessions = new Map<string, SessionState>();
  const leasePeer = new Map<string, string>();
  const latency = new Ring<[number, number]>(init.latencyPoints ?? 600);
  const receipts = new Ring<ReceiptEntry>(init.receipts ?? 100);
  /** Listed receipts by `<lease>/<sequence>`, for attestations to find theirs. */
  const receiptByKey = new Map<string, ReceiptEntry>();
  const history: ParamChangeView[] = [];
  let active = new Map<string, Alarm>();
  const recentAlarms = new Ring<Alarm>(50);
  const listeners = new Set<(reason: "tick" | "alarm") => void>();
  let attested = 0;
  let mismatches = 0;
  let tickTimer: NodeJS.Timeout | undefined;
  let escrowTimer: NodeJS.Timeout | undefined;
  let unwatchParams: (() => void) | undefined;

  const notify = (reason: "tick" | "alarm") => {
    for (const l of listeners) l(reason);
  };

  function node(peerId: string, operator = ""): NodeState {
    let n = nodes.get(peerId);
    if (!n) {
      n = {
        tally: newTally(windowSize),
        earnedWei: 0n,
        upTicks: 0,
        ticks: 0,
        up: undefined,
        transitions: [],
        operator,
        lastUpMs: now(),
      };
      nodes.set(peerId, n);
    }
    if (operator && !n.operator) n.operator = operator;
    return n;
  }

  function session(sid: string): SessionState {
    let s = sessions.get(sid);
    if (!s) {
      s = {
        tally: newTally(windowSize),
        spentWei: 0n,
        leases: new Map(),
        closed: false,
        closedReason: "",
        owner: "",
        depositWei: null,
        claimedWei: null,
        lastEventMs: now(),
      };
      sessions.set(sid, s);
    }
    return s;
  }

  /** The receipt's EIP-712 hash (what attestations name); "" for a malformed receipt. */
  function receiptHashOf(r: Receipt): string {
    try {
      return toHex(hashReceipt(init.domain, r));
    } catch {
      return "";
    }
  }

  function peerOfReceipt(r: Receipt): string | undefined {
    const byLease = leasePeer.get(toHex(r.leaseId));
    if (byLease) return byLease;
    for (const n of index.all()) if (n.operator.toLowerCase() === r.operator.toLowerCase()) return n.peerId;
    return undefined;
  }

  function countStep(s: SessionState, rs: readonly Receipt[], ok: boolean, latencyMs: number | undefined) {
    const t = now();
    const tallies = [s.tally];
    for (const r of rs) {
      const fuel = Number(r.fuelUsed);
      const paid = r.fuelUsed * r.pricePerFuel;
      s.spentWei += paid;
      s.tally.fuel.push({ atMs: t, value: fuel });
      const peer = peerOfReceipt(r);
      if (peer) {
        const n = node(peer, r.operator);
        n.earnedWei += paid;
        n.tally.fuel.push({ atMs: t, value: fuel });
        if (!tallies.includes(n.tally)) tallies.push(n.tally);
      }
      const view: ReceiptEntry["view"] = {
        sessionId: toHex(r.sessionId),
        leaseId: toHex(r.leaseId),
        role: roleName(r.role),
        sequence: r.sequence.toString(),
        operator: r.operator,
        fuelUsed: r.fuelUsed.toString(),
        pricePerFuel: r.pricePerFuel.toString(),
        status: r.status === 0 ? "ok" : `status ${r.status}`,
        verification: "signature-ok",
        atMs: t,
      };
      const entry: ReceiptEntry = { view, receipt: r };
      receipts.push(entry);
      receiptByKey.set(receiptKey(r.leaseId, r.sequence), entry);
    }
    // Bound the index to what the receipt list still shows.
    if (receiptByKey.size > receipts.capacity * 4) {
      const keep = new Set(receipts.values());
      for (const [k, e] of receiptByKey) if (!keep.has(e)) receiptByKey.delete(k);
    }
    for (const tally of tallies) {
      tally.steps += 1;
      if (!ok) tally.failed += 1;
      tally.outcomes.push(ok);
      if (latencyMs !== undefined) tally.latencies.push(latencyMs);
    }
    if (latencyMs !== undefined) latency.push([t, latencyMs]);
  }

  function onEvent(sessionId: string, event: SessionEvent): void {
    const s = session(sessionId.toLowerCase());
    s.lastEventMs = now();
    const kind = event.kind;
    if (!kind) return;
    switch (kind.$case) {
      case "stepCompleted":
        countStep(s, kind.value.receipts, true, Number(kind.value.latencyUs) / 1000);
        break;
      case "stepFailed":
        countStep(s, kind.value.receipts, false, undefined);
        break;
      case "leaseChanged": {
        const l = kind.value.lease;
        if (!l) break;
        const leaseId = toHex(l.leaseId);
        if (l.peerId) leasePeer.set(leaseId, l.peerId);
        s.leases.set(leaseId, {
          leaseId,
          role: roleName(l.role),
          peerId: l.peerId,
          operator: l.operator,
          state: leaseStateName(l.state),
          pricePerFuel: l.pricePerFuel.toString(),
          reason: kind.value.reason,
        });
        break;
      }
      case "closed":
        s.closed = true;
        s.closedReason = kind.value.reason;
        break;
      case "verification": {
        const a = kind.value.attestation;
        if (!a) break;
        if (a.mismatch) mismatches += 1;
        else attested += 1;
        const e = receiptByKey.get(receiptKey(a.leaseId, a.sequence));
        if (e) {
          e.hash ??= receiptHashOf(e.receipt);
          // The attestation names the receipt by hash: mark ours only if it is that receipt.
          if (e.hash === toHex(a.receiptHash)) e.view.verification = a.mismatch ? "mismatch" : "attested";
        }
        break;
      }
    }
  }

  function sampleNodes(t: number): void {
    const present = new Map([...index.all()].map((n) => [n.peerId, n]));
    for (const [peerId, rec] of present) node(peerId, rec.operator);
    for (const [peerId, n] of nodes) {
      const up = present.has(peerId);
      if (n.up !== undefined && n.up !== up) n.transitions.push(t);
      n.up = up;
      n.ticks += 1;
      if (up) {
        n.upTicks += 1;
        n.lastUpMs = t;
      }
      const from = t - init.thresholds.flapWindowMs;
      while ((n.transitions[0] ?? Number.POSITIVE_INFINITY) <= from) n.transitions.shift();
      if (!up && t - n.lastUpMs > FORGET_AFTER_MS) nodes.delete(peerId);
    }
  }

  /** Bound memory: forget long-closed sessions (and their leases), oldest first past the cap. */
  function prune(t: number): void {
    const cap = init.maxSessions ?? 2_000;
    const forget = (sid: string, s: SessionState) => {
      for (const leaseId of s.leases.keys()) leasePeer.delete(leaseId);
      sessions.delete(sid);
    };
    for (const [sid, s] of sessions) if (s.closed && t - s.lastEventMs > FORGET_AFTER_MS) forget(sid, s);
    if (sessions.size <= cap) return;
    const byAge = [...sessions].sort(
      ([, a], [, b]) => Number(b.closed) - Number(a.closed) || a.lastEventMs - b.lastEventMs,
    );
    for (const [sid, s] of byAge.slice(0, sessions.size - cap)) forget(sid, s);
  }

  function evaluate(t: number): void {
    const conditions = evaluateAlarms(
      {
        nodes: [...nodes].map(([peerId, n]) => ({
          peerId,
          flaps: n.transitions.length,
          steps: n.tally.outcomes.length,
          errorRate: errorRate(n.tally),
        })),
        sessions: [...sessions].map(([sessionId, s]) => ({
          sessionId,
          open: !s.closed,
          windowSteps: s.tally.outcomes.length,
          errorRate: errorRate(s.tally),
          p95Ms: percentile(s.tally.latencies.values(), 95) ?? null,
          depositWei: s.depositWei,
          spentWei: s.spentWei,
        })),
      },
      init.thresholds,
    );
    const r = reconcileAlarms(active, conditions, t);
    active = r.active;
    for (const a of r.raised) {
      alarmsRaised.add(1, { alarm: a.kind, severity: a.severity });
      recentAlarms.push(a);
      logger.warn(
        { alarm: a.kind, subject: a.subject, value: a.value, threshold: a.threshold },
        `alarm: ${a.message}`,
      );
    }
    for (const a of r.resolved) {
      recentAlarms.push(a);
      logger.info({ alarm: a.kind, subject: a.subject }, `alarm resolved: ${a.message}`);
    }
    if (r.raised.length > 0 || r.resolved.length > 0) notify("alarm");
  }

  async function pollEscrows(): Promise<void> {
    const t = now();
    for (const [sid, s] of sessions) {
      // Claims land after a session closes (challenge window): keep reading a closed session's
      // escrow for a while, then stop.
      if (s.closed && s.depositWei !== null && t - s.lastEventMs > CLOSED_ESCROW_POLL_MS) continue;
      try {
        const e = await escrow.session(sid as Hex);
        if (!e) continue;
        s.owner = e.owner;
        s.depositWei = e.deposit;
        s.claimedWei = e.claimed;
      } catch (err) {
        logger.warn({ err: (err as Error).message, sessionId: sid }, "escrow read failed");
      }
    }
  }

  // ---------------------------------------------------------------- /metrics
  const alarmsRaised = meter.createCounter("padmesh_scheduler_alarms_total", {
    description: "Alarms raised, by alarm kind and severity",
  });
  meter
    .createObservableGauge("padmesh_scheduler_alarms_active", {
      description: "Alarms active now, by alarm kind",
    })
    .addCallback((r) => {
      const byKind = new Map<string, number>();
      for (const a of active.values()) byKind.set(a.kind, (byKind.get(a.kind) ?? 0) + 1);
      for (const kind of ["node_flapping", "step_error_rate", "latency_slo", "escrow_low"])
        r.observe(byKind.get(kind) ?? 0, { alarm: kind });
    });
  meter
    .createObservableGauge("padmesh_scheduler_node_availability_ratio", {
      description: "Fraction of observations a node was in the advert index, by peer",
    })
    .addCallback((r) => {
      for (const [peer, n] of nodes) if (n.ticks > 0) r.observe(n.upTicks / n.ticks, { peer });
    });
  meter
    .createObservableGauge("padmesh_scheduler_node_step_error_ratio", {
      description: "Failed / all steps over a node's recent window, by peer",
    })
    .addCallback((r) => {
      for (const [peer, n] of nodes) r.observe(errorRate(n.tally), { peer });
    });
  meter
    .createObservableGauge("padmesh_scheduler_node_fuel_per_second", {
      description: "Fuel burned per second on a node over the last minute, by peer",
    })
    .addCallback((r) => {
      const t = now();
      for (const [peer, n] of nodes)
        r.observe(ratePerSecond(n.tally.fuel.values(), t, FUEL_WINDOW_MS), { peer });
    });
  meter
    .createObservableCounter("padmesh_scheduler_node_pad_earned_wei_total", {
      description: "PAD wei a node earned by receipts this scheduler journalled (fuel × price), by peer",
    })
    .addCallback((r) => {
      for (const [peer, n] of nodes) r.observe(Number(n.earnedWei), { peer });
    });
  meter
    .createObservableGauge("padmesh_scheduler_session_step_latency_p95_seconds", {
      description: "p95 step latency over a session's recent window, by session",
    })
    .addCallback((r) => {
      for (const [session, s] of sessions) {
        const p = percentile(s.tally.latencies.values(), 95);
        if (!s.closed && p !== undefined) r.observe(p / 1000, { session });
      }
    });
  meter
    .createObservableGauge("padmesh_scheduler_session_escrow_remaining_ratio", {
      description: "(deposit - spent) / deposit of an open session, by session",
    })
    .addCallback((r) => {
      for (const [session, s] of sessions)
        if (!s.closed && s.depositWei !== null && s.depositWei > 0n)
          r.observe(Number(s.depositWei - s.spentWei) / Number(s.depositWei), { session });
    });

  // ---------------------------------------------------------------- snapshot
  function nodeView(peerId: string, n: NodeState, t: number): NodeView {
    const rec = index.get(peerId);
    const a = rec?.advert;
    const d = a?.descriptor;
    return {
      peerId,
      operator: rec?.operator ?? n.operator,
      up: rec !== undefined,
      availability: n.ticks === 0 ? (rec ? 1 : 0) : n.upTicks / n.ticks,
      flaps: n.transitions.length,
      roles: (a?.roles ?? []).map((o) => ({
        role: roleName(o.role),
        pricePerFuel: o.pricePerFuel.toString(),
      })),
      descriptor: d
        ? {
            cpuCores: d.cpuCores,
            cpuModel: d.cpuModel,
            ramBytes: d.ramBytes.toString(),
            gpus: d.gpus.map((g) => ({
              vendor: g.vendor,
              model: g.model,
              vramBytes: g.vramBytes.toString(),
              count: g.count,
            })),
            region: d.region,
            bandwidthUpBps: d.bandwidthUpBps.toString(),
            engines: d.engines,
          }
        : null,
      free: a?.free
        ? { cpuMillis: a.free.cpuMillis, ramBytes: a.free.ramBytes.toString(), leaseSlots: a.free.leaseSlots }
        : null,
      runningLeases: a?.runningLeases ?? 0,
      reputation: rec?.reputation ?? 0,
      failures: rec?.failures ?? 0,
      rttMs: rec?.latencyMs ?? null,
      lastSeenMs: rec?.lastSeenMs ?? null,
      steps: n.tally.steps,
      failedSteps: n.tally.failed,
      errorRate: errorRate(n.tally),
      fuelPerSecond: ratePerSecond(n.tally.fuel.values(), t, FUEL_WINDOW_MS),
      padEarnedWei: n.earnedWei.toString(),
      ...latencyStats(n.tally.latencies.values()),
    };
  }

  function sessionView(sessionId: string, s: SessionState, t: number): SessionView {
    return {
      sessionId,
      owner: s.owner,
      state: s.closed ? "closed" : "open",
      closedReason: s.closedReason,
      steps: s.tally.steps,
      failedSteps: s.tally.failed,
      errorRate: errorRate(s.tally),
      fuelPerSecond: ratePerSecond(s.tally.fuel.values(), t, FUEL_WINDOW_MS),
      spentWei: s.spentWei.toString(),
      depositWei: s.depositWei?.toString() ?? null,
      claimedWei: s.claimedWei?.toString() ?? null,
      leases: [...s.leases.values()],
      lastEventMs: s.lastEventMs,
      ...latencyStats(s.tally.latencies.values()),
    };
  }

  function snapshot(): DashboardSnapshot {
    const t = now();
    const counts = components.counts();
    let escrowed = 0n;
    let claimed = 0n;
    let spent = 0n;
    for (const s of sessions.values()) {
      escrowed += s.depositWei ?? 0n;
      claimed += s.claimedWei ?? 0n;
      spent += s.spentWei;
    }
    return {
      nowMs: t,
      scheduler: components.info(),
      nodes: [...nodes].map(([id, n]) => nodeView(id, n, t)),
      sessions: [...sessions]
        .map(([id, s]) => sessionView(id, s, t))
        .sort((a, b) => b.lastEventMs - a.lastEventMs)
        .slice(0, 50),
      sessionsByState: counts.sessions,
      leasesByState: counts.leases,
      latency: latency.values(),
      receipts: receipts
        .values()
        .reverse()
        .map((e) => {
          e.hash ??= receiptHashOf(e.receipt);
          return { ...e.view, receiptHash: e.hash };
        }),
      settlement: {
        escrowedWei: escrowed.toString(),
        claimedWei: claimed.toString(),
        spentWei: spent.toString(),
        mismatches,
        attested,
      },
      governance: {
        blockNumber: params.blockNumber().toString(),
        params: [...params.values()]
          .map(([name, v]) => ({ name, value: v.toString() }))
          .sort((a, b) => a.name.localeCompare(b.name)),
        history: [...history].reverse(),
      },
      alarms: { active: [...active.values()], recent: recentAlarms.values().reverse() },
      traces: spans.recent(30),
    };
  }

  return {
    onEvent,
    snapshot,
    activeAlarms: () => [...active.values()],
    onUpdate(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      const record = (block: bigint, name: string, old: bigint | undefined, value: bigint) => {
        history.push({
          atMs: now(),
          block: block.toString(),
          name,
          old: old?.toString() ?? null,
          new: value.toString(),
        });
        if (history.length > 500) history.shift();
        notify("tick");
      };
      const fromChain = components.paramsHistory;
      if (fromChain) {
        const names = new Map(fromChain.names.map((n) => [paramKeyOf(n).toLowerCase(), n]));
        unwatchParams = fromChain.source.watch(
          (c) => record(c.blockNumber, names.get(c.key.toLowerCase()) ?? c.key, c.oldValue, c.newValue),
          {
            fromBlock: 0n,
            onError: (err) => logger.warn({ err: err.message }, "governance history watch error"),
          },
        );
      } else {
        unwatchParams = params.onChange((name, old, value) => record(params.blockNumber(), name, old, value));
      }
      const tick = () => {
        const t = now();
        sampleNodes(t);
        prune(t);
        evaluate(t);
        notify("tick");
      };
      tickTimer = setInterval(tick, init.tickMs ?? 1_000);
      tickTimer.unref();
      let polling = false;
      escrowTimer = setInterval(() => {
        if (polling) return;
        polling = true;
        pollEscrows().finally(() => {
          polling = false;
        });
      }, init.escrowPollMs ?? 2_000);
      escrowTimer.unref();
      tick();
    },
    async stop() {
      clearInterval(tickTimer);
      clearInterval(escrowTimer);
      unwatchParams?.();
      listeners.clear();
    },
  };
}
