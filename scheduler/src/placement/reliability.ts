/**
 * Failure memory: each failure adds 1 to a node's failure score, each success halves it, and the
 * score halves every `FAILURE_HALF_LIFE_MS` on its own, so a node that failed once an hour ago is
 * trusted again while one failing now is ranked down. Ranking subtracts `failurePenalty`.
 */

export const FAILURE_HALF_LIFE_MS = 5 * 60 * 1000;
/** Penalty per unit of (decayed) failure score, on the 0..1 total score scale. */
export const FAILURE_PENALTY_PER_UNIT = 0.25;

/** The failure score `score` recorded at `atMs`, decayed to `nowMs`. */
export function decayedFailures(score: number, atMs: number, nowMs: number): number {
  if (score <= 0) return 0;
  const dt = nowMs - atMs;
  return dt <= 0 ? score : score * 2 ** (-dt / FAILURE_HALF_LIFE_MS);
}

/** 0..1 taken off a node's total score. */
export function failurePenalty(decayed: number): number {
  return Math.min(1, decayed * FAILURE_PENALTY_PER_UNIT);
}
