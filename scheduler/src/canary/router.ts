/**
 * Canary routing, pure: which module runs step `sequence` (deterministic, so a restarted or a
 * second scheduler routes the same step the same way), and whether the canary's error rate is
 * bad enough to roll back.
 */
import { sha256 } from "@padmesh/proto";

export interface CanaryStats {
  stableSteps: number;
  stableErrors: number;
  canarySteps: number;
  canaryErrors: number;
}

export function emptyCanaryStats(): CanaryStats {
  return { stableSteps: 0, stableErrors: 0, canarySteps: 0, canaryErrors: 0 };
}

/** True when step `sequence` of `sessionId` goes to the canary (`percent` of 100 buckets). */
export function routesToCanary(sessionId: Uint8Array, sequence: bigint, percent: number): boolean {
  if (percent <= 0) return false;
  if (percent >= 100) return true;
  const buf = new Uint8Array(sessionId.length + 8);
  buf.set(sessionId, 0);
  new DataView(buf.buffer).setBigUint64(sessionId.length, sequence);
  const h = sha256(buf);
  const bucket = (((h[0] as number) << 8) | (h[1] as number)) % 100;
  return bucket < percent;
}

/** Count one step's outcome. */
export function recordCanaryOutcome(stats: CanaryStats, canary: boolean, failed: boolean): CanaryStats {
  return canary
    ? { ...stats, canarySteps: stats.canarySteps + 1, canaryErrors: stats.canaryErrors + (failed ? 1 : 0) }
    : { ...stats, stableSteps: stats.stableSteps + 1, stableErrors: stats.stableErrors + (failed ? 1 : 0) };
}

/**
 * Roll back when the canary's error rate exceeds the stable one by more than `thresholdBps`
 * basis points, once the canary has run at least `minSteps` steps.
 */
export function shouldRollBack(stats: CanaryStats, thresholdBps: number, minSteps = 5): boolean {
  if (stats.canarySteps < minSteps) return false;
  const canaryBps = (stats.canaryErrors * 10_000) / stats.canarySteps;
  const stableBps = stats.stableSteps === 0 ? 0 : (stats.stableErrors * 10_000) / stats.stableSteps;
  return canaryBps - stableBps > thresholdBps;
}
