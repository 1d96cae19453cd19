/**
 * The two placement strategies. A strategy does not replace governance weights; it scales them
 * and picks how load is scored:
 * - latency (transaction execution): spread — prefer the least loaded node, latency counts double,
 *   keep CPU headroom free on the node after placement, spread a role's leases over operators;
 * - throughput (strategy inference): bin-pack — prefer the node the lease fills best (VRAM, else
 *   CPU), leaving whole GPUs free elsewhere for large models.
 */

import { PlacementStrategy, Role } from "@padmesh/proto";
import type { PlacementWeights } from "./interface.js";

export interface StrategyProfile {
  readonly name: "latency" | "throughput";
  /** Multiplies each governance weight before normalizing the weights. */
  readonly weightScale: PlacementWeights;
  /** "spread" scores utilisation after placement (lower is better); "binpack" scores leftover (lower is better). */
  readonly packing: "spread" | "binpack";
  /** Share of the node's CPU that must stay free after placement (0 = none). */
  readonly headroomCpuFraction: number;
  /** With count > 1, choose nodes of different operators first. */
  readonly preferDistinctOperators: boolean;
}

export const LATENCY_PROFILE: StrategyProfile = {
  name: "latency",
  weightScale: { price: 1, latency: 2, reputation: 1, load: 1, locality: 1 },
  packing: "spread",
  headroomCpuFraction: 0.1,
  preferDistinctOperators: true,
};

export const THROUGHPUT_PROFILE: StrategyProfile = {
  name: "throughput",
  weightScale: { price: 1, latency: 1, reputation: 1, load: 1, locality: 1 },
  packing: "binpack",
  headroomCpuFraction: 0,
  preferDistinctOperators: false,
};

/** The profile of a strategy; UNSPECIFIED means throughput for compute, latency for the other roles. */
export function profileFor(strategy: PlacementStrategy, role: Role): StrategyProfile {
  if (strategy === PlacementStrategy.PLACEMENT_STRATEGY_THROUGHPUT) return THROUGHPUT_PROFILE;
  if (strategy === PlacementStrategy.PLACEMENT_STRATEGY_LATENCY) return LATENCY_PROFILE;
  return role === Role.ROLE_COMPUTE ? THROUGHPUT_PROFILE : LATENCY_PROFILE;
}
