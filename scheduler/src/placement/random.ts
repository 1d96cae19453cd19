/**
 * Seeded randomness for placement: the sampling order and tie-breaks of a decision depend only on
 * its seed, so the same input and seed give the same plan on any scheduler.
 */

/** mulberry32: a small, fast 32-bit PRNG; state is one uint32. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Next uint32. */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform integer in [0, n). */
  below(n: number): number {
    return n <= 1 ? 0 : this.nextUint32() % n;
  }
}

/** FNV-1a over the session id, mixed with the role: the default seed of a decision. */
export function seedFor(sessionId: Uint8Array, role: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < sessionId.length; i++) {
    h ^= sessionId[i]!;
    h = Math.imul(h, 0x01000193);
  }
  h ^= role;
  return Math.imul(h, 0x01000193) >>> 0;
}
