/**
 * Sessions and steps as plain data (what the journal holds). Ids and hashes are 0x hex,
 * amounts and sequences bigint. Pure helpers over them live here too.
 */
import type { PlacementStrategy, Role } from "@padmesh/proto";
import type { CanaryStats } from "../canary/router.js";

export interface CapacityRecord {
  cpuMillis: number;
  ramBytes: bigint;
  vramBytes: bigint;
  gpus: number;
  leaseSlots: number;
}

export interface RoleSpec {
  role: Role;
  count: number;
  moduleHash: string;
  resources: CapacityRecord;
  minBandwidthBps: bigint;
  maxPricePerFuel: bigint;
  region: string;
  strategy: PlacementStrategy;
}

export interface CanaryRecord {
  moduleHash: string;
  percent: number;
  rollbackThresholdBps: number;
  rolledBack: boolean;
  stats: CanaryStats;
}

export type SessionStatus = "open" | "closed";

export interface SessionRecord {
  sessionId: string;
  owner: string;
  sessionKey: string;
  deposit: bigint;
  maxPricePerFuel: bigint;
  roles: RoleSpec[];
  priority: number;
  fuelLimitPerStep: bigint;
  canary?: CanaryRecord;
  status: SessionStatus;
  closedReason?: string;
  closedCode?: string;
  /** Next sequence to assign to a submitted step (the first is 1). */
  nextSequence: bigint;
  /** Last step whose result is journalled (0 before any). */
  lastCompleted: bigint;
  /** PAD wei charged so far: Σ receipt fuelUsed × pricePerFuel. */
  spent: bigint;
  /** Next event cursor (the first event is 1). */
  nextCursor: bigint;
  /** Per role: sha256 of the last state snapshot journalled (the checkpoint a re-placed lease resumes from). */
  checkpoints: Partial<Record<number, string>>;
  /** Number of placement decisions recorded. */
  placements: number;
  createdAtMs: number;
  /**
   * Operators (lower-case addresses) a verifier caught returning a wrong output in this session:
   * their leases were ended and they are never placed in it again.
   */
  distrusted?: string[];
}

export interface StepRecord {
  sequence: bigint;
  input: string;
  clientStepId: string;
  timestampMs: bigint;
  traceparent: string;
  submittedAtMs: number;
}

/**
 * Would one more step overrun the deposit? Assumes the worst: every paid lease burns the full
 * fuel limit. Pure, so the decision is the same after a restart.
 */
export function nextStepWouldExceed(
  spent: bigint,
  deposit: bigint,
  fuelLimitPerStep: bigint,
  pricesPerFuel: bigint[],
): boolean {
  const worst = pricesPerFuel.reduce((s, p) => s + p * fuelLimitPerStep, 0n);
  return spent + worst > deposit;
}
