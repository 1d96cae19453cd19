/**
 * The devnet's default topology: three compute/execution/coordination workers and one verifier. With
 * `dishonest`, workers 2 and 3 undercut worker-1 on price, so placement puts the session's leases
 * on them; they work honestly (and are paid vouchers) up to step `honestSteps`, then return wrong
 * outputs on half their steps. The verifier catches them, their claims are challenged and they are
 * slashed, and the session moves to worker-1. (A liar caught before it was ever paid has no claim
 * to challenge: it just goes unpaid.)
 */
import type { WorkerSpec } from "./mesh.js";

export function devnetWorkers(opts: { dishonest?: boolean; honestSteps?: number } = {}): WorkerSpec[] {
  const lying = opts.dishonest ? 0.5 : 0;
  const dishonestAfterSequence = opts.honestSteps ?? 50;
  return [
    { name: "worker-1", roles: ["compute", "execution", "coordination"], pricePerFuel: 10_000_000_000n },
    {
      name: "worker-2",
      roles: ["compute", "execution", "coordination"],
      pricePerFuel: opts.dishonest ? 6_000_000_000n : 12_000_000_000n,
      dishonestRate: lying,
      dishonestAfterSequence,
    },
    {
      name: "worker-3",
      roles: ["compute", "execution", "coordination"],
      pricePerFuel: opts.dishonest ? 7_000_000_000n : 15_000_000_000n,
      dishonestRate: lying,
      dishonestAfterSequence,
    },
    { name: "verifier-1", roles: ["verification"], pricePerFuel: 5_000_000_000n },
  ];
}

/** Governance parameters the devnet starts with; the dishonest demo verifies every receipt. */
export function devnetParams(opts: { dishonest?: boolean } = {}): Record<string, bigint> {
  return {
    "rate.stepsPerSecond": 100_000n,
    ...(opts.dishonest ? { "verify.sampleRateBps": 10_000n } : {}),
  };
}
