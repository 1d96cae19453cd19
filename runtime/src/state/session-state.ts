/**
 * A session's key-value state. Keys and values are bytes; the root (state/merkle.ts) goes into
 * every receipt and the snapshot (an encoded, sorted StateSnapshot) is the checkpoint another node
 * resumes from.
 */
import { decodeMessage, encodeMessage, MAX_BLOB_BYTES, StateSnapshot } from "@padmesh/proto";
import { InvalidSnapshotError } from "../errors.js";
import { leafHash, merkleRoot } from "./merkle.js";

/** Longest key the state accepts (bytes). */
export const MAX_STATE_KEY_BYTES = 1024;
/** Longest value the state accepts (bytes). */
export const MAX_STATE_VALUE_BYTES = 1024 * 1024;

interface Entry {
  key: Uint8Array;
  value: Uint8Array;
  leaf?: Uint8Array;
}

/** Map key: the key's bytes as latin1, so string order is byte order. */
function mapKey(key: Uint8Array): string {
  return Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString("latin1");
}

export class SessionState {
  #entries = new Map<string, Entry>();
  #sorted: string[] | undefined;
  #root: Uint8Array | undefined;

  get size(): number {
    return this.#entries.size;
  }

  get(key: Uint8Array): Uint8Array | undefined {
    return this.#entries.get(mapKey(key))?.value;
  }

  has(key: Uint8Array): boolean {
    return this.#entries.has(mapKey(key));
  }

  /** Stores copies of `key` and `value`. */
  set(key: Uint8Array, value: Uint8Array): void {
    const k = mapKey(key);
    if (!this.#entries.has(k)) this.#sorted = undefined;
    this.#entries.set(k, { key: key.slice(), value: value.slice() });
    this.#root = undefined;
  }

  delete(key: Uint8Array): boolean {
    const deleted = this.#entries.delete(mapKey(key));
    if (deleted) {
      this.#sorted = undefined;
      this.#root = undefined;
    }
    return deleted;
  }

  /** Entries in key byte order. */
  entries(): { key: Uint8Array; value: Uint8Array }[] {
    return this.#sortedKeys().map((k) => {
      const e = this.#entries.get(k) as Entry;
      return { key: e.key, value: e.value };
    });
  }

  /** The 32-byte Merkle root; EMPTY_STATE_ROOT (32 zero bytes) when empty. */
  root(): Uint8Array {
    if (!this.#root) {
      const leaves = this.#sortedKeys().map((k) => {
        const e = this.#entries.get(k) as Entry;
        e.leaf ??= leafHash(e.key, e.value);
        return e.leaf;
      });
      this.#root = merkleRoot(leaves);
    }
    return this.#root.slice();
  }

  /** The encoded StateSnapshot (entries sorted by key); its sha256 is the checkpoint id. */
  snapshot(): Uint8Array {
    return encodeMessage(StateSnapshot, { entries: this.entries() });
  }

  /** Rebuilds a state from `snapshot()` bytes; rejects undecodable, unsorted or duplicate entries. */
  static fromSnapshot(bytes: Uint8Array): SessionState {
    let decoded: StateSnapshot;
    try {
      decoded = decodeMessage(StateSnapshot, "StateSnapshot", bytes, { maxBytes: MAX_BLOB_BYTES });
    } catch (cause) {
      throw new InvalidSnapshotError("not a StateSnapshot", { cause });
    }
    return SessionState.fromEntries(decoded.entries);
  }

  /** Rebuilds a state from a decoded StateSnapshot's entries (sorted, unique keys). */
  static fromEntries(entries: readonly { key: Uint8Array; value: Uint8Array }[]): SessionState {
    const state = new SessionState();
    let previous: string | undefined;
    for (const { key, value } of entries) {
      if (key.length > MAX_STATE_KEY_BYTES) throw new InvalidSnapshotError("key too long");
      if (value.length > MAX_STATE_VALUE_BYTES) throw new InvalidSnapshotError("value too long");
      const k = mapKey(key);
      if (previous !== undefined && k <= previous) {
        throw new InvalidSnapshotError("entries are not sorted by key with unique keys");
      }
      previous = k;
      state.#entries.set(k, { key: key.slice(), value: value.slice() });
    }
    return state;
  }

  /** An independent copy (leaf hashes are shared: they depend only on immutable bytes). */
  clone(): SessionState {
    const copy = new SessionState();
    for (const [k, e] of this.#entries) copy.#entries.set(k, { ...e });
    copy.#sorted = this.#sorted;
    copy.#root = this.#root;
    return copy;
  }

  #sortedKeys(): string[] {
    if (!this.#sorted) {
      this.#sorted = [...this.#entries.keys()].sort();
    }
    return this.#sorted;
  }
}
