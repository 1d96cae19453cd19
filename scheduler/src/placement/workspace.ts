/**
 * Scratch memory for one decision, reused across decisions so the hot path allocates only its
 * result. Placement is synchronous, so one workspace per process is enough.
 */

import type { IndexedNode } from "./indexed-node.js";

export class Workspace {
  capacity = 0;
  nodes: IndexedNode[] = [];
  raw = new Float64Array(0);
  norm = new Float64Array(0);
  totals = new Float64Array(0);
  penalties = new Float64Array(0);
  decayed = new Float64Array(0);
  tieKeys = new Uint32Array(0);
  taken = new Uint8Array(0);
  /** Filtered nodes kept for explanations, with the index of the check that filtered each. */
  filteredNodes: IndexedNode[] = [];
  filteredBy: number[] = [];
  counts = new Int32Array(0);
  /** Each ranker column's effective weight. */
  colWeights = new Float64Array(0);

  /** Make room for `rows` candidates with `cols` scores and `checks` checks. */
  prepare(rows: number, cols: number, checks: number): void {
    if (rows > this.capacity) {
      const cap = Math.max(rows, this.capacity * 2, 64);
      this.capacity = cap;
      this.raw = new Float64Array(cap * cols);
      this.norm = new Float64Array(cap * cols);
      this.totals = new Float64Array(cap);
      this.penalties = new Float64Array(cap);
      this.decayed = new Float64Array(cap);
      this.tieKeys = new Uint32Array(cap);
      this.taken = new Uint8Array(cap);
    } else if (this.raw.length < rows * cols) {
      this.raw = new Float64Array(this.capacity * cols);
      this.norm = new Float64Array(this.capacity * cols);
    }
    if (this.colWeights.length < cols) this.colWeights = new Float64Array(cols);
    if (this.counts.length < checks) this.counts = new Int32Array(checks);
    else this.counts.fill(0, 0, checks);
    this.nodes.length = 0;
    this.filteredNodes.length = 0;
    this.filteredBy.length = 0;
  }

  /** Grow to hold one more candidate than `rows` (unbounded scans). */
  grow(rows: number, cols: number): void {
    if (rows < this.capacity) return;
    const cap = Math.max(64, this.capacity * 2);
    const copy = <T extends Float64Array | Uint32Array | Uint8Array>(
      old: T,
      make: (n: number) => T,
      per: number,
    ): T => {
      const next = make(cap * per);
      next.set(old.subarray(0, rows * per));
      return next;
    };
    this.raw = copy(this.raw, (n) => new Float64Array(n), cols);
    this.norm = new Float64Array(cap * cols);
    this.totals = new Float64Array(cap);
    this.penalties = copy(this.penalties, (n) => new Float64Array(n), 1);
    this.decayed = copy(this.decayed, (n) => new Float64Array(n), 1);
    this.tieKeys = copy(this.tieKeys, (n) => new Uint32Array(n), 1);
    this.taken = new Uint8Array(cap);
    this.capacity = cap;
  }
}
