/**
 * Checkpoints live in the journal, in the same group-committed batch as the step that made
 * them (one fsync per step instead of one per snapshot file plus one for the journal). This
 * store reads them back (`k/<sha256 hex>` keys) and falls through to the file store for
 * modules, so the blob protocol and verification see one content-addressed space.
 */
import { bytesEqual, sha256, toHex } from "@padmesh/proto";
import type { Journal, JournalOp } from "../journal/interface.js";
import type { BlobStore } from "./store.js";

export const checkpointKey = (hash: Uint8Array) => `k/${toHex(hash)}`;

/** The journal op that stores a checkpoint; returns it with the checkpoint's sha256. */
export function checkpointOp(snapshot: Uint8Array): { hash: Uint8Array; op: JournalOp } {
  const hash = sha256(snapshot);
  return { hash, op: { type: "put", key: checkpointKey(hash), value: snapshot } };
}

export function createJournalledBlobStore(journal: Journal, files: BlobStore): BlobStore {
  async function fromJournal(hash: Uint8Array): Promise<Uint8Array | undefined> {
    if (hash.length !== 32) return undefined;
    const v = await journal.get(checkpointKey(hash));
    return v && bytesEqual(sha256(v), hash) ? v : undefined;
  }
  return {
    maxBytes: files.maxBytes,
    start: () => files.start(),
    stop: () => files.stop(),
    put: (data) => files.put(data),
    async get(hash) {
      return (await fromJournal(hash)) ?? files.get(hash);
    },
    async has(hash) {
      return (await fromJournal(hash)) !== undefined || files.has(hash);
    },
  };
}
