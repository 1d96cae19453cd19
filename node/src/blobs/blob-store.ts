/**
 * Content-addressed blobs (modules, inputs, state checkpoints) cached on disk under
 * `<dataDir>/blobs/<sha256 hex>`, with a small in-memory map for recent checkpoints so serving
 * them does not cost a file write per step. Every blob is checked against its hash on the way in.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { bytesEqual, MAX_BLOB_BYTES, sha256, toHex } from "@padmesh/proto";
import { BlobUnavailableError } from "../errors.js";

export interface BlobStore {
  /** Store bytes on disk; returns their sha256. */
  put(data: Uint8Array): Promise<Uint8Array>;
  /** Keep bytes in memory only (recent checkpoints), bounded. Returns their sha256. */
  putVolatile(data: Uint8Array, hash?: Uint8Array): Uint8Array;
  get(hash: Uint8Array): Promise<Uint8Array | undefined>;
  /** Store fetched bytes after checking they hash to `hash`. */
  putVerified(hash: Uint8Array, data: Uint8Array): Promise<void>;
}

export interface BlobStoreInit {
  dir: string;
  /** Volatile entries kept (oldest dropped first). Default 1024. */
  volatileEntries?: number;
}

export function createBlobStore(init: BlobStoreInit): BlobStore {
  const volatile = new Map<string, Uint8Array>();
  const cap = init.volatileEntries ?? 1024;
  const memo = new Map<string, Uint8Array>();
  let made = false;
  const path = (hash: Uint8Array) => join(init.dir, toHex(hash).slice(2));

  async function writeFileAtomic(hash: Uint8Array, data: Uint8Array): Promise<void> {
    if (!made) {
      await mkdir(init.dir, { recursive: true });
      made = true;
    }
    const p = path(hash);
    const tmp = `${p}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(tmp, data);
    await rename(tmp, p);
  }

  const store: BlobStore = {
    async put(data) {
      if (data.length > MAX_BLOB_BYTES) throw new BlobUnavailableError("(new)", "larger than MAX_BLOB_BYTES");
      const hash = sha256(data);
      await writeFileAtomic(hash, data);
      return hash;
    },
    putVolatile(data, hash = sha256(data)) {
      const k = toHex(hash);
      volatile.delete(k);
      volatile.set(k, data);
      while (volatile.size > cap) volatile.delete(volatile.keys().next().value as string);
      return hash;
    },
    async get(hash) {
      const k = toHex(hash);
      const v = volatile.get(k) ?? memo.get(k);
      if (v) return v;
      try {
        const data = new Uint8Array(await readFile(path(hash)));
        if (data.length <= 1024 * 1024) memo.set(k, data);
        return data;
      } catch {
        return undefined;
      }
    },
    async putVerified(hash, data) {
      if (!bytesEqual(sha256(data), hash))
        throw new BlobUnavailableError(toHex(hash), "content does not match its hash");
      await writeFileAtomic(hash, data);
    },
  };
  return store;
}
