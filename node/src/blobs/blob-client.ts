/**
 * Fetch a blob by hash from a peer over /padmesh/blob/1.0.0 (a one-shot request on proto's channel
 * pool) and check it hashes to its address.
 */
import type { Libp2p, PeerId } from "@libp2p/interface";
import {
  BlobRequest,
  BlobResponse,
  bytesEqual,
  createChannelPool,
  MAX_BLOB_BYTES,
  PROTOCOL,
  sha256,
  toHex,
} from "@padmesh/proto";
import { BlobUnavailableError } from "../errors.js";

export interface BlobFetcher {
  fetch(peer: PeerId | string, hash: Uint8Array, options?: { signal?: AbortSignal }): Promise<Uint8Array>;
}

/**
 * @example
 * const blobs = createBlobFetcher({ libp2p });
 * const module = await blobs.fetch(schedulerPeerId, moduleHash, { signal });
 */
export function createBlobFetcher(
  components: { libp2p: Libp2p },
  init: { timeoutMs?: number } = {},
): BlobFetcher {
  const pool = createChannelPool({ host: components.libp2p });
  const BLOB = {
    protocol: PROTOCOL.blob,
    request: BlobRequest,
    response: BlobResponse,
    responseName: "BlobResponse",
    timeoutMs: init.timeoutMs ?? 30_000,
    maxFrameBytes: MAX_BLOB_BYTES + 1024,
  };
  return {
    async fetch(peer, hash, options = {}) {
      const target = peer.toString();
      let res: BlobResponse;
      try {
        res = await pool.oneShot(target, BLOB, { hash }, options);
      } catch (cause) {
        throw new BlobUnavailableError(toHex(hash), `cannot fetch it from ${target}`, { cause });
      }
      if (res.notFound) throw new BlobUnavailableError(toHex(hash), `not found on ${target}`);
      if (!bytesEqual(sha256(res.data), hash))
        throw new BlobUnavailableError(toHex(hash), "content does not match its hash");
      return res.data;
    },
  };
}
