/**
 * Step limits. Fuel comes from the lease; the others are protocol defaults that every node and
 * verifier must apply alike (a step that hits a limit fails the same way everywhere), except the
 * wall-time backstop, which only guards the host and is never part of a receipt.
 */
import { InvalidLimitsError } from "./errors.js";

export interface StepLimits {
  /** Fuel units the step may burn (see docs/runtime.md, "Fuel"). */
  fuel: bigint;
  /** Most 64 KiB pages of linear memory the instance may have. */
  memoryPages: number;
  /** Most bytes the step may write as output. */
  outputBytes: number;
  /** Most bytes of log lines kept; later lines are dropped (never fails the step). */
  logBytes: number;
  /** Wall-clock backstop enforced by the worker executor only. */
  wallTimeMs: number;
}

export const DEFAULT_LIMITS: StepLimits = Object.freeze({
  fuel: 50_000_000n,
  memoryPages: 256,
  outputBytes: 1024 * 1024,
  logBytes: 16 * 1024,
  wallTimeMs: 2_000,
});

/** Largest fuel a step may be given: keeps the signed 64-bit fuel counter far from overflow. */
export const MAX_FUEL = 2n ** 62n;

/** DEFAULT_LIMITS overridden by `limits`, checked. */
export function resolveLimits(limits: Partial<StepLimits> = {}): StepLimits {
  const out: StepLimits = { ...DEFAULT_LIMITS };
  for (const [k, v] of Object.entries(limits)) {
    if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
  }
  if (typeof out.fuel !== "bigint" || out.fuel < 0n || out.fuel > MAX_FUEL) {
    throw new InvalidLimitsError(`fuel must be a bigint in [0, 2^62], got ${String(out.fuel)}`);
  }
  if (!Number.isInteger(out.memoryPages) || out.memoryPages < 0 || out.memoryPages > 65536) {
    throw new InvalidLimitsError(`memoryPages must be an integer in [0, 65536], got ${out.memoryPages}`);
  }
  for (const k of ["outputBytes", "logBytes", "wallTimeMs"] as const) {
    if (!Number.isSafeInteger(out[k]) || out[k] < 0) {
      throw new InvalidLimitsError(`${k} must be a non-negative integer, got ${out[k]}`);
    }
  }
  return out;
}
