/**
 * Fetch a blob by hash from a peer over /padmesh/blob/1.0.0 and check it hashes to its address.
 */
import type { Libp2p, PeerId } from "@libp2p/interface";
import { peerIdFromString } from "@libp2p/peer-id";
import {
  BlobRequest,
  BlobResponse,
  bytesEqual,
  createRequestChannel,
  MAX_BLOB_BYTES,
  PROTOCOL,
  sha256,
  toHex,
} from "@padmesh/proto";
import { BlobUnavailableError } from "../errors.js";

export interface BlobFetcher {
  fetch(peer: PeerId | string, hash: Uint8Array, options?: { signal?: AbortSignal }): Promise<Uint8Array>;
}

export function createBlobFetcher(
  components: { libp2p: Libp2p },
  init: { timeoutMs?: number } = {},
): BlobFetcher {
  return {
    async fetch(peer, hash, options = {}) {
      const target = typeof peer === "string" ? peerIdFromString(peer) : peer;
      let stream: Awaited<ReturnType<Libp2p["dialProtocol"]>>;
      try {
        stream = await components.libp2p.dialProtocol(target, PROTOCOL.blob, { signal: options.signal });
      } catch (cause) {
        throw new BlobUnavailableError(toHex(hash), `cannot reach ${target.toString()}`, { cause });
      }
      const channel = createRequestChannel(stream, {
        protocol: PROTOCOL.blob,
        request: BlobRequest,
        response: BlobResponse,
        responseName: "BlobResponse",
        timeoutMs: init.timeoutMs ?? 30_000,
        maxFrameBytes: MAX_BLOB_BYTES + 1024,
      });
      try {
        const res = await channel.request({ hash }, { signal: options.signal });
        if (res.notFound) throw new BlobUnavailableError(toHex(hash), `not found on ${target.toString()}`);
        if (!bytesEqual(sha256(res.data), hash))
          throw new BlobUnavailableError(toHex(hash), "content does not match its hash");
        return res.data;
      } finally {
        await channel.close().catch(() => undefined);
      }
    },
  };
}
