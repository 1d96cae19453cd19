/**
 * A session's key-value state. Keys and values are bytes; the root (state/merkle.ts) goes into
 * every receipt and the snapshot (an encoded, sorted StateSnapshot) is the checkpoint another node
 * resumes from.
 */
import { decodeMessage, encodeMessage, MAX_BLOB_BYTES, StateSnapshot } from "@padmesh/proto/core";
import { InvalidSnapshotError } from "../errors.js";
import { leafHash, type MerkleTree, merkleTree, updateMerkleTree } from "./merkle.js";

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

/** Index of `key` in sorted `keys`, or where it would be inserted. */
function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Layout: a `base` map shared between clones and never mutated once built, plus this state's own
 * `delta` of writes (null = deleted). `clone()` copies only the delta (folding it into a new base
 * when it grows), so a step's commit costs its writes, not the size of the state. Sorted keys and
 * Merkle levels are immutable arrays shared the same way.
 */
export class SessionState {
  #base: ReadonlyMap<string, Entry> = new Map();
  #delta = new Map<string, Entry | null>();
  #size = 0;
  /** Keys in byte order as of the last `#sortedKeys()`; never mutated (shared with clones). */
  #sorted: readonly string[] = [];
  /** Keys inserted since (may include some deleted again); `#sorted` is stale when non-empty or after a delete. */
  #added: string[] = [];
  #keysChanged = false;
  /** Keys whose value changed since `#tree` was built. */
  #dirty = new Set<string>();
  /** False once a key was added or removed after `#tree` was built: its leaf positions are stale. */
  #treeKeysCurrent = false;
  /** The encoded snapshot of the current contents, once computed or when built from one. */
  #snapshot: Uint8Array | undefined;
  #root: Uint8Array | undefined;
  /** The tree behind the last root computed (possibly by the state this one was cloned from). */
  #tree: MerkleTree | undefined;

  get size(): number {
    return this.#size;
  }

  #entry(k: string): Entry | undefined {
    const d = this.#delta.get(k);
    if (d !== undefined) return d ?? undefined;
    return this.#base.get(k);
  }

  get(key: Uint8Array): Uint8Array | undefined {
    return this.#entry(mapKey(key))?.value;
  }

  has(key: Uint8Array): boolean {
    return this.#entry(mapKey(key)) !== undefined;
  }

  /** Stores copies of `key` and `value`. */
  set(key: Uint8Array, value: Uint8Array): void {
    const k = mapKey(key);
    const existed = this.#entry(k) !== undefined;
    this.#delta.set(k, { key: key.slice(), value: value.slice() });
    if (!existed) {
      this.#size++;
      this.#added.push(k);
      this.#keysChanged = true;
      this.#treeKeysCurrent = false;
    } else {
      this.#dirty.add(k);
    }
    this.#root = undefined;
    this.#snapshot = undefined;
  }

  delete(key: Uint8Array): boolean {
    const k = mapKey(key);
    if (this.#entry(k) === undefined) return false;
    if (this.#base.has(k)) this.#delta.set(k, null);
    else this.#delta.delete(k);
    this.#size--;
    this.#keysChanged = true;
    this.#treeKeysCurrent = false;
    this.#root = undefined;
    this.#snapshot = undefined;
    return true;
  }

  /** Entries in key byte order. */
  entries(): { key: Uint8Array; value: Uint8Array }[] {
    return this.#sortedKeys().map((k) => {
      const e = this.#entry(k) as Entry;
      return { key: e.key, value: e.value };
    });
  }

  /** The 32-byte Merkle root; EMPTY_STATE_ROOT (32 zero bytes) when empty. */
  root(): Uint8Array {
    if (!this.#root) {
      if (this.#treeKeysCurrent && this.#tree && this.#tree.levels.length > 0) {
        // Same keys as the last tree: re-hash only the paths of changed values.
        const sorted = this.#sortedKeys();
        const changed = new Map<number, Uint8Array>();
        for (const k of this.#dirty) {
          const e = this.#entry(k) as Entry;
          e.leaf ??= leafHash(e.key, e.value);
          changed.set(lowerBound(sorted, k), e.leaf);
        }
        this.#tree = updateMerkleTree(this.#tree, changed);
      } else {
        const leaves = this.#sortedKeys().map((k) => {
          const e = this.#entry(k) as Entry;
          e.leaf ??= leafHash(e.key, e.value);
          return e.leaf;
        });
        this.#tree = merkleTree(leaves, this.#tree);
      }
      this.#dirty = new Set();
      this.#treeKeysCurrent = true;
      this.#root = this.#tree.root;
    }
    return this.#root.slice();
  }

  /** The encoded StateSnapshot (entries sorted by key); its sha256 is the checkpoint id. */
  snapshot(): Uint8Array {
    this.#snapshot ??= encodeMessage(StateSnapshot, { entries: this.entries() });
    return this.#snapshot.slice();
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

  /**
   * fromSnapshot for bytes this runtime encoded itself (a worker's reply): they are kept as the
   * state's snapshot instead of being re-encoded. Never use it for bytes from a peer — a
   * non-canonical encoding of the same entries would then be served under another checkpoint id.
   */
  static fromTrustedSnapshot(bytes: Uint8Array): SessionState {
    const state = SessionState.fromSnapshot(bytes);
    state.#snapshot = bytes.slice();
    return state;
  }

  /** Rebuilds a state from a decoded StateSnapshot's entries (sorted, unique keys). */
  static fromEntries(entries: readonly { key: Uint8Array; value: Uint8Array }[]): SessionState {
    const state = new SessionState();
    const base = new Map<string, Entry>();
    const sorted: string[] = [];
    let previous: string | undefined;
    for (const { key, value } of entries) {
      if (key.length > MAX_STATE_KEY_BYTES) throw new InvalidSnapshotError("key too long");
      if (value.length > MAX_STATE_VALUE_BYTES) throw new InvalidSnapshotError("value too long");
      const k = mapKey(key);
      if (previous !== undefined && k <= previous) {
        throw new InvalidSnapshotError("entries are not sorted by key with unique keys");
      }
      previous = k;
      base.set(k, { key: key.slice(), value: value.slice() });
      sorted.push(k);
    }
    state.#base = base;
    state.#size = base.size;
    state.#sorted = sorted;
    return state;
  }

  /** An independent copy; costs the writes since the last fold, not the size of the state. */
  clone(): SessionState {
    // Fold at ~√n writes: clones copy at most that many, folds (O(n)) happen every √n writes.
    if (this.#delta.size > Math.max(32, Math.sqrt(this.#base.size))) this.#fold();
    const copy = new SessionState();
    copy.#base = this.#base;
    copy.#delta = new Map(this.#delta);
    copy.#size = this.#size;
    copy.#sorted = this.#sorted;
    copy.#added = this.#added.slice();
    copy.#keysChanged = this.#keysChanged;
    copy.#dirty = new Set(this.#dirty);
    copy.#treeKeysCurrent = this.#treeKeysCurrent;
    copy.#snapshot = this.#snapshot;
    copy.#root = this.#root;
    copy.#tree = this.#tree;
    return copy;
  }

  /** Folds the delta into a new base (the old one may be shared, so it is never mutated). */
  #fold(): void {
    const base = new Map(this.#base);
    for (const [k, e] of this.#delta) {
      if (e) base.set(k, e);
      else base.delete(k);
    }
    this.#base = base;
    this.#delta = new Map();
  }

  /** Keys in byte order: the last order, minus deleted keys, merged with the inserted ones. */
  #sortedKeys(): readonly string[] {
    if (!this.#keysChanged) return this.#sorted;
    const exists = (k: string) => this.#entry(k) !== undefined;
    const kept = this.#sorted.filter(exists);
    const added = [...new Set(this.#added.filter(exists))].sort();
    const merged: string[] = [];
    let i = 0;
    let j = 0;
    while (i < kept.length || j < added.length) {
      const a = kept[i];
      const b = added[j];
      let next: string;
      if (b === undefined || (a !== undefined && a < b)) {
        next = a as string;
        i++;
      } else if (a === undefined || b < a) {
        next = b;
        j++;
      } else {
        next = a; // deleted and inserted again: in both lists
        i++;
        j++;
      }
      merged.push(next);
    }
    this.#sorted = merged;
    this.#added = [];
    this.#keysChanged = false;
    return merged;
  }
}
