/**
 * A decision's context: the request and parameters turned once into the plain figures every
 * stage reads, so checks and rankers do no conversion per node.
 */

import type { Role } from "@padmesh/proto";
import { leaseDemand } from "./capacity.js";
import { InvalidPlacementRequestError } from "./errors.js";
import type { PlacementParams, PlacementRequest, PlacementWeights, RoleThresholds } from "./interface.js";
import { isPlaceableRole } from "./roles.js";
import { needNumber } from "./safe-number.js";
import { profileFor, type StrategyProfile } from "./strategy.js";

export interface PlacementContext {
  readonly req: PlacementRequest;
  readonly role: Role;
  readonly profile: StrategyProfile;
  readonly nowMs: number;
  readonly needCpu: number;
  readonly needRam: bigint;
  readonly needRamNum: number;
  readonly needVram: bigint;
  readonly needVramNum: number;
  readonly needGpus: number;
  readonly needSlots: number;
  readonly minBandwidthBps: bigint;
  readonly minBandwidthNum: number;
  /** 0n = no cap. */
  readonly maxPrice: bigint;
  /** Infinity = no cap. */
  readonly maxPriceNum: number;
  readonly thresholds: RoleThresholds | undefined;
  /** The role's governance minimums as numbers (0 when governance sets none). */
  readonly minVramTotalNum: number;
  readonly minCpuTotal: number;
  readonly minBandwidthTotalNum: number;
  readonly excludePeers: ReadonlySet<string> | undefined;
  /** Lower-case operator addresses. */
  readonly excludeOperators: ReadonlySet<string> | undefined;
  readonly region: string;
  /** The region's first segment ("eu" of "eu-west"), for partial locality. */
  readonly regionArea: string;
  /** Effective weight of each ranker: governance weight × strategy scale, as a share of the sum. */
  readonly weights: PlacementWeights;
}

export function regionArea(region: string): string {
  const dash = region.indexOf("-");
  return dash < 0 ? region : region.slice(0, dash);
}

function effectiveWeights(w: PlacementWeights, scale: PlacementWeights): PlacementWeights {
  const price = Math.max(0, w.price) * scale.price;
  const latency = Math.max(0, w.latency) * scale.latency;
  const reputation = Math.max(0, w.reputation) * scale.reputation;
  const load = Math.max(0, w.load) * scale.load;
  const locality = Math.max(0, w.locality) * scale.locality;
  const sum = price + latency + reputation + load + locality;
  if (sum === 0) return { price: 0, latency: 0, reputation: 0, load: 0, locality: 0 };
  return {
    price: price / sum,
    latency: latency / sum,
    reputation: reputation / sum,
    load: load / sum,
    locality: locality / sum,
  };
}

export function createContext(
  req: PlacementRequest,
  params: PlacementParams,
  nowMs: number,
): PlacementContext {
  if (!isPlaceableRole(req.role))
    throw new InvalidPlacementRequestError("role", `${req.role} is not a placeable role`);
  if (!Number.isInteger(req.count) || req.count < 0) {
    throw new InvalidPlacementRequestError("count", `${req.count} is not a non-negative integer`);
  }
  const profile = profileFor(req.strategy, req.role);
  const need = leaseDemand(req.resources);
  const thresholds = params.thresholds[req.role];
  let excludeOperators: Set<string> | undefined;
  if (req.excludeOperators && req.excludeOperators.size > 0) {
    excludeOperators = new Set();
    for (const op of req.excludeOperators) excludeOperators.add(op.toLowerCase());
  }
  return {
    req,
    role: req.role,
    profile,
    nowMs,
    needCpu: need.cpuMillis,
    needRam: need.ramBytes,
    needRamNum: needNumber(need.ramBytes),
    needVram: need.vramBytes,
    needVramNum: needNumber(need.vramBytes),
    needGpus: need.gpus,
    needSlots: need.leaseSlots,
    minBandwidthBps: req.minBandwidthBps,
    minBandwidthNum: needNumber(req.minBandwidthBps),
    maxPrice: req.maxPricePerFuel,
    maxPriceNum: req.maxPricePerFuel === 0n ? Number.POSITIVE_INFINITY : Number(req.maxPricePerFuel),
    thresholds,
    minVramTotalNum: thresholds ? needNumber(thresholds.minVramBytes) : 0,
    minCpuTotal: thresholds ? thresholds.minCpuMillis : 0,
    minBandwidthTotalNum: thresholds ? needNumber(thresholds.minBandwidthBps) : 0,
    excludePeers: req.excludePeers && req.excludePeers.size > 0 ? req.excludePeers : undefined,
    excludeOperators,
    region: req.region,
    regionArea: regionArea(req.region),
    weights: effectiveWeights(params.weights, profile.weightScale),
  };
}
