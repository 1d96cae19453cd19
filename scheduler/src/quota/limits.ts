/**
 * Rate limits as pure functions over plain state: a fixed window (sessions per window) and a
 * token bucket (steps per second). A refusal carries how long to wait, so the API can answer
 * RESOURCE_EXHAUSTED with a retry hint instead of dropping work.
 */

export interface WindowState {
  windowStartMs: number;
  count: number;
}

export type Admission<S> = { ok: true; state: S } | { ok: false; state: S; retryAfterMs: number };

/** Admit one event into a fixed window of `windowMs` holding at most `limit` events. */
export function admitWindow(
  state: WindowState | undefined,
  nowMs: number,
  limit: number,
  windowMs: number,
): Admission<WindowState> {
  let s = state ?? { windowStartMs: nowMs, count: 0 };
  if (nowMs - s.windowStartMs >= windowMs || nowMs < s.windowStartMs) s = { windowStartMs: nowMs, count: 0 };
  if (limit <= 0 || s.count >= limit) {
    return { ok: false, state: s, retryAfterMs: Math.max(1, s.windowStartMs + windowMs - nowMs) };
  }
  return { ok: true, state: { windowStartMs: s.windowStartMs, count: s.count + 1 } };
}

export interface BucketState {
  tokens: number;
  atMs: number;
}

/**
 * Take one token from a bucket refilled at `ratePerSecond`, holding at most `burst`.
 * A rate of 0 means unlimited.
 */
export function takeToken(
  state: BucketState | undefined,
  nowMs: number,
  ratePerSecond: number,
  burst: number,
): Admission<BucketState> {
  if (ratePerSecond <= 0) return { ok: true, state: state ?? { tokens: burst, atMs: nowMs } };
  const s = state ?? { tokens: burst, atMs: nowMs };
  const elapsed = Math.max(0, nowMs - s.atMs);
  const tokens = Math.min(burst, s.tokens + (elapsed * ratePerSecond) / 1000);
  if (tokens >= 1) return { ok: true, state: { tokens: tokens - 1, atMs: nowMs } };
  const retryAfterMs = Math.max(1, Math.ceil(((1 - tokens) * 1000) / ratePerSecond));
  return { ok: false, state: { tokens, atMs: nowMs }, retryAfterMs };
}

/**
 * Priority admission under load: a request of priority `p` (0 = lowest, `maxPriority` highest)
 * may use the share (p + 1) / (maxPriority + 1) of `capacity`, so low-priority work is refused
 * first and the highest priority may use all of it.
 */
export function admitByPriority(
  inFlight: number,
  capacity: number,
  priority: number,
  maxPriority: number,
): boolean {
  const p = Math.max(0, Math.min(priority, maxPriority));
  return inFlight < Math.ceil((capacity * (p + 1)) / (maxPriority + 1));
}
