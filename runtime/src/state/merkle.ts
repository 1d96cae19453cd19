/**
 * The state root: a binary Merkle tree over the entries sorted by key bytes.
 *   leaf  = sha256(0x00 ‖ u32be(len key) ‖ key ‖ value)
 *   node  = sha256(0x01 ‖ left ‖ right); an odd last node is carried up unchanged
 *   empty = 32 zero bytes (EMPTY_STATE_ROOT)
 * Documented in docs/runtime.md; a verifier in any language can recompute it.
 */
import { createHash } from "node:crypto";

export const EMPTY_STATE_ROOT: Uint8Array = new Uint8Array(32);

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

export function leafHash(key: Uint8Array, value: Uint8Array): Uint8Array {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(key.length, 0);
  return new Uint8Array(createHash("sha256").update(LEAF).update(len).update(key).update(value).digest());
}

/** Root of already-sorted leaf hashes. */
export function merkleRoot(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return EMPTY_STATE_ROOT;
  let level = leaves.slice();
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i] as Uint8Array;
      const right = level[i + 1];
      next.push(right ? createHash("sha256").update(NODE).update(left).update(right).digest() : left);
    }
    level = next;
  }
  return new Uint8Array(level[0] as Uint8Array);
}
