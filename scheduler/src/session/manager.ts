/**
 * The session manager: sessions, their leases and their steps. It owns the order of effects —
 * every lease transition, step, receipt and event is journalled (group commit) before it is acted
 * on or announced — and drives each open session with one serial loop ("drive") that keeps every
 * role placed and runs pending steps in sequence order. Placement decisions come from the pure
 * placement pipeline; the node stays the authority on its capacity (offer → accept|reject →
 * confirm). Failed leases are re-placed on other nodes, resuming from the last checkpoint.
 */
import { randomBytes } from "node:crypto";
import {
  bytesEqual,
  type CheckedReceipt,
  type CoordinateResponse,
  type CreateSessionRequest,
  type CreateSessionResponse,
  checkStepReceipt,
  coordinationRecordOf,
  decodeMessage,
  fromHex,
  fromTraceSpan,
  hashReceipt,
  LeaseRejectReason,
  LeaseState,
  type MeshDomain,
  type Receipt,
  ReleaseReason,
  Role,
  type RolePlacement,
  type SessionEvent,
  StateSnapshot,
  type StepInput,
  type StepOutput,
  type StepResult,
  type SubmitStepRequest,
  type SubmitStepResponse,
  type Tracer,
  type TraceSpan,
  toHex,
  type Voucher,
  verifyAttestationSignature,
  verifyVoucherSignature,
} from "@padmesh/proto";
import type { Address, Hex } from "viem";
import { checkpointOp } from "../blob/journalled.js";
import type { BlobStore } from "../blob/store.js";
import { emptyCanaryStats, recordCanaryOutcome, routesToCanary, shouldRollBack } from "../canary/router.js";
import type { EscrowReader } from "../chain/interface.js";
import {
  BudgetExhaustedError,
  EscrowMismatchError,
  InvalidRequestError,
  LeaseFailedError,
  OverloadedError,
  PermissionDeniedError,
  RateLimitedError,
  SessionClosedError,
  SessionExistsError,
  SessionNotFoundError,
  UnplaceableError,
} from "../errors.js";
import type { ServiceParams } from "../governance/params.js";
import {
  checkLiveness,
  isLive,
  type Lease,
  type LeaseEvent,
  type LeaseStatus,
  newLease,
  transition,
} from "../lease/machine.js";
import type { NodeClient } from "../mesh/node-client.js";
import type { SchedulerMetrics } from "../metrics/metrics.js";
import { place, toRolePlacement } from "../placement/index.js";
import type { AdvertIndex, PlacementParams } from "../placement/interface.js";
import {
  admitByPriority,
  admitWindow,
  type BucketState,
  takeToken,
  type WindowState,
} from "../quota/limits.js";
import { sampledForVerification } from "../verify/sample.js";
import { capacityOf, leaseInfo, roleSpecs } from "./convert.js";
import type { EventHub } from "./hub.js";
import { leaseStateName, rejectReasonName, roleName } from "./names.js";
import { nextStepWouldExceed, type RoleSpec, type SessionRecord, type StepRecord } from "./record.js";
import { Batch, type SessionStore } from "./store.js";

export interface ManagerLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface SessionManagerComponents {
  store: SessionStore;
  hub: EventHub;
  index: AdvertIndex;
  nodes: NodeClient;
  blobs: BlobStore;
  escrow: EscrowReader;
  metrics: SchedulerMetrics;
  logger: ManagerLogger;
  /** Current governance values (hot-updated). */
  params: () => { placement: PlacementParams; service: ServiceParams };
  now?: () => number;
  /** Spans for placement, leases, steps and journalling (docs/observability.md); none when absent. */
  tracer?: Tracer;
}

export interface SessionManagerInit {
  domain: MeshDomain;
  /** This scheduler's libp2p peer id (LeaseTerms.scheduler). */
  peerId: string;
  heartbeatIntervalMs: number;
  maxMissedHeartbeats: number;
  leaseTtlMs: number;
  reservationMs: number;
  /** Offers tried per role before giving up (each rejection excludes that node). */
  offerAttempts: number;
  /** Steps queued across all sessions before new ones are refused (by priority). */
  maxPendingSteps: number;
  maxPriority: number;
  maxOpenSessionsPerProject: number;
  /** How long a role may stay unplaced before its session is closed. */
  unplacedGiveUpMs: number;
  /** How long CreateSession keeps retrying a placement that nodes refused for lack of room. */
  placementRetryMs: number;
}

/** What the manager holds in memory for an open (or recently closed) session. */
interface LiveSession {
  rec: SessionRecord;
  leases: Map<string, Lease>;
  pending: Map<bigint, StepRecord>;
  driving: boolean;
  again: boolean;
  bucket?: BucketState;
  /** Peers that failed or rejected this session's roles: never offered again. */
  excluded: Map<number, Set<string>>;
  /** Leg lease → the coordinator peer it was delegated to (in memory: re-sent after a restart). */
  delegated: Map<string, string>;
  unplacedSinceMs?: number;
  retryTimer?: NodeJS.Timeout;
}

export interface SessionManager {
  start(): Promise<void>;
  stop(): Promise<void>;
  createSession(req: CreateSessionRequest, signer: Address): Promise<CreateSessionResponse>;
  submitStep(req: SubmitStepRequest, signer: Address): Promise<SubmitStepResponse>;
  closeSession(sessionId: Hex, signer: Address): Promise<Lease[]>;
  submitVoucher(voucher: Voucher, signer: Address): Promise<void>;
  /** Check `signer` may read or act on the session (owner or session key). */
  authorize(sessionId: Hex, signer: Address): void;
  watch(sessionId: Hex, afterCursor: bigint, signal: AbortSignal): AsyncIterable<SessionEvent>;
  receipts(sessionId: Hex, fromSequence: bigint, limit: number): Promise<Receipt[]>;
  explain(sessionId: Hex): Promise<RolePlacement[]>;
  /** Counts for gauges. */
  counts(): { sessions: Record<string, number>; leases: Record<string, number> };
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** A lease's answer to one step, judged: its output, or its agent error with the receipt. */
type StepOutcome = { checked: CheckedReceipt } & (
  | { ok: StepOutput }
  | { agentError: { code: string; message: string } }
);

export function createSessionManager(
  components: SessionManagerComponents,
  init: SessionManagerInit,
): SessionManager {
  const { store, hub, index, nodes, blobs, escrow, metrics, logger, tracer } = components;
  /** Keep the spans a node shipped back with a step (malformed ones are dropped). */
  const recordRemote = (spans: readonly TraceSpan[] | undefined) => {
    for (const t of spans ?? []) {
      const span = fromTraceSpan(t);
      if (span) tracer?.record(span);
    }
  };
  const now = components.now ?? Date.now;
  const sessions = new Map<string, LiveSession>();
  const windows = new Map<string, WindowState>();
  /** Aborts in-flight step calls of a lease when it fails. */
  const leaseAborts = new Map<string, AbortController>();
  const heartbeating = new Set<string>();
  let heartbeatTimer: NodeJS.Timeout | undefined;
  let stopping = false;

  // ---------------------------------------------------------------- journal helpers

  /** Append an event to the session's log in `batch` (cursor assigned now, published after commit). */
  function addEvent(s: LiveSession, batch: Batch, kind: SessionEvent["kind"]): SessionEvent {
    const event: SessionEvent = { cursor: s.rec.nextCursor, sessionId: fromHex(s.rec.sessionId), kind };
    s.rec.nextCursor += 1n;
    batch.event(s.rec.sessionId, event);
    return event;
  }

  async function commit(s: LiveSession, batch: Batch, events: SessionEvent[] = []): Promise<void> {
    batch.session(s.rec);
    await store.commit(batch);
    for (const e of events) hub.publish(s.rec.sessionId, e);
  }

  /** Journal a lease transition (and a LeaseChanged event when `announce`), then apply it. */
  async function applyLease(
    s: LiveSession,
    lease: Lease,
    event: LeaseEvent,
    announce?: string,
  ): Promise<Lease> {
    const next = transition(lease, event);
    const batch = new Batch().lease(next);
    const events = announce
      ? [addEvent(s, batch, { $case: "leaseChanged", value: { lease: leaseInfo(next), reason: announce } })]
      : [];
    await commit(s, batch, events);
    s.leases.set(next.leaseId, next);
    return next;
  }

  function get(sessionId: string): LiveSession {
    const s = sessions.get(sessionId.toLowerCase());
    if (!s) throw new SessionNotFoundError(sessionId);
    return s;
  }

  function authorize(sessionId: Hex, signer: Address): void {
    const s = get(sessionId);
    if (!same(signer, s.rec.owner) && !same(signer, s.rec.sessionKey)) {
      throw new PermissionDeniedError(`${signer} is neither the owner nor the session key of ${sessionId}`);
    }
  }

  // ---------------------------------------------------------------- placement and lease negotiation

  function liveLeases(s: LiveSession, role: Role): Lease[] {
    return [...s.leases.values()].filter((l) => l.role === role && isLive(l.status));
  }

  function runningLease(s: LiveSession, role: Role): Lease | undefined {
    return [...s.leases.values()].find((l) => l.role === role && l.status === "running");
  }

  function excludedFor(s: LiveSession, role: Role): Set<string> {
    let set = s.excluded.get(role);
    if (!set) {
      set = new Set();
      s.excluded.set(role, set);
    }
    return set;
  }

  /** Place one lease for `spec`, offer it and confirm it. Throws UnplaceableError when no node takes it. */
  async function placeOne(s: LiveSession, spec: RoleSpec, replacing: boolean): Promise<Lease> {
    const exclude = excludedFor(s, spec.role);
    const sessionIdBytes = fromHex(s.rec.sessionId);
    const priceCap = minNonZero(spec.maxPricePerFuel, s.rec.maxPricePerFuel);
    // Verification must not run on a node it verifies.
    const verifiedPeers =
      spec.role === Role.ROLE_VERIFICATION
        ? new Set(
            [...s.leases.values()]
              .filter((l) => l.role !== Role.ROLE_VERIFICATION && isLive(l.status))
              .map((l) => l.peerId),
          )
        : new Set<string>();
    const verifiedOperators = new Set(
      spec.role === Role.ROLE_VERIFICATION
        ? [...s.leases.values()]
            .filter((l) => l.role !== Role.ROLE_VERIFICATION && isLive(l.status))
            .map((l) => l.operator.toLowerCase())
        : [],
    );
    let lastReason = "no attempt";
    let contended = false;
    for (let attempt = 0; attempt < init.offerAttempts; attempt++) {
      const t0 = performance.now();
      const nowMs = now();
      const placeSpan = tracer?.startSpan("scheduler.placement", {
        attributes: { session: s.rec.sessionId, role: roleName(spec.role), attempt },
      });
      const inUse = new Set(liveLeases(s, spec.role).map((l) => l.peerId));
      const result = place(
        index,
        {
          sessionId: sessionIdBytes,
          role: spec.role,
          count: 1,
          resources: capacityOf(spec.resources),
          minBandwidthBps: spec.minBandwidthBps,
          maxPricePerFuel: priceCap,
          region: spec.region,
          strategy: spec.strategy,
          excludePeers: new Set([...exclude, ...inUse, ...verifiedPeers]),
          excludeOperators: new Set([...verifiedOperators, ...(s.rec.distrusted ?? [])]),
        },
        components.params().placement,
        { explain: true, nowMs },
      );
      metrics.placementLatency.record((performance.now() - t0) / 1000, { role: roleName(spec.role) });
      const decision = toRolePlacement(result, nowMs);
      const batch = new Batch().placement(s.rec.sessionId, s.rec.placements, decision);
      s.rec.placements += 1;
      const node = result.selected[0];
      placeSpan?.end({
        attributes: {
          candidates: decision.candidates.length,
          selected: node?.peerId ?? "",
          ...(result.unplacedReason ? { unplaced: result.unplacedReason } : {}),
        },
      });
      if (!node || result.unplacedReason) {
        await commit(s, batch);
        metrics.placements.add(1, { role: String(spec.role), result: "unplaced" });
        // Nodes that would fit but are busy (slots, CPU, RAM taken, or just refused us) make
        // this worth retrying; missing hardware does not.
        const busy = ["slots", "cpu", "ram", "headroom", "anti-affinity"].some(
          (check) => (result.stats.filtered[check] ?? 0) > 0,
        );
        throw new UnplaceableError(spec.role, result.unplacedReason ?? "no feasible node", contended || busy);
      }
      metrics.placements.add(1, { role: String(spec.role), result: "placed" });
      const price = node.advert.roles.find((r) => r.role === spec.role)?.pricePerFuel ?? 0n;
      const checkpoint = s.rec.checkpoints[spec.role];
      let lease = newLease({
        leaseId: toHex(randomBytes(32)),
        sessionId: s.rec.sessionId,
        role: spec.role,
        peerId: node.peerId,
        operator: node.operator,
        moduleHash: spec.moduleHash,
        pricePerFuel: price,
        atMs: nowMs,
        ...(replacing && checkpoint ? { resumeCheckpoint: checkpoint } : {}),
        resumeSequence: replacing ? s.rec.lastCompleted : 0n,
        addresses: node.advert.multiaddrs,
      });
      batch.lease(lease);
      await commit(s, batch);
      s.leases.set(lease.leaseId, lease);
      index.reserve(node.peerId, capacityOf(spec.resources), nowMs);
      const leaseSpan = tracer?.startSpan("scheduler.lease", {
        parent: placeSpan,
        attributes: { lease: lease.leaseId, peer: node.peerId, role: roleName(spec.role) },
      });
      try {
        lease = await negotiate(s, lease, spec);
        leaseSpan?.end();
        index.recordSuccess(node.peerId, now());
        return lease;
      } catch (err) {
        leaseSpan?.end({ error: err });
        const full =
          err instanceof LeaseFailedError &&
          err.rejectReason === LeaseRejectReason.LEASE_REJECT_REASON_INSUFFICIENT_CAPACITY;
        // A node that says it is full stays reserved in our index until its next advert shows
        // its real free capacity; any other failure gives the reservation back.
        if (!full) index.release(node.peerId, capacityOf(spec.resources));
        contended ||= full;
        exclude.add(node.peerId);
        lastReason = (err as Error).message;
        logger.info(
          { session: s.rec.sessionId, peer: node.peerId, reason: lastReason },
          "lease offer failed, trying another node",
        );
      }
    }
    throw new UnplaceableError(spec.role, `every offer failed (last: ${lastReason})`, contended);
  }

  /** offer → accept → confirm → running, each step journalled before the next message. */
  async function negotiate(s: LiveSession, lease: Lease, spec: RoleSpec): Promise<Lease> {
    const atMs = now();
    let l = await applyLease(s, lease, { type: "offer", atMs });
    let res: Awaited<ReturnType<NodeClient["lease"]>>;
    try {
      res = await nodes.lease(l.peerId, l.leaseId, {
        kind: {
          $case: "offer",
          value: {
            terms: {
              leaseId: fromHex(l.leaseId),
              sessionId: fromHex(s.rec.sessionId),
              role: l.role,
              moduleHash: fromHex(l.moduleHash),
              resources: capacityOf(spec.resources),
              pricePerFuel: l.pricePerFuel,
              ttlMs: BigInt(init.leaseTtlMs),
              maxFuelPerStep: s.rec.fuelLimitPerStep,
              project: s.rec.owner,
              scheduler: init.peerId,
              resumeCheckpoint: l.resumeCheckpoint ? fromHex(l.resumeCheckpoint) : new Uint8Array(0),
              resumeSequence: l.resumeSequence,
              coordinator: "",
            },
            offeredAtMs: BigInt(atMs),
            reservationMs: BigInt(init.reservationMs),
          },
        },
      });
    } catch (err) {
      await applyLease(s, l, { type: "fail", atMs: now(), reason: `offer: ${(err as Error).message}` });
      throw new LeaseFailedError(l.leaseId, "offer got no answer", { cause: err });
    }
    if (res.kind?.$case === "reject") {
      const reason = rejectReasonName(res.kind.value.reason);
      metrics.rejections.add(1, { reason });
      await applyLease(s, l, { type: "reject", atMs: now(), reason: `${reason} ${res.kind.value.detail}` });
      await nodes.forget(l.leaseId);
      throw new LeaseFailedError(l.leaseId, `rejected by ${l.peerId}: ${reason} ${res.kind.value.detail}`);
    }
    if (res.kind?.$case !== "accept") {
      await applyLease(s, l, { type: "fail", atMs: now(), reason: `unexpected answer ${res.kind?.$case}` });
      throw new LeaseFailedError(l.leaseId, `unexpected answer to offer: ${res.kind?.$case}`);
    }
    l = await applyLease(s, l, {
      type: "accept",
      atMs: now(),
      expiresAtMs: Number(res.kind.value.expiresAtMs),
      operator: res.kind.value.operator,
    });
    let ack: Awaited<ReturnType<NodeClient["lease"]>>;
    try {
      ack = await nodes.lease(l.peerId, l.leaseId, { kind: { $case: "confirm", value: fromHex(l.leaseId) } });
    } catch (err) {
      await applyLease(s, l, { type: "fail", atMs: now(), reason: `confirm: ${(err as Error).message}` });
      throw new LeaseFailedError(l.leaseId, "confirm got no answer", { cause: err });
    }
    if (ack.kind?.$case !== "ack") {
      const why = ack.kind?.$case === "reject" ? rejectReasonName(ack.kind.value.reason) : "no ack";
      await applyLease(s, l, { type: "reject", atMs: now(), reason: `confirm: ${why}` });
      throw new LeaseFailedError(l.leaseId, `confirm refused: ${why}`);
    }
    // From here the lease lives while heartbeats arrive: each one extends it by the TTL.
    l = await applyLease(
      s,
      l,
      { type: "confirm", atMs: now(), expiresAtMs: now() + init.leaseTtlMs },
      "running",
    );
    logger.info(
      { session: s.rec.sessionId, lease: l.leaseId, role: roleName(l.role), peer: l.peerId },
      "lease running",
    );
    return l;
  }

  /** Fail a live lease (journalled), penalise its node, tell it, and let the session re-place the role. */
  async function failLease(s: LiveSession, lease: Lease, reason: string): Promise<void> {
    const current = s.leases.get(lease.leaseId) ?? lease;
    if (!isLive(current.status)) return;
    leaseAborts.get(lease.leaseId)?.abort(new LeaseFailedError(lease.leaseId, reason));
    leaseAborts.delete(lease.leaseId);
    const failed = await applyLease(s, current, { type: "fail", atMs: now(), reason }, `failed: ${reason}`);
    index.recordFailure(lease.peerId, now());
    index.release(
      lease.peerId,
      capacityOf(s.rec.roles.find((r) => r.role === lease.role)?.resources ?? capacityOfZero()),
    );
    excludedFor(s, lease.role).add(lease.peerId);
    logger.warn(
      { session: s.rec.sessionId, lease: lease.leaseId, peer: lease.peerId, reason },
      "lease failed",
    );
    void releaseLease(s, failed, ReleaseReason.RELEASE_REASON_FAILED);
    if (s.rec.status === "open") {
      metrics.replacements.add(1, { role: roleName(lease.role) });
      kick(s);
    }
  }

  /** Best-effort release: completed|failed → confirmed once the node acks (settled for a clean end). */
  async function releaseLease(s: LiveSession, lease: Lease, reason: ReleaseReason): Promise<void> {
    let l = lease;
    try {
      const res = await nodes.lease(
        l.peerId,
        l.leaseId,
        { kind: { $case: "release", value: { leaseId: fromHex(l.leaseId), reason } } },
        { timeoutMs: 3_000 },
      );
      if (res.kind?.$case === "ack" || res.kind?.$case === "reject") {
        l = await applyLease(s, l, { type: "release-acked", atMs: now() });
        if (l.outcome === "completed") l = await applyLease(s, l, { type: "settle", atMs: now() }, "settled");
      }
    } catch (err) {
      logger.debug({ lease: l.leaseId, err: (err as Error).message }, "release not acknowledged");
    } finally {
      await nodes.forget(l.leaseId);
    }
  }

  // ---------------------------------------------------------------- heartbeats

  /** Latest voucher per lease that its node has not acknowledged yet (redelivered on heartbeats). */
  const undelivered = new Map<string, { peerId: string; leaseId: string; voucher: Voucher }>();
  let redelivering = false;

  /** true: acknowledged; false: unreachable (try again later); "rejected": the node refused it. */
  async function deliverVoucher(
    peerId: string,
    leaseId: string,
    voucher: Voucher,
    live: boolean = leaseIsLive(leaseId),
  ): Promise<boolean | "rejected"> {
    try {
      const res = await nodes.lease(
        peerId,
        leaseId,
        { kind: { $case: "voucher", value: voucher } },
        { oneShot: !live },
      );
      if (res.kind?.$case === "ack") return true;
      logger.warn({ lease: leaseId, peer: peerId, answer: res.kind?.$case }, "node refused a voucher");
      return "rejected";
    } catch (err) {
      logger.info(
        { lease: leaseId, peer: peerId, err: (err as Error).message },
        "voucher not delivered now; it is sent again later",
      );
      return false;
    }
  }

  /** Whether a lease of any session is live (a scan: for the rare redelivery path). */
  function leaseIsLive(leaseId: string): boolean {
    const key = leaseId.toLowerCase();
    for (const s of sessions.values()) {
      const l = s.leases.get(key) ?? s.leases.get(leaseId);
      if (l) return isLive(l.status);
    }
    return false;
  }

  async function redeliverVouchers(): Promise<void> {
    if (redelivering || undelivered.size === 0) return;
    redelivering = true;
    try {
      for (const [key, u] of undelivered) {
        if (stopping) return;
        const latest = undelivered.get(key);
        if (latest !== u) continue; // superseded while we were delivering
        const delivered = await deliverVoucher(u.peerId, u.leaseId, u.voucher);
        if (delivered !== false && undelivered.get(key) === u) undelivered.delete(key);
        if (delivered === true) logger.info({ lease: u.leaseId, peer: u.peerId }, "voucher redelivered");
      }
    } finally {
      redelivering = false;
    }
  }

  function heartbeatTick(): void {
    void redeliverVouchers();
    const nowMs = now();
    const policy = {
      heartbeatIntervalMs: init.heartbeatIntervalMs,
      maxMissedHeartbeats: init.maxMissedHeartbeats,
    };
    for (const s of sessions.values()) {
      if (s.rec.status !== "open") continue;
      for (const lease of s.leases.values()) {
        if (lease.status !== "running") continue;
        const dead = checkLiveness(lease, nowMs, policy);
        if (dead && dead.type === "fail") {
          void failLease(s, lease, dead.reason).catch((err) =>
            logger.error({ err: String(err) }, "failLease"),
          );
          continue;
        }
        if (heartbeating.has(lease.leaseId)) continue;
        heartbeating.add(lease.leaseId);
        void heartbeat(s, lease).finally(() => heartbeating.delete(lease.leaseId));
      }
    }
  }

  async function heartbeat(s: LiveSession, lease: Lease): Promise<void> {
    let res: Awaited<ReturnType<NodeClient["lease"]>>;
    try {
      res = await nodes.lease(
        lease.peerId,
        lease.leaseId,
        {
          kind: {
            $case: "heartbeat",
            value: {
              leaseId: fromHex(lease.leaseId),
              atMs: BigInt(now()),
              state: LeaseState.LEASE_STATE_RUNNING,
              lastSequence: s.rec.lastCompleted,
            },
          },
        },
        { timeoutMs: init.heartbeatIntervalMs * 2 },
      );
    } catch {
      return; // a missed heartbeat; checkLiveness counts them
    }
    const current = s.leases.get(lease.leaseId);
    if (current?.status !== "running") return;
    if (res.kind?.$case === "heartbeat") {
      const hb = res.kind.value;
      if (hb.state === LeaseState.LEASE_STATE_FAILED || hb.state === LeaseState.LEASE_STATE_COMPLETED) {
        await failLease(s, current, `node reports lease ${leaseStateName(hb.state)}`);
        return;
      }
      const ev: LeaseEvent = {
        type: "heartbeat",
        atMs: now(),
        lastSequence: hb.lastSequence,
        expiresAtMs: now() + init.leaseTtlMs,
      };
      await applyLease(s, current, ev);
    } else if (res.kind?.$case === "reject") {
      await failLease(s, current, `heartbeat rejected: ${rejectReasonName(res.kind.value.reason)}`);
    }
  }

  // ---------------------------------------------------------------- the per-session loop

  function kick(s: LiveSession): void {
    if (stopping) return;
    if (s.driving) {
      s.again = true;
      return;
    }
    s.driving = true;
    void drive(s)
      .catch((err) =>
        logger.error(
          { session: s.rec.sessionId, err: String(err), stack: (err as Error).stack },
          "session loop failed",
        ),
      )
      .finally(() => {
        s.driving = false;
        if (s.again && !stopping) {
          s.again = false;
          kick(s);
        }
      });
  }

  async function drive(s: LiveSession): Promise<void> {
    while (!stopping && s.rec.status === "open") {
      s.again = false;
      if (!(await ensureRoles(s))) return;
      const seq = s.rec.lastCompleted + 1n;
      const step = s.pending.get(seq);
      if (!step) return;
      logger.debug({ session: s.rec.sessionId, sequence: seq.toString() }, "running step");
      const progressed = await runStep(s, step);
      // No progress (a lease failed mid-step): the failure kicks the loop again once handled.
      if (!progressed && s.rec.lastCompleted < seq && s.rec.status === "open") {
        logger.debug(
          { session: s.rec.sessionId, sequence: seq.toString() },
          "step not done; waiting for re-placement",
        );
        if (!hasRunningRoles(s)) return;
      }
    }
  }

  function hasRunningRoles(s: LiveSession): boolean {
    return s.rec.roles
      .filter((r) => r.role !== Role.ROLE_VERIFICATION)
      .every((r) => runningLease(s, r.role) !== undefined);
  }

  /** Keep `count` live leases per role. False when a role could not be placed (retried later). */
  async function ensureRoles(s: LiveSession): Promise<boolean> {
    for (const spec of s.rec.roles) {
      while (s.rec.status === "open" && liveLeases(s, spec.role).length < spec.count) {
        const replacing = [...s.leases.values()].some((l) => l.role === spec.role);
        try {
          await placeOne(s, spec, replacing);
          s.unplacedSinceMs = undefined;
        } catch (err) {
          if (!(err instanceof UnplaceableError)) throw err;
          s.unplacedSinceMs ??= now();
          if (now() - s.unplacedSinceMs > init.unplacedGiveUpMs) {
            await closeInternal(s, "ERR_UNPLACEABLE", err.message);
            return false;
          }
          logger.warn(
            { session: s.rec.sessionId, role: roleName(spec.role), reason: err.message },
            "role unplaced, retrying",
          );
          // Nodes that rejected may have room again later.
          s.excluded.get(spec.role)?.clear();
          clearTimeout(s.retryTimer);
          s.retryTimer = setTimeout(() => kick(s), Math.min(2_000, init.unplacedGiveUpMs));
          s.retryTimer.unref();
          return false;
        }
      }
    }
    return true;
  }

  function leaseSignal(leaseId: string): AbortSignal {
    let c = leaseAborts.get(leaseId);
    if (!c) {
      c = new AbortController();
      leaseAborts.set(leaseId, c);
    }
    return c.signal;
  }

  /** One call to a lease's node; a transport failure or a non-agent error fails the lease. */
  async function callStep(
    s: LiveSession,
    lease: Lease,
    input: StepInput,
    opts: { onNodeError?: (code: string) => boolean } = {},
  ): Promise<StepOutcome | undefined> {
    let res: StepResult;
    const span = tracer?.startSpan("scheduler.lease.step", {
      parent: input.traceparent,
      attributes: { lease: lease.leaseId, peer: lease.peerId, role: roleName(lease.role) },
    });
    try {
      const call = span ? { ...input, traceparent: span.traceparent } : input;
      res = await nodes.step(lease.peerId, lease.leaseId, call, { signal: leaseSignal(lease.leaseId) });
    } catch (err) {
      span?.end({ error: err });
      await failLease(s, lease, `step ${input.sequence}: ${(err as Error).message.split("\n")[0]}`);
      return undefined;
    }
    if (span) {
      const k = res.kind;
      recordRemote(k?.value.spans);
      const receipt = k?.value.receipt;
      span.end({
        ...(k?.$case === "error" ? { error: k.value.code } : {}),
        attributes: receipt ? { "fuel.used": Number(receipt.fuelUsed), operator: receipt.operator } : {},
      });
    }
    return judgeStep(s, lease, input, res, opts);
  }

  /**
   * What a lease's node answered for `input` (directly, or through the session's coordinator):
   * an output with a receipt that answers this step, an agent error with its receipt, or
   * nothing, having failed the lease (no receipt, a receipt not the operator's or not about this
   * step, a node error), unless `onNodeError` takes the failure as its own. `blame`: the lease
   * to fail instead of this one for a missing or wrong receipt (a coordinator that coordinated
   * over it: an honest one never does).
   */
  async function judgeStep(
    s: LiveSession,
    lease: Lease,
    input: StepInput,
    res: StepResult,
    opts: { onNodeError?: (code: string) => boolean; blame?: Lease } = {},
  ): Promise<StepOutcome | undefined> {
    if (res.kind?.$case === "output" && !res.kind.value.receipt) {
      await failLease(s, opts.blame ?? lease, `step ${input.sequence}: output without a receipt`);
      return undefined;
    }
    // Every receipt is paid (a failed step's too), so every one must be the lease operator's and
    // about this step.
    const receipt = res.kind?.value.receipt;
    let checked: CheckedReceipt | undefined;
    if (receipt) {
      try {
        checked = await checkStepReceipt(init.domain, receipt, {
          operator: lease.operator,
          leaseId: fromHex(lease.leaseId),
          sequence: input.sequence,
          input: input.input,
          ...(res.kind?.$case === "output" ? { output: res.kind.value.output } : {}),
        });
      } catch (err) {
        const culprit = opts.blame ?? lease;
        const about = culprit === lease ? "" : ` of lease ${lease.leaseId}, coordinated anyway`;
        await failLease(
          s,
          culprit,
          `step ${input.sequence}: bad receipt${about} (${(err as Error).message})`,
        );
        return undefined;
      }
    }
    if (checked && res.kind?.$case === "output") return { checked, ok: res.kind.value };
    if (checked && res.kind?.$case === "error") {
      return { checked, agentError: { code: res.kind.value.code, message: res.kind.value.message } };
    }
    const code =
      res.kind?.$case === "error" ? `${res.kind.value.code} ${res.kind.value.message}` : "empty result";
    // The caller may own this failure (a canary module the node cannot run): the lease is fine.
    if (opts.onNodeError?.(code)) return undefined;
    await failLease(s, opts.blame ?? lease, `step ${input.sequence}: ${code}`);
    return undefined;
  }

  async function runStep(s: LiveSession, step: StepRecord): Promise<boolean> {
    const span = tracer?.startSpan("scheduler.step", {
      parent: step.traceparent,
      attributes: { session: s.rec.sessionId, sequence: step.sequence.toString() },
    });
    try {
      const done = await runStepTraced(s, step, span?.traceparent ?? step.traceparent);
      span?.end(done ? {} : { error: "not run now (no running lease or a lease failed): retried" });
      return done;
    } catch (err) {
      span?.end({ error: err });
      throw err;
    }
  }

  /** What one step's legs (and coordinator) gave, in the order they ran. */
  interface Gathered {
    /** The receipts, checked, in the order they ran. */
    checked: CheckedReceipt[];
    /** State snapshots to journal as checkpoints, per role. */
    snapshots: Map<number, Uint8Array>;
    /** The input each role's receipt is about (what a verifier re-executes). */
    inputs: Map<number, Uint8Array>;
    failure?: { code: string; message: string };
    output: Uint8Array;
  }

  /** compute, then execution, each called by the scheduler itself. */
  function emptyGathered(): Gathered {
    return { checked: [], snapshots: new Map(), inputs: new Map(), output: new Uint8Array(0) };
  }

  /**
   * Add one lease's judged answer (to `input`, as `role`) to the step; its output, or undefined
   * when the agent failed.
   */
  function addOutcome(g: Gathered, role: Role, input: Uint8Array, out: StepOutcome): Uint8Array | undefined {
    g.inputs.set(role, input);
    g.checked.push(out.checked);
    if ("agentError" in out) {
      g.failure ??= out.agentError;
      return undefined;
    }
    if (out.ok.stateSnapshot.length > 0) g.snapshots.set(role, out.ok.stateSnapshot);
    return out.ok.output;
  }

  async function gatherDirect(
    s: LiveSession,
    compute: Lease,
    computeInput: StepInput,
    withExecution: boolean,
    onNodeError: (code: string) => boolean,
  ): Promise<Gathered | undefined> {
    const first = await callStep(s, compute, computeInput, { onNodeError });
    if (!first) return undefined; // lease failed: the loop re-places and retries this step
    const g = emptyGathered();
    const decision = addOutcome(g, Role.ROLE_COMPUTE, computeInput.input, first);
    if (!decision) return g;
    g.output = decision;
    if (!withExecution) return g;
    // Retry only the execution half if its lease fails: the compute receipt for this sequence
    // is signed once, ever.
    for (let attempt = 0; attempt < init.offerAttempts; attempt++) {
      const lease =
        runningLease(s, Role.ROLE_EXECUTION) ??
        ((await ensureRoles(s)) ? runningLease(s, Role.ROLE_EXECUTION) : undefined);
      if (!lease) return undefined;
      const second = await callStep(s, lease, {
        ...computeInput,
        leaseId: fromHex(lease.leaseId),
        input: decision,
        moduleHash: new Uint8Array(0),
      });
      if (!second) continue;
      g.output = addOutcome(g, Role.ROLE_EXECUTION, decision, second) ?? g.output;
      return g;
    }
    return undefined;
  }

  /**
   * Name the coordinator's node as the one that may drive each leg lease (once per pairing; a
   * node journals it). False when a leg refused or could not be told: that leg is failed.
   */
  async function delegateLegs(s: LiveSession, coordinator: Lease, legs: Lease[]): Promise<boolean> {
    for (const leg of legs) {
      if (s.delegated.get(leg.leaseId) === coordinator.peerId) continue;
      let res: Awaited<ReturnType<NodeClient["lease"]>>;
      try {
        res = await nodes.lease(leg.peerId, leg.leaseId, {
          kind: {
            $case: "delegate",
            value: { leaseId: fromHex(leg.leaseId), coordinator: coordinator.peerId },
          },
        });
      } catch (err) {
        await failLease(s, leg, `could not name the coordinator: ${(err as Error).message.split("\n")[0]}`);
        return false;
      }
      if (res.kind?.$case !== "ack") {
        const why = res.kind?.$case === "reject" ? rejectReasonName(res.kind.value.reason) : "no ack";
        await failLease(s, leg, `refused the coordinator: ${why}`);
        return false;
      }
      s.delegated.set(leg.leaseId, coordinator.peerId);
    }
    return true;
  }

  /**
   * The legs run by the session's coordination lease: one request to the coordinator, whose
   * answer carries each leg's result (judged here exactly as if the scheduler had called the
   * leg) and the coordinator's own step, whose input must be the coordination record rebuilt
   * here from the legs' receipts.
   */
  async function gatherCoordinated(
    s: LiveSession,
    coordinator: Lease,
    legs: Lease[],
    stepInput: StepInput,
    onNodeError: (code: string) => boolean,
  ): Promise<Gathered | undefined> {
    if (!(await delegateLegs(s, coordinator, legs))) return undefined;
    const span = tracer?.startSpan("scheduler.coordinate", {
      parent: stepInput.traceparent,
      attributes: { lease: coordinator.leaseId, peer: coordinator.peerId, legs: legs.length },
    });
    const own: StepInput = {
      ...stepInput,
      leaseId: fromHex(coordinator.leaseId),
      moduleHash: new Uint8Array(0),
      traceparent: span?.traceparent ?? stepInput.traceparent,
    };
    const hops = legs.map((l, i) => ({
      role: l.role,
      leaseId: fromHex(l.leaseId),
      peerId: l.peerId,
      addrs: index.get(l.peerId)?.advert.multiaddrs ?? [],
      operator: l.operator,
      moduleHash: i === 0 ? stepInput.moduleHash : new Uint8Array(0),
    }));
    let res: CoordinateResponse;
    try {
      res = await nodes.coordinate(
        coordinator.peerId,
        coordinator.leaseId,
        { step: own, hops },
        {
          signal: leaseSignal(coordinator.leaseId),
        },
      );
    } catch (err) {
      span?.end({ error: err });
      await failLease(s, coordinator, `step ${stepInput.sequence}: ${(err as Error).message.split("\n")[0]}`);
      return undefined;
    }
    if (span) {
      for (const h of res.hops) if (h.kind?.$case === "result") recordRemote(h.kind.value.kind?.value.spans);
      recordRemote(res.coordination?.kind?.value.spans);
      span.end(res.coordination ? {} : { error: "no coordination result" });
    }
    if (res.hops.length === 0) {
      // The coordinator refused the request itself (an unknown lease after its restart, a bad request).
      const k = res.coordination?.kind;
      const why = k?.$case === "error" ? `${k.value.code} ${k.value.message}` : "no legs run";
      await failLease(s, coordinator, `step ${stepInput.sequence}: coordinator refused: ${why}`);
      return undefined;
    }
    const g = emptyGathered();
    let input = stepInput.input;
    for (const [i, hop] of res.hops.entries()) {
      const leg = legs[i];
      if (!leg || !bytesEqual(hop.leaseId, fromHex(leg.leaseId))) {
        await failLease(s, coordinator, `step ${stepInput.sequence}: answered for a leg it was not sent`);
        return undefined;
      }
      if (hop.kind?.$case !== "result") {
        const why = hop.kind?.$case === "transportError" ? hop.kind.value : "no answer";
        await failLease(s, leg, `step ${stepInput.sequence} via coordinator ${coordinator.peerId}: ${why}`);
        return undefined;
      }
      const legInput = {
        ...stepInput,
        leaseId: fromHex(leg.leaseId),
        input,
        moduleHash: hops[i]?.moduleHash ?? new Uint8Array(0),
      };
      // A leg's receipt that fails the checks is the leg's fault when the coordinator reported it
      // (no coordination result), the coordinator's when it coordinated over it anyway.
      const blame = res.coordination ? { blame: coordinator } : {};
      const out = await judgeStep(
        s,
        leg,
        legInput,
        hop.kind.value,
        i === 0 ? { onNodeError, ...blame } : blame,
      );
      if (!out) return undefined;
      const output = addOutcome(g, leg.role, input, out);
      if (!output) break;
      input = output;
      g.output = output;
    }
    if ((!g.failure && g.checked.length < legs.length) || !res.coordination) {
      await failLease(
        s,
        coordinator,
        `step ${stepInput.sequence}: ${g.checked.length}/${legs.length} legs and ${res.coordination ? "a" : "no"} coordination result`,
      );
      return undefined;
    }
    const record = coordinationRecordOf(stepInput.input, g.checked, g.failure ? undefined : g.output);
    const mine = await judgeStep(s, coordinator, { ...own, input: record }, res.coordination);
    if (!mine) return undefined;
    addOutcome(g, Role.ROLE_COORDINATION, record, mine);
    return g;
  }

  async function runStepTraced(s: LiveSession, step: StepRecord, traceparent: string): Promise<boolean> {
    const t0 = performance.now();
    const compute = runningLease(s, Role.ROLE_COMPUTE);
    const execSpec = s.rec.roles.find((r) => r.role === Role.ROLE_EXECUTION);
    const exec = execSpec ? runningLease(s, Role.ROLE_EXECUTION) : undefined;
    const coordSpec = s.rec.roles.find((r) => r.role === Role.ROLE_COORDINATION);
    const coordinator = coordSpec ? runningLease(s, Role.ROLE_COORDINATION) : undefined;
    if (!compute || (execSpec && !exec) || (coordSpec && !coordinator)) return false;
    const prices = [compute, exec, coordinator].flatMap((l) => (l ? [l.pricePerFuel] : []));
    if (nextStepWouldExceed(s.rec.spent, s.rec.deposit, s.rec.fuelLimitPerStep, prices)) {
      const err = new BudgetExhaustedError(s.rec.spent, s.rec.deposit);
      await closeInternal(s, err.code, err.message);
      return true;
    }
    const sid = fromHex(s.rec.sessionId);
    const canary = s.rec.canary;
    let toCanary = !!canary && !canary.rolledBack && routesToCanary(sid, step.sequence, canary.percent);
    const input = fromHex(step.input);
    const computeInput: StepInput = {
      leaseId: fromHex(compute.leaseId),
      sessionId: sid,
      sequence: step.sequence,
      input,
      timestampMs: step.timestampMs,
      fuelLimit: s.rec.fuelLimitPerStep,
      moduleHash: toCanary && canary ? fromHex(canary.moduleHash) : new Uint8Array(0),
      traceparent,
    };
    let gathered: Gathered | undefined;
    for (;;) {
      let canaryUnavailable: string | undefined;
      const onNodeError = (code: string) => {
        if (!toCanary) return false;
        canaryUnavailable = code;
        return true;
      };
      gathered = coordinator
        ? await gatherCoordinated(
            s,
            coordinator,
            exec ? [compute, exec] : [compute],
            computeInput,
            onNodeError,
          )
        : await gatherDirect(s, compute, computeInput, !!execSpec, onNodeError);
      if (canaryUnavailable === undefined || !canary) break;
      // The node could not run the canary at all (nothing was signed for this sequence): count a
      // canary error and run the step on the stable module instead.
      canary.stats = recordCanaryOutcome(canary.stats, true, true);
      logger.warn(
        { session: s.rec.sessionId, sequence: step.sequence.toString(), code: canaryUnavailable },
        "canary step refused by the node; ran the stable module",
      );
      toCanary = false;
      computeInput.moduleHash = new Uint8Array(0);
    }
    if (!gathered) return false; // a lease failed: the loop re-places it and retries this step
    const { checked, snapshots, inputs, failure, output } = gathered;
    const receipts = checked.map((c) => c.receipt);
    const checkpointsBefore = { ...s.rec.checkpoints };
    const batch = new Batch();
    // Snapshots go into the step's own journal batch: durable together, one fsync.
    for (const [role, snap] of snapshots) {
      const { hash, op } = checkpointOp(snap);
      batch.ops.push(op);
      s.rec.checkpoints[role] = toHex(hash);
    }
    const cost = receipts.reduce((sum, r) => sum + r.fuelUsed * r.pricePerFuel, 0n);
    s.rec.spent += cost;
    s.rec.lastCompleted = step.sequence;
    if (canary && !canary.rolledBack) canary.stats = recordCanaryOutcome(canary.stats, toCanary, !!failure);
    for (const r of receipts) batch.receipt(s.rec.sessionId, r);
    const latencyUs = BigInt(Math.round((performance.now() - t0) * 1000));
    const stateRoot = receipts.at(-1)?.stateRootAfter ?? new Uint8Array(0);
    const events = [
      failure
        ? addEvent(s, batch, {
            $case: "stepFailed",
            value: {
              sequence: step.sequence,
              code: failure.code,
              message: failure.message,
              receipts,
              clientStepId: step.clientStepId,
            },
          })
        : addEvent(s, batch, {
            $case: "stepCompleted",
            value: {
              sequence: step.sequence,
              output,
              receipts,
              stateRoot,
              clientStepId: step.clientStepId,
              latencyUs,
            },
          }),
    ];
    let rollback: string | undefined;
    if (canary && !canary.rolledBack && shouldRollBack(canary.stats, canary.rollbackThresholdBps)) {
      canary.rolledBack = true;
      rollback = `canary ${canary.moduleHash} rolled back: ${canary.stats.canaryErrors}/${canary.stats.canarySteps} errors vs ${canary.stats.stableErrors}/${canary.stats.stableSteps} stable`;
      events.push(
        addEvent(s, batch, { $case: "leaseChanged", value: { lease: leaseInfo(compute), reason: rollback } }),
      );
    }
    const journalSpan = tracer?.startSpan("scheduler.receipts.journal", {
      parent: traceparent,
      attributes: {
        receipts: receipts.length,
        "fuel.used": Number(receipts.reduce((f, r) => f + r.fuelUsed, 0n)),
      },
    });
    await commit(s, batch, events);
    journalSpan?.end();
    s.pending.delete(step.sequence);
    metrics.stepLatency.record((performance.now() - t0) / 1000, { result: failure ? "failed" : "ok" });
    if (rollback) logger.warn({ session: s.rec.sessionId }, rollback);
    // Verification runs beside the session, never in its way.
    const sampleRate = components.params().service.sampleRateBps;
    for (const { receipt: r, hash } of checked) {
      if (sampledForVerification(hash, sampleRate)) {
        const before = checkpointsBefore[r.role];
        void verify(s, r, inputs.get(r.role) ?? new Uint8Array(0), before).catch((err) =>
          logger.warn(
            { session: s.rec.sessionId, sequence: r.sequence.toString(), err: (err as Error).message },
            "verification failed",
          ),
        );
      }
    }
    return true;
  }

  async function verify(
    s: LiveSession,
    receipt: Receipt,
    input: Uint8Array,
    checkpointBefore: string | undefined,
  ): Promise<void> {
    const verifier = runningLease(s, Role.ROLE_VERIFICATION);
    if (!verifier) return;
    const snapBytes = checkpointBefore ? await blobs.get(fromHex(checkpointBefore)) : undefined;
    const stateBefore = snapBytes
      ? decodeMessage(StateSnapshot, "StateSnapshot", snapBytes)
      : { entries: [] };
    const module = (await blobs.get(receipt.moduleHash)) ?? new Uint8Array(0);
    const res = await nodes.verify(verifier.peerId, { receipt, input, stateBefore, module });
    if (res.kind?.$case !== "attestation") {
      logger.warn(
        { session: s.rec.sessionId, code: res.kind?.$case === "error" ? res.kind.value.code : "none" },
        "verifier gave no attestation",
      );
      return;
    }
    const attestation = res.kind.value;
    // An attestation is used only when it is signed by the verifier lease's operator and is about
    // the receipt it was asked to check.
    try {
      await verifyAttestationSignature(init.domain, attestation, verifier.operator);
      if (!bytesEqual(attestation.receiptHash, hashReceipt(init.domain, receipt))) {
        throw new Error("the attestation is about another receipt");
      }
    } catch (err) {
      logger.warn(
        { session: s.rec.sessionId, verifier: verifier.operator, err: (err as Error).message },
        "verifier's attestation refused",
      );
      return;
    }
    const batch = new Batch();
    const ev = addEvent(s, batch, { $case: "verification", value: { attestation } });
    const mismatch = attestation.mismatch;
    const operator = receipt.operator.toLowerCase();
    const firstCatch = mismatch && !(s.rec.distrusted ?? []).includes(operator);
    if (firstCatch) s.rec.distrusted = [...(s.rec.distrusted ?? []), operator];
    await commit(s, batch, [ev]);
    if (!mismatch) return;
    logger.warn(
      { session: s.rec.sessionId, sequence: receipt.sequence.toString(), operator: receipt.operator },
      "verifier reports a mismatch",
    );
    if (!firstCatch || s.rec.status !== "open") return;
    // The project stops paying this operator (its SDK refuses vouchers for the lease); the
    // session goes on without it: its live leases end and their roles are placed elsewhere.
    const reason = `verifier caught a wrong output at step ${receipt.sequence} (operator ${receipt.operator})`;
    for (const l of [...s.leases.values()]) {
      if (l.operator.toLowerCase() === operator && isLive(l.status)) await failLease(s, l, reason);
    }
  }

  // ---------------------------------------------------------------- closing

  async function closeInternal(s: LiveSession, code: string, reason: string): Promise<void> {
    if (s.rec.status === "closed") return;
    s.rec.status = "closed";
    s.rec.closedCode = code;
    s.rec.closedReason = reason;
    clearTimeout(s.retryTimer);
    const batch = new Batch();
    const ev = addEvent(s, batch, { $case: "closed", value: { reason: `${code}: ${reason}` } });
    await commit(s, batch, [ev]);
    logger.info({ session: s.rec.sessionId, code, reason }, "session closed");
    await Promise.all(
      [...s.leases.values()]
        .filter((l) => isLive(l.status))
        .map(async (l) => {
          leaseAborts.get(l.leaseId)?.abort(new Error("session closed"));
          leaseAborts.delete(l.leaseId);
          if (l.status === "running") {
            const done = await applyLease(s, l, { type: "complete", atMs: now() }, "completed");
            index.release(
              l.peerId,
              capacityOf(s.rec.roles.find((r) => r.role === l.role)?.resources ?? capacityOfZero()),
            );
            await releaseLease(s, done, ReleaseReason.RELEASE_REASON_SESSION_CLOSED);
          } else {
            const failed = await applyLease(s, l, {
              type: "fail",
              atMs: now(),
              reason: "session closed before the lease ran",
            });
            await releaseLease(s, failed, ReleaseReason.RELEASE_REASON_SESSION_CLOSED);
          }
        }),
    );
  }

  /** End every live lease of a session without closing it (gang placement retry). */
  async function giveBack(s: LiveSession, reason: string): Promise<void> {
    await Promise.all(
      [...s.leases.values()]
        .filter((l) => isLive(l.status))
        .map(async (l) => {
          index.release(
            l.peerId,
            capacityOf(s.rec.roles.find((r) => r.role === l.role)?.resources ?? capacityOfZero()),
          );
          const ended =
            l.status === "running"
              ? await applyLease(s, l, { type: "complete", atMs: now() })
              : await applyLease(s, l, { type: "fail", atMs: now(), reason });
          await releaseLease(s, ended, ReleaseReason.RELEASE_REASON_REPLACED);
        }),
    );
  }

  // ---------------------------------------------------------------- API

  return {
    async start() {
      stopping = false;
      for (const rec of await store.loadSessions()) {
        const s: LiveSession = {
          rec,
          leases: new Map(),
          delegated: new Map(),
          pending: new Map(),
          driving: false,
          again: false,
          excluded: new Map(),
        };
        for (const l of await store.loadLeases(rec.sessionId)) s.leases.set(l.leaseId, l);
        for (const st of await store.loadPendingSteps(rec.sessionId, rec.lastCompleted))
          s.pending.set(st.sequence, st);
        // Whether these reached their nodes before the restart is unknown: send them again.
        for (const v of await store.loadVouchers(rec.sessionId)) {
          const l = s.leases.get(toHex(v.leaseId));
          if (l)
            undelivered.set(l.leaseId.toLowerCase(), { peerId: l.peerId, leaseId: l.leaseId, voucher: v });
        }
        sessions.set(rec.sessionId.toLowerCase(), s);
      }
      for (const s of sessions.values()) {
        if (s.rec.status !== "open") continue;
        // Leases caught mid-negotiation by the restart are abandoned (the node's reservation lapses);
        // running ones carry on if the node still holds them (the next heartbeat tells).
        for (const l of s.leases.values()) {
          if (l.addresses && isLive(l.status))
            await nodes.learnAddresses(l.peerId, l.addresses).catch(() => undefined);
          if (l.status === "requested" || l.status === "offered" || l.status === "accepted") {
            await failLease(s, l, "scheduler restarted during negotiation");
          } else if (l.status === "running") {
            // Give the node one TTL to answer the restarted scheduler's heartbeats.
            s.leases.set(l.leaseId, { ...l, lastHeartbeatMs: now(), expiresAtMs: now() + init.leaseTtlMs });
          }
        }
        logger.info(
          {
            session: s.rec.sessionId,
            pending: s.pending.size,
            lastCompleted: s.rec.lastCompleted.toString(),
          },
          "session recovered from the journal",
        );
        kick(s);
      }
      heartbeatTimer = setInterval(heartbeatTick, init.heartbeatIntervalMs);
      heartbeatTimer.unref();
    },

    async stop() {
      stopping = true;
      clearInterval(heartbeatTimer);
      for (const s of sessions.values()) clearTimeout(s.retryTimer);
      for (const c of leaseAborts.values()) c.abort(new Error("scheduler stopping"));
      leaseAborts.clear();
      // Let in-flight loops reach a journal boundary.
      for (let i = 0; i < 50 && [...sessions.values()].some((s) => s.driving); i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      await nodes.stop();
    },

    authorize,

    async createSession(req, signer) {
      if (req.sessionId.length !== 32) throw new InvalidRequestError("session_id must be 32 bytes");
      const sid = toHex(req.sessionId);
      if (!same(req.owner, signer))
        throw new PermissionDeniedError(`request signed by ${signer}, not the owner ${req.owner}`);
      if (sessions.has(sid)) throw new SessionExistsError(sid);
      const specs = roleSpecs(req);
      for (const spec of specs) {
        if (spec.role !== Role.ROLE_VERIFICATION && !(await blobs.has(fromHex(spec.moduleHash)))) {
          throw new InvalidRequestError(
            `module ${spec.moduleHash} of role ${roleName(spec.role)} is not uploaded (PutBlob)`,
          );
        }
      }
      if (req.canary && req.canary.moduleHash.length === 32 && !(await blobs.has(req.canary.moduleHash))) {
        throw new InvalidRequestError("canary module is not uploaded (PutBlob)");
      }
      const svc = components.params().service;
      const owner = signer.toLowerCase();
      const openForOwner = [...sessions.values()].filter(
        (x) => x.rec.status === "open" && same(x.rec.owner, owner),
      ).length;
      if (openForOwner >= init.maxOpenSessionsPerProject) {
        throw new RateLimitedError(
          `project ${signer} has ${openForOwner} open sessions (quota)`,
          svc.windowMs,
        );
      }
      const adm = admitWindow(windows.get(owner), now(), svc.sessionsPerWindow, svc.windowMs);
      windows.set(owner, adm.state);
      if (!adm.ok) throw new RateLimitedError(`CreateSession for ${signer}`, adm.retryAfterMs);
      const onChain = await escrow.session(sid);
      if (!onChain) throw new EscrowMismatchError(sid, "no escrow on chain");
      if (!onChain.open) throw new EscrowMismatchError(sid, "escrow is closed");
      if (!same(onChain.owner, signer))
        throw new EscrowMismatchError(sid, `escrow owner is ${onChain.owner}, not ${signer}`);
      if (sessions.has(sid)) throw new SessionExistsError(sid);
      const rec: SessionRecord = {
        sessionId: sid,
        owner: signer,
        sessionKey: onChain.sessionKey,
        deposit: onChain.deposit - onChain.claimed,
        maxPricePerFuel: onChain.maxPricePerFuel,
        roles: specs,
        priority: Math.min(req.priority, init.maxPriority),
        fuelLimitPerStep: req.fuelLimitPerStep > 0n ? req.fuelLimitPerStep : 10_000_000n,
        ...(req.canary && req.canary.moduleHash.length === 32 && req.canary.percent > 0
          ? {
              canary: {
                moduleHash: toHex(req.canary.moduleHash),
                percent: Math.min(100, req.canary.percent),
                rollbackThresholdBps: req.canary.rollbackThresholdBps,
                rolledBack: false,
                stats: emptyCanaryStats(),
              },
            }
          : {}),
        status: "open",
        nextSequence: 1n,
        lastCompleted: 0n,
        spent: 0n,
        nextCursor: 1n,
        checkpoints: {},
        placements: 0,
        createdAtMs: now(),
      };
      const s: LiveSession = {
        rec,
        leases: new Map(),
        delegated: new Map(),
        pending: new Map(),
        driving: true,
        again: false,
        excluded: new Map(),
      };
      sessions.set(sid, s);
      await commit(s, new Batch());
      logger.info(
        { session: sid, owner: signer, roles: specs.map((r) => roleName(r.role)) },
        "session created",
      );
      // Gang placement: a session gets all its roles or none. When nodes refuse for lack of
      // room (others got there first), give back what this session holds and retry after a
      // random backoff, so contending sessions and schedulers do not livelock.
      const deadline = now() + init.placementRetryMs;
      for (let attempt = 0; ; attempt++) {
        try {
          for (const spec of specs) {
            while (liveLeases(s, spec.role).length < spec.count) await placeOne(s, spec, false);
          }
          break;
        } catch (err) {
          const retry = err instanceof UnplaceableError && err.contended && now() < deadline;
          if (!retry) {
            await closeInternal(
              s,
              (err as { code?: string }).code ?? "ERR_UNPLACEABLE",
              (err as Error).message,
            );
            s.driving = false;
            throw err;
          }
          await giveBack(s, "placement contended, retrying");
          s.excluded.clear();
          const backoff = Math.min(1_000, 50 * 2 ** attempt);
          await new Promise((r) => setTimeout(r, backoff / 2 + Math.random() * backoff));
        }
      }
      s.driving = false;
      kick(s);
      return {
        sessionId: req.sessionId,
        leases: [...s.leases.values()].filter((l) => isLive(l.status)).map(leaseInfo),
      };
    },

    async submitStep(req, signer) {
      const sid = toHex(req.sessionId);
      authorize(sid, signer);
      const s = get(sid);
      if (s.rec.status !== "open") throw new SessionClosedError(sid, s.rec.closedCode ?? "closed");
      if (req.clientStepId) {
        const prior = await store.clientStep(sid, req.clientStepId);
        if (prior !== undefined) return { sequence: prior, duplicate: true };
      }
      const svc = components.params().service;
      const take = takeToken(s.bucket, now(), svc.stepsPerSecond, Math.max(1, svc.stepsPerSecond));
      s.bucket = take.state;
      if (!take.ok) throw new RateLimitedError(`SubmitStep on ${sid}`, take.retryAfterMs);
      let pendingAll = 0;
      for (const x of sessions.values()) pendingAll += x.pending.size;
      if (!admitByPriority(pendingAll, init.maxPendingSteps, s.rec.priority, init.maxPriority)) {
        throw new OverloadedError(`SubmitStep on ${sid} (${pendingAll} steps queued)`, 500);
      }
      // The step's spans hang under this one; an SDK that sent no traceparent starts a trace here.
      const span = tracer?.startSpan("scheduler.submit", {
        parent: req.traceparent,
        attributes: { session: sid, sequence: s.rec.nextSequence.toString() },
      });
      const step: StepRecord = {
        sequence: s.rec.nextSequence,
        input: toHex(req.input),
        clientStepId: req.clientStepId,
        timestampMs: req.timestampMs > 0n ? req.timestampMs : BigInt(now()),
        traceparent: span?.traceparent ?? req.traceparent,
        submittedAtMs: now(),
      };
      s.rec.nextSequence += 1n;
      await commit(s, new Batch().step(sid, step));
      span?.end();
      s.pending.set(step.sequence, step);
      kick(s);
      return { sequence: step.sequence, duplicate: false };
    },

    async closeSession(sessionId, signer) {
      authorize(sessionId, signer);
      const s = get(sessionId);
      await closeInternal(s, "CLOSED_BY_OWNER", `closed by ${signer}`);
      return [...s.leases.values()];
    },

    async submitVoucher(voucher, signer) {
      const sid = toHex(voucher.sessionId);
      authorize(sid, signer);
      const s = get(sid);
      await verifyVoucherSignature(init.domain, voucher, s.rec.sessionKey);
      const lease = s.leases.get(toHex(voucher.leaseId));
      if (!lease) throw new InvalidRequestError(`voucher for unknown lease ${toHex(voucher.leaseId)}`);
      if (!same(lease.operator, voucher.operator))
        throw new InvalidRequestError("voucher operator is not the lease's operator");
      await store.commit(new Batch().voucher(sid, lease.leaseId, voucher));
      // Journalled: the voucher is ours to deliver now. A node that is down (killed, partitioned)
      // gets it when it answers again; the project's call does not fail for the node's outage.
      const delivered = await deliverVoucher(lease.peerId, lease.leaseId, voucher, isLive(lease.status));
      if (delivered === "rejected") {
        throw new LeaseFailedError(lease.leaseId, "the node refused the voucher");
      }
      if (delivered === false) {
        undelivered.set(lease.leaseId.toLowerCase(), {
          peerId: lease.peerId,
          leaseId: lease.leaseId,
          voucher,
        });
      }
    },

    async *watch(sessionId, afterCursor, signal) {
      const s = get(sessionId);
      // Subscribe first and buffer, then replay the journal: nothing falls between the two.
      const live: SessionEvent[] = [];
      let wake: (() => void) | undefined;
      const unsubscribe = hub.subscribe(s.rec.sessionId, (e) => {
        live.push(e);
        wake?.();
      });
      const onAbort = () => wake?.();
      signal.addEventListener("abort", onAbort);
      try {
        let last = afterCursor;
        for await (const e of store.events(s.rec.sessionId, afterCursor)) {
          if (signal.aborted) return;
          yield e;
          last = e.cursor;
        }
        for (;;) {
          while (live.length > 0) {
            const e = live.shift() as SessionEvent;
            if (e.cursor <= last) continue;
            yield e;
            last = e.cursor;
          }
          if (signal.aborted) return;
          await new Promise<void>((r) => {
            wake = r;
          });
          wake = undefined;
        }
      } finally {
        unsubscribe();
        signal.removeEventListener("abort", onAbort);
      }
    },

    async receipts(sessionId, fromSequence, limit) {
      get(sessionId);
      return store.receipts(sessionId.toLowerCase(), fromSequence, Math.min(Math.max(limit, 1), 1000));
    },

    async explain(sessionId) {
      get(sessionId);
      return store.placements(sessionId.toLowerCase());
    },

    counts() {
      const sessionsBy: Record<string, number> = { open: 0, closed: 0 };
      const leasesBy: Record<LeaseStatus, number> = {
        requested: 0,
        offered: 0,
        accepted: 0,
        running: 0,
        completed: 0,
        failed: 0,
        confirmed: 0,
        settled: 0,
      };
      for (const s of sessions.values()) {
        sessionsBy[s.rec.status] = (sessionsBy[s.rec.status] ?? 0) + 1;
        for (const l of s.leases.values()) leasesBy[l.status] += 1;
      }
      return { sessions: sessionsBy, leases: leasesBy };
    },
  };

  function capacityOfZero() {
    return { cpuMillis: 0, ramBytes: 0n, vramBytes: 0n, gpus: 0, leaseSlots: 1 };
  }
}

function minNonZero(a: bigint, b: bigint): bigint {
  if (a === 0n) return b;
  if (b === 0n) return a;
  return a < b ? a : b;
}
