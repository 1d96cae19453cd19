/**
 * The lease lifecycle as a pure state machine over plain data:
 *
 *   requested → offered → accepted → running → completed | failed → confirmed → settled
 *
 * `transition(lease, event)` returns the next lease or throws IllegalTransitionError; nothing here
 * touches a clock, a socket or a disk. Callers journal the event (and the resulting lease) before
 * acting on it, so a restart replays to the same state.
 */
import type { Role } from "@padmesh/proto";
import { IllegalTransitionError } from "../errors.js";

export const LEASE_STATUSES = [
  "requested",
  "offered",
  "accepted",
  "running",
  "completed",
  "failed",
  "confirmed",
  "settled",
] as const;
export type LeaseStatus = (typeof LEASE_STATUSES)[number];

/** A lease as the scheduler tracks it. Ids and hashes are 0x hex; amounts are bigint. */
export interface Lease {
  leaseId: string;
  sessionId: string;
  role: Role;
  peerId: string;
  operator: string;
  moduleHash: string;
  pricePerFuel: bigint;
  status: LeaseStatus;
  createdAtMs: number;
  updatedAtMs: number;
  /** Node-granted expiry; heartbeats extend it. */
  expiresAtMs?: number;
  lastHeartbeatMs?: number;
  /** Last step sequence the node reports journalled on this lease. */
  lastSequence: bigint;
  /** Why the lease failed (reject reason, missed heartbeats, expiry, step error). */
  failure?: string;
  /** How it ended before confirmation. */
  outcome?: "completed" | "failed";
  /** Checkpoint (sha256 hex) and last completed sequence it resumed from, when re-placed. */
  resumeCheckpoint?: string;
  resumeSequence: bigint;
  /** Where the node was dialled (from its advert), so a restarted scheduler can reach it again. */
  addresses?: string[];
}

export type LeaseEvent =
  | { type: "offer"; atMs: number }
  | { type: "accept"; atMs: number; expiresAtMs: number; operator: string }
  | { type: "reject"; atMs: number; reason: string }
  | { type: "confirm"; atMs: number; expiresAtMs?: number }
  | { type: "heartbeat"; atMs: number; lastSequence: bigint; expiresAtMs?: number }
  | { type: "complete"; atMs: number }
  | { type: "fail"; atMs: number; reason: string }
  | { type: "release-acked"; atMs: number }
  | { type: "settle"; atMs: number };

export type LeaseEventType = LeaseEvent["type"];
export const LEASE_EVENT_TYPES: readonly LeaseEventType[] = [
  "offer",
  "accept",
  "reject",
  "confirm",
  "heartbeat",
  "complete",
  "fail",
  "release-acked",
  "settle",
];

/** Which events each state accepts, and where they lead. Anything absent is illegal. */
export const LEASE_TRANSITIONS: Readonly<Record<LeaseStatus, Partial<Record<LeaseEventType, LeaseStatus>>>> =
  {
    requested: { offer: "offered", fail: "failed" },
    offered: { accept: "accepted", reject: "failed", fail: "failed" },
    accepted: { confirm: "running", reject: "failed", fail: "failed" },
    running: { heartbeat: "running", complete: "completed", fail: "failed" },
    completed: { "release-acked": "confirmed" },
    failed: { "release-acked": "confirmed" },
    confirmed: { settle: "settled" },
    settled: {},
  };

/** States in which the lease holds capacity on its node. */
export function isLive(status: LeaseStatus): boolean {
  return status === "offered" || status === "accepted" || status === "running";
}

/** States after which the lease never runs again. */
export function isEnded(status: LeaseStatus): boolean {
  return status === "completed" || status === "failed" || status === "confirmed" || status === "settled";
}

export interface NewLeaseInit {
  leaseId: string;
  sessionId: string;
  role: Role;
  peerId: string;
  operator: string;
  moduleHash: string;
  pricePerFuel: bigint;
  atMs: number;
  resumeCheckpoint?: string;
  resumeSequence?: bigint;
  addresses?: string[];
}

/** A freshly placed lease, in `requested`. */
export function newLease(init: NewLeaseInit): Lease {
  const lease: Lease = {
    leaseId: init.leaseId,
    sessionId: init.sessionId,
    role: init.role,
    peerId: init.peerId,
    operator: init.operator,
    moduleHash: init.moduleHash,
    pricePerFuel: init.pricePerFuel,
    status: "requested",
    createdAtMs: init.atMs,
    updatedAtMs: init.atMs,
    lastSequence: init.resumeSequence ?? 0n,
    resumeSequence: init.resumeSequence ?? 0n,
  };
  if (init.resumeCheckpoint !== undefined) lease.resumeCheckpoint = init.resumeCheckpoint;
  if (init.addresses !== undefined) lease.addresses = init.addresses;
  return lease;
}

/** Apply one event. Pure: returns a new object, never mutates `lease`. */
export function transition(lease: Lease, event: LeaseEvent): Lease {
  const to = LEASE_TRANSITIONS[lease.status][event.type];
  if (to === undefined) throw new IllegalTransitionError(lease.status, event.type);
  const next: Lease = { ...lease, status: to, updatedAtMs: Math.max(lease.updatedAtMs, event.atMs) };
  switch (event.type) {
    case "accept":
      next.expiresAtMs = event.expiresAtMs;
      next.operator = event.operator || lease.operator;
      break;
    case "confirm":
      next.lastHeartbeatMs = event.atMs;
      if (event.expiresAtMs !== undefined) next.expiresAtMs = event.expiresAtMs;
      break;
    case "heartbeat":
      next.lastHeartbeatMs = Math.max(lease.lastHeartbeatMs ?? 0, event.atMs);
      if (event.lastSequence > lease.lastSequence) next.lastSequence = event.lastSequence;
      if (event.expiresAtMs !== undefined) next.expiresAtMs = event.expiresAtMs;
      break;
    case "reject":
      next.failure = `rejected: ${event.reason}`;
      next.outcome = "failed";
      break;
    case "fail":
      next.failure = event.reason;
      next.outcome = "failed";
      break;
    case "complete":
      next.outcome = "completed";
      break;
    default:
      break;
  }
  return next;
}

export interface LivenessPolicy {
  heartbeatIntervalMs: number;
  /** Heartbeats that may be missed before the lease is failed. */
  maxMissedHeartbeats: number;
}

/**
 * Is a running lease still alive at `nowMs`? Returns the `fail` event to apply when it has
 * missed too many heartbeats or lapsed past its expiry; undefined while it is healthy (or not
 * running). Pure.
 */
export function checkLiveness(lease: Lease, nowMs: number, policy: LivenessPolicy): LeaseEvent | undefined {
  if (lease.status !== "running") return undefined;
  const last = lease.lastHeartbeatMs ?? lease.updatedAtMs;
  const missed = Math.floor((nowMs - last) / policy.heartbeatIntervalMs) - 1;
  if (missed >= policy.maxMissedHeartbeats) {
    return { type: "fail", atMs: nowMs, reason: `missed ${missed} heartbeats` };
  }
  if (lease.expiresAtMs !== undefined && lease.expiresAtMs < nowMs) {
    return { type: "fail", atMs: nowMs, reason: "lease expired" };
  }
  return undefined;
}
