/**
 * The scheduler's side of the node protocols: one long-lived lease channel and one step channel
 * per lease (a timeout on one lease never disturbs another), and one-shot verify requests, at
 * most `verifyConcurrency` in flight per verifier and the rest queued.
 * Broken channels are re-opened on the next call.
 */
import type { AbortOptions } from "@libp2p/interface";
import { peerIdFromString } from "@libp2p/peer-id";
import { multiaddr } from "@multiformats/multiaddr";
import {
  createRequestChannel,
  LeaseRequest,
  LeaseResponse,
  type MeshHost,
  PROTOCOL,
  type RequestChannel,
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
  /** Verify requests in flight per verifier (default 16; libp2p allows 64 streams per protocol). */
  verifyConcurrency?: number;
  /** Verify requests waiting for a slot, over all verifiers, before new ones are refused (default 1,000). */
  verifyMaxQueued?: number;
}

export function createNodeClient(components: NodeClientComponents, init: NodeClientInit): NodeClient {
  const { host } = components;
  const leaseChannels = new Map<string, Promise<RequestChannel<LeaseRequest, LeaseResponse>>>();
  const stepChannels = new Map<string, Promise<RequestChannel<StepInput, StepResult>>>();
  const verifySlots = createPeerLimiter({
    concurrency: init.verifyConcurrency ?? 16,
    maxQueued: init.verifyMaxQueued ?? 1_000,
  });

  async function open<Req, Res>(
    cache: Map<string, Promise<RequestChannel<Req, Res>>>,
    key: string,
    peerId: string,
    make: (stream: Awaited<ReturnType<MeshHost["dialProtocol"]>>) => RequestChannel<Req, Res>,
    protocol: string,
    opts: AbortOptions,
  ): Promise<RequestChannel<Req, Res>> {
    const existing = cache.get(key);
    if (existing) {
      const ch = await existing.catch(() => undefined);
      if (ch && !ch.closed) return ch;
      cache.delete(key);
    }
    const p = host.dialProtocol(peerIdFromString(peerId), protocol, opts).then(make);
    cache.set(key, p);
    p.catch(() => {
      if (cache.get(key) === p) cache.delete(key);
    });
    return p;
  }

  const LEASE = {
    protocol: PROTOCOL.lease,
    request: LeaseRequest,
    response: LeaseResponse,
    responseName: "LeaseResponse",
    timeoutMs: init.leaseTimeoutMs,
  };
  const VERIFY = {
    protocol: PROTOCOL.verify,
    request: VerifyRequest,
    response: VerifyResponse,
    responseName: "VerifyResponse",
    timeoutMs: init.verifyTimeoutMs,
  };

  /** One request on a stream of its own, closed after the answer. */
  async function oneShot<Req, Res>(
    peerId: string,
    spec: Parameters<typeof createRequestChannel<Req, Res>>[1],
    req: Req,
    opts: AbortOptions,
  ): Promise<Res> {
    const stream = await host.dialProtocol(peerIdFromString(peerId), spec.protocol, opts);
    const ch = createRequestChannel(stream, spec);
    try {
      return await ch.request(req, opts);
    } finally {
      await ch.close().catch(() => undefined);
    }
  }

  return {
    async lease(peerId, leaseId, req, opts = {}) {
      // A lease that has ended gets no cached channel (nothing would close it again: libp2p
      // allows 64 outbound streams per protocol to a peer, and leaked channels used those up).
      if (opts.oneShot) return oneShot(peerId, LEASE, req, opts);
      const ch = await open(
        leaseChannels,
        leaseId,
        peerId,
        (s) => createRequestChannel(s, LEASE),
        PROTOCOL.lease,
        opts,
      );
      return ch.request(req, opts);
    },
    async step(peerId, leaseId, input, opts = {}) {
      const ch = await open(
        stepChannels,
        leaseId,
        peerId,
        (s) =>
          createRequestChannel(s, {
            protocol: PROTOCOL.step,
            request: StepInput,
            response: StepResult,
            responseName: "StepResult",
            timeoutMs: init.stepTimeoutMs,
          }),
        PROTOCOL.step,
        opts,
      );
      return ch.request(input, opts);
    },
    verify(peerId, req, opts = {}) {
      return verifySlots.run(peerId, () => {
        opts.signal?.throwIfAborted();
        return oneShot(peerId, VERIFY, req, opts);
      });
    },
    async learnAddresses(peerId, addrs) {
      const parsed = addrs.flatMap((a) => {
        try {
          return [multiaddr(a)];
        } catch {
          return [];
        }
      });
      if (parsed.length === 0) return;
      await host.peerStore.merge(peerIdFromString(peerId), { multiaddrs: parsed });
    },
    async forget(leaseId) {
      for (const cache of [leaseChannels, stepChannels] as Map<
        string,
        Promise<RequestChannel<unknown, unknown>>
      >[]) {
        const p = cache.get(leaseId);
        cache.delete(leaseId);
        const ch = await p?.catch(() => undefined);
        await ch?.close().catch(() => undefined);
      }
    },
    async stop() {
      const all = [...leaseChannels.keys(), ...stepChannels.keys()];
      await Promise.all(all.map((id) => this.forget(id)));
    },
  };
}
