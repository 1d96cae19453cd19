/**
 * Observability's public contract: what the scheduler aggregates per node and per session, the
 * alarms it raises, and the JSON snapshot the dashboard renders. Amounts are PAD wei as decimal
 * strings (JSON has no bigint); times are epoch milliseconds; latencies milliseconds.
 */
import type { SessionEvent, TraceSummary } from "@padmesh/proto";

export type AlarmKind = "node_flapping" | "step_error_rate" | "latency_slo" | "escrow_low";

export interface Alarm {
  /** `<kind>:<subject>`: one alarm per kind and subject at a time. */
  id: string;
  kind: AlarmKind;
  /** Peer id or session id the alarm is about. */
  subject: string;
  severity: "warning" | "critical";
  message: string;
  /** The measured value and the threshold it crossed, in the kind's unit. */
  value: number;
  threshold: number;
  raisedAtMs: number;
  /** Set when the condition cleared. */
  resolvedAtMs?: number;
}

/** Config thresholds (the `observability.alarms` section of the scheduler config). */
export interface AlarmThresholds {
  /** Up/down transitions of a node's advert within `flapWindowMs` that count as flapping. */
  flapTransitions: number;
  flapWindowMs: number;
  /** Failed / all steps over the last `minSteps`..window of outcomes. */
  errorRate: number;
  /** p95 step latency above this (ms) breaks the SLO. */
  latencySloMs: number;
  /** Outcomes needed before error rate or latency alarms are judged. */
  minSteps: number;
  /** Alarm when (deposit - spent) / deposit falls below this. */
  escrowLowFraction: number;
}

export const DEFAULT_ALARM_THRESHOLDS: AlarmThresholds = {
  flapTransitions: 4,
  flapWindowMs: 300_000,
  errorRate: 0.05,
  latencySloMs: 2_000,
  minSteps: 20,
  escrowLowFraction: 0.1,
};

export interface LatencyStats {
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

export interface NodeView extends LatencyStats {
  peerId: string;
  operator: string;
  up: boolean;
  /** Fraction of observed ticks the node was in the advert index (0..1). */
  availability: number;
  /** Up/down transitions within the flap window. */
  flaps: number;
  roles: { role: string; pricePerFuel: string }[];
  descriptor: {
    cpuCores: number;
    cpuModel: string;
    ramBytes: string;
    gpus: { vendor: string; model: string; vramBytes: string; count: number }[];
    region: string;
    bandwidthUpBps: string;
    engines: string[];
  } | null;
  free: { cpuMillis: number; ramBytes: string; leaseSlots: number } | null;
  runningLeases: number;
  reputation: number;
  failures: number;
  rttMs: number | null;
  lastSeenMs: number | null;
  steps: number;
  failedSteps: number;
  errorRate: number;
  fuelPerSecond: number;
  padEarnedWei: string;
}

export interface LeaseView {
  leaseId: string;
  role: string;
  peerId: string;
  operator: string;
  state: string;
  pricePerFuel: string;
  reason: string;
}

export interface SessionView extends LatencyStats {
  sessionId: string;
  owner: string;
  state: "open" | "closed";
  closedReason: string;
  steps: number;
  failedSteps: number;
  errorRate: number;
  fuelPerSecond: number;
  spentWei: string;
  depositWei: string | null;
  claimedWei: string | null;
  leases: LeaseView[];
  lastEventMs: number;
}

export interface ReceiptView {
  sessionId: string;
  leaseId: string;
  role: string;
  sequence: string;
  operator: string;
  fuelUsed: string;
  pricePerFuel: string;
  status: string;
  receiptHash: string;
  /** "signature-ok": the scheduler checked the operator's signature before journalling it;
   *  "attested": a verifier re-executed it and agreed; "mismatch": a verifier disagreed. */
  verification: "signature-ok" | "attested" | "mismatch";
  atMs: number;
}

export interface ParamChangeView {
  atMs: number;
  block: string;
  name: string;
  old: string | null;
  new: string;
}

export interface DashboardSnapshot {
  nowMs: number;
  scheduler: { peerId: string; grpc: string; metrics: string };
  nodes: NodeView[];
  sessions: SessionView[];
  sessionsByState: Record<string, number>;
  leasesByState: Record<string, number>;
  /** Recent step latencies: [epoch ms, latency ms]. */
  latency: [number, number][];
  receipts: ReceiptView[];
  settlement: {
    escrowedWei: string;
    claimedWei: string;
    spentWei: string;
    /** Verifier attestations reporting a mismatch: each one a challenge, a slash when upheld. */
    mismatches: number;
    attested: number;
  };
  governance: { blockNumber: string; params: { name: string; value: string }[]; history: ParamChangeView[] };
  alarms: { active: Alarm[]; recent: Alarm[] };
  traces: TraceSummary[];
}

export interface Observer {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Feed one journalled session event (the scheduler taps its event hub). */
  onEvent(sessionId: string, event: SessionEvent): void;
  snapshot(): DashboardSnapshot;
  activeAlarms(): Alarm[];
  /** Called after each aggregation tick and on every alarm change; returns an unsubscribe. */
  onUpdate(listener: (reason: "tick" | "alarm") => void): () => void;
}
