/**
 * The scheduler's side of the node protocols: one long-lived lease channel and one step (or, for a
 * coordination lease, coordinate) channel per lease (a timeout on one lease never disturbs
 * another), and one-shot verify requests, at most `verifyConcurrency` in flight per verifier and
 * the rest queued. Broken channels are re-opened on the next call (proto's channel pool).
 */
import type { AbortOptions } from "@libp2p/interface";
import {
  CoordinateRequest,
  CoordinateResponse,
  createChannelPool,
  LeaseRequest,
  LeaseResponse,
  MAX_COORDINATION_HOPS,
  MAX_FRAME_BYTES,
  type MeshHost,
  PROTOCOL,
  StepInput,
  StepResult,
  VerifyRequest,
  VerifyResponse,
} from "@padmesh/proto";
import { createPeerLimiter } from "./peer-limiter.js";

export interface NodeClient {
  /**
   * Send one lease-protocol request for `leaseId` to `peerId`, on the lease's long-lived channel,
   * or with `oneShot` on a stream of its own (for a lease that has ended: a late voucher).
   */
  lease(
    peerId: string,
    leaseId: string,
    req: LeaseRequest,
    opts?: AbortOptions & { timeoutMs?: number; oneShot?: boolean },
  ): Promise<LeaseResponse>;
  /** Run one step on `leaseId`'s ordered step stream. */
  step(
    peerId: string,
    leaseId: string,
    input: StepInput,
    opts?: AbortOptions & { timeoutMs?: number },
  ): Promise<StepResult>;
  /** Run one coordinated step on a coordination lease's ordered stream (scheduler → coordinator). */
  coordinate(
    peerId: string,
    leaseId: string,
    req: CoordinateRequest,
    opts?: AbortOptions & { timeoutMs?: number },
  ): Promise<CoordinateResponse>;
  verify(
    peerId: string,
    req: VerifyRequest,
    opts?: AbortOptions & { timeoutMs?: number },
  ): Promise<VerifyResponse>;
  /** Tell the client where a peer can be dialled (from its advert). */
  learnAddresses(peerId: string, multiaddrs: string[]): Promise<void>;
  /** Close the channels of a lease that ended. */
  forget(leaseId: string): Promise<void>;
  stop(): Promise<void>;
}

export interface NodeClientComponents {
  host: MeshHost;
}

export interface NodeClientInit {
  leaseTimeoutMs: number;
  stepTimeoutMs: number;
  verifyTimeoutMs: number;
  /** Deadline of a coordinated step, which waits on every leg (default 3 × stepTimeoutMs). */
  coordinateTimeoutMs?: number;
  /** Verify requests in flight per verifier (default 16; libp2p allows 64 streams per protocol). */
  verifyConcurrency?: number;
  /** Verify requests waiting for a slot, over all verifiers, before new ones are refused (default 1,000). */
  verifyMaxQueued?: number;
}

export function createNodeClient(components: NodeClientComponents, init: NodeClientInit): NodeClient {
  const pool = createChannelPool({ host: components.host });
  const verifySlots = createPeerLimiter({
    concurrency: init.verifyConcurrency ?? 16,
    maxQueued: init.verifyMaxQueued ?? 1_000,
  });

  const LEASE = {
    protocol: PROTOCOL.lease,
    request: LeaseRequest,
    response: LeaseResponse,
    responseName: "LeaseResponse",
    timeoutMs: init.leaseTimeoutMs,
  };
  const STEP = {
    protocol: PROTOCOL.step,
    request: StepInput,
    response: StepResult,
    responseName: "StepResult",
    timeoutMs: init.stepTimeoutMs,
  };
  const COORDINATE = {
    protocol: PROTOCOL.coordinate,
    request: CoordinateRequest,
    response: CoordinateResponse,
    responseName: "CoordinateResponse",
    timeoutMs: init.coordinateTimeoutMs ?? init.stepTimeoutMs * 3,
    // Carries every leg's result (outputs and state snapshots) beside the coordinator's own.
    maxFrameBytes: (MAX_COORDINATION_HOPS + 1) * MAX_FRAME_BYTES,
  };
  const VERIFY = {
    protocol: PROTOCOL.verify,
    request: VerifyRequest,
    response: VerifyResponse,
    responseName: "VerifyResponse",
    timeoutMs: init.verifyTimeoutMs,
  };

  return {
    async lease(peerId, leaseId, req, opts = {}) {
      // A lease that has ended gets no cached channel (nothing would close it again: libp2p
      // allows 64 outbound streams per protocol to a peer, and leaked channels used those up).
      if (opts.oneShot) return pool.oneShot(peerId, LEASE, req, opts);
      const ch = await pool.open(`lease:${leaseId}`, peerId, LEASE, opts);
      return ch.request(req, opts);
    },
    async step(peerId, leaseId, input, opts = {}) {
      const ch = await pool.open(`step:${leaseId}`, peerId, STEP, opts);
      return ch.request(input, opts);
    },
    async coordinate(peerId, leaseId, req, opts = {}) {
      const ch = await pool.open(`coordinate:${leaseId}`, peerId, COORDINATE, opts);
      return ch.request(req, opts);
    },
    verify(peerId, req, opts = {}) {
      return verifySlots.run(peerId, () => {
        opts.signal?.throwIfAborted();
        return pool.oneShot(peerId, VERIFY, req, opts);
      });
    },
    learnAddresses(peerId, addrs) {
      return pool.learnAddresses(peerId, addrs);
    },
    async forget(leaseId) {
      await Promise.all(["lease", "step", "coordinate"].map((k) => pool.forget(`${k}:${leaseId}`)));
    },
    stop() {
      return pool.stop();
    },
  };
}
