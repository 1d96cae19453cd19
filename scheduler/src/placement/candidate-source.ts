/**
 * Where a decision's candidates come from. The bucket sampler walks the eligible buckets of the
 * index in a seeded pseudo-random order (a random start and a random stride coprime with the
 * count: a permutation without shuffling or allocating), so that stopping after k feasible nodes
 * (Nomad's limit iterator, "power of k choices") samples the whole cluster fairly. The full scan
 * visits every node in the index: the naive baseline and the reference the sampler is tested against.
 */

import type { IndexedNode } from "./indexed-node.js";
import type { SeededRandom } from "./random.js";

export interface CandidateSource {
  /** The next node to consider, or undefined when none is left. */
  next(): IndexedNode | undefined;
}

function gcd(a: number, b: number): number {
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

export class BucketSampler implements CandidateSource {
  private lists: readonly (readonly IndexedNode[])[] = [];
  private total = 0;
  private pos = 0;
  private stride = 1;
  private left = 0;

  /** Start a walk over the concatenation of `lists` (holding `total` nodes). */
  reset(lists: readonly (readonly IndexedNode[])[], total: number, rng: SeededRandom): this {
    this.lists = lists;
    this.total = total;
    this.left = total;
    this.pos = rng.below(total);
    let stride = 1;
    if (total > 2) {
      stride = 1 + rng.below(total - 1);
      while (gcd(stride, total) !== 1) stride = stride + 1 === total ? 1 : stride + 1;
    }
    this.stride = stride;
    return this;
  }

  next(): IndexedNode | undefined {
    if (this.left === 0) return undefined;
    this.left--;
    let i = this.pos;
    this.pos += this.stride;
    if (this.pos >= this.total) this.pos -= this.total;
    const lists = this.lists;
    for (let l = 0; l < lists.length; l++) {
      const list = lists[l]!;
      if (i < list.length) return list[i];
      i -= list.length;
    }
    return undefined;
  }
}

export class IterableSource implements CandidateSource {
  private readonly it: Iterator<IndexedNode>;

  constructor(nodes: Iterable<IndexedNode>) {
    this.it = nodes[Symbol.iterator]();
  }

  next(): IndexedNode | undefined {
    const r = this.it.next();
    return r.done ? undefined : r.value;
  }
}
