/**
 * Long-lived request channels to peers, one per key (a lease's step channel, its lease channel),
 * opened on first use and re-opened after a reset; and one-shot requests on a stream of their
 * own. Shared by every dialler of the node protocols: the scheduler, and a coordinator calling
 * its session's legs.
 */
import type { AbortOptions, Libp2p } from "@libp2p/interface";
import { peerIdFromString } from "@libp2p/peer-id";
import { multiaddr } from "@multiformats/multiaddr";
import { createRequestChannel, type RequestChannel, type RequestChannelInit } from "./request-channel.js";

export interface ChannelPool {
  /** The channel for `key` to `peerId`, dialled when there is none or the last one broke. */
  open<Req, Res>(
    key: string,
    peerId: string,
    spec: RequestChannelInit<Req, Res>,
    opts?: AbortOptions,
  ): Promise<RequestChannel<Req, Res>>;
  /** One request on a stream of its own, closed after the answer. */
  oneShot<Req, Res>(
    peerId: string,
    spec: RequestChannelInit<Req, Res>,
    req: Req,
    opts?: AbortOptions & { timeoutMs?: number },
  ): Promise<Res>;
  /** Tell the pool where a peer can be dialled; unparseable addresses are skipped. */
  learnAddresses(peerId: string, multiaddrs: readonly string[]): Promise<void>;
  /** Close `key`'s channel (a lease that ended). */
  forget(key: string): Promise<void>;
  /** Close every channel. */
  stop(): Promise<void>;
}

/**
 * @example
 * const pool = createChannelPool({ host: libp2p });
 * const steps = await pool.open(leaseHex, peerId, { protocol: PROTOCOL.step, request: StepInput,
 *   response: StepResult, responseName: "StepResult" });
 * const result = await steps.request(input, { signal });
 */
export function createChannelPool(components: { host: Libp2p }): ChannelPool {
  const { host } = components;
  const channels = new Map<string, Promise<RequestChannel<unknown, unknown>>>();

  return {
    async open<Req, Res>(
      key: string,
      peerId: string,
      spec: RequestChannelInit<Req, Res>,
      opts: AbortOptions = {},
    ): Promise<RequestChannel<Req, Res>> {
      const existing = channels.get(key) as Promise<RequestChannel<Req, Res>> | undefined;
      if (existing) {
        const ch = await existing.catch(() => undefined);
        if (ch && !ch.closed) return ch;
        if (channels.get(key) === existing) channels.delete(key);
      }
      const p = host
        .dialProtocol(peerIdFromString(peerId), spec.protocol, opts)
        .then((stream) => createRequestChannel(stream, spec));
      channels.set(key, p as Promise<RequestChannel<unknown, unknown>>);
      p.catch(() => {
        if (channels.get(key) === p) channels.delete(key);
      });
      return p;
    },
    async oneShot(peerId, spec, req, opts = {}) {
      const stream = await host.dialProtocol(peerIdFromString(peerId), spec.protocol, opts);
      const ch = createRequestChannel(stream, spec);
      try {
        return await ch.request(req, opts);
      } finally {
        await ch.close().catch(() => undefined);
      }
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
    async forget(key) {
      const p = channels.get(key);
      channels.delete(key);
      const ch = await p?.catch(() => undefined);
      await ch?.close().catch(() => undefined);
    },
    async stop() {
      await Promise.all([...channels.keys()].map((k) => this.forget(k)));
    },
  };
}
