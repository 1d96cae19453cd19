/**
 * bigint → number for the hot path, exact up to 2^53 and conservative beyond: what a node *has*
 * is clamped down to 2^53, what a request *needs* above 2^53 becomes Infinity, so a number
 * comparison never says "fits" where the bigint comparison would not. (Validated adverts stay far
 * below 2^53: ADVERT_LIMITS caps RAM at 64 TiB and prices at 10^15.)
 */

const MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** A capacity a node has, as a number (clamped down past 2^53). */
export function haveNumber(x: bigint): number {
  return x > MAX ? Number.MAX_SAFE_INTEGER : x < 0n ? 0 : Number(x);
}

/** A quantity a request needs, as a number (Infinity past 2^53). */
export function needNumber(x: bigint): number {
  return x > MAX ? Number.POSITIVE_INFINITY : Number(x);
}
