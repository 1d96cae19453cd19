/**
 * The node side of /padmesh/lease/1.0.0. The node is the authority on its own capacity: an
 * offer is accepted or rejected atomically against the capacity ledger; an accepted offer is
 * a reservation that lapses unless confirmed; a confirmed lease is journalled, runs while
 * heartbeats arrive within its TTL, and gives its capacity back when released or lapsed.
 * Before accepting, the module (and a resume checkpoint, if any) is fetched by hash from the
 * offering peer, so an accepted lease is ready to step.
 */
import { peerIdFromString } from "@libp2p/peer-id";
import {
  encodeMessage,
  hashVoucher,
  type LeaseDelegate,
  LeaseRejectReason,
  type LeaseRequest,
  type LeaseResponse,
  LeaseState,
  type LeaseTerms,
  PadMeshError,
  parseAmount,
  ReleaseReason,
  Role,
  recoverDigestSigner,
  StateSnapshot,
  toHex,
  type Voucher,
} from "@padmesh/proto";
import type { BlobFetcher } from "../blobs/blob-client.js";
import type { BlobStore } from "../blobs/blob-store.js";
import type { RoleName } from "../config/schema.js";
import type { NodeJournal } from "../journal/interface.js";
import type { CapacityLedger } from "./capacity.js";
import * as ledgerOps from "./capacity.js";
import { fromLeaseScheduler, type LeaseTable } from "./lease-table.js";

export const ROLE_BY_NAME: Record<RoleName, Role> = {
  compute: Role.ROLE_COMPUTE,
  execution: Role.ROLE_EXECUTION,
  coordination: Role.ROLE_COORDINATION,
  verification: Role.ROLE_VERIFICATION,
};

/** The encoded empty session state: where a fresh lease starts. */
export const EMPTY_STATE = encodeMessage(StateSnapshot, { entries: [] });

export interface LeaseServiceComponents {
  ledger: CapacityLedger;
  leases: LeaseTable;
  journal: NodeJournal;
  blobs: BlobStore;
  fetcher?: BlobFetcher;
  /** The operator's address (LeaseAccept.operator, voucher checks). */
  operator: string;
  domain: import("@padmesh/proto").MeshDomain;
  now?: () => number;
  /** A lease ended (released, lapsed): claim its voucher, update metrics. */
  onEnded?(terms: LeaseTerms, reason: string): void;
  /** Capacity changed (accept, confirm, release, lapse): re-advertise. */
  onCapacityChange?(): void;
  /** A lease was confirmed and will receive steps (warm what its first step needs). */
  onRunning?(terms: LeaseTerms): void;
  /** A higher voucher was journalled (a lease already claimed can then be claimed again). */
  onVoucher?(voucher: Voucher): void;
}

export interface LeaseServiceInit {
  roles: RoleName[];
  prices: Partial<Record<RoleName, bigint>>;
  reservationMs: number;
  maxTtlMs?: number;
}

export interface LeaseRequestContext {
  /** The remote peer id (the scheduler), for fetching blobs. */
  remotePeer?: string;
  signal?: AbortSignal;
}

export interface LeaseService {
  handle(request: LeaseRequest, ctx?: LeaseRequestContext): Promise<LeaseResponse>;
  /** Release holds past their deadline; returns the lease ids that lapsed. */
  expire(): Promise<string[]>;
  /** Reload running leases from the journal after a restart. */
  recover(): Promise<number>;
  /** Refuse new offers (shutdown). */
  drain(): void;
  /** Voucher signer recovered per lease (the project or its session key), for claims. */
  readonly voucherSigners: Map<string, string>;
}

const reject = (leaseId: Uint8Array, reason: LeaseRejectReason, detail: string): LeaseResponse => ({
  kind: { $case: "reject", value: { leaseId, reason, detail } },
});
function releaseReasonName(reason: number): string {
  const found = Object.entries(ReleaseReason).find(([, v]) => v === reason);
  return found ? found[0].replace("RELEASE_REASON_", "").toLowerCase() : "released";
}

const ack = (leaseId: Uint8Array): LeaseResponse => ({ kind: { $case: "ack", value: leaseId } });

/**
 * @example
 * const service = createLeaseService({ ledger, leases, journal, blobs, fetcher, operator, domain }, init);
 * const response = await service.handle(request, { remotePeer });
 */
export function createLeaseService(components: LeaseServiceComponents, init: LeaseServiceInit): LeaseService {
  const { ledger, leases, journal, blobs } = components;
  const now = components.now ?? Date.now;
  const offered = new Set(init.roles.map((r) => ROLE_BY_NAME[r]));
  const priceByRole = new Map<Role, bigint>();
  for (const [name, price] of Object.entries(init.prices))
    priceByRole.set(ROLE_BY_NAME[name as RoleName], price as bigint);
  /** Terms of accepted offers awaiting confirmation, with the state they start from. */
  const reserved = new Map<string, { terms: LeaseTerms; state: Uint8Array }>();
  const voucherSigners = new Map<string, string>();
  let draining = false;

  async function ensureBlob(hash: Uint8Array, ctx: LeaseRequestContext): Promise<Uint8Array | undefined> {
    const have = await blobs.get(hash);
    if (have) return have;
    if (!components.fetcher || !ctx.remotePeer) return undefined;
    try {
      const data = await components.fetcher.fetch(ctx.remotePeer, hash, { signal: ctx.signal });
      await blobs.putVerified(hash, data);
      return data;
    } catch {
      return undefined;
    }
  }

  async function end(terms: LeaseTerms, reason: string): Promise<void> {
    ledgerOps.release(ledger, toHex(terms.leaseId));
    leases.delete(terms.leaseId);
    await journal.putLease({ terms, state: "ended", confirmedAtMs: 0, endedAtMs: now(), endReason: reason });
    components.onEnded?.(terms, reason);
    components.onCapacityChange?.();
  }

  async function onOffer(
    req: Extract<LeaseRequest["kind"], { $case: "offer" }>["value"],
    ctx: LeaseRequestContext,
  ) {
    const terms = req.terms;
    if (terms?.leaseId.length !== 32 || terms.sessionId.length !== 32) {
      return reject(
        terms?.leaseId ?? new Uint8Array(0),
        LeaseRejectReason.LEASE_REJECT_REASON_BAD_REQUEST,
        "terms missing or malformed",
      );
    }
    if (draining)
      return reject(terms.leaseId, LeaseRejectReason.LEASE_REJECT_REASON_DRAINING, "node is shutting down");
    if (!offered.has(terms.role))
      return reject(
        terms.leaseId,
        LeaseRejectReason.LEASE_REJECT_REASON_ROLE_NOT_OFFERED,
        `role ${terms.role} not offered`,
      );
    const ask = priceByRole.get(terms.role) ?? 0n;
    if (terms.pricePerFuel < ask) {
      return reject(
        terms.leaseId,
        LeaseRejectReason.LEASE_REJECT_REASON_PRICE_TOO_LOW,
        `asks ${ask} per fuel`,
      );
    }
    const key = toHex(terms.leaseId);
    if (leases.get(terms.leaseId) || ledger.holds.has(key)) {
      return reject(
        terms.leaseId,
        LeaseRejectReason.LEASE_REJECT_REASON_DUPLICATE_LEASE,
        "lease already held",
      );
    }
    const resources = terms.resources ?? {
      cpuMillis: 0,
      ramBytes: 0n,
      vramBytes: 0n,
      gpus: 0,
      leaseSlots: 1,
    };
    const ttlMs = Math.min(Number(terms.ttlMs > 0n ? terms.ttlMs : 30_000n), init.maxTtlMs ?? 600_000);
    const reservationMs = Math.min(
      Number(req.reservationMs > 0n ? req.reservationMs : BigInt(init.reservationMs)),
      init.reservationMs,
    );
    // Reserve first (atomic: synchronous against the ledger), then fetch; undo on failure.
    const held = ledgerOps.reserve(ledger, key, resources, now(), reservationMs, ttlMs);
    if (!held.ok) return reject(terms.leaseId, held.reason, held.detail);
    if (terms.role !== Role.ROLE_VERIFICATION) {
      const module = await ensureBlob(terms.moduleHash, ctx);
      if (!module) {
        ledgerOps.release(ledger, key);
        return reject(
          terms.leaseId,
          LeaseRejectReason.LEASE_REJECT_REASON_MODULE_UNAVAILABLE,
          `module ${toHex(terms.moduleHash)} unavailable`,
        );
      }
    }
    let state = EMPTY_STATE;
    if (terms.resumeCheckpoint.length > 0) {
      const snap = await ensureBlob(terms.resumeCheckpoint, ctx);
      if (!snap) {
        ledgerOps.release(ledger, key);
        return reject(
          terms.leaseId,
          LeaseRejectReason.LEASE_REJECT_REASON_MODULE_UNAVAILABLE,
          "resume checkpoint unavailable",
        );
      }
      state = snap;
    }
    if (!ledger.holds.has(key)) {
      return reject(
        terms.leaseId,
        LeaseRejectReason.LEASE_REJECT_REASON_INSUFFICIENT_CAPACITY,
        "reservation lapsed while fetching",
      );
    }
    reserved.set(key, { terms, state });
    components.onCapacityChange?.();
    return {
      kind: {
        $case: "accept",
        value: {
          leaseId: terms.leaseId,
          expiresAtMs: BigInt(held.hold.expiresAtMs),
          operator: components.operator,
        },
      },
    } satisfies LeaseResponse;
  }

  async function onConfirm(leaseId: Uint8Array) {
    const key = toHex(leaseId);
    const r = reserved.get(key);
    if (!r || !ledgerOps.confirm(ledger, key, now())) {
      reserved.delete(key);
      ledgerOps.release(ledger, key);
      return reject(leaseId, LeaseRejectReason.LEASE_REJECT_REASON_UNKNOWN_LEASE, "no live reservation");
    }
    reserved.delete(key);
    await journal.putLease({ terms: r.terms, state: "running", confirmedAtMs: now() });
    // A resumed lease continues the session's sequence (the step service expects
    // resume_sequence + 1 next); its own hash chain starts fresh at ZERO_HASH.
    leases.add(r.terms, r.state);
    components.onRunning?.(r.terms);
    return ack(leaseId);
  }

  async function onVoucher(v: Voucher) {
    const terms = (leases.get(v.leaseId) ?? (await journal.getLease(v.leaseId)))?.terms;
    if (!terms)
      return reject(
        v.leaseId,
        LeaseRejectReason.LEASE_REJECT_REASON_UNKNOWN_LEASE,
        "voucher for an unknown lease",
      );
    if (v.operator.toLowerCase() !== components.operator.toLowerCase()) {
      return reject(
        v.leaseId,
        LeaseRejectReason.LEASE_REJECT_REASON_BAD_REQUEST,
        "voucher names another operator",
      );
    }
    let amount: bigint;
    let signer: string;
    try {
      amount = parseAmount(v.cumulativeAmount, "cumulativeAmount");
      signer = await recoverDigestSigner("Voucher", hashVoucher(components.domain, v), v.signature);
    } catch (err) {
      return reject(
        v.leaseId,
        LeaseRejectReason.LEASE_REJECT_REASON_BAD_REQUEST,
        err instanceof PadMeshError ? err.shortMessage : "bad voucher",
      );
    }
    const prev = await journal.getVoucher(v.leaseId);
    // Keep the largest cumulative voucher: the claim on-chain pays that one.
    if (!prev || parseAmount(prev.cumulativeAmount) < amount || prev.receiptCount < v.receiptCount) {
      await journal.putVoucher(v);
      voucherSigners.set(toHex(v.leaseId), signer);
      const running = leases.get(v.leaseId);
      if (running && v.receiptCount > running.vouchered) running.vouchered = v.receiptCount;
      components.onVoucher?.(v);
    }
    return ack(v.leaseId);
  }

  /**
   * A lease answers only the scheduler that offered it (the peer id its terms name, which the
   * transport authenticated): any other peer is told the lease does not exist. Vouchers are
   * exempt: the session key's signature is what authenticates them.
   */
  function foreign(leaseId: Uint8Array, ctx: LeaseRequestContext): boolean {
    const terms = leases.get(leaseId)?.terms ?? reserved.get(toHex(leaseId))?.terms;
    return !!terms && !fromLeaseScheduler(terms, ctx.remotePeer);
  }

  /**
   * The scheduler names the session coordinator that may send this lease's steps. Journalled
   * with the terms, so a restarted node still takes the coordinator's steps.
   */
  async function onDelegate(d: LeaseDelegate): Promise<LeaseResponse> {
    const lease = leases.get(d.leaseId);
    if (!lease)
      return reject(d.leaseId, LeaseRejectReason.LEASE_REJECT_REASON_UNKNOWN_LEASE, "no running lease");
    if (lease.terms.coordinator !== d.coordinator) {
      if (d.coordinator !== "") {
        try {
          peerIdFromString(d.coordinator);
        } catch {
          return reject(
            d.leaseId,
            LeaseRejectReason.LEASE_REJECT_REASON_BAD_REQUEST,
            "coordinator is not a peer id",
          );
        }
      }
      lease.terms = { ...lease.terms, coordinator: d.coordinator };
      const rec = await journal.getLease(d.leaseId);
      await journal.putLease({
        terms: lease.terms,
        state: "running",
        confirmedAtMs: rec?.confirmedAtMs ?? now(),
      });
    }
    return ack(d.leaseId);
  }

  return {
    voucherSigners,
    async handle(request, ctx = {}) {
      const kind = request.kind;
      if (!kind)
        return reject(new Uint8Array(0), LeaseRejectReason.LEASE_REJECT_REASON_BAD_REQUEST, "empty request");
      if (kind.$case === "offer") {
        const terms = kind.value.terms;
        if (terms && !fromLeaseScheduler(terms, ctx.remotePeer)) {
          return reject(
            terms.leaseId,
            LeaseRejectReason.LEASE_REJECT_REASON_BAD_REQUEST,
            `the terms name scheduler ${terms.scheduler}, but the offer came from ${ctx.remotePeer}`,
          );
        }
      } else if (kind.$case !== "voucher") {
        const leaseId = kind.$case === "confirm" ? kind.value : kind.value.leaseId;
        if (foreign(leaseId, ctx))
          return reject(
            leaseId,
            LeaseRejectReason.LEASE_REJECT_REASON_UNKNOWN_LEASE,
            "no such lease for this peer",
          );
      }
      switch (kind.$case) {
        case "offer":
          return onOffer(kind.value, ctx);
        case "confirm":
          return onConfirm(kind.value);
        case "heartbeat": {
          const hb = kind.value;
          const lease = leases.get(hb.leaseId);
          const alive = ledgerOps.heartbeat(ledger, toHex(hb.leaseId), now());
          return {
            kind: {
              $case: "heartbeat",
              value: {
                leaseId: hb.leaseId,
                atMs: BigInt(now()),
                state: lease && alive ? LeaseState.LEASE_STATE_RUNNING : LeaseState.LEASE_STATE_FAILED,
                lastSequence: lease?.lastSequence ?? 0n,
              },
            },
          };
        }
        case "release": {
          const lease = leases.get(kind.value.leaseId);
          const key = toHex(kind.value.leaseId);
          const pending = reserved.get(key);
          if (lease) {
            await lease.tail; // let queued steps finish and be journalled first
            await end(lease.terms, releaseReasonName(kind.value.reason));
          } else if (pending) {
            reserved.delete(key);
            ledgerOps.release(ledger, key);
            components.onCapacityChange?.();
          }
          return ack(kind.value.leaseId);
        }
        case "voucher":
          return onVoucher(kind.value);
        case "delegate":
          return onDelegate(kind.value);
      }
    },
    async expire() {
      const gone = ledgerOps.expire(ledger, now());
      for (const h of gone) {
        const pending = reserved.get(h.leaseId);
        reserved.delete(h.leaseId);
        const lease = [...leases.values()].find((l) => toHex(l.terms.leaseId) === h.leaseId);
        if (lease) await end(lease.terms, "ttl lapsed");
        else if (pending) components.onCapacityChange?.();
      }
      return gone.map((h) => h.leaseId);
    },
    async recover() {
      let n = 0;
      for (const rec of await journal.leases()) {
        if (rec.state !== "running") continue;
        const last = await journal.latestStep(rec.terms.leaseId);
        const resources = rec.terms.resources ?? {
          cpuMillis: 0,
          ramBytes: 0n,
          vramBytes: 0n,
          gpus: 0,
          leaseSlots: 1,
        };
        const ttlMs = Number(rec.terms.ttlMs > 0n ? rec.terms.ttlMs : 30_000n);
        ledgerOps.restore(ledger, toHex(rec.terms.leaseId), resources, now(), ttlMs);
        let state = EMPTY_STATE;
        if (last?.output.stateSnapshot && last.output.stateSnapshot.length > 0)
          state = last.output.stateSnapshot;
        else if (!last && rec.terms.resumeCheckpoint.length > 0)
          state = (await blobs.get(rec.terms.resumeCheckpoint)) ?? EMPTY_STATE;
        const restored = leases.add(rec.terms, state, last?.sequence, last?.receiptHash);
        restored.vouchered = (await journal.getVoucher(rec.terms.leaseId))?.receiptCount ?? 0n;
        n++;
      }
      return n;
    },
    drain() {
      draining = true;
    },
  };
}
