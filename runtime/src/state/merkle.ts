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

function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return createHash("sha256").update(NODE).update(left).update(right).digest();
}

/** Root of already-sorted leaf hashes. */
export function merkleRoot(leaves: readonly Uint8Array[]): Uint8Array {
  return merkleTree(leaves).root;
}

/** Every level of a tree (leaves first), kept so the next root can reuse unchanged subtrees. */
export interface MerkleTree {
  levels: readonly (readonly Uint8Array[])[];
  root: Uint8Array;
}

/**
 * The tree over `leaves`. With `previous`, a node whose two children are the very same objects
 * (identity, not bytes) as the children at the same place in `previous` is reused instead of
 * re-hashed: updating a few values of a large state re-hashes only their paths. The result is the
 * same as without `previous`; only the work differs.
 */
export function merkleTree(leaves: readonly Uint8Array[], previous?: MerkleTree): MerkleTree {
  if (leaves.length === 0) return { levels: [], root: EMPTY_STATE_ROOT };
  const levels: Uint8Array[][] = [leaves.slice()];
  let level = levels[0] as Uint8Array[];
  for (let depth = 0; level.length > 1; depth++) {
    const prev = previous?.levels[depth];
    const prevNext = previous?.levels[depth + 1];
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i] as Uint8Array;
      const right = level[i + 1];
      if (!right) {
        next.push(left);
      } else if (prev && prevNext && prev[i] === left && prev[i + 1] === right && prevNext[i >> 1]) {
        next.push(prevNext[i >> 1] as Uint8Array);
      } else {
        next.push(nodeHash(left, right));
      }
    }
    levels.push(next);
    level = next;
  }
  return { levels, root: new Uint8Array(level[0] as Uint8Array) };
}

/**
 * `tree` with some leaves replaced (same number of leaves, so no position moves): re-hashes only
 * the paths above the changed leaves; copies each level's array (pointers), never the hashes.
 */
export function updateMerkleTree(tree: MerkleTree, changed: ReadonlyMap<number, Uint8Array>): MerkleTree {
  if (changed.size === 0 || tree.levels.length === 0) return tree;
  const levels = tree.levels.map((l) => l.slice());
  let touched = new Set<number>();
  const leaves = levels[0] as Uint8Array[];
  for (const [index, leaf] of changed) {
    leaves[index] = leaf;
    touched.add(index);
  }
  for (let depth = 0; depth + 1 < levels.length; depth++) {
    const level = levels[depth] as Uint8Array[];
    const next = levels[depth + 1] as Uint8Array[];
    const parents = new Set<number>();
    for (const i of touched) parents.add(i >> 1);
    for (const p of parents) {
      const left = level[2 * p] as Uint8Array;
      const right = level[2 * p + 1];
      next[p] = right ? nodeHash(left, right) : left;
    }
    touched = parents;
  }
  const top = levels[levels.length - 1] as Uint8Array[];
  return { levels, root: new Uint8Array(top[0] as Uint8Array) };
}
