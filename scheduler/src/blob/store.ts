/**
 * Content-addressed blob store on disk (`<dataDir>/blobs/<sha256 hex>`): modules uploaded by
 * projects and state checkpoints replicated off nodes. A blob is written to a temporary file,
 * fsynced and renamed, so a crash leaves either the whole blob or none of it.
 */
import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, stat } from "node:fs/promises";
import { join } from "node:path";
import { bytesEqual, sha256, toHex } from "@padmesh/proto";
import { BlobTooLargeError } from "../errors.js";

export interface BlobStore {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Store `data`; returns its sha256. */
  put(data: Uint8Array): Promise<Uint8Array>;
  /** The blob with this sha256, or undefined. */
  get(hash: Uint8Array): Promise<Uint8Array | undefined>;
  has(hash: Uint8Array): Promise<boolean>;
  readonly maxBytes: number;
}

export interface BlobStoreInit {
  dir: string;
  maxBytes: number;
}

export function createBlobStore(init: BlobStoreInit): BlobStore {
  const pathOf = (hash: Uint8Array) => join(init.dir, toHex(hash).slice(2));
  return {
    maxBytes: init.maxBytes,
    async start() {
      await mkdir(init.dir, { recursive: true });
    },
    async stop() {},
    async put(data) {
      if (data.length > init.maxBytes) throw new BlobTooLargeError(data.length, init.maxBytes);
      const hash = sha256(data);
      const path = pathOf(hash);
      if (await exists(path)) return hash;
      const tmp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
      const fh = await open(tmp, "w");
      try {
        await fh.writeFile(data);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, path);
      return hash;
    },
    async get(hash) {
      if (hash.length !== 32) return undefined;
      try {
        const data = new Uint8Array(await readFile(pathOf(hash)));
        // A blob that no longer matches its name is treated as missing, never served.
        return bytesEqual(sha256(data), hash) ? data : undefined;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw err;
      }
    },
    async has(hash) {
      return hash.length === 32 && exists(pathOf(hash));
    },
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
