/**
 * Resource classes: the index buckets nodes by the free VRAM their advert declares, so a request
 * needing 24 GiB never visits the CPU-only or 8 GiB nodes. A node's class is an upper bound on
 * what it can take (reservations only lower its free VRAM), so the exact check still runs.
 */

const GiB = 1024n ** 3n;

/** Lower bound (inclusive) of each class, ascending; class 0 is "no free VRAM". */
export const VRAM_CLASS_FLOORS: readonly bigint[] = [
  0n,
  1n,
  8n * GiB,
  16n * GiB,
  24n * GiB,
  48n * GiB,
  80n * GiB,
];

export const VRAM_CLASS_COUNT = VRAM_CLASS_FLOORS.length;

/** The class holding `vramBytes`: the highest class whose floor is ≤ it. */
export function vramClassOf(vramBytes: bigint): number {
  for (let c = VRAM_CLASS_COUNT - 1; c > 0; c--) {
    if (vramBytes >= VRAM_CLASS_FLOORS[c]!) return c;
  }
  return 0;
}
