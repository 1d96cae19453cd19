/**
 * Reputation from OperatorRegistry quality counters: a smoothed share of good outcomes where a
 * lost challenge (a proven wrong receipt) weighs as much as `CHALLENGE_WEIGHT` settled leases.
 * An operator with no history scores 0.5.
 */

export const CHALLENGE_WEIGHT = 10;
export const UNKNOWN_REPUTATION = 0.5;

export function reputationOf(quality: { leasesSettled: bigint; challengesLost: bigint }): number {
  const settled = Number(quality.leasesSettled);
  const lost = Number(quality.challengesLost) * CHALLENGE_WEIGHT;
  return (settled + 1) / (settled + 2 + lost);
}
